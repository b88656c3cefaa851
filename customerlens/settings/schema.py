"""The configuration file's schema: each setting's place in the file, its Config field and
the check that turns a TOML value into a Config value (or says why it cannot)."""

from __future__ import annotations

import difflib
import fnmatch
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathspec import GitIgnoreSpec

from customerlens.model import PILLARS, Level


class Invalid(Exception):
    """A bad value. `inner` names the key inside its table and `item` the list item (for the
    line)."""

    def __init__(self, message: str, inner: tuple[str, ...] = (), item: str | None = None) -> None:
        super().__init__(message)
        self.inner = inner
        self.item = item


Check = Callable[[Any, Path], Any]  # TOML value, folder of the file → Config value


@dataclass(frozen=True)
class Setting:
    key: tuple[str, ...]  # where it sits in the file: ("thresholds", "fail-under")
    field: str  # the Config field it sets
    check: Check
    per_path: bool = True  # may an [[overrides]] entry set it?


def suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def kind(value: object) -> str:
    names = {
        bool: "true/false",
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), "a date")


def _text(value: object, root: Path) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {kind(value)}")
    if not value.strip():
        raise Invalid("is empty")
    return value


def _strings(value: object, root: Path) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid(f"must be a list of strings, not {kind(value)}")
    for item in value:
        if not isinstance(item, str):
            raise Invalid(
                f"must be a list of strings; {json.dumps(item, default=str)} is {kind(item)}"
            )
        if not item.strip():
            raise Invalid("holds an empty string", item=item)
    return tuple(dict.fromkeys(value))


def glob_problem(pattern: str) -> str | None:
    """Why `pattern` is not a usable glob, or None. Git would read a lone '[' literally; a
    config file's '[' is almost always a typo, so it is an error here."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "[":
            start = i + 1 + (pattern[i + 1 : i + 2] in ("!", "^"))
            close = pattern.find("]", start + 1)  # a ']' right after '[' is a member
            if close < 0:
                return "'[' is never closed"
            i = close + 1
        else:
            i += 1
    try:  # as a path glob (files, overrides) and as a rule glob (select, ignore)
        GitIgnoreSpec.from_lines([pattern])
        re.compile(fnmatch.translate(pattern))
    except re.error as exc:
        return exc.msg  # without "at position N": the position is in a translated pattern
    except ValueError as exc:
        return str(exc)
    return None


def globs(value: object, root: Path) -> tuple[str, ...]:
    patterns = _strings(value, root)
    for pattern in patterns:
        if problem := glob_problem(pattern):
            raise Invalid(f"has a bad glob {pattern!r}: {problem}", item=pattern)
    return patterns


def _folders(value: object, root: Path) -> tuple[Path, ...]:
    names = _strings(value, root)
    for name in names:
        if not (root / name).is_dir():
            raise Invalid(f"names {name!r}, which is not a folder under {display(root)}", item=name)
    return tuple(Path(os.path.normpath(root / name)) for name in names)


def _table(value: object, check: Check, root: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"must be a table, not {kind(value)}")
    checked = {}
    for key, item in value.items():
        try:
            checked[key] = check(item, root)
        except Invalid as bad:
            raise Invalid(str(bad), (key, *bad.inner), bad.item) from None
    return checked


def _named_terms(value: object, root: Path) -> dict[str, tuple[str, ...]]:
    def terms(item: object, root: Path) -> tuple[str, ...]:
        if not (found := _strings(item, root)):
            raise Invalid("needs at least one term")
        return found

    return _table(value, terms, root)


def _level(value: object, root: Path) -> Level:
    labels = [level.label for level in Level]
    if isinstance(value, str) and value.strip().lower() in labels:
        return Level.parse(value)
    raise Invalid(
        f"must be one of {', '.join(labels)}, not {value!r}" + suggest(str(value), labels)
    )


def _levels(value: object, root: Path) -> dict[str, Level]:
    return _table(value, _level, root)


def _number(low: float, high: float | None = None) -> Check:
    def check(value: object, root: Path) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(f"must be a number, not {kind(value)}")
        if not math.isfinite(value):
            raise Invalid(f"must be a finite number, not {value:g}")
        if value < low or (high is not None and value > high):
            raise Invalid(
                f"must be from {low:g} to {high:g}, not {value:g}"
                if high is not None
                else f"must be {low:g} or more, not {value:g}"
            )
        return float(value)

    return check


def _count(value: object, root: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"must be a whole number of 1 or more, not {value!r}")
    return value


def _boolean(value: object, root: Path) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {kind(value)}")
    return value


def _weights(value: object, root: Path) -> dict[str, float]:
    """Each weight is from 0 to 1000 (their sum must stay a number: two of 1e308 overflow)."""
    weights = _table(value, _number(0.0, 1000.0), root)
    for pillar in weights:
        if pillar not in PILLARS:
            raise Invalid(
                f"has no pillar {pillar!r} (pillars: {', '.join(PILLARS)})"
                + suggest(pillar, PILLARS),
                (pillar,),
            )
    return weights


SETTINGS: tuple[Setting, ...] = (
    Setting(("model",), "model", _text, per_path=False),
    Setting(("brand",), "brands", _strings),
    Setting(("audiences",), "personas", _named_terms),
    Setting(("vocabulary", "benefits"), "benefit_phrases", _strings),
    Setting(("vocabulary", "praise"), "praise_phrases", _strings),
    Setting(("vocabulary", "allow"), "allow", _strings),
    Setting(("vocabulary", "prefer"), "prefer", _named_terms),
    Setting(("thresholds", "target-grade"), "target_grade", _number(1.0, 20.0)),
    Setting(("thresholds", "confidence"), "confidence", _number(0.5, 1.0)),
    Setting(("thresholds", "long-sentence-words"), "long_sentence_words", _count),
    Setting(("thresholds", "fail-level"), "fail_level", _level),
    Setting(("thresholds", "fail-under"), "fail_under", _number(0.0, 100.0)),
    Setting(("thresholds", "weights"), "weights", _weights),
    Setting(("rules", "select"), "select", globs),
    Setting(("rules", "ignore"), "ignore", globs),
    Setting(("rules", "levels"), "levels", _levels),
    Setting(("rules", "folders"), "rule_folders", _folders),
    Setting(("rules", "require-audiences"), "require_personas", _strings),
    Setting(("files", "include"), "include", globs, per_path=False),
    Setting(("files", "exclude"), "exclude", globs, per_path=False),
    Setting(("files", "gitignore"), "respect_gitignore", _boolean, per_path=False),
    Setting(("files", "front-matter"), "front_matter", _boolean, per_path=False),
)


def _tree(settings: tuple[Setting, ...]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for setting in settings:
        node = tree
        for part in setting.key[:-1]:
            node = node.setdefault(part, {})
        node[setting.key[-1]] = setting
    return tree


TREE = _tree(SETTINGS)
OVERRIDE_TREE = _tree(tuple(s for s in SETTINGS if s.per_path))


def display(path: Path) -> str:
    """`path` relative to the working folder when it is inside it, else absolute."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
