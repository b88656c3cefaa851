"""RuleSpec: one rule file, validated. A rule is data; its `kind` names the code that runs it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from customerlens.model import PILLARS, Level

_PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


@dataclass(frozen=True)
class RuleSpec:
    id: str
    name: str
    kind: str
    pillar: str
    level: Level
    message: str  # may use {match} and the kind's own values
    description: str  # why it matters; shown by `explain`
    suggestion: str  # what to do instead; may use the same fields as `message`
    weight: float  # effect on the pillar score per finding
    params: dict[str, Any]
    when: tuple[str, ...] = ()  # sentence conditions that must all hold
    unless: tuple[str, ...] = ()  # sentence conditions of which none may hold
    supersedes: tuple[str, ...] = ()  # rules whose findings in the same sentence this one replaces
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    path: str = ""
    tags: tuple[str, ...] = field(default=())
    example_config: dict[str, Any] = field(default_factory=dict)  # Config fields the examples need
    # Its finding is "the company is the subject": analysis/rewrite/ may turn the sentence round.
    rewrites: bool = False

    @property
    def general_suggestion(self) -> str:
        """The suggestion as the rule's help shows it: no finding fills its {placeholders}, so
        each names what goes there (<match>), never a raw brace."""
        return _PLACEHOLDER.sub(lambda m: f"<{m[1]}>", self.suggestion)

    @property
    def selectors(self) -> tuple[str, ...]:
        """Names `select`/`ignore` can use for this rule."""
        return (self.id, self.name, self.pillar, *self.tags)


REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "name": str,
    "kind": str,
    "pillar": str,
    "level": str,
    "message": str,
    "description": str,
    "examples": dict,
}
OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "suggestion": str,
    "weight": (int, float),
    "params": dict,
    "when": list,
    "unless": list,
    "supersedes": list,
    "tags": list,
    "example_config": dict,
    "rewrite": bool,
}
assert set(PILLARS) == {"who", "care", "them", "clarity"}
