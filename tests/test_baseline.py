"""Baselines: today's findings are recorded; only new ones are reported, wherever old ones moved."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from test_reporters import BROKEN, LANDING, RESULT, _finding

from customerlens.errors import ConfigError
from customerlens.filters.baseline import filter_new, write_baseline
from customerlens.model import FileResult, Level, RunResult

SENTENCE = "We are proud to announce our new plan."


def _page(
    path: str, *lines: int, context: str = SENTENCE, match: str = "We are proud"
) -> FileResult:
    found = tuple(_finding("CL103", Level.WARNING, n, 1, context, match) for n in lines)
    return FileResult(path, "markdown", LANDING.score, found)


def test_a_run_against_its_own_baseline_reports_nothing() -> None:
    again = filter_new(RESULT, write_baseline(RESULT), "baseline.json")
    assert again.findings == ()
    assert [(f.path, f.score, f.error) for f in again.files] == [
        (f.path, f.score, f.error) for f in RESULT.files
    ]


def test_baseline_is_stable_readable_and_keeps_no_copy() -> None:
    text = write_baseline(RESULT)
    assert text == write_baseline(RunResult(RESULT.files[::-1]))
    data = json.loads(text)
    assert data["version"] == 1 and list(data["files"]) == ["site/landing.md"]
    entries = data["files"]["site/landing.md"]
    assert {"rule": "CL001", "match": "welcome to our website"} in [
        {"rule": e["rule"], "match": e["match"]} for e in entries
    ]
    assert "proud to announce" not in text  # the sentence is kept as a hash only
    assert sum(e["count"] for e in entries) == len(LANDING.findings)


def test_moved_findings_stay_known_and_duplicates_are_counted() -> None:
    baseline = write_baseline(RunResult((_page("./site/a.md", 3),)))
    moved = RunResult((_page("site/a.md", 40, 41),))  # lines added above; the sentence twice now
    new = filter_new(moved, baseline, "baseline.json").findings
    assert [f.line for f in new] == [41]


def test_case_and_spacing_do_not_make_a_finding_new() -> None:
    baseline = write_baseline(RunResult((_page("a.md", 3),)))
    respaced = _page(
        "a.md", 3, context="we  are\nproud to announce our  new plan.", match="we  are\nproud"
    )
    assert filter_new(RunResult((respaced,)), baseline, "b.json").findings == ()


def test_an_edited_sentence_is_checked_again() -> None:
    baseline = write_baseline(RunResult((_page("a.md", 3),)))
    edited = _page("a.md", 3, context="We are proud to announce our newest plan.")
    other_file = _page("b.md", 3)
    assert len(filter_new(RunResult((edited, other_file)), baseline, "b.json").findings) == 2


def test_unreadable_files_pass_through() -> None:
    result = RunResult((BROKEN,))
    assert filter_new(result, write_baseline(result), "b.json") == result


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "invalid JSON at line 1 column 2"),
        ("[]", '"version": 1'),
        ('{"version": 2, "files": {}}', '"version": 1'),
        ('{"version": 1}', '"files" must be an object'),
        ('{"version": 1, "files": {"a.md": {}}}', '"a.md" must map to a list'),
        (
            '{"version": 1, "files": {"a.md": [{"rule": "CL1", "match": "x", "context": "y"}]}}',
            "entry 0",
        ),
        (
            '{"version": 1, "files": {"a.md": [{"rule": "CL1", "match": "x", "context": "y", '
            '"count": 0}]}}',
            "positive",
        ),
        (
            '{"version": 1, "files": {"a.md": [{"rule": 1, "match": "x", "context": "y", "count": '
            "1}]}}",
            '"rule"',
        ),
    ],
)
def test_a_malformed_baseline_names_the_file_and_the_problem(text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        filter_new(RESULT, text, "ci/baseline.json")
    message = str(caught.value)
    assert message.startswith("ci/baseline.json: not a customerlens baseline: ")
    assert problem in message


def test_real_linter_edits_elsewhere_keep_old_findings_quiet(lint_text: Any) -> None:
    draft = (
        "# Storage\n\nWe are proud of our award-winning platform.\n\nYou keep every file safe.\n"
    )
    before = RunResult((lint_text(draft, "page.md"),))
    assert before.findings
    edited = "# Storage for studios\n\nYou sync in seconds.\n\n" + draft.split("\n", 2)[2]
    edited += "\nWe offer world-class support.\n"
    after = RunResult((lint_text(edited, "page.md"),))
    new = filter_new(after, write_baseline(before), "baseline.json")
    assert new.findings and all(f.context == "We offer world-class support." for f in new.findings)
    assert new.files[0].score == after.files[0].score
    assert replace(new.files[0], findings=()) == replace(after.files[0], findings=())
