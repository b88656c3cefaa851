"""Where the built-in rules live, and reading YAML data safely with line numbers for errors."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from customerlens.errors import RuleFileError


def builtin_rules_dir() -> Traversable:
    """The top-level `rules/` of a source checkout, or the copy shipped in the wheel."""
    checkout = Path(__file__).resolve().parents[1] / "rules"
    if (checkout / "vocabulary.yml").is_file():
        return checkout
    return resources.files("customerlens._rules")


def read_yaml(path: Traversable) -> Any:
    """Parse a YAML data file with `safe_load` (rule files can never run code)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleFileError(str(path), f"invalid YAML: {exc.problem}", line) from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleFileError(str(path), f"cannot read: {exc}") from exc
