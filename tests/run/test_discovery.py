"""Discovery: which files a run checks, in which order and format, and what it reports."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    PNG,
    TRIGGER,
    assert_companion_checked,
    assert_no_traceback,
    assert_one_error,
    by_name,
    check_json,
    cli,
    companion,
    subprocess_cli,
    trigger_at,
)

from customerlens.documents import format_for
from customerlens.run.discovery import Source, discover


def tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_format_follows_the_suffix_case_insensitively() -> None:
    assert [
        format_for(p) for p in ("a.md", "b.MDX", "c.markdown", "d.txt", "e.text", "f.HTM", "g.html")
    ] == ["markdown", "markdown", "markdown", "text", "text", "html", "html"]
    assert format_for("h.pdf") is None and format_for("Makefile") is None


def test_directories_are_walked_in_sorted_order_keeping_supported_files(tmp_path: Path) -> None:
    tree(
        tmp_path,
        "b.md",
        "a.html",
        "notes.pdf",
        "sub/z.txt",
        "sub/deeper/y.mdx",
        ".git/x.md",
        ".hidden.md",
        "node_modules/pkg/readme.md",
        "c.text",
    )
    found = discover([str(tmp_path)])
    assert found.errors == []
    assert [os.path.relpath(s.display, tmp_path) for s in found.files] == [
        "a.html",
        "b.md",
        "c.text",
        os.path.join("sub", "z.txt"),
        os.path.join("sub", "deeper", "y.mdx"),
    ]
    assert [s.format for s in found.files] == ["html", "markdown", "text", "text", "markdown"]
    assert all(s.path == s.display for s in found.files)


def test_explicit_paths_keep_their_order_and_are_checked_once(tmp_path: Path) -> None:
    tree(tmp_path, "one.md", "two.txt")
    one, two = str(tmp_path / "one.md"), str(tmp_path / "two.txt")
    found = discover([two, one, str(tmp_path), one, str(tmp_path / "." / "two.txt")])
    assert found.files == [Source(two, two, "text"), Source(one, one, "markdown")]


def test_missing_and_unsupported_paths_are_errors_and_the_rest_still_runs(tmp_path: Path) -> None:
    tree(tmp_path, "ok.md", "logo.png", "Makefile")
    found = discover(
        [
            str(tmp_path / "nope.md"),
            str(tmp_path / "logo.png"),
            str(tmp_path / "Makefile"),
            str(tmp_path / "ok.md"),
        ]
    )
    assert [s.display for s in found.files] == [str(tmp_path / "ok.md")]
    assert [e.reason for e in found.errors] == [
        "no such file or directory",
        "unsupported file type '.png' (expected one of .htm, .html, .markdown, .md, .mdx, .text, "
        ".txt)",
        "unsupported file type (no suffix) (expected one of .htm, .html, .markdown, .md, .mdx, "
        ".text, .txt)",
    ]
    assert found.errors[0].path == str(tmp_path / "nope.md")


def test_stdin_format_comes_from_stdin_filename() -> None:
    assert discover(["-"]).files == [Source("<stdin>", None, "markdown")]
    assert discover(["-", "-"], stdin_filename="page.html").files == [
        Source("page.html", None, "html")
    ]
    found = discover(["-"], stdin_filename="page.pdf")
    assert found.files == [] and "unsupported file type '.pdf'" in found.errors[0].reason


def test_symlink_loops_do_not_hang_and_linked_files_count_once(tmp_path: Path) -> None:
    tree(tmp_path, "docs/a.md")
    (tmp_path / "docs" / "loop").symlink_to(tmp_path / "docs", target_is_directory=True)
    (tmp_path / "docs" / "alias.md").symlink_to(tmp_path / "docs" / "a.md")
    (tmp_path / "docs" / "broken.md").symlink_to(tmp_path / "missing.md")
    found = discover([str(tmp_path)])
    assert [os.path.basename(s.display) for s in found.files] == ["a.md"]
    assert found.errors == []


def test_an_unreadable_directory_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, "ok/a.md", "locked/b.md")
    real_scandir = os.scandir

    def scandir(path: str) -> os._ScandirIterator[str]:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tmp_path)])
    assert [os.path.basename(s.display) for s in found.files] == ["a.md"]
    assert [(e.path, e.reason) for e in found.errors] == [
        (str(tmp_path / "locked"), "permission denied")
    ]


def test_nothing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("x")
    path.chmod(0)
    assert discover([str(path)]).files == [Source(str(path), str(path), "markdown")]


# --- through the command line ---------------------------------------------------------------------


def test_files_are_reported_in_a_stable_order_whatever_the_creation_order(
    capsys: Any, tmp_path: Path
) -> None:
    names = [
        "b.md",
        "a.md",
        "Z.md",
        "sub/c.md",
        "sub/a.html",
        "sub/deeper/x.txt",
        "a-b.md",
        "a_b.md",
        "ä.md",
        "10.md",
        "9.md",
    ]
    reports = []
    for attempt in range(3):
        root = tmp_path / f"tree{attempt}"
        order = names[:]
        random.Random(attempt).shuffle(order)
        for name in order:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(TRIGGER + "\n", encoding="utf-8")
        code, out, _ = cli(
            capsys, "check", str(root), "--format", "json", "--jobs", "2" if attempt else "1"
        )
        assert code == 1
        reports.append([os.path.relpath(f["path"], root) for f in json.loads(out)["files"]])
    assert reports[0] == reports[1] == reports[2]
    assert sorted(reports[0]) == sorted(names)
    top = [p for p in reports[0] if "/" not in p]
    assert top == sorted(top)  # names in code-point order within a folder
    # paths given on the command line keep their order
    code, out, _ = cli(
        capsys,
        "check",
        str(tmp_path / "tree0" / "b.md"),
        str(tmp_path / "tree0" / "a.md"),
        "--format",
        "json",
    )
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["b.md", "a.md"]


def test_a_path_with_spaces_and_non_ascii_characters(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "Marketing drafts — été 2025" / "日本語 folder"
    folder.mkdir(parents=True)
    good = folder / "landing page ünïcödé 🚀.md"
    good.write_text(TRIGGER + "\n", encoding="utf-8")
    broken = folder / "logo copy é.md"
    broken.write_bytes(PNG)
    code, report, err = check_json(capsys, tmp_path / "Marketing drafts — été 2025")
    assert code == 2
    assert_one_error(err, "logo copy é.md", "looks like a binary file")
    assert [Path(f["path"]).name for f in report["files"]] == [
        "landing page ünïcödé 🚀.md",
        "logo copy é.md",
    ]
    assert by_name(report, "landing page ünïcödé 🚀.md")["path"] == str(good)
    trigger_at(by_name(report, "landing page ünïcödé 🚀.md"), 1, 1)
    code, out, err = cli(capsys, "check", str(good), "--format", "concise", "--jobs", "1")
    assert code == 1 and f"{good}:1:1:" in out


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.md")).write_bytes(TRIGGER.encode() + b"\n")
    (folder / "ok.md").write_text(TRIGGER + "\n", encoding="utf-8")
    report_file = tmp_path / "report.json"
    result = subprocess_cli(
        "check", str(folder), "--format", "json", "--jobs", "1", "--output", str(report_file)
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 1, result.stderr
    report = json.loads(report_file.read_bytes().decode("utf-8"))
    assert len(report["files"]) == 2
    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "customerlens",
            "check",
            str(folder),
            "--format",
            "json",
            "--jobs",
            "1",
        ],
        check=False,
        capture_output=True,
        timeout=120,
    )
    assert json.loads(piped.stdout.decode("utf-8"))["files"][0]["findings"]


def test_a_directory_with_a_symlink_loop(capsys: Any, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "blog" / "posts").mkdir(parents=True)
    (root / "blog" / "posts" / "one.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (root / "index.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (root / "blog" / "posts" / "up").symlink_to("../..")  # back to the top
    (root / "blog" / "self").symlink_to(".")
    (root / "blog" / "posts" / "alias.md").symlink_to("one.md")
    (root / "dangling.md").symlink_to("nowhere.md")
    (root / "a").symlink_to("b")
    (root / "b").symlink_to("a")  # a two-link cycle that resolves to nothing
    code, report, err = check_json(capsys, root, root / "blog")
    assert code == 1, err
    real = sorted(os.path.realpath(f["path"]) for f in report["files"])
    assert real == sorted(
        {str((root / "index.md").resolve()), str((root / "blog" / "posts" / "one.md").resolve())}
    )
    for file in report["files"]:
        trigger_at(file, 1, 1)


def test_a_fifo_with_a_text_suffix_does_not_hang_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    os.mkfifo(folder / "pipe.md")
    os.mkfifo(tmp_path / "named.md")
    other = companion(tmp_path)
    try:
        result = subprocess_cli(
            "check",
            str(tmp_path / "named.md"),
            str(folder),
            str(other),
            "--format",
            "json",
            "--jobs",
            "1",
            "--no-cache",
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung on a FIFO named like a text file")
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 2
    assert_one_error(result.stderr, "named.md", "not a regular file")
    assert_companion_checked(json.loads(result.stdout))


def test_a_path_that_does_not_exist(capsys: Any, tmp_path: Path) -> None:
    code, report, err = check_json(
        capsys, tmp_path / "nope.md", tmp_path / "missing-folder", companion(tmp_path)
    )
    assert code == 2
    assert_one_error(err, "nope.md", "no such file or directory")
    assert_one_error(err, "missing-folder", "no such file or directory")
    assert by_name(report, "nope.md")["error"] == "no such file or directory"
    assert report["summary"]["errors"] == 2
    assert_companion_checked(report)


def test_a_directory_named_like_a_file_is_walked(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "x.md"
    folder.mkdir()
    (folder / "inner.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (tmp_path / "empty.html").mkdir()
    code, report, err = check_json(capsys, folder, tmp_path / "empty.html", companion(tmp_path))
    assert code == 1 and err == ""
    trigger_at(by_name(report, "inner.md"), 1, 1)
    assert_companion_checked(report)
