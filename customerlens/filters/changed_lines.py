"""Changed-lines mode (`--diff REV`): report only findings on lines changed since a revision.

A legacy site can adopt the check page by page: old copy stays quiet until someone edits it.
`REV` is anything `git diff` takes; `origin/main...` compares against the merge base, which is
what a pull request changed. Untracked files count as wholly changed. Scores are left alone: they
describe whole documents.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import replace

from customerlens.errors import ConfigError
from customerlens.filters.git import GitError, git
from customerlens.model import RunResult

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
QUOTED_CHAR = re.compile(r"\\([0-7]{3}|.)")
ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13}

StrPath = str | os.PathLike[str]


def changed_lines(rev: str, paths: Sequence[str], cwd: StrPath) -> dict[str, set[int]]:
    """Lines (1-based, in the working tree) added or changed since `rev`, by file path relative
    to `cwd` as `filter_changed` looks it up."""
    if rev.startswith("-"):
        raise ConfigError(f"--diff: {rev!r} is not a git revision")
    specs = [path for path in paths if path != "-"]
    if not specs:
        return {}
    top = _git(cwd, "rev-parse", "--show-toplevel").rstrip("\n")
    with tempfile.TemporaryDirectory(prefix="customerlens-") as scratch:
        diff = _diff(cwd, rev, specs, scratch)
    changed: dict[str, set[int]] = {}
    lines: set[int] = set()
    in_header = False  # an added line "++ x" reads "+++ x": only a file header names the file
    for row in diff.splitlines():
        if row.startswith("diff --git "):
            in_header, lines = True, set()
        elif in_header and row.startswith("+++ "):
            name = _unquote(row[4:].rstrip("\t"))  # git ends a name holding a space with a tab
            lines = set()  # for /dev/null, a deleted file
            if name.startswith("b/"):
                lines = changed.setdefault(_key(os.path.join(top, name[2:]), cwd), set())
        elif hunk := HUNK.match(row):
            in_header = False
            start, count = int(hunk[1]), int(hunk[2] or 1)
            lines.update(range(start, start + count))
    untracked = _git(cwd, "ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
    for path in filter(None, untracked.split("\0")):
        changed[_key(path, cwd)] = set(range(1, _line_count(os.path.join(cwd, path)) + 1))
    return changed


def filter_changed(
    result: RunResult, changed: dict[str, set[int]], cwd: StrPath = "."
) -> RunResult:
    """Keep the findings whose lines touch a changed line, and those about the whole document of
    a file with a change (a changed paragraph can raise its reading grade); a file with no change
    keeps none."""
    files = []
    for file in result.files:
        lines = changed.get(_key(file.path, cwd), set())
        kept = tuple(
            f
            for f in file.findings
            if (f.whole and lines) or not lines.isdisjoint(range(f.line, f.end_line + 1))
        )
        files.append(replace(file, findings=kept))
    return RunResult(tuple(files))


def _key(path: StrPath, cwd: StrPath) -> str:
    """One spelling per file: relative to `cwd`, forward slashes, links resolved (git reports the
    top level with links resolved, the user may have typed them)."""
    real = os.path.realpath(os.path.join(cwd, path))
    return os.path.relpath(real, os.path.realpath(cwd)).replace(os.sep, "/")


def _diff(cwd: StrPath, rev: str, specs: Sequence[str], scratch: str) -> str:
    """`git diff` against the working tree, on a copy of the index: git would refresh the real
    one (rewrite its stat data), a write under the user's own git and editor."""
    real = os.path.join(cwd, _git(cwd, "rev-parse", "--git-path", "index").rstrip("\n"))
    copy = os.path.join(scratch, "index")
    if os.path.exists(real):
        shutil.copyfile(real, copy)
    return _git(
        cwd,
        "-c",
        "core.quotePath=true",  # plain ASCII headers; _unquote reads the rest
        "diff",
        "--no-relative",  # whole-repository names, whatever diff.relative says
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        rev,
        "--",
        *specs,
        index=copy,
    )


def _git(cwd: StrPath, *args: str, index: str | None = None) -> str:
    try:
        return git(cwd, *args, index=index).decode("utf-8", "surrogateescape")
    except GitError as exc:
        if exc.missing:
            raise ConfigError("--diff needs git, and git is not installed") from None
        raise ConfigError(f"--diff: git: {exc}") from None


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names ("b/tab\\there.md", octal UTF-8 bytes)."""
    if not (name.startswith('"') and name.endswith('"')):
        return name

    def byte(match: re.Match[str]) -> str:
        code = match[1]
        value = int(code, 8) if len(code) == 3 else ESCAPES.get(code, ord(code))
        return chr(value)  # a byte for now; latin-1 below turns the run back into bytes

    raw = QUOTED_CHAR.sub(byte, name[1:-1])
    return raw.encode("latin-1", "surrogateescape").decode("utf-8", "surrogateescape")


def _line_count(path: str) -> int:
    """Lines as customerlens numbers them: LF, CRLF and CR each end one."""
    try:
        with open(path, "rb") as handle:
            return len(handle.read().splitlines())
    except OSError:
        return 0
