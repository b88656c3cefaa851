"""Discovery: which files a run checks, in which order and format, and what it reports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
