"""Read one configuration file: TOML → validated Config values, each tagged with its key.

tomllib gives no positions, so `key_lines` scans the text once for the line of every key and
list item; each error then names the file, the line and the key, with a "did you mean".
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from customerlens.errors import ConfigError
from customerlens.settings.config import DEFAULT_WEIGHTS
from customerlens.settings.schema import (
    OVERRIDE_TREE,
    SETTINGS,
    TREE,
    Invalid,
    Setting,
    display,
    globs,
    kind,
    suggest,
)

KeyPath = tuple[str | int, ...]
Located = tuple[Any, KeyPath]  # a validated Config value and the key it was read from
PYPROJECT_TABLE = ("tool", "customerlens")


_TOKEN = re.compile(
    r'(?P<long>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\')|(?P<str>"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
    r"|(?P<skip>#[^\n]*|[ \t\r]+)|(?P<nl>\n)|(?P<punct>[\[\]{},=.])|(?P<word>[^\s\[\]{},=.#\"']+)"
)


def _unquote(token: str) -> str:
    if token.startswith('"'):
        try:
            return str(json.loads(token))
        except ValueError:
            pass
    return token.strip("\"'")


def key_lines(text: str) -> tuple[dict[KeyPath, int], dict[tuple[KeyPath, str], int]]:
    """The line of each key (array tables numbered: ("overrides", 0, "paths")) and of each
    string inside an array, found by a small TOML tokenizer: positions are all it needs."""
    keys: dict[KeyPath, int] = {}
    items: dict[tuple[KeyPath, str], int] = {}
    table: KeyPath = ()
    counts: dict[KeyPath, int] = {}
    stack: list[tuple[str, KeyPath]] = []  # open inline tables and arrays, with their key
    parts: list[str] = []
    last: KeyPath = ()
    header: list[str] | None = None
    array_header, line_start = False, True
    line = 1
    for match in _TOKEN.finditer(text):
        group, token = match.lastgroup, match.group()
        if group == "skip":
            continue
        if group == "nl":
            line += 1
            line_start = not stack
            parts = [] if not stack else parts
            continue
        if header is not None:
            if token == "[" and not header:
                array_header = True
            elif token == "]":
                path: KeyPath = tuple(header)
                if array_header:
                    keys.setdefault(path, line)
                    counts[path] = counts.get(path, -1) + 1
                    path = (*path, counts[path])
                table, keys[path], header = path, line, None
            elif token != ".":
                header.append(_unquote(token))
        elif token == "[" and line_start:
            header, array_header = [], False
        elif token == "]" and not stack:
            pass  # the second bracket of an array table's header
        elif token == "=":
            last = (*(stack[-1][1] if stack else table), *parts)
            keys.setdefault(last, line)
            parts = []
        elif token in "{[":
            stack.append((token, last))
            parts = []
        elif token in "}]":
            if stack:
                stack.pop()
            parts = []
        elif token == ",":
            parts = []
        elif token != ".":
            parts.append(_unquote(token))
            if group == "str" and stack and stack[-1][0] == "[":
                items.setdefault((stack[-1][1], parts[-1]), line)
        line_start = False
        line += token.count("\n")
    return keys, items


def dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = (
                part
                if re.fullmatch(r"[A-Za-z0-9_-]+", part)
                else json.dumps(part, ensure_ascii=False)
            )
            text += f".{name}" if text else name
    return text


@dataclass(frozen=True)
class Override:
    """An [[overrides]] entry: the globs it applies to and the values it sets."""

    paths: tuple[str, ...]
    values: dict[str, Located]


@dataclass(frozen=True)
class ConfigFile:
    """One parsed configuration file: what it sets, its overrides, and the lines of both."""

    path: Path
    values: dict[str, Located]
    overrides: tuple[Override, ...]
    base: KeyPath  # ("tool", "customerlens") in pyproject.toml
    keys: dict[KeyPath, int]

    @property
    def root(self) -> Path:
        return self.path.parent

    def where(self, key: KeyPath) -> str:
        return _where(self.path, self.keys, (*self.base, *key))


def _where(path: Path, keys: dict[KeyPath, int], full: KeyPath, line: int | None = None) -> str:
    """`path:line` of a key, or of the nearest enclosing table whose line is known."""
    for end in range(len(full), 0, -1):
        line = line or keys.get(full[:end])
    return f"{display(path)}:{line}" if line else display(path)


class _Reader:
    """Walks one file's tables against the schema; every error carries `path:line`."""

    def __init__(self, path: Path, text: str, base: KeyPath) -> None:
        self.path, self.base = path, base
        self.keys, self.items = key_lines(text)

    def error(self, key: KeyPath, message: str, item: str | None = None) -> ConfigError:
        full = (*self.base, *key)
        line = self.items.get((full, item)) if item is not None else None
        return ConfigError(f"{_where(self.path, self.keys, full, line)}: {message}")

    def walk(
        self,
        table: Mapping[str, Any],
        tree: Mapping[str, Any],
        at: KeyPath,
        out: dict[str, Located],
    ) -> None:
        for key, value in table.items():
            node, here = tree.get(key), (*at, key)
            if isinstance(node, Setting):
                try:
                    out[node.field] = (node.check(value, self.path.parent), here)
                except Invalid as bad:
                    raise self.error(
                        (*here, *bad.inner), f"'{dotted((*here, *bad.inner))}' {bad}", bad.item
                    ) from None
            elif isinstance(node, dict):
                if not isinstance(value, dict):
                    raise self.error(here, f"'{dotted(here)}' must be a table, not {kind(value)}")
                self.walk(value, node, here, out)
            else:
                raise self.error(here, self._unknown(key, here, tree))

    def _unknown(self, key: str, here: KeyPath, tree: Mapping[str, Any]) -> str:
        if tree is OVERRIDE_TREE and key in TREE:
            return f"'{dotted(here)}' cannot be set per path, only for the whole file"
        hint = suggest(key, [*tree, "overrides" if tree is TREE else "paths"])
        if not hint:  # a key put in the wrong table: point to where it belongs
            leaves = {s.key[-1]: ".".join(s.key) for s in SETTINGS if len(s.key) > 1}
            close = difflib.get_close_matches(key, list(leaves), n=1)
            hint = f" (did you mean '{leaves[close[0]]}'?)" if close else ""
        return f"unknown key '{dotted(here)}'{hint}"

    def check_totals(
        self, values: dict[str, Located], audiences: dict[str, Any], weights: dict[str, float]
    ) -> None:
        """Checks across keys: required audiences must be defined, and weights not all zero."""
        if "require_personas" in values:
            names, key = values["require_personas"]
            for name in names:
                if name not in audiences:
                    hint = suggest(name, audiences) or " (define it under [audiences])"
                    raise self.error(
                        key, f"'{dotted(key)}' names an unknown audience {name!r}{hint}", name
                    )
        if "weights" in values and not any({**weights, **values["weights"][0]}.values()):
            raise self.error(values["weights"][1], f"'{dotted(values['weights'][1])}' are all zero")


def _toml(path: Path) -> tuple[str, dict[str, Any]]:
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{display(path)}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{display(path)}: not UTF-8 text") from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise ConfigError(f"{display(path)}: invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(exc))
        at_end = re.search(r"^(.*) \(at end of document\)$", str(exc))
        if found:
            where, message = f"{display(path)}:{found[2]}", found[1]
        elif at_end:  # e.g. an array never closed: the problem shows at the last line
            where, message = f"{display(path)}:{max(1, len(text.splitlines()))}", at_end[1]
        else:
            where, message = display(path), str(exc)
        raise ConfigError(f"{where}: invalid TOML: {message}") from None


def parse(path: Path) -> ConfigFile | None:
    """Read and validate one configuration file; None for a pyproject.toml without our table."""
    text, document = _toml(path)
    base: KeyPath = ()
    data: Any = document
    if path.name == "pyproject.toml":
        base = PYPROJECT_TABLE
        tool = document.get("tool")
        data = tool.get("customerlens") if isinstance(tool, dict) else None
        if data is None:
            return None
    reader = _Reader(path, text, base)
    if not isinstance(data, dict):
        raise reader.error((), f"[{dotted(base)}] must be a table")
    values: dict[str, Located] = {}
    reader.walk({k: v for k, v in data.items() if k != "overrides"}, TREE, (), values)
    audiences = values.get("personas", ({}, ()))[0]
    weights = {**DEFAULT_WEIGHTS, **values.get("weights", ({}, ()))[0]}
    reader.check_totals(values, audiences, DEFAULT_WEIGHTS)
    overrides = data.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, dict) for o in overrides):
        raise reader.error(("overrides",), "'overrides' must be an array of tables: [[overrides]]")
    return ConfigFile(
        path,
        values,
        tuple(_override(reader, o, i, audiences, weights) for i, o in enumerate(overrides)),
        base,
        reader.keys,
    )


def _override(
    reader: _Reader,
    table: dict[str, Any],
    index: int,
    audiences: dict[str, Any],
    weights: dict[str, float],
) -> Override:
    at: KeyPath = ("overrides", index)
    if "paths" not in table:
        raise reader.error(
            at, f"'{dotted(at)}' needs 'paths', the globs of the files it applies to"
        )
    try:
        paths = globs(table["paths"], reader.path.parent)
    except Invalid as bad:
        raise reader.error((*at, "paths"), f"'{dotted((*at, 'paths'))}' {bad}", bad.item) from None
    if not paths:
        raise reader.error((*at, "paths"), f"'{dotted((*at, 'paths'))}' is empty")
    values: dict[str, Located] = {}
    reader.walk({k: v for k, v in table.items() if k != "paths"}, OVERRIDE_TREE, at, values)
    reader.check_totals(values, {**audiences, **values.get("personas", ({}, ()))[0]}, weights)
    return Override(paths, values)
