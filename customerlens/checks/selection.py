"""Which rules run: `select` and `ignore` by id, name or pillar (ids may be prefixes: CL1)."""

from __future__ import annotations

from collections.abc import Sequence

from customerlens.checks.spec import RuleSpec
from customerlens.errors import ConfigError


def _matches(spec: RuleSpec, selector: str) -> bool:
    return any(name == selector for name in spec.selectors) or spec.id.startswith(selector)


def select_rules(rules: Sequence[RuleSpec], select: Sequence[str], ignore: Sequence[str]) -> list[RuleSpec]:
    for selector in (*select, *ignore):
        if not any(_matches(spec, selector) for spec in rules):
            raise ConfigError(f"'{selector}' matches no rule (see `customerlens rules`)")
    chosen = [s for s in rules if not select or any(_matches(s, sel) for sel in select)]
    return [s for s in chosen if not any(_matches(s, sel) for sel in ignore)]
