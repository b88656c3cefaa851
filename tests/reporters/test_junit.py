"""JUnit XML: one test case per file and a failure per finding, as junitparser reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    EXAMPLE_BAD,
    EXAMPLE_GOOD,
    json_files,
    report,
)
from junitparser import Error, Failure, JUnitXml  # type: ignore[import-untyped]
from reporters_support import (
    CI_RESULT,
    ODD,
    PLAIN,
    _check_golden,
)

from customerlens.model import Level
from customerlens.reporters.base import get_reporter


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("junit", "ci/report.junit.xml"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, get_reporter(fmt).render(CI_RESULT, PLAIN))


def test_junitparser_reads_one_case_per_file_and_a_failure_per_failing_finding(
    tmp_path: Path,
) -> None:
    path = tmp_path / "customerlens.xml"
    path.write_text(get_reporter("junit").render(CI_RESULT, PLAIN), encoding="utf-8")
    suites = list(JUnitXml.fromfile(str(path)))
    cases = {case.name: case for suite in suites for case in suite}
    assert list(cases) == [file.path for file in CI_RESULT.files]
    failures = {
        name: [r for r in case.result if isinstance(r, Failure)] for name, case in cases.items()
    }
    assert {name: len(found) for name, found in failures.items()} == {
        file.path: sum(f.level >= Level.WARNING for f in file.findings) for file in CI_RESULT.files
    }  # a suggestion does not fail the run, so it fails no test: it is in the case's output
    landing = cases["site/landing.md"]
    assert "best-in-class" in (landing.system_out or "")
    assert [type(r) for r in cases["docs/broken.html"].result] == [Error]
    odd = failures[ODD.path][-1]
    assert odd.type == "CL104" and "\ufffd" in odd.message  # the form feed, replaced
    assert "We are proud" in failures["site/landing.md"][1].message


# --- through the command line ---------------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_junit_one_case_per_file_and_a_failure_per_failing_finding(
    capsys: Any, tmp_path: Path
) -> None:
    target = tmp_path / "customerlens.xml"
    code, out = report(capsys, "junit", EXAMPLE_BAD, EXAMPLE_GOOD, "--output", str(target))
    assert (code, out) == (1, "")
    bad, good = json_files(capsys, EXAMPLE_BAD, EXAMPLE_GOOD)
    cases = {case.name: case for suite in JUnitXml.fromfile(str(target)) for case in suite}
    assert list(cases) == [EXAMPLE_BAD, EXAMPLE_GOOD]
    failures = [r for r in cases[EXAMPLE_BAD].result if isinstance(r, Failure)]
    failing = [f["rule"] for f in bad["findings"] if f["level"] != "suggestion"]
    assert sorted(f.type for f in failures) == sorted(failing)
    assert list(cases[EXAMPLE_GOOD].result) == [] and good["findings"] == []
    assert any(f.message.startswith("8:62 [CL103] ") for f in failures)


@pytest.mark.usefixtures("in_the_checkout")
def test_a_score_under_the_gate_is_a_failure(capsys: Any, tmp_path: Path) -> None:
    target = tmp_path / "customerlens.xml"
    code, _ = report(capsys, "junit", EXAMPLE_GOOD, "--fail-under", "99", "--output", str(target))
    [case] = [case for suite in JUnitXml.fromfile(str(target)) for case in suite]
    [failure] = [r for r in case.result if isinstance(r, Failure)]
    assert code == 1 and failure.type == "fail-under" and "below fail-under 99" in failure.message
