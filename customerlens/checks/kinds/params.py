"""Small validators shared by the kinds: a params dict is checked before anything compiles."""

from __future__ import annotations

from typing import Any


def require(params: dict[str, Any], key: str, typ: type | tuple[type, ...]) -> Any:
    if key not in params:
        raise ValueError(f"missing '{key}'")
    return expect(params, key, typ)


def expect(
    params: dict[str, Any], key: str, typ: type | tuple[type, ...], default: Any = None
) -> Any:
    value = params.get(key, default)
    if value is not None and not isinstance(value, typ):
        raise ValueError(f"'{key}' has the wrong type ({type(value).__name__})")
    return value


def only(params: dict[str, Any], *keys: str) -> None:
    unknown = sorted(set(params) - set(keys))
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)} (expected: {', '.join(keys)})")


def token_patterns(params: dict[str, Any], key: str = "patterns") -> list[list[dict[str, Any]]]:
    patterns = require(params, key, list)
    if not patterns or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
    ):
        raise ValueError(f"'{key}' must be a non-empty list of token patterns (lists of mappings)")
    return list(patterns)
