"""The CI formats: golden files, plus each format read back by a real consumer of it.

Regenerate the goldens with `UPDATE_GOLDEN=1 pytest tests/test_reporters_ci.py`, then read the
diff. The goldens use a fixed rule catalogue, so editing a rule file does not change them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from junitparser import Error, Failure, JUnitXml  # type: ignore[import-untyped]
from sarif import loader  # type: ignore[import-untyped]
from test_reporters import GOLDEN, PLAIN, RESULT, _check_golden, _finding

from customerlens.checks.spec import RuleSpec
from customerlens.model import FileResult, Level, RunResult, Score
from customerlens.reporters import github, sarif
from customerlens.reporters.base import FORMATS, ReportOptions, get_reporter
from customerlens.reporters.gitlab import code_quality

CI_GOLDEN = GOLDEN / "ci"
PROMISE = "Leading tools, leading teams, leading results: 50% off, today only."
# a path GitHub and URIs must escape; a span over two lines; the same finding twice in a
# sentence; a form feed, which XML 1.0 cannot hold
ODD = FileResult(
    path="docs/50% off, now: café.md",
    format="markdown",
    score=Score(total=62.04, pillars={"who": 70.0, "care": 50.0, "them": 66.66, "clarity": 55.0}),
    findings=(
        _finding("CL201", Level.WARNING, 4, 1, PROMISE, "Leading", pillar="care"),
        _finding("CL201", Level.WARNING, 4, 16, PROMISE, "leading", pillar="care"),
        replace(
            _finding(
                "CL104",
                Level.ERROR,
                6,
                1,
                "We build.\nWe ship.",
                "We build.\nWe ship.",
                message="A paragraph about us:\x0c 3 times 'we', 0 times 'you'.",
            ),
            end_line=7,
            end_column=9,
        ),
    ),
)
CI_RESULT = RunResult((*RESULT.files, ODD))
CI_FORMATS = ("sarif", "github", "junit", "gitlab", "statistics")


def _spec(rule_id: str, name: str, pillar: str, level: Level, suggestion: str = "") -> RuleSpec:
    return RuleSpec(
        id=rule_id,
        name=name,
        kind="phrase",
        pillar=pillar,
        level=level,
        message="{match}",
        description=f"Why {name} matters. It loses readers.",
        suggestion=suggestion,
        weight=1.0,
        params={},
        bad=(f"We {name}.",),
        good=(f"You {name}.",),
    )


CATALOGUE = [
    _spec(
        "CL101",
        "company-as-subject",
        "them",
        Level.WARNING,
        "Say 'You get …' instead of '{match} …'.",
    ),
    _spec("CL104", "self-dominated-paragraph", "them", Level.WARNING),
    _spec("CL201", "self-praise", "care", Level.WARNING, "Show the outcome."),
]


@pytest.fixture
def catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed rule catalogue, so editing a rule file does not change the golden files."""
    monkeypatch.setattr(ReportOptions, "rules", lambda self: {spec.id: spec for spec in CATALOGUE})
    yield


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("sarif", "ci/report.sarif.json"),
        ("github", "ci/report.github.txt"),
        ("junit", "ci/report.junit.xml"),
        ("gitlab", "ci/report.gitlab.json"),
        ("statistics", "ci/report.statistics.txt"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, get_reporter(fmt).render(CI_RESULT, PLAIN))


def test_every_ci_format_is_registered() -> None:
    assert set(CI_FORMATS) <= set(FORMATS)
    for fmt in CI_FORMATS:
        assert get_reporter(fmt).render(RunResult(()), PLAIN).endswith("\n")


# --- SARIF -------------------------------------------------------------------------------------


def _sarif(result: RunResult) -> dict[str, object]:
    return json.loads(get_reporter("sarif").render(result, PLAIN))  # type: ignore[no-any-return]


def test_sarif_is_valid_against_the_official_schema() -> None:
    schema = json.loads((CI_GOLDEN / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    every_rule = FileResult(
        "all.md",
        "markdown",
        None,
        tuple(
            _finding(spec.id, spec.level, 1, 1, "We are here.", "We")
            for spec in PLAIN.rules().values()
        ),
    )
    for result in (CI_RESULT, RunResult(()), RunResult((every_rule,))):  # the real catalogue too
        jsonschema.validate(_sarif(result), schema, cls=jsonschema.Draft4Validator)


def test_sarif_tools_reads_locations_levels_and_rules(tmp_path: Path) -> None:
    path = tmp_path / "customerlens.sarif"
    path.write_text(get_reporter("sarif").render(CI_RESULT, PLAIN), encoding="utf-8")
    log = loader.load_sarif_file(str(path))
    assert log.get_distinct_tool_names() == ["customerlens"]
    assert log.get_result_count() == len(CI_RESULT.findings)
    records = {(r["Location"], r["Line"], r["Code"], r["Severity"]) for r in log.get_records()}
    assert ("docs/50%25%20off%2C%20now%3A%20caf%C3%A9.md", 6, "CL104", "error") in records
    assert ("site/landing.md", 9, "CL201", "note") in records
    assert log.get_rules_by_id("CL201")  # the rule metadata is found by id


def test_sarif_regions_are_one_based_code_points_with_exclusive_ends() -> None:
    run = _sarif(CI_RESULT)["runs"][0]  # type: ignore[index]
    assert run["columnKind"] == "unicodeCodePoints"
    cafe = next(
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "café"
    )
    assert cafe["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 30,
        "endLine": 3,
        "endColumn": 34,
        "snippet": {"text": "café"},
    }
    assert sarif.artifact_uri("/srv/site/a b.md") == "file:///srv/site/a%20b.md"
    assert [run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] for r in run["results"]] == [
        r["ruleId"] for r in run["results"]
    ]


# --- GitHub -------------------------------------------------------------------------------------


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


# --- JUnit --------------------------------------------------------------------------------------


def test_junitparser_reads_one_case_per_file_and_a_failure_per_finding(tmp_path: Path) -> None:
    path = tmp_path / "customerlens.xml"
    path.write_text(get_reporter("junit").render(CI_RESULT, PLAIN), encoding="utf-8")
    suites = list(JUnitXml.fromfile(str(path)))
    cases = {case.name: case for suite in suites for case in suite}
    assert list(cases) == [file.path for file in CI_RESULT.files]
    failures = {
        name: [r for r in case.result if isinstance(r, Failure)] for name, case in cases.items()
    }
    assert {name: len(found) for name, found in failures.items()} == {
        file.path: len(file.findings) for file in CI_RESULT.files
    }
    assert [type(r) for r in cases["docs/broken.html"].result] == [Error]
    odd = failures[ODD.path][-1]
    assert odd.type == "CL104" and "\ufffd" in odd.message  # the form feed, replaced
    assert "We are proud" in failures["site/landing.md"][1].message


# --- GitLab -------------------------------------------------------------------------------------


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
