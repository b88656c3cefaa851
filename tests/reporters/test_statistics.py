"""The `--statistics` table: how many findings each rule and each pillar produced."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_support import (
    EXAMPLE_BAD,
    report,
    run,
)
from reporters_support import (
    CI_RESULT,
    PLAIN,
    _check_golden,
)

from customerlens.reporters.base import get_reporter


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("statistics", "ci/report.statistics.txt"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, get_reporter(fmt).render(CI_RESULT, PLAIN))


# --- through the command line ---------------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_statistics_counts_per_rule_and_per_pillar(capsys: Any) -> None:
    code, out = report(capsys, "statistics", EXAMPLE_BAD)
    data = json.loads(report(capsys, "json", EXAMPLE_BAD)[1])
    summary, [bad] = data["summary"], data["files"]
    rule_table, pillar_table, totals = out.rstrip("\n").split("\n\n")
    rows = [line.split() for line in rule_table.splitlines()]
    assert rows[0] == ["rule", "name", "pillar", "findings"]
    assert {row[0]: int(row[-1]) for row in rows[1:]} == {
        r: n for r, n in summary["by_rule"].items() if n
    }
    counts = [int(row[-1]) for row in rows[1:]]
    assert counts == sorted(counts, reverse=True)  # the most frequent rule first
    pillars = {line.split()[0]: int(line.split()[1]) for line in pillar_table.splitlines()[1:]}
    assert pillars == {
        p: sum(f["pillar"] == p for f in bad["findings"])
        for p in ("who", "care", "them", "clarity")
    }
    assert totals == report(capsys, "concise", EXAMPLE_BAD)[1].rstrip("\n").split("\n")[-1]
    assert code == 1


@pytest.mark.usefixtures("in_the_checkout")
def test_statistics_flag_goes_to_stderr(capsys: Any) -> None:
    code, out, err = run(capsys, "check", EXAMPLE_BAD, "--format", "json", "--statistics")
    plain = report(capsys, "json", EXAMPLE_BAD)[1]
    table = report(capsys, "statistics", EXAMPLE_BAD)[1]
    assert code == 1 and out == plain and err == table
