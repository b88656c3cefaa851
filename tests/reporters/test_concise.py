"""The concise report: one `path:line:col: level [RULE] message` line per finding."""

from __future__ import annotations

from typing import Any

import pytest
from cli_support import (
    CONCISE_LINE,
    EXAMPLE_BAD,
    EXAMPLE_GOOD,
    json_files,
    report,
)
from reporters_support import (
    PLAIN,
    RESULT,
    _check_golden,
)

from customerlens.reporters.base import ReportOptions, get_reporter


@pytest.mark.parametrize(
    ("fmt", "golden", "options"),
    [
        ("concise", "report.concise.txt", PLAIN),
        ("concise", "report.concise.quiet.txt", ReportOptions(color=False, width=100, quiet=True)),
    ],
)
def test_golden(fmt: str, golden: str, options: ReportOptions) -> None:
    _check_golden(golden, get_reporter(fmt).render(RESULT, options))


@pytest.mark.usefixtures("in_the_checkout")
def test_concise_one_line_per_finding_then_each_score_then_the_totals(capsys: Any) -> None:
    code, out = report(capsys, "concise", EXAMPLE_BAD, EXAMPLE_GOOD)
    bad, good = json_files(capsys, EXAMPLE_BAD, EXAMPLE_GOOD)
    *rows, totals = out.rstrip("\n").split("\n")
    scores = [row for row in rows if ": score " in row and not CONCISE_LINE.match(row)]
    assert scores == [
        f"{EXAMPLE_BAD}: score {bad['score']['total']:.1f}/100",
        f"{EXAMPLE_GOOD}: score {good['score']['total']:.1f}/100",
    ]
    parsed = [CONCISE_LINE.match(row) for row in rows if row not in scores]
    assert code == 1 and all(parsed)
    assert [
        (m["path"], int(m["line"]), int(m["col"]), m["level"], m["rule"], m["message"])
        for m in parsed
        if m
    ] == [
        (EXAMPLE_BAD, f["line"], f["column"], f["level"], f["rule"], f["message"])
        for f in bad["findings"]
    ]
    assert totals.startswith(f"2 files, {len(bad['findings'])} findings (")
