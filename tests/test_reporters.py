"""Reporters: golden files for every format, plus the properties goldens cannot show.

Regenerate the goldens with `UPDATE_GOLDEN=1 pytest tests/test_reporters.py`, then read the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from customerlens.model import FileResult, Finding, Level, RunResult, Score
from customerlens.reporters.base import FORMATS, ReportOptions, get_reporter
from customerlens.reporters.json_report import summarize

GOLDEN = Path(__file__).parent / "golden"
PLAIN = ReportOptions(color=False, width=100)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _finding(
    rule: str, level: Level, line: int, column: int, context: str, match: str, **extra: str
) -> Finding:
    start = context.index(match)
    return Finding(
        rule=rule,
        pillar=extra.get("pillar", "them"),
        level=level,
        line=line,
        column=column,
        end_line=line,
        end_column=column + len(match),
        match=match,
        message=extra.get("message", f"'{match}' puts the company on stage."),
        suggestion=extra.get("suggestion", ""),
        context=context,
        context_start=start,
        context_end=start + len(match),
    )


LANDING = FileResult(
    path="site/landing.md",
    format="markdown",
    score=Score(
        total=48.25,
        pillars={"who": 80.0, "care": 35.55, "them": 41.0, "clarity": None},
        counts={
            "words": 212,
            "reader_refs": 4,
            "self_refs": 11,
            "reader_share": 0.267,
            "benefit_sentences": 1,
            "audiences": ["founders", "ops teams"],
            "reading_grade": 11.4,
            "headline_self": True,  # a kind of count the reporters have never seen
            "not_measured": None,
        },
    ),
    findings=(
        _finding(
            "CL201",
            Level.SUGGESTION,
            9,
            5,
            "Our platform is a best-in-class, cutting-edge, state-of-the-art solution that "
            "leverages synergy across every workflow your organisation has ever imagined.",
            "best-in-class",
            pillar="care",
            message="'best-in-class' is self-praise; show the outcome instead.",
        ),
        _finding(
            "CL101",
            Level.WARNING,
            3,
            1,
            "We are proud to announce [bold]x[/bold] <script>alert(1)</script>.",
            "We are proud",
            message="'We are proud' speaks of [bold]x[/bold] <script>.\nMake the reader the "
            "subject.",
            suggestion="You can now [red]do x[/red] without <b>waiting</b>.",
        ),
        _finding("CL001", Level.ERROR, 1, 1, "Welcome to our website!", "Welcome to our website"),
        _finding(
            "CL101",
            Level.WARNING,
            3,
            30,
            "We are proud to ship — “naïve” café.",
            "café",
        ),
    ),
)
SHORT = FileResult(
    path="emails/short.txt",
    format="text",
    score=Score(total=None, pillars=dict.fromkeys(("who", "care", "them", "clarity")), counts={}),
)
BROKEN = FileResult(path="docs/broken.html", format="html", error="cannot decode\nbyte 0xff at 12")
GOOD = FileResult(
    path="site/pricing.md",
    format="markdown",
    score=Score(total=81.0, pillars={"who": 90.0, "care": 75.0, "them": 74.96, "clarity": 60.0}),
)
RESULT = RunResult(files=(LANDING, SHORT, BROKEN, GOOD))


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.mark.parametrize(
    ("fmt", "golden", "options"),
    [
        ("json", "report.json", PLAIN),
        ("concise", "report.concise.txt", PLAIN),
        ("text", "report.text.txt", PLAIN),
        ("text", "report.text.quiet.txt", ReportOptions(color=False, width=100, quiet=True)),
        ("concise", "report.concise.quiet.txt", ReportOptions(color=False, width=100, quiet=True)),
        ("text", "report.text.narrow.txt", ReportOptions(color=False, width=60)),
    ],
)
def test_golden(fmt: str, golden: str, options: ReportOptions) -> None:
    _check_golden(golden, get_reporter(fmt).render(RESULT, options))


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


def test_quiet_shows_only_the_summary() -> None:
    quiet = get_reporter("text").render(RESULT, ReportOptions(width=100, quiet=True))
    assert "Welcome to our website" not in quiet
    assert "site/landing.md" in quiet
    assert quiet.rstrip().endswith(summarize(RESULT).describe())


def test_plain_marks_the_span() -> None:
    text = get_reporter("text").render(RESULT, PLAIN)
    assert "»Welcome to our website«!" in text
    assert "»café«" in text


def test_json_valid_and_byte_identical() -> None:
    schema = json.loads((GOLDEN / "json-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    reporter = get_reporter("json")
    for result in (RESULT, RunResult(files=()), RunResult(files=(SHORT,))):
        first, second = reporter.render(result, PLAIN), reporter.render(result, PLAIN)
        assert first == second
        jsonschema.validate(json.loads(first), schema, cls=jsonschema.Draft202012Validator)


def test_json_equal_input_equal_bytes() -> None:
    """Neither dict order inside a Score nor the order findings arrive in may leak out."""
    assert LANDING.score is not None
    reordered = Score(
        total=LANDING.score.total,
        pillars=dict(reversed(LANDING.score.pillars.items())),
        counts=dict(reversed(LANDING.score.counts.items())),
    )
    assert reordered == LANDING.score
    twin = FileResult(LANDING.path, LANDING.format, reordered, LANDING.findings[::-1])
    reporter = get_reporter("json")
    assert reporter.render(RunResult((twin,)), PLAIN) == reporter.render(
        RunResult((LANDING,)), PLAIN
    )


def test_summary_numbers() -> None:
    summary = summarize(RESULT)
    assert (summary.files, summary.checked, summary.errors, summary.findings) == (4, 3, 1, 4)
    assert summary.by_level == {"error": 1, "warning": 2, "suggestion": 1}
    assert summary.by_rule == {"CL001": 1, "CL101": 2, "CL201": 1}
    assert summary.mean_score == pytest.approx(64.6)  # (48.25 + 81.0) / 2, rounded
    assert summary.lowest == ("site/landing.md", 48.2)  # round-half-even on the binary float
    assert summary.describe() == (
        "4 files (1 not checked), 4 findings (1 error, 2 warnings, 1 suggestion), mean score 64.6"
    )
