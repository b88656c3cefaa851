"""The text report: what a copywriter reads in the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reporters_support import (
    PLAIN,
    RESULT,
    _check_golden,
)

from customerlens.model import FileResult, RunResult, Score
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


_PART = st.text(alphabet="abcdefghij-_.", min_size=1, max_size=30)


@given(st.lists(_PART, min_size=1, max_size=8).map("/".join), st.integers(8, 80))
def test_long_paths_are_shortened_from_the_left_at_a_folder(path: str, room: int) -> None:
    from customerlens.reporters.text import left_cut

    shown = left_cut(path, room)
    assert len(shown) <= room and path.endswith(shown.lstrip("…"))
    name = path.rsplit("/", 1)[-1]
    if shown != path and len(name) + 2 <= room:
        assert shown.startswith("…/") and shown.endswith("/" + name)  # whole folder names


def test_the_summary_keeps_file_names_whole_and_numbers_unbroken() -> None:
    deep = "marketing/very-long-folder-name-for-campaigns/another-long-subfolder/"
    files = tuple(
        FileResult(
            path=deep + name,
            format="markdown",
            score=Score(
                total=92.0, pillars=dict.fromkeys(("who", "care", "them", "clarity"), 100.0)
            ),
        )
        for name in ("reader-focused.md", "self-centred.md")
    )
    out = get_reporter("text").render(RunResult(files), ReportOptions(color=False, width=80))
    summary = out[out.index("Summary") :]
    assert "…/reader-focused.md" in summary and "…/self-centred.md" in summary
    assert "100.0" in summary and "…" not in summary.replace("…/", "")
    assert max(map(len, summary.splitlines())) <= 80
