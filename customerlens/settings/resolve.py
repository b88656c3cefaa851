"""Which settings apply to a checked file, and where each came from.

The nearest `.customerlens.toml` (or `pyproject.toml` with `[tool.customerlens]`) upward from the
file wins whole; `--config FILE` replaces the search and `--isolated` skips it. On top come the
file's `[[overrides]]` whose globs match, then the flags. The schema is in `configschema`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pathspec import GitIgnoreSpec

from customerlens.errors import ConfigError
from customerlens.model import Level
from customerlens.settings.config import Config
from customerlens.settings.read import ConfigFile, parse
from customerlens.settings.schema import SETTINGS, Invalid, display

CONFIG_NAMES = (".customerlens.toml", "pyproject.toml")  # in one folder, the first one wins
DEFAULT = "default"
T = TypeVar("T")
_FLAGS = {s.field: f"--{s.key[-1]}" for s in SETTINGS}


def _check_flags(flags: Mapping[str, Any]) -> None:
    """A flag's value passes the same check, with the same range, as in a configuration file:
    `--target-grade -5` fails as `target-grade = -5` would."""
    checks = {s.field: s.check for s in SETTINGS}
    for name, value in flags.items():
        if name in checks and not isinstance(value, Level):
            try:
                checks[name](list(value) if isinstance(value, tuple) else value, Path.cwd())
            except Invalid as exc:
                raise ConfigError(f"{_FLAGS[name]}: {exc}") from None


@dataclass(frozen=True)
class Resolved:
    config: Config
    origins: dict[
        str, str
    ]  # Config field → "default" | "path:line" | "flag --brand" | "override …"
    files: tuple[Path, ...]  # the configuration files that contributed


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    return GitIgnoreSpec.from_lines(patterns)


def _relative(path: Path, root: Path | None) -> str | None:
    """`path` relative to `root` in the form globs match against, or None when outside it."""
    if root is None or not path.is_relative_to(root):
        return None
    return path.relative_to(root).as_posix()


def _merged(base: Any, value: Any) -> Any:
    """Lists add to what is set, tables merge key by key (a partial `weights` keeps the other
    pillars), single values replace: an override refines its file instead of restating it."""
    if isinstance(base, tuple):
        return tuple(dict.fromkeys((*base, *value)))
    if isinstance(base, dict):
        return {**base, **value}
    return value


class ConfigResolver:
    """Resolves the Config of each checked file; parsed files are cached per folder."""

    def __init__(
        self, explicit: Path | None = None, isolated: bool = False, flags: Mapping[str, Any] = {}
    ) -> None:
        if explicit is not None and isolated:
            raise ConfigError("--config and --isolated cannot be used together")
        self._flags = dict(flags)
        _check_flags(self._flags)
        self._isolated = isolated
        self._explicit = _load_explicit(Path(os.path.abspath(explicit))) if explicit else None
        self._nearest: dict[Path, ConfigFile | None] = {}
        self._gitignores: dict[Path, GitIgnoreSpec | None] = {}
        self._git_roots: dict[Path, Path | None] = {}

    def resolve(self, checked: Path) -> Resolved:
        """The Config for `checked` (for stdin pass `Path.cwd() / stdin_filename`)."""
        path = Path(os.path.abspath(checked))
        source = self._explicit or (None if self._isolated else self._find(path.parent))
        default = Config()
        values = {f.name: getattr(default, f.name) for f in fields(Config)}
        origins = dict.fromkeys(values, DEFAULT)
        if source is not None:
            values["root"], origins["root"] = source.root, display(source.path)
            relative = _relative(path, source.root)
            layers = [(source.values, "")]
            for override in source.overrides:
                if relative is not None and _spec(override.paths).match_file(relative):
                    layers.append((override.values, f"override {', '.join(override.paths)}"))
            for layer, label in layers:
                for name, (value, key) in layer.items():
                    origin = f"{label} ({source.where(key)})" if label else source.where(key)
                    merges = isinstance(values[name], (tuple, dict)) and origins[name] != DEFAULT
                    values[name] = _merged(values[name], value)
                    origins[name] = f"{origins[name]}, {origin}" if merges else origin
        for name, value in self._flags.items():
            values[name], origins[name] = value, f"flag {_FLAGS.get(name, name)}"
        return Resolved(Config(**values), origins, (source.path,) if source else ())

    def included(self, checked: Path) -> bool:
        """False when the include/exclude globs or (when honoured) .gitignore leave the file out."""
        path = Path(os.path.abspath(checked))
        config = self.resolve(path).config
        relative = _relative(path, config.root)
        if relative is not None:
            if config.include and not _spec(config.include).match_file(relative):
                return False
            if config.exclude and _spec(config.exclude).match_file(relative):
                return False
        return not (config.respect_gitignore and self._git_ignored(path, config.root))

    def _find(self, folder: Path) -> ConfigFile | None:
        """The nearest configuration at or above `folder`."""

        def here(at: Path) -> ConfigFile | None:
            names = (at / name for name in CONFIG_NAMES if (at / name).is_file())
            return next(filter(None, map(parse, names)), None)

        return _upward(folder, self._nearest, here)

    def _git_ignored(self, path: Path, root: Path | None) -> bool:
        """Git's rules, read from the files: .git/info/exclude and every .gitignore from the
        repository's top (else the config root) down; a deeper file and a later line win, and
        nothing inside an ignored folder can be re-included."""
        top = self._git_root(path.parent) or root or path.parent
        parts = path.relative_to(top).parts if path.is_relative_to(top) else ()
        # the folders on the way down that hold ignore rules (usually one or two), found in one
        # pass: a file a thousand folders deep costs a thousand lookups, not half a million
        specs, folder = [], top
        for depth, part in enumerate(parts):
            if (spec := self._gitignore(folder)) is not None:
                specs.append((depth, spec))
            folder = folder / part
        for end in range(1, len(parts) + 1):
            ignored = False
            for depth, spec in specs:
                if depth >= end:
                    break
                name = "/".join(parts[depth:end]) + ("/" if end < len(parts) else "")
                result = spec.check_file(name).include
                ignored = ignored if result is None else result
            if ignored:
                return True
        return False

    def _gitignore(self, folder: Path) -> GitIgnoreSpec | None:
        if folder not in self._gitignores:
            sources = (
                folder / ".git" / "info" / "exclude",
                folder / ".gitignore",
            )  # later lines win
            lines = [line for source in sources if source.is_file() for line in _read_lines(source)]
            self._gitignores[folder] = GitIgnoreSpec.from_lines(lines) if lines else None
        return self._gitignores[folder]

    def _git_root(self, folder: Path) -> Path | None:
        """The repository `folder` is in."""
        return _upward(folder, self._git_roots, lambda at: at if (at / ".git").exists() else None)


def _upward(folder: Path, seen: dict[Path, T | None], here: Callable[[Path], T | None]) -> T | None:
    """The first answer of `here` at `folder` or above, walked up in a loop (a folder a thousand
    levels deep must not exhaust the stack), every folder's answer kept in `seen`."""
    climbed: list[Path] = []
    found: T | None = None
    while folder not in seen:
        climbed.append(folder)
        found = here(folder)
        if found is not None or folder.parent == folder:
            break
        folder = folder.parent
    else:
        found = seen[folder]
    for below in climbed:
        seen[below] = found
    return found


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise ConfigError(f"{display(path)}: cannot read: {exc.strerror or exc}") from None


def _load_explicit(path: Path) -> ConfigFile:
    if not path.is_file():
        raise ConfigError(f"{display(path)}: no such configuration file")
    found = parse(path)
    if found is None:
        raise ConfigError(f"{display(path)}: has no [tool.customerlens] table")
    return found


def starter_toml() -> str:
    """The commented starter `.customerlens.toml` that `customerlens init` writes."""
    return (
        resources.files("customerlens.settings")
        .joinpath("starter.toml")
        .read_text(encoding="utf-8")
    )


def _toml(value: Any) -> str:
    if isinstance(value, Level):
        return _toml(value.label)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (str, Path)):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    return f"[{', '.join(_toml(item) for item in value)}]"


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)


def describe(resolved: Resolved) -> str:
    """The effective configuration as TOML, each `key = value  # where it came from`."""
    config, origins = resolved.config, resolved.origins
    source = ", ".join(display(p) for p in resolved.files) or "no configuration file"
    lines = [f"# effective configuration ({source})"]
    if config.root is not None:
        lines.append(f"# root = {_toml(config.root)}  # {origins['root']}")
    table: tuple[str, ...] = ()
    for setting in SETTINGS:
        if setting.key[:-1] != table:
            table = setting.key[:-1]
            lines += ["", f"[{'.'.join(table)}]"]
        value = getattr(config, setting.field)
        line = (
            f"{_key(setting.key[-1])} = {_toml(value)}"
            if value is not None
            else f"# {setting.key[-1]} is not set"
        )
        lines.append(f"{line}  # {origins[setting.field]}")
    return "\n".join(lines) + "\n"
