"""The closed set of rule kinds. A new kind is code here; a new rule is a YAML file."""

from __future__ import annotations

from customerlens.checks.context import Kind
from customerlens.checks.kinds import (
    absence,
    dependency,
    judged,
    metric,
    pattern,
    phrase,
    sequence,
    terminology,
)

KINDS: dict[str, Kind] = {
    name: Kind(module)
    for name, module in {
        "phrase": phrase,
        "pattern": pattern,
        "dependency": dependency,
        "metric": metric,
        "sequence": sequence,
        "absence": absence,
        "terminology": terminology,
        "judged": judged,
    }.items()
}
