"""Which rules run, at which level: selectors are ids, id prefixes (CL1), names, pillars or
globs."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from customerlens.checks.spec import RuleSpec
from customerlens.errors import ConfigError
from customerlens.model import Level

if TYPE_CHECKING:
    from customerlens.settings.config import Config


def matches(spec: RuleSpec, selector: str) -> bool:
    """Does `selector` name this rule?"""
    if any(name == selector for name in spec.selectors) or spec.id.startswith(selector):
        return True
    return any(ch in selector for ch in "*?[") and any(
        fnmatchcase(name, selector) for name in spec.selectors
    )


def select_rules(
    rules: Sequence[RuleSpec],
    select: Sequence[str],
    ignore: Sequence[str],
    levels: Mapping[str, Level] | None = None,
) -> list[RuleSpec]:
    """The rules `select` keeps (all when empty) minus those `ignore` names, with level overrides.
    (Selectors that name nothing were refused earlier, where their origin is known.)"""
    levels = levels or {}
    chosen = [s for s in rules if not select or any(matches(s, sel) for sel in select)]
    kept = [s for s in chosen if not any(matches(s, sel) for sel in ignore)]
    for selector, level in levels.items():
        kept = [replace(s, level=level) if matches(s, selector) else s for s in kept]
    return kept


def check_selectors(rules: Sequence[RuleSpec], config: Config, origins: Mapping[str, str]) -> None:
    """Fail early, naming where a selector was set, when it matches no rule."""
    names = sorted({name for spec in rules for name in spec.selectors})
    for field, key in (("select", "select"), ("ignore", "ignore"), ("levels", "levels")):
        for selector in getattr(config, field):
            if not any(matches(spec, selector) for spec in rules):
                close = difflib.get_close_matches(selector, names, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else " (see `customerlens rules`)"
                where = origins.get(field, "configuration")
                raise ConfigError(
                    f"{where}: 'rules.{key}' names '{selector}', which matches no rule{hint}"
                )
