"""One run's results for the reporter tests, and the golden files their reports are compared with.

Regenerate the goldens with `UPDATE_GOLDEN=1 pytest tests/reporters`, then read the diff. The CI
goldens use a fixed rule catalogue (the `catalogue` fixture), so editing a rule file does not
change them.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from customerlens.model import FileResult, Finding, Level, RunResult, Score
from customerlens.reporters.base import ReportOptions

GOLDEN = Path(__file__).parent / "golden"
PLAIN = ReportOptions(color=False, width=100)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CI_GOLDEN = GOLDEN / "ci"


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
        Finding(  # about the whole page: no span, reported at the file
            rule="CL401",
            pillar="clarity",
            level=Level.SUGGESTION,
            line=1,
            column=1,
            end_line=1,
            end_column=1,
            match="",
            message="Reading grade 11.4 is above the target of 8.",
            suggestion="Shorten sentences and prefer short, common words.",
            scope="document",
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


PROMISE = "Leading tools, leading teams, leading results: 50% off, today only."


# a path GitHub and URIs must escape; a span over two lines; the same finding twice in a
# sentence; a form feed, which XML 1.0 cannot hold
ODD = FileResult(
    path="docs/50% off, now: café.md",
    format="markdown",
    score=Score(total=62.04, pillars={"who": 70.0, "care": 50.0, "them": 66.66, "clarity": 55.0}),
    findings=(
        _finding("CL201", Level.WARNING, 4, 1, PROMISE, "Leading", pillar="care"),
        _finding("CL201", Level.WARNING, 4, 16, PROMISE, "leading", pillar="care"),
        replace(
            _finding(
                "CL104",
                Level.ERROR,
                6,
                1,
                "We build.\nWe ship.",
                "We build.\nWe ship.",
                message="A paragraph about us:\x0c 3 times 'we', 0 times 'you'.",
            ),
            end_line=7,
            end_column=9,
        ),
    ),
)


CI_RESULT = RunResult((*RESULT.files, ODD))
CI_FORMATS = ("sarif", "github", "junit", "gitlab", "statistics")
