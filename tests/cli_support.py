"""The command line run in the test process, and what its reports say.

`cli` runs a command as typed. `run` adds `--jobs 1 --no-cache` to `check`, so that the check runs
here, where the model is already loaded, and `check` reads its JSON report as an `Outcome`.
`check_json` and the assertions after it read a run over good and bad inputs: exactly one error
line per bad input, a companion file still checked, every finding's `match` at its line:column.
`customerlens` and `subprocess_cli` start a separate process instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from customerlens.cli import main

# A companion file in every run: it must still be checked and reported whatever its neighbour is.
COMPANION_TEXT = "We offer the best support.\n"
TRIGGER = "We offer the best support."  # CL101 flags "We offer" at the sentence's first column
_BREAK = re.compile(r"\r\n|\r|\n")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    + bytes(range(256)) * 4
)


SELF_CENTRED = """\
# Acme: the leading platform

We are proud to announce our new world-class platform. We offer the best support in the
industry. Our team has built an innovative, cutting-edge solution. We believe our customers
deserve the best, and our experts are the most trusted in the market.
"""


READER_FOCUSED = """\
# Ship your launch page in an afternoon

You write the copy, pick a template and publish, so your team can test three headlines before
lunch. Small marketing teams use it to save about four hours a week, without waiting for a
developer.
"""


PAGE = """\
<!doctype html>
<html><head><title>Plans for small teams</title>
<link rel="stylesheet" href="http://198.51.100.7/site.css">
<link rel="preload" href="https://example.invalid/font.woff2" as="font">
<script src="https://203.0.113.9/analytics.js"></script>
<base href="http://example.invalid/">
<meta http-equiv="refresh" content="30;url=http://example.invalid/next">
<style>@import url("http://example.invalid/print.css"); body { background:
url(http://example.invalid/bg.png) }</style>
</head><body>
<h1>Plans for small teams</h1>
<img src="http://198.51.100.7/chart.png" alt="A chart of the hours you save"
srcset="http://example.invalid/2x.png 2x">
<iframe src="http://example.invalid/video"></iframe>
<object data="http://example.invalid/movie.swf"></object>
<video poster="http://example.invalid/poster.jpg" src="http://example.invalid/v.mp4"></video>
<p>We are proud to offer the best support. You can <a href="http://example.invalid/signup">start
today</a>.</p>
</body></html>
"""


# The shipped examples, relative to the checkout: tests that use them run there (the
# `in_the_checkout` fixture).
EXAMPLE_BAD = "examples/self-centred.md"
EXAMPLE_GOOD = "examples/reader-focused.md"


# the formats a CI run writes; not `text` or `html`, which are for people
OUTPUT_FORMATS = ("concise", "json", "sarif", "github", "junit", "gitlab", "statistics")
NEW_SENTENCE = "We are thrilled to offer the most innovative storage platform.\n\n"
CONCISE_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>suggestion|warning|error) "
    r"\[(?P<rule>[A-Z]+\d+)\] (?P<message>.+)$"
)


# --- running it -----------------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream, stream
        assert "internal error" not in stream, stream


FAST = ("--jobs", "1", "--no-cache")  # in this process, where the model is already loaded


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *FAST] if argv[0] == "check" else list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@dataclass(frozen=True)
class Outcome:
    """One `check --format json` run."""

    code: int
    files: list[dict[str, Any]]
    err: str

    @property
    def file(self) -> dict[str, Any]:
        [only] = self.files
        return only

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.file["findings"]  # type: ignore[no-any-return]

    @property
    def rules(self) -> list[str]:
        return [f["rule"] for f in self.findings]

    @property
    def spans(self) -> set[tuple[str, str, int, int, str]]:
        return {(f["rule"], f["level"], f["line"], f["column"], f["match"]) for f in self.findings}

    @property
    def score(self) -> dict[str, Any]:
        return self.file["score"]  # type: ignore[no-any-return]

    def named(self, rule: str) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["rule"] == rule]

    def paths(self, root: Path) -> list[str]:
        """The checked files, relative to `root` (as typed when they were given relative)."""
        return sorted(relative(f["path"], root) for f in self.files)


def relative(path: str, root: Path) -> str:
    return (Path(path).relative_to(root) if Path(path).is_absolute() else Path(path)).as_posix()


def check(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Outcome:
    code, out, err = run(capsys, "check", "--format", "json", *map(str, argv))
    assert "Traceback" not in err
    return Outcome(code, json.loads(out)["files"] if out else [], err)


def with_and_without(
    capsys: pytest.CaptureFixture[str], target: Path, *flags: str
) -> tuple[Outcome, Outcome]:
    """The defaults (`--isolated`), then the configuration found next to `target`."""
    return check(capsys, target, "--isolated", *flags), check(capsys, target, *flags)


def report(capsys: pytest.CaptureFixture[str], fmt: str, *argv: str) -> tuple[int, str]:
    code, out, err = run(capsys, "check", "--format", fmt, *argv)
    assert "Traceback" not in err
    return code, out


def json_files(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    return json.loads(report(capsys, "json", *argv)[1])["files"]  # type: ignore[no-any-return]


def positions(file: dict[str, Any]) -> list[tuple[str, int, int, int, int, str]]:
    return sorted(
        (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["level"])
        for f in file["findings"]
    )


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A child environment with its own empty caches (the syllable table is built cold too)."""
    env = dict(os.environ)
    env.update(
        CUSTOMERLENS_CACHE_DIR=str(tmp_path / "result-cache"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        NO_COLOR="1",
    )
    env.update(extra)
    return env


def customerlens(
    *argv: str,
    env: dict[str, str],
    cwd: Path | None = None,
    prefix: tuple[str, ...] = (),
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "customerlens", *argv],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def subprocess_cli(
    *argv: str, stdin: Any = subprocess.DEVNULL, timeout: float = 120, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "customerlens", *argv],
        stdin=stdin,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


# --- inputs ---------------------------------------------------------------------------------------


def drafts(folder: Path) -> Path:
    """A small content folder: Markdown, HTML, plain text, front matter, a CRLF file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "self-centred.md").write_text(SELF_CENTRED, encoding="utf-8")
    (folder / "reader-focused.md").write_text(READER_FOCUSED, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.txt").write_bytes(
        ("Notes\r\n\r\n" + SELF_CENTRED.replace("\n", "\r\n")).encode()
    )
    (folder / "blog").mkdir(exist_ok=True)
    (folder / "blog" / "post.md").write_text(
        "---\ntitle: News\n---\n\n"
        + SELF_CENTRED
        + "\n<!-- customerlens-disable-next-line CL101 -->\n"
        + TRIGGER
        + "\n",
        encoding="utf-8",
    )
    return folder


def team_rule() -> str:
    return textwrap.dedent(
        """\
        id: CL901
        name: jargon
        kind: phrase
        pillar: care
        level: warning
        message: "'{match}' is jargon."
        description: Jargon hides what the reader gets.
        params:
          attr: LOWER
          phrases: [synergize, leverage]
        examples:
          bad: ["We synergize your workflow."]
          good: ["Your team ships faster."]
        """
    )


def companion(tmp_path: Path) -> Path:
    path = tmp_path / "companion.md"
    path.write_text(COMPANION_TEXT, encoding="utf-8")
    return path


# --- reading a run over good and bad inputs -------------------------------------------------------


def check_json(
    capsys: pytest.CaptureFixture[str], *paths: str | Path, extra: tuple[str, ...] = ()
) -> tuple[int, dict[str, Any], str]:
    """`customerlens check PATHS --format json --jobs 1`; the report parsed; no traceback."""
    code, out, err = cli(
        capsys, "check", *map(str, paths), "--format", "json", "--jobs", "1", *extra
    )
    assert_no_traceback(out, err)
    return code, json.loads(out), err


def error_lines(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def assert_one_error(err: str, name: str, problem: str) -> None:
    """Exactly one stderr line names the file, and it says what is wrong."""
    lines = error_lines(err, name)
    assert len(lines) == 1, err
    assert problem in lines[0], lines[0]


def by_name(report: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [f for f in report["files"] if Path(f["path"]).name == name or f["path"] == name]
    return found


def assert_companion_checked(report: dict[str, Any]) -> None:
    file = by_name(report, "companion.md")
    assert file["error"] is None and file["score"] is not None
    assert any(
        f["rule"] == "CL101" and (f["line"], f["column"]) == (1, 1) for f in file["findings"]
    )


def line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in _BREAK.finditer(source)]


def source_at(source: str, finding: dict[str, Any]) -> str:
    """The source text between a finding's (line, column) and (end_line, end_column)."""
    starts = line_starts(source)
    start = starts[finding["line"] - 1] + finding["column"] - 1
    end = starts[finding["end_line"] - 1] + finding["end_column"] - 1
    return source[start:end]


def assert_positions_exact(source: str, file: dict[str, Any]) -> None:
    """Every finding's `match` is the source text at its line:column span (BOM removed)."""
    source = source.removeprefix("\ufeff")
    lines = _BREAK.split(source)
    assert file["findings"]
    for finding in file["findings"]:
        assert 1 <= finding["line"] <= finding["end_line"] <= len(lines)
        assert source_at(source, finding) == finding["match"], finding
        first = finding["match"]
        first = _BREAK.split(first)[0]
        assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith(first)


def trigger_at(file: dict[str, Any], line: int, column: int) -> None:
    """CL101 reports the trigger sentence's "We offer" at exactly (line, column)."""
    spots = [(f["line"], f["column"], f["match"]) for f in file["findings"] if f["rule"] == "CL101"]
    assert (line, column, "We offer") in spots, spots
