"""The reporter registry: every format is there, none lets user text or colour leak where it
should not, and the machine formats are written in pieces that make the same text."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from reporters_support import (
    ANSI,
    CI_FORMATS,
    CI_RESULT,
    PLAIN,
    RESULT,
)

from customerlens.model import FileResult, RunResult
from customerlens.reporters.base import FORMATS, ReportOptions, chunks, get_reporter


def test_registry_names_every_reporter() -> None:
    assert sorted(FORMATS) == [
        "concise",
        "github",
        "gitlab",
        "html",
        "json",
        "junit",
        "sarif",
        "statistics",
        "text",
    ]


def test_every_ci_format_is_registered() -> None:
    assert set(CI_FORMATS) <= set(FORMATS)
    for fmt in CI_FORMATS:
        assert get_reporter(fmt).render(RunResult(()), PLAIN).endswith("\n")


# JUnit escapes "<" as XML must; statistics has no messages; GitLab has no suggestion field.
@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_user_text_is_literal(fmt: str) -> None:
    for options in (PLAIN, ReportOptions(color=True, width=100)):
        out = ANSI.sub("", get_reporter(fmt).render(RESULT, options))
        assert "[bold]x[/bold] <script>" in out  # in the message
        if fmt != "concise":  # concise has no suggestions
            assert "[red]do x[/red] without <b>waiting</b>" in out


def _sgr(code: int) -> re.Pattern[str]:
    """An ANSI style sequence that sets `code`, alone or among others."""
    return re.compile(rf"\x1b\[(?:\d+;)*{code}(?:;\d+)*m")


def test_plain_has_no_ansi_and_colour_has() -> None:
    for fmt in FORMATS:
        assert "\x1b[" not in get_reporter(fmt).render(RESULT, PLAIN)
    coloured = get_reporter("text").render(RESULT, ReportOptions(color=True, width=100))
    assert _sgr(31).search(coloured)  # red: a score under 50, an error
    assert _sgr(32).search(coloured)  # green: a score of 75 or more
    assert _sgr(4).search(coloured)  # the span is underlined...
    assert "»" not in coloured  # ...so the plain-text markers are not needed


# --- reports written in pieces --------------------------------------------------------------------


# JSON and SARIF reports are written a file (or a result) at a time, so that a large run never
# holds its whole report; the text must stay byte for byte what one `json.dumps` of the whole
# document writes.
RESULTS = {
    "empty": RunResult(()),
    "one error": RunResult((FileResult("gone.md", error="no such file or directory"),)),
    "reporters": RESULT,
    "ci": CI_RESULT,
}


@pytest.mark.parametrize("fmt", ["json", "sarif"])
@pytest.mark.parametrize("name", sorted(RESULTS))
def test_pieces_make_the_text_one_dumps_makes(fmt: str, name: str) -> None:
    reporter = get_reporter(fmt)
    pieces = list(chunks(reporter, RESULTS[name], PLAIN))
    text = "".join(pieces)
    assert text == reporter.render(RESULTS[name], PLAIN)
    assert (
        text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    )
    assert len(pieces) == 1 + (
        len(RESULTS[name].files) if fmt == "json" else len(RESULTS[name].findings)
    )


def test_other_formats_come_whole() -> None:
    assert list(chunks(get_reporter("text"), RESULT, PLAIN)) == [
        get_reporter("text").render(RESULT, PLAIN)
    ]


@pytest.mark.parametrize("fmt", ["concise", "github"])
def test_line_formats_come_a_thousand_lines_at_a_time(fmt: str) -> None:
    """A file with a million findings never makes one string (nor one list of lines)."""
    file = RESULT.files[0]
    many = RunResult((replace(file, findings=tuple(file.findings) * 1_500),))
    reporter = get_reporter(fmt)
    pieces = list(chunks(reporter, many, PLAIN))
    assert "".join(pieces) == reporter.render(many, PLAIN)
    assert max(piece.count("\n") for piece in pieces) <= 1_000 < len(many.findings)
