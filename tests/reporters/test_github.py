"""GitHub Actions workflow commands: escaped as the runner reads them, one annotation per
finding."""

from __future__ import annotations

import re
from typing import Any

import pytest
from cli_support import (
    EXAMPLE_BAD,
    EXAMPLE_GOOD,
    json_files,
    report,
)
from reporters_support import (
    CI_RESULT,
    PLAIN,
    _check_golden,
)

from customerlens.reporters import github
from customerlens.reporters.base import get_reporter

GITHUB_COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("github", "ci/report.github.txt"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, get_reporter(fmt).render(CI_RESULT, PLAIN))


def test_github_escaping_follows_the_runner() -> None:
    assert github.escape_data("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow: a, b"
    assert github.escape_property("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow%3A a%2C b"
    assert (
        github.command("warning", "x", file="a.md", line=2, col=None)
        == "::warning file=a.md,line=2::x"
    )


def test_github_one_command_per_line_and_no_columns_across_lines() -> None:
    # the runner splits on CR and LF only (str.splitlines would also split at the form feed)
    lines = get_reporter("github").render(CI_RESULT, PLAIN).rstrip("\n").split("\n")
    assert all(line.startswith("::") for line in lines)
    spanning = next(line for line in lines if "line=6" in line)
    assert "col=" not in spanning and "endColumn=" not in spanning and "endLine=7" in spanning
    assert "file=docs/50%25 off%2C now%3A café.md" in spanning
    assert any(
        line.startswith("::notice file=site/landing.md") and "48.2" in line for line in lines
    )


# --- through the command line ---------------------------------------------------------------------


GITHUB_LINE = re.compile(
    r"^::(?P<command>warning|notice|error) "
    r"file=(?P<file>[^,]+)(?:,line=(?P<line>\d+)(?:,col=(?P<col>\d+))?"
    r",endLine=(?P<end_line>\d+)(?:,endColumn=(?P<end_col>\d+))?)?"
    r",title=(?P<rule>[A-Z]+\d+)[^:]*::(?P<text>.+)$"
)


@pytest.mark.usefixtures("in_the_checkout")
def test_github_annotations(capsys: Any) -> None:
    code, out = report(capsys, "github", EXAMPLE_BAD, EXAMPLE_GOOD)
    bad, good = json_files(capsys, EXAMPLE_BAD, EXAMPLE_GOOD)
    lines = out.rstrip("\n").split("\n")
    assert code == 1 and all(line.startswith("::") for line in lines)
    assert (
        f"::notice file={EXAMPLE_BAD},title=customerlens score::Score {bad['score']['total']}/100 ("
        in out
    )
    assert (
        f"::notice file={EXAMPLE_GOOD},title=customerlens score::"
        f"Score {good['score']['total']}/100 (" in out
    )
    assert lines[-1].startswith("::notice title=customerlens::2 files, ")
    found = [m for m in map(GITHUB_LINE.match, lines) if m]
    assert len(found) == len(bad["findings"])
    assert {m["file"] for m in found} == {EXAMPLE_BAD}
    # the reading grade is about the whole page: a file annotation, not one on the headline
    whole = [f for f in bad["findings"] if f["scope"] == "document"]
    assert [f["rule"] for f in whole] == ["CL401"]
    assert sorted((m["rule"], m["command"]) for m in found if m["line"] is None) == [
        ("CL401", "notice")
    ]
    annotations = [m for m in found if m["line"] is not None]
    assert sorted(
        (m["rule"], int(m["line"]), int(m["end_line"]), m["command"]) for m in annotations
    ) == sorted(
        (f["rule"], f["line"], f["end_line"], GITHUB_COMMAND[f["level"]])
        for f in bad["findings"]
        if f not in whole
    )
    one_line = [m for m in annotations if m["line"] == m["end_line"]]
    assert one_line and all(m["col"] and m["end_col"] for m in one_line)
    assert all("%0A" in m["text"] for m in annotations)  # message, escaped newline, suggestion
