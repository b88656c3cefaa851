"""The text report: what a copywriter reads in the terminal."""

from __future__ import annotations

import pytest
from reporters_support import (
    PLAIN,
    RESULT,
    _check_golden,
)

from customerlens.reporters.base import ReportOptions, get_reporter
from customerlens.reporters.json_report import summarize


@pytest.mark.parametrize(
    ("fmt", "golden", "options"),
    [
        ("text", "report.text.txt", PLAIN),
        ("text", "report.text.quiet.txt", ReportOptions(color=False, width=100, quiet=True)),
        ("text", "report.text.narrow.txt", ReportOptions(color=False, width=60)),
    ],
)
def test_golden(fmt: str, golden: str, options: ReportOptions) -> None:
    _check_golden(golden, get_reporter(fmt).render(RESULT, options))


def test_quiet_shows_only_the_summary() -> None:
    quiet = get_reporter("text").render(RESULT, ReportOptions(width=100, quiet=True))
    assert "Welcome to our website" not in quiet
    assert "site/landing.md" in quiet
    assert quiet.rstrip().endswith(summarize(RESULT).describe())


def test_plain_marks_the_span() -> None:
    text = get_reporter("text").render(RESULT, PLAIN)
    assert "»Welcome to our website«!" in text
    assert "»café«" in text
