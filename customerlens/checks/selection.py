"""Which rules run, at which level: selectors are ids, id prefixes (CL1), names, pillars or globs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase

from customerlens.checks.spec import RuleSpec
from customerlens.errors import ConfigError
from customerlens.findings import Level


def matches(spec: RuleSpec, selector: str) -> bool:
    """Does `selector` name this rule?"""
    if any(name == selector for name in spec.selectors) or spec.id.startswith(selector):
        return True
    return any(ch in selector for ch in "*?[") and any(fnmatchcase(name, selector) for name in spec.selectors)


def select_rules(
    rules: Sequence[RuleSpec],
    select: Sequence[str],
    ignore: Sequence[str],
    levels: Mapping[str, Level] | None = None,
) -> list[RuleSpec]:
    """The rules `select` keeps (all when empty) minus those `ignore` names, with level overrides."""
    levels = levels or {}
    for selector in (*select, *ignore, *levels):
        if not any(matches(spec, selector) for spec in rules):
            raise ConfigError(f"'{selector}' matches no rule (see `customerlens rules`)")
    chosen = [s for s in rules if not select or any(matches(s, sel) for sel in select)]
    kept = [s for s in chosen if not any(matches(s, sel) for sel in ignore)]
    for selector, level in levels.items():
        kept = [replace(s, level=level) if matches(s, selector) else s for s in kept]
    return kept
