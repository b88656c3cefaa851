"""The catalogue meta-test: every rule file loads, and its own examples behave with the real
model."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from customerlens.analysis.linter import Linter
from customerlens.checks.loader import load_rules
from customerlens.checks.spec import RuleSpec
from customerlens.documents import parse
from customerlens.model import PILLARS
from customerlens.settings.config import Config

RULES = load_rules()


@functools.cache
def _linter(rule_id: str) -> Linter:
    """The examples of a rule run with the settings the rule says they need (e.g. personas)."""
    spec = next(r for r in RULES if r.id == rule_id)
    return Linter(Config(**{key: _frozen(v) for key, v in spec.example_config.items()}))


def _frozen(value: Any) -> Any:
    """YAML lists as the tuples Config holds (also inside mappings such as personas)."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _rules_flagged(spec: RuleSpec, text: str) -> list[Any]:
    result = _linter(spec.id).lint(parse(text, "example.md", "markdown"))
    return [f for f in result.findings if f.rule == spec.id]


def test_catalogue_covers_every_pillar_with_unique_ids() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert {r.pillar for r in RULES} == set(PILLARS)


@pytest.mark.parametrize(
    ("spec", "text"), [(r, x) for r in RULES for x in r.bad], ids=lambda v: getattr(v, "id", "")
)
def test_bad_example_is_flagged(spec: RuleSpec, text: str) -> None:
    assert _rules_flagged(spec, text), f"{spec.id} missed: {text!r}"


@pytest.mark.parametrize(
    ("spec", "text"), [(r, x) for r in RULES for x in r.good], ids=lambda v: getattr(v, "id", "")
)
def test_good_example_is_not_flagged(spec: RuleSpec, text: str) -> None:
    flagged = _rules_flagged(spec, text)
    assert not flagged, f"{spec.id} flagged {[f.match for f in flagged]} in {text!r}"
