"""Baselines: today's findings are recorded; only new ones are reported, wherever old ones moved."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    EXAMPLE_BAD,
    NEW_SENTENCE,
    assert_no_traceback,
    cli,
    drafts,
    json_files,
    positions,
    report,
    run,
)
from reporters_support import BROKEN, LANDING, RESULT, _finding

from customerlens.errors import ConfigError
from customerlens.filters.baseline import filter_new, write_baseline
from customerlens.model import FileResult, Level, RunResult

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "We are proud to announce our new plan."


def _page(
    path: str, *lines: int, context: str = SENTENCE, match: str = "We are proud"
) -> FileResult:
    found = tuple(_finding("CL103", Level.WARNING, n, 1, context, match) for n in lines)
    return FileResult(path, "markdown", LANDING.score, found)


def test_a_run_against_its_own_baseline_reports_nothing() -> None:
    again = filter_new(RESULT, write_baseline(RESULT, "."), "baseline.json")
    assert again.findings == ()
    assert [(f.path, f.score, f.error) for f in again.files] == [
        (f.path, f.score, f.error) for f in RESULT.files
    ]


def test_baseline_is_stable_readable_and_keeps_no_copy() -> None:
    text = write_baseline(RESULT, ".")
    assert text == write_baseline(RunResult(RESULT.files[::-1]), ".")
    data = json.loads(text)
    assert data["version"] == 1 and list(data["files"]) == ["site/landing.md"]
    entries = data["files"]["site/landing.md"]
    assert {"rule": "CL001", "match": "welcome to our website"} in [
        {"rule": e["rule"], "match": e["match"]} for e in entries
    ]
    assert "proud to announce" not in text  # the sentence is kept as a hash only
    assert sum(e["count"] for e in entries) == len(LANDING.findings)


def test_moved_findings_stay_known_and_duplicates_are_counted() -> None:
    baseline = write_baseline(RunResult((_page("./site/a.md", 3),)), ".")
    moved = RunResult((_page("site/a.md", 40, 41),))  # lines added above; the sentence twice now
    new = filter_new(moved, baseline, "baseline.json").findings
    assert [f.line for f in new] == [41]


def test_case_and_spacing_do_not_make_a_finding_new() -> None:
    baseline = write_baseline(RunResult((_page("a.md", 3),)), ".")
    respaced = _page(
        "a.md", 3, context="we  are\nproud to announce our  new plan.", match="we  are\nproud"
    )
    assert filter_new(RunResult((respaced,)), baseline, "b.json").findings == ()


def test_an_edited_sentence_is_checked_again() -> None:
    baseline = write_baseline(RunResult((_page("a.md", 3),)), ".")
    edited = _page("a.md", 3, context="We are proud to announce our newest plan.")
    other_file = _page("b.md", 3)
    assert len(filter_new(RunResult((edited, other_file)), baseline, "b.json").findings) == 2


def test_unreadable_files_pass_through() -> None:
    result = RunResult((BROKEN,))
    assert filter_new(result, write_baseline(result, "."), "b.json") == result


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
    new = filter_new(after, write_baseline(before, "."), "baseline.json")
    assert new.findings and all(f.context == "We offer world-class support." for f in new.findings)
    assert new.files[0].score == after.files[0].score
    assert replace(new.files[0], findings=()) == replace(after.files[0], findings=())


# --- through the command line ---------------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_baseline_reports_only_new_findings_after_lines_move(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    page.write_text((ROOT / EXAMPLE_BAD).read_text(encoding="utf-8"), encoding="utf-8")
    [before] = json_files(capsys, "page.md")
    code, out, err = run(capsys, "check", "page.md", "--write-baseline", "base.json")
    assert (code, out) == (0, "") and before["findings"]
    assert err == f"customerlens: recorded {len(before['findings'])} findings in base.json\n"
    recorded = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert recorded["version"] == 1 and list(recorded["files"]) == ["page.md"]
    assert sum(e["count"] for e in recorded["files"]["page.md"]) == len(before["findings"])

    code, out = report(capsys, "json", "page.md", "--baseline", "base.json")
    [same] = json.loads(out)["files"]
    assert code == 0 and same["findings"] == [] and same["score"] == before["score"]

    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
    page.write_text(
        "".join(lines[:heading]) + NEW_SENTENCE + "".join(lines[heading:]), encoding="utf-8"
    )
    inserted = heading + 1  # 1-based line of the new sentence; every old line moved down by 2
    [full] = json_files(capsys, "page.md")
    code, out = report(capsys, "json", "page.md", "--baseline", "base.json")
    [new] = json.loads(out)["files"]
    assert code == 1 and new["findings"]
    assert positions(new) == [p for p in positions(full) if p[1] == inserted]
    assert {(f["rule"], f["match"]) for f in new["findings"]} >= {("CL201", "innovative")}
    assert new["score"] == full["score"]  # scores still describe the whole document
    concise = report(capsys, "concise", "page.md", "--baseline", "base.json")[1]
    *found, score, _ = concise.splitlines()  # the findings, the file's score, the totals
    assert found and all(line.startswith(f"page.md:{inserted}:") for line in found)
    assert score.startswith("page.md: score ")


@pytest.mark.usefixtures("in_the_checkout")
def test_a_new_opening_sentence_does_not_renew_document_level_findings(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    body = (
        "# Acme storage\n\nAcme stores every file in three places. The dashboard shows each copy"
        " and its age. Restores take one click from any device in the office.\n"
    )
    page.write_text(body, encoding="utf-8")
    [before] = json_files(capsys, "page.md")
    assert "CL301" in {f["rule"] for f in before["findings"]}  # the whole page addresses no one
    assert run(capsys, "check", "page.md", "--write-baseline", "base.json")[0] == 0
    page.write_text("Storage is hard.\n\n" + body, encoding="utf-8")  # adds no finding of its own
    [after] = json.loads(report(capsys, "json", "page.md", "--baseline", "base.json")[1])["files"]
    assert after["findings"] == []


@pytest.mark.usefixtures("in_the_checkout")
def test_a_broken_baseline_is_a_usage_error(capsys: Any, tmp_path: Path) -> None:
    broken = tmp_path / "base.json"
    broken.write_text('{"version": 7}', encoding="utf-8")
    code, out, err = run(capsys, "check", EXAMPLE_BAD, "--baseline", str(broken))
    assert (
        (code, out) == (2, "")
        and len(err.splitlines()) == 1
        and "not a customerlens baseline" in err
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[1, 2]", "not a customerlens baseline"),
        (b'{"version": 1, "files": {"a.md": [{"rule": 5}]}}', "not a customerlens baseline"),
        (b'{"version": 1, "files": ', ""),
        (b"\xff\xfe{\x00}\x00", ""),
    ],
    ids=["not-an-object", "bad-entry", "truncated-json", "not-utf8"],
)
def test_a_bad_baseline_file_is_a_usage_error(
    capsys: Any, tmp_path: Path, content: bytes, reason: str
) -> None:
    site = drafts(tmp_path / "site")
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    code, out, err = cli(
        capsys, "check", str(site), "--baseline", str(baseline), "--format", "json", "--jobs", "1"
    )
    assert_no_traceback(out, err)
    assert code == 2 and out == ""
    [message] = err.splitlines()
    assert "baseline.json" in message and reason in message


def test_a_baseline_matches_however_the_paths_are_spelled(
    capsys: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Written with `check site`, read with `check $PWD/site` or from inside `site/`."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text((ROOT / EXAMPLE_BAD).read_text(encoding="utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check", "site", "--write-baseline", "base.json")[0] == 0
    recorded = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["files"]
    assert list(recorded) == ["site/page.md"]  # relative to the baseline's folder
    for where, argv in [
        (tmp_path, ["site", "--baseline", "base.json"]),
        (tmp_path, [str(site), "--baseline", str(tmp_path / "base.json")]),
        (site, [".", "--baseline", "../base.json"]),
        (site, ["page.md", "--baseline", str(tmp_path / "base.json")]),
    ]:
        monkeypatch.chdir(where)
        code, out = report(capsys, "json", *argv)
        [file] = json.loads(out)["files"]
        assert (code, file["findings"]) == (0, []), (where, argv)


def test_a_baseline_nested_too_deep_is_one_line(capsys: Any, tmp_path: Path) -> None:
    """100,000 `[`: before, a RecursionError and exit 3."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    code, out, err = run(capsys, "check", EXAMPLE_BAD, "--baseline", str(deep))
    assert (code, out) == (2, "")
    assert err == f"customerlens: {deep}: not a customerlens baseline: nested too deeply\n"
