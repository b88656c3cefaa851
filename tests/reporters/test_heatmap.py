"""The terminal view of focus: the per-paragraph heatmap in the text report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from customerlens import cli
from customerlens.model import FileResult, Paragraph, RunResult, Score
from customerlens.reporters.base import ReportOptions, get_reporter
from customerlens.reporters.heatmap import split

ROOT = Path(__file__).resolve().parents[2]
BAD = str(ROOT / "examples" / "self-centred.md")
GOOD = str(ROOT / "examples" / "reader-focused.md")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PAGE = FileResult(
    path="site/landing.md",
    format="markdown",
    score=Score(total=51.0, pillars={"who": 70.0, "care": 50.0, "them": 40.0, "clarity": 60.0}),
    paragraphs=(
        Paragraph(1, 1, "heading", 5, 1, 0, 0),
        Paragraph(3, 5, "paragraph", 60, 3, 1, 0),
        Paragraph(7, 7, "item", 12, 1, 1, 1),
        Paragraph(8, 8, "item", 9, 0, 2, 1),
        Paragraph(10, 12, "paragraph", 30, 0, 0, 0),
        Paragraph(14, 14, "paragraph", 80, 1, 99, 4),
    ),
)
# the heatmap block of the plain report, as a writer sees it
# (each row is split after its bar, so that no source line runs past 100 bytes)
EXPECTED = (
    "  Focus by paragraph   ▓ us  ░ them  · neither\n"
    "      1  ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓"
    "  us 1 · them 0 · benefit 0   heading\n"
    "    3–5  ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░░░░"
    "  us 3 · them 1 · benefit 0\n"
    "      7  ▓▓▓▓▓▓▓▓▓▓░░░░░░░░░░"
    "  us 1 · them 1 · benefit 1   item\n"
    "      8  ░░░░░░░░░░░░░░░░░░░░"
    "  us 0 · them 2 · benefit 1   item\n"
    "  10–12  ····················"
    "  us 0 · them 0 · benefit 0\n"
    "     14  ▓░░░░░░░░░░░░░░░░░░░"
    "  us 1 · them 99 · benefit 4\n"
)


def _render(result: RunResult, **options: Any) -> str:
    return get_reporter("text").render(result, ReportOptions(width=100, **options))


def _block(report: str) -> str:
    """The heatmap lines of a plain report: from the legend to the first blank line."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if "Focus by paragraph" in line)
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return "\n".join(lines[start:end]) + "\n"


def test_plain_heatmap_golden() -> None:
    assert _block(_render(RunResult((PAGE,)), heatmap=True)) == EXPECTED


def test_by_default_one_file_shows_only_the_paragraphs_that_drift_to_the_company() -> None:
    """A long page's heatmap would be rows of nothing: by default only what says something."""
    assert _block(_render(RunResult((PAGE,)))).splitlines() == [
        "  Focus by paragraph   ▓ us  ░ them  · neither",
        "    1  ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓  us 1 · them 0 · benefit 0  heading",
        "  3–5  ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░░░░  us 3 · them 1 · benefit 0",
        "  4 more paragraphs not leaning to the company (--heatmap shows all)",
    ]
    even = FileResult(path="site/even.md", score=PAGE.score, paragraphs=PAGE.paragraphs[2:])
    assert "Focus by paragraph" not in _render(RunResult((even,)))  # nothing drifts: no map


@pytest.mark.parametrize(
    ("us", "them", "cells"),
    [
        (0, 0, (0, 0)),
        (4, 0, (20, 0)),
        (0, 3, (0, 20)),
        (3, 1, (15, 5)),
        (1, 99, (1, 19)),
        (99, 1, (19, 1)),
    ],
)
def test_split_is_proportional_and_shows_both_sides(
    us: int, them: int, cells: tuple[int, int]
) -> None:
    assert split(Paragraph(1, 1, "paragraph", 10, us, them, 0), 20) == cells


def test_colour_uses_red_and_green_blocks() -> None:
    coloured = _render(RunResult((PAGE,)), color=True, heatmap=True)
    assert "▓" not in coloured and "░" not in _block(ANSI.sub("", coloured))
    assert re.search(r"\x1b\[31m█+", coloured) and re.search(r"\x1b\[32m█+", coloured)
    assert ANSI.sub("", coloured).count("us 3 · them 1 · benefit 0") == 1


def test_shown_for_one_file_or_on_request() -> None:
    other = FileResult(path="site/about.md", score=PAGE.score, paragraphs=PAGE.paragraphs)
    broken = FileResult(path="docs/broken.md", error="no such file or directory")
    two = RunResult((PAGE, other, broken))
    assert "Focus by paragraph" not in _render(two)
    assert _render(two, heatmap=True).count("Focus by paragraph") == 2  # not for the error
    assert "Focus by paragraph" not in _render(RunResult((PAGE,)), quiet=True)
    assert "Focus by paragraph" not in _render(RunResult((broken,)), heatmap=True)


def test_cli_heatmap_on_a_real_draft(capsys: Any) -> None:
    code = cli.main(["check", BAD, "--heatmap", "--format", "text"])
    out = capsys.readouterr().out
    assert code == 1
    rows = _block(out).splitlines()[1:]
    assert len(rows) >= 4
    assert any(row.split()[0] == "8–10" and "us 3 · them 0" in row for row in rows)
    assert all("them 0" in row and "░" not in row for row in rows)  # nothing for the reader
    cli.main(["check", BAD, GOOD, "--format", "text"])
    assert "Focus by paragraph" not in capsys.readouterr().out
    cli.main(["check", BAD, GOOD, "--format", "text", "--heatmap"])
    assert capsys.readouterr().out.count("Focus by paragraph") == 2
