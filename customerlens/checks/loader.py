"""Load rule files: YAML data, validated field by field, errors naming file and line."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from customerlens.checks.kinds import KINDS
from customerlens.checks.meta import META_RULES
from customerlens.checks.spec import OPTIONAL, REQUIRED, RuleSpec
from customerlens.errors import RuleFileError
from customerlens.model import META, PILLARS, Level
from customerlens.nlp.signals import CONDITIONS
from customerlens.resources import builtin_rules_dir, read_yaml


def rule_files(folder: Traversable) -> list[Traversable]:
    """Every `*.yml` rule file below `folder` (one level of pillar folders), sorted by name."""
    found: list[Traversable] = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found.extend(f for f in entry.iterdir() if f.name.endswith((".yml", ".yaml")))
        elif entry.name.endswith((".yml", ".yaml")) and entry.name != "vocabulary.yml":
            found.append(entry)
    return sorted(found, key=lambda f: f.name)


def load_rules(extra_folders: Iterable[Path] = ()) -> list[RuleSpec]:
    """The built-in catalogue plus a team's rule folders; ids must be unique."""
    folders: list[Traversable] = [builtin_rules_dir(), *extra_folders]
    rules: list[RuleSpec] = []
    seen: dict[str, str] = {}
    for folder in folders:
        for path in rule_files(folder):
            spec = parse_rule(read_yaml(path), str(path))
            if spec.id in seen:
                raise RuleFileError(
                    str(path), f"rule id {spec.id} is already defined in {seen[spec.id]}"
                )
            seen[spec.id] = str(path)
            rules.append(spec)
    known = set(seen)
    for spec in rules:
        for other in spec.supersedes:
            if other not in known:
                raise RuleFileError(spec.path, f"supersedes unknown rule {other}")
    return sorted(rules, key=lambda r: r.id)


def parse_rule(data: Any, path: str) -> RuleSpec:
    """Validate one rule file's data and build its RuleSpec."""
    if not isinstance(data, dict):
        raise RuleFileError(path, "a rule file must hold a mapping")
    for key, typ in REQUIRED.items():
        if key not in data:
            raise RuleFileError(path, f"missing required field '{key}'")
        _check_type(path, key, data[key], typ)
    for key, value in data.items():
        if key in REQUIRED:
            continue
        if key not in OPTIONAL:
            raise RuleFileError(path, f"unknown field '{key}'")
        _check_type(path, key, value, OPTIONAL[key])
    rule_id = data["id"]
    if not Path(path).name.startswith(f"{rule_id}-"):
        raise RuleFileError(path, f"the file name must start with the rule id '{rule_id}-'")
    if data["kind"] not in KINDS:
        raise RuleFileError(
            path, f"unknown kind '{data['kind']}' (one of: {', '.join(sorted(KINDS))})"
        )
    if data["pillar"] not in PILLARS:
        raise RuleFileError(
            path, f"unknown pillar '{data['pillar']}' (one of: {', '.join(PILLARS)})"
        )
    try:
        level = Level.parse(data["level"])
    except ValueError as exc:
        raise RuleFileError(path, str(exc)) from None
    for key in ("when", "unless"):
        for condition in data.get(key, []):
            if condition not in CONDITIONS:
                raise RuleFileError(
                    path,
                    f"unknown condition '{condition}' in '{key}' (one of: {', '.join(CONDITIONS)})",
                )
    examples = data["examples"]
    bad, good = examples.get("bad"), examples.get("good")
    if not (isinstance(bad, list) and bad and isinstance(good, list) and good):
        raise RuleFileError(path, "'examples' needs non-empty 'bad' and 'good' lists")
    params = data.get("params", {})
    try:
        KINDS[data["kind"]].validate(params)
    except ValueError as exc:
        raise RuleFileError(path, f"params: {exc}") from None
    return RuleSpec(
        id=rule_id,
        name=data["name"],
        kind=data["kind"],
        pillar=data["pillar"],
        level=level,
        message=data["message"],
        description=" ".join(data["description"].split()),
        suggestion=data.get("suggestion", ""),
        weight=float(data.get("weight", 1.0)),
        params=params,
        when=tuple(data.get("when", ())),
        unless=tuple(data.get("unless", ())),
        supersedes=tuple(data.get("supersedes", ())),
        bad=tuple(str(x) for x in bad),
        good=tuple(str(x) for x in good),
        path=path,
        tags=tuple(str(t) for t in data.get("tags", ())),
        example_config=data.get("example_config", {}),
        rewrites=bool(data.get("rewrite", False)),
    )


def _check_type(path: str, key: str, value: Any, typ: type | tuple[type, ...]) -> None:
    if not isinstance(value, typ) or isinstance(value, bool) and typ is not bool:
        expected = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        raise RuleFileError(path, f"field '{key}' must be {expected}, not {type(value).__name__}")


@functools.cache
def catalogue(extra_folders: tuple[Path, ...] = ()) -> tuple[RuleSpec, ...]:
    """Every rule a report may name: the built-in and team rules, plus the directive rules
    (CL001, CL002) that describe findings about inline directives themselves."""
    meta = tuple(
        RuleSpec(
            id=rule_id,
            name=name,
            kind="directive",
            pillar=META,
            level=Level.WARNING,
            message="",
            description=description,
            suggestion="",
            weight=0.0,
            params={},
        )
        for rule_id, (name, description) in META_RULES.items()
    )
    return meta + tuple(load_rules(extra_folders))


def rules_fingerprint(extra_folders: tuple[Path, ...] = ()) -> str:
    """A hash of every rule file and the vocabulary as they are now on disk: a result or a
    compiled linter made with other rules must not be reused."""
    digest = hashlib.sha256()
    for root in (builtin_rules_dir(), *extra_folders):
        vocabulary = root / "vocabulary.yml"
        for path in ([vocabulary] if vocabulary.is_file() else []) + rule_files(root):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
