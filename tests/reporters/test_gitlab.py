"""GitLab Code Quality: an entry per finding, its fingerprint unique and kept when lines move."""

from __future__ import annotations

import json
from dataclasses import replace
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
    ODD,
    PLAIN,
    _check_golden,
)

from customerlens.model import RunResult
from customerlens.reporters.base import get_reporter
from customerlens.reporters.gitlab import code_quality

GITLAB_SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("gitlab", "ci/report.gitlab.json"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, get_reporter(fmt).render(CI_RESULT, PLAIN))


def test_gitlab_fingerprints_are_unique_and_survive_moves() -> None:
    issues = code_quality(CI_RESULT)
    prints = [issue["fingerprint"] for issue in issues]
    assert len(prints) == len(set(prints)) == len(CI_RESULT.findings) + len(CI_RESULT.errors)
    assert prints == [issue["fingerprint"] for issue in code_quality(CI_RESULT)]
    moved = replace(
        ODD,
        findings=tuple(
            replace(f, line=f.line + 20, end_line=f.end_line + 20) for f in ODD.findings
        ),
    )
    assert [i["fingerprint"] for i in code_quality(RunResult((moved,)))] == [
        i["fingerprint"] for i in issues if i["location"]["path"] == ODD.path
    ]
    assert {issue["severity"] for issue in issues} <= {
        "info",
        "minor",
        "major",
        "critical",
        "blocker",
    }


# --- through the command line ---------------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_gitlab_code_quality(capsys: Any) -> None:
    code, out = report(capsys, "gitlab", EXAMPLE_BAD, EXAMPLE_GOOD)
    issues = json.loads(out)
    bad, _ = json_files(capsys, EXAMPLE_BAD, EXAMPLE_GOOD)
    assert code == 1 and isinstance(issues, list) and len(issues) == len(bad["findings"])
    assert {i["location"]["path"] for i in issues} == {EXAMPLE_BAD}
    assert sorted(
        (i["check_name"], i["location"]["lines"]["begin"], i["severity"]) for i in issues
    ) == sorted((f["rule"], f["line"], GITLAB_SEVERITY[f["level"]]) for f in bad["findings"])
    assert all(i["description"].startswith(f"[{i['check_name']}] ") for i in issues)
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    assert prints == [
        i["fingerprint"] for i in json.loads(report(capsys, "gitlab", EXAMPLE_BAD, EXAMPLE_GOOD)[1])
    ]
