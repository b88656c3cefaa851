"""Changed-lines mode on real git repositories: which lines count as changed, and which findings
survive the filter."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    EXAMPLE_BAD,
    EXAMPLE_GOOD,
    NEW_SENTENCE,
    json_files,
    positions,
    report,
    run,
)
from git_support import git, isolate, new_repo, write

from customerlens.errors import ConfigError
from customerlens.filters.changed_lines import changed_lines, filter_changed
from customerlens.model import FileResult, Finding, Level, RunResult, Score

ROOT = Path(__file__).resolve().parents[2]
TEN_LINES = "".join(f"line {n}\n" for n in range(1, 11))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


def _edit(path: Path, edit: dict[int, str | None], insert_after: dict[int, list[str]]) -> None:
    """Replace (or, with None, delete) lines by number and insert new lines after others."""
    out: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number in edit:
            if edit[number] is not None:
                out.append(str(edit[number]))
        else:
            out.append(line)
        out.extend(insert_after.get(number, []))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_edited_inserted_and_untracked_lines(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"site/a.md": TEN_LINES, "site/same.md": TEN_LINES})
    _edit(repo / "site/a.md", {3: "line three", 9: None}, {6: ["new 1", "new 2"]})
    write(repo, {"site/new.md": "one\ntwo\nthree"})  # untracked, no final newline
    changed = changed_lines("HEAD", ["site"], repo)
    # 3 edited; 7 and 8 inserted; deleting old line 9 adds no line
    assert changed == {"site/a.md": {3, 7, 8}, "site/new.md": {1, 2, 3}}


def test_committed_changes_count_against_an_older_revision(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"a.md": TEN_LINES})
    _edit(repo / "a.md", {2: "second"}, {})
    git(repo, "commit", "-qam", "edit")
    assert changed_lines("HEAD", ["a.md"], repo) == {}
    assert changed_lines("HEAD~1", ["a.md"], repo) == {"a.md": {2}}


def test_merge_base_mode_ignores_what_the_base_branch_did(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"a.md": TEN_LINES})
    git(repo, "switch", "-qc", "feature")
    _edit(repo / "a.md", {2: "feature edit"}, {})
    git(repo, "commit", "-qam", "feature")
    git(repo, "switch", "-q", "main")
    _edit(repo / "a.md", {8: "main edit"}, {})
    git(repo, "commit", "-qam", "main")
    git(repo, "switch", "-q", "feature")
    assert changed_lines("main", ["a.md"], repo) == {"a.md": {2, 8}}  # main's line 8 looks changed
    assert changed_lines("main...", ["a.md"], repo) == {"a.md": {2}}  # what the branch changed


def test_paths_match_as_typed_from_a_subfolder(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", {"site/a.md": TEN_LINES, "docs/b.md": TEN_LINES})
    _edit(repo / "site/a.md", {1: "first"}, {})
    _edit(repo / "docs/b.md", {10: "last"}, {})
    changed = changed_lines("HEAD", ["./a.md", "../docs"], repo / "site")
    assert changed == {"a.md": {1}, "../docs/b.md": {10}}
    result = RunResult((_file("./a.md", 1, 2), _file(str(repo / "docs/b.md"), 10)))
    kept = filter_changed(result, changed, repo / "site")
    assert [len(f.findings) for f in kept.files] == [1, 1]


def test_diff_relative_in_the_users_git_config_changes_nothing(tmp_path: Path) -> None:
    """With `diff.relative = true` git names files relative to the subfolder: before, --diff
    run from a subfolder found no changed line at all."""
    repo = new_repo(tmp_path / "repo", {"site/a.md": TEN_LINES})
    git(repo, "config", "diff.relative", "true")
    _edit(repo / "site/a.md", {3: "third"}, {})
    assert changed_lines("HEAD", ["a.md"], repo / "site") == {"a.md": {3}}
    assert changed_lines("HEAD", ["site"], repo) == {"site/a.md": {3}}


def test_diff_takes_no_git_lock_and_leaves_the_index_alone(tmp_path: Path) -> None:
    """A stale index would be refreshed (rewritten) by a plain `git diff`."""
    repo = new_repo(tmp_path / "repo", {"a.md": TEN_LINES})
    index = repo / ".git" / "index"
    later = (repo / "a.md").stat().st_mtime + 5  # stat data changes, content does not:
    os.utime(repo / "a.md", (later, later))  # the index is stale (and not racily clean)
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    assert changed_lines("HEAD", ["a.md"], repo) == {}
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before


def test_unusual_file_names_and_lines_that_look_like_headers(tmp_path: Path) -> None:
    name = "café page, 50%.md"
    repo = new_repo(tmp_path / "repo", {name: TEN_LINES, "tab\there.md": TEN_LINES})
    _edit(repo / name, {}, {4: ["++ not a file header", "--- nor this"]})
    _edit(repo / "tab\there.md", {5: "five"}, {})
    assert changed_lines("HEAD", ["."], repo) == {name: {5, 6}, "tab\there.md": {5}}


def test_no_paths_no_git() -> None:
    assert changed_lines("HEAD", ["-"], "/nonexistent") == {}


@pytest.mark.parametrize(
    ("rev", "in_repo", "message"),
    [
        ("HEAD", False, "not a git repository"),
        ("no-such-branch", True, "bad revision 'no-such-branch'"),
        ("--output=x", True, "'--output=x' is not a git revision"),
    ],
)
def test_errors_are_one_line_config_errors(
    tmp_path: Path, rev: str, in_repo: bool, message: str
) -> None:
    folder = new_repo(tmp_path / "repo", {"a.md": "x\n"}) if in_repo else tmp_path / "plain"
    folder.mkdir(exist_ok=True)
    with pytest.raises(ConfigError, match=message) as caught:
        changed_lines(rev, ["a.md"], folder)
    assert "\n" not in str(caught.value)
    assert not (folder / "x").exists()


def _finding(line: int, end_line: int | None = None) -> Finding:
    return Finding("CL101", "them", Level.WARNING, line, 1, end_line or line, 4, "We", "m", "")


def _file(path: str, *lines: int) -> FileResult:
    score = Score(total=50.0, pillars={})
    return FileResult(path, "markdown", score, tuple(_finding(n) for n in lines))


def test_filter_keeps_findings_touching_a_changed_line() -> None:
    spans = FileResult(
        "a.md", "markdown", None, (_finding(2), _finding(3), _finding(5, 7), _finding(9, 10))
    )
    result = RunResult((spans, _file("untouched.md", 1), FileResult("bad.md", error="unreadable")))
    kept = filter_changed(result, {"a.md": {3, 6}})
    assert [(f.line, f.end_line) for f in kept.files[0].findings] == [(3, 3), (5, 7)]
    assert kept.files[1].findings == () and kept.files[1].score == result.files[1].score
    assert kept.files[2] == result.files[2]


def test_real_linter_reports_only_the_edited_sentence(tmp_path: Path, lint_text: Any) -> None:
    draft = (
        "# Storage\n\nWe are proud of our award-winning platform.\n\nYou keep every file safe.\n"
    )
    repo = new_repo(tmp_path / "repo", {"page.md": draft})
    (repo / "page.md").write_text(draft + "\nWe offer world-class support.\n", encoding="utf-8")
    result = RunResult((lint_text((repo / "page.md").read_text(encoding="utf-8"), "page.md"),))
    assert {f.line for f in result.findings} >= {3, 7}  # old and new copy are both flagged
    kept = filter_changed(result, changed_lines("HEAD", ["page.md"], repo), repo)
    assert kept.findings and {f.line for f in kept.findings} == {7}
    assert kept.files[0].score == result.files[0].score


# --- --diff through the command line --------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_diff_reports_only_changed_lines_and_scores_whole_documents(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    repo = new_repo(
        tmp_path / "site",
        {
            "page.md": (ROOT / EXAMPLE_BAD).read_text(encoding="utf-8"),
            "other.md": (ROOT / EXAMPLE_GOOD).read_text(encoding="utf-8"),
        },
    )
    monkeypatch.chdir(repo)
    lines = (repo / "page.md").read_text(encoding="utf-8").splitlines(keepends=True)
    heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
    lines.insert(heading, NEW_SENTENCE)  # new lines heading+1 and heading+2 (blank)
    lines[-1] = "Contact our award-winning team today to learn more about our solutions.\n"
    text = "".join(lines)
    (repo / "page.md").write_text(text, encoding="utf-8")
    last = len(text.splitlines())
    (repo / "new.md").write_text(
        (ROOT / EXAMPLE_BAD).read_text(encoding="utf-8"), encoding="utf-8"
    )  # untracked
    changed = {heading + 1, heading + 2, last}
    full = {Path(f["path"]).name: f for f in json_files(capsys, "page.md", "other.md", "new.md")}
    code, out = report(capsys, "json", "page.md", "other.md", "new.md", "--diff", "HEAD")
    diffed = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert code == 1
    page = positions(diffed["page.md"])
    whole = {
        (f["rule"], 1, 1, 1, 1, f["level"])
        for f in full["page.md"]["findings"]
        if f["scope"] == "document"
    }
    assert whole  # the page's reading grade: about the whole (changed) document, so kept
    assert page and page == [
        p for p in positions(full["page.md"]) if changed & set(range(p[1], p[3] + 1)) or p in whole
    ]
    assert {p[1] for p in page} == {1, heading + 1, last}
    assert len(page) < len(full["page.md"]["findings"])
    assert diffed["other.md"]["findings"] == []
    assert diffed["new.md"]["findings"] == full["new.md"]["findings"]  # untracked: all new
    assert {name: f["score"] for name, f in diffed.items()} == {
        name: f["score"] for name, f in full.items()
    }
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edit")
    code, out = report(capsys, "json", "page.md", "--diff", "HEAD")
    assert code == 0 and json.loads(out)["files"][0]["findings"] == []  # nothing changed since HEAD
    code, out = report(capsys, "json", "page.md", "--diff", "HEAD~1")
    assert positions(json.loads(out)["files"][0]) == page


@pytest.mark.usefixtures("in_the_checkout")
def test_diff_outside_git_or_with_a_bad_revision_is_one_line(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    repo = new_repo(
        tmp_path / "site", {"page.md": (ROOT / EXAMPLE_GOOD).read_text(encoding="utf-8")}
    )
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "check", "page.md", "--diff", "no-such-rev")
    assert (
        (code, out) == (2, "")
        and len(err.splitlines()) == 1
        and err.startswith("customerlens: --diff: git: ")
    )
    code, _, err = run(capsys, "check", "page.md", "--diff", "--cached")
    assert code == 2 and "is not a git revision" in err
    monkeypatch.chdir(tmp_path)  # above the repository: no git here
    code, out, err = run(capsys, "check", "site/page.md", "--diff", "HEAD")
    assert (code, out) == (2, "") and err.startswith(
        "customerlens: --diff: git: fatal: not a git repository"
    )
