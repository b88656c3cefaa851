"""The catalogue meta-test: every rule file loads, and its own examples behave with the real model."""

from __future__ import annotations

from typing import Any

import pytest

from customerlens.checks.loader import load_rules
from customerlens.findings import PILLARS

RULES = load_rules()


def test_catalogue_covers_every_pillar_with_unique_ids() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert {r.pillar for r in RULES} == set(PILLARS)


@pytest.mark.parametrize(("rule_id", "text"), [(r.id, x) for r in RULES for x in r.bad])
def test_bad_example_is_flagged(lint_text: Any, rule_id: str, text: str) -> None:
    result = lint_text(text)
    assert rule_id in {f.rule for f in result.findings}, f"{rule_id} missed: {text!r}"


@pytest.mark.parametrize(("rule_id", "text"), [(r.id, x) for r in RULES for x in r.good])
def test_good_example_is_not_flagged(lint_text: Any, rule_id: str, text: str) -> None:
    result = lint_text(text)
    flagged = [f for f in result.findings if f.rule == rule_id]
    assert not flagged, f"{rule_id} flagged {[f.match for f in flagged]} in {text!r}"
