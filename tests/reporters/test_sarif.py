"""SARIF 2.1.0: valid against the official schema and read back by a real consumer of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from cli_support import (
    EXAMPLE_BAD,
    EXAMPLE_GOOD,
    json_files,
    positions,
    report,
)
from reporters_support import (
    CI_GOLDEN,
    CI_RESULT,
    PLAIN,
    _check_golden,
    _finding,
)
from sarif import loader  # type: ignore[import-untyped]

from customerlens.model import FileResult, RunResult
from customerlens.reporters import sarif
from customerlens.reporters.base import get_reporter

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests/golden/ci/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("sarif", "ci/report.sarif.json"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, get_reporter(fmt).render(CI_RESULT, PLAIN))


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
        if r["locations"][0]["physicalLocation"].get("region", {}).get("snippet")
        == {"text": "café"}
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


# --- through the command line ---------------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_sarif_is_valid_and_its_results_sit_where_the_findings_are(capsys: Any) -> None:
    code, out = report(capsys, "sarif", EXAMPLE_BAD, EXAMPLE_GOOD)
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    [sarif_run] = log["runs"]
    bad, good = json_files(capsys, EXAMPLE_BAD, EXAMPLE_GOOD)
    assert code == 1
    assert [a["location"]["uri"] for a in sarif_run["artifacts"]] == [EXAMPLE_BAD, EXAMPLE_GOOD]
    assert [a["properties"]["score"] for a in sarif_run["artifacts"]] == [
        bad["score"],
        good["score"],
    ]
    found: dict[int, list[tuple[str, int, int, int, int, str]]] = {0: [], 1: []}
    whole = [(f["rule"], f["level"]) for f in bad["findings"] if f["scope"] == "document"]
    at_file = []
    for result in sarif_run["results"]:
        place = result["locations"][0]["physicalLocation"]
        if "region" not in place:  # about the whole document: at file level
            at_file.append((result["ruleId"], result["level"]))
            continue
        region = place["region"]
        found[place["artifactLocation"]["index"]].append(
            (
                result["ruleId"],
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                result["level"],
            )
        )
    assert whole == [("CL401", "suggestion")] and at_file == [("CL401", "note")]
    assert sorted(found[0]) == [
        (*p[:5], SARIF_LEVEL[p[5]]) for p in positions(bad) if p[0] != "CL401"
    ]
    assert found[1] == [] and good["findings"] == []
    assert ("CL103", 8, 62, 8, 68, "warning") in found[0]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f["rule"] for f in bad["findings"]})
    for rule in rules:
        assert rule["name"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in SARIF_LEVEL.values()
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in sarif_run["results"])


@pytest.mark.usefixtures("in_the_checkout")
def test_sarif_written_to_a_file_is_read_by_sarif_tools(capsys: Any, tmp_path: Path) -> None:
    target = tmp_path / "customerlens.sarif"
    code, out = report(capsys, "sarif", EXAMPLE_BAD, "--output", str(target))
    assert (code, out) == (1, "")
    log = loader.load_sarif_file(str(target))
    [bad] = json_files(capsys, EXAMPLE_BAD)
    assert log.get_distinct_tool_names() == ["customerlens"]
    assert log.get_result_count() == len(bad["findings"])
    records = {(r["Location"], r["Line"], r["Code"], r["Severity"]) for r in log.get_records()}
    assert (EXAMPLE_BAD, 8, "CL103", "warning") in records
    assert log.get_rules_by_id("CL201")


@pytest.mark.usefixtures("in_the_checkout")
def test_sarif_describes_a_teams_own_rule(capsys: Any, tree: Path) -> None:
    log = json.loads(report(capsys, "sarif", str(tree / "folders/draft.md"))[1])
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "TEAM001" and rule["name"] == "house-jargon"
    assert "Internal product names" in rule["fullDescription"]["text"]
