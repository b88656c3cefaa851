"""Fixtures of the reporter tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from customerlens.checks.spec import RuleSpec
from customerlens.model import Level
from customerlens.reporters.base import ReportOptions


def _spec(rule_id: str, name: str, pillar: str, level: Level, suggestion: str = "") -> RuleSpec:
    return RuleSpec(
        id=rule_id,
        name=name,
        kind="phrase",
        pillar=pillar,
        level=level,
        message="{match}",
        description=f"Why {name} matters. It loses readers.",
        suggestion=suggestion,
        weight=1.0,
        params={},
        bad=(f"We {name}.",),
        good=(f"You {name}.",),
    )


CATALOGUE = [
    _spec(
        "CL101",
        "company-as-subject",
        "them",
        Level.WARNING,
        "Say 'You get …' instead of '{match} …'.",
    ),
    _spec("CL104", "self-dominated-paragraph", "them", Level.WARNING),
    _spec("CL201", "self-praise", "care", Level.WARNING, "Show the outcome."),
]


@pytest.fixture
def catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed rule catalogue, so editing a rule file does not change the golden files."""
    monkeypatch.setattr(ReportOptions, "rules", lambda self: {spec.id: spec for spec in CATALOGUE})
    yield
