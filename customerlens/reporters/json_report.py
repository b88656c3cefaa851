"""The JSON report: the machine format, and the numbers every other format is derived from.

The summary lives here, once; the data of each file comes from `model.jsonable`.
Output is byte-identical for equal input: fixed key order for the document, sorted keys for the
open-ended maps (counts, by_rule), scores rounded; a NaN is a scoring bug and raises.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from customerlens.model import Level, RunResult
from customerlens.model.jsonable import file_data, rounded
from customerlens.reporters.base import ReportOptions
from customerlens.version import __version__

SCHEMA_VERSION = 1


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class Summary:
    files: int
    checked: int
    errors: int  # files that could not be checked
    findings: int
    by_level: dict[str, int]  # error, warning, suggestion (most severe first)
    by_rule: dict[str, int]  # sorted by rule id
    mean_score: float | None  # over files that have a score
    lowest: tuple[str, float] | None  # (path, total) of the lowest score; first one on ties

    def describe(self) -> str:
        """The one-line totals the people-facing formats end with."""
        files = _plural(self.files, "file")
        if self.errors:
            files += f" ({self.errors} not checked)"
        findings = _plural(self.findings, "finding")
        if self.findings:
            levels = ", ".join(_plural(n, label) for label, n in self.by_level.items() if n)
            findings += f" ({levels})"
        mean = "n/a" if self.mean_score is None else f"{self.mean_score:.1f}"
        return f"{files}, {findings}, mean score {mean}"


def summarize(result: RunResult) -> Summary:
    """The totals, counted file by file (a million findings are never gathered in one tuple)."""
    levels: Counter[Level] = Counter()
    rules: Counter[str] = Counter()
    for file in result.files:
        for finding in file.findings:
            levels[finding.level] += 1
            rules[finding.rule] += 1
    totals = [
        (file.path, file.score.total)
        for file in result.files
        if file.score is not None and file.score.total is not None
    ]
    lowest = min(totals, key=lambda item: item[1], default=None)
    return Summary(
        files=len(result.files),
        checked=len(result.files) - len(result.errors),
        errors=len(result.errors),
        findings=levels.total(),
        by_level={level.label: levels[level] for level in sorted(Level, reverse=True)},
        by_rule=dict(sorted(rules.items())),
        mean_score=rounded(fmean(total for _, total in totals)) if totals else None,
        lowest=None if lowest is None else (lowest[0], rounded(lowest[1])),
    )


def _skeleton(result: RunResult) -> dict[str, Any]:
    """The report as plain data, in the key order it is written, but for its files."""
    summary = summarize(result)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "customerlens", "version": __version__},
        "files": [],
        "summary": {
            "files": summary.files,
            "checked": summary.checked,
            "errors": summary.errors,
            "findings": summary.findings,
            "by_level": summary.by_level,
            "by_rule": summary.by_rule,
            "mean_score": summary.mean_score,
            "lowest": (
                None
                if summary.lowest is None
                else {"path": summary.lowest[0], "total": summary.lowest[1]}
            ),
        },
    }


def dumps(data: Any, depth: int = 0) -> str:
    """`data` exactly as `json.dumps(..., indent=2)` writes it `depth` levels deep in a larger
    document: JSON strings never hold a raw line break, so indenting every line is enough."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False).replace(
        "\n", "\n" + "  " * depth
    )


def streamed(skeleton: str, key: str, items: Iterator[Any], depth: int) -> Iterator[str]:
    """The text of `skeleton`, a dumped document whose last `"key": []` is a list left empty,
    with `items` dumped into that list one at a time: the same text, and a line break, as one
    `dumps` of the whole document, without ever holding all of it."""
    head, tail = skeleton.rsplit(f'"{key}": []', 1)
    indent = "\n" + "  " * depth
    before, empty = f'{head}"{key}": [{indent}', True
    for item in items:
        yield before + dumps(item, depth)
        before, empty = "," + indent, False
    yield (f'{head}"{key}": []' if empty else indent[:-2] + "]") + tail + "\n"


class JsonReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        return "".join(self.chunks(result, options))

    def chunks(self, result: RunResult, options: ReportOptions) -> Iterator[str]:
        """The report a file at a time: a large run never holds the whole document, or its
        text (5 MB for 400 pages), in memory at once."""
        return streamed(
            dumps(_skeleton(result)), "files", (file_data(file) for file in result.files), 2
        )


REPORTER = JsonReporter()
