"""Issue 4 end to end, through the command line with the real English model: every CI format on
the shipped examples (read back by a real consumer where one exists), `--statistics`, `--output`,
the default format, baselines across an edit that moves every line, and `--diff` on a real git
repository."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from git_support import git, isolate, new_repo
from junitparser import Failure, JUnitXml  # type: ignore[import-untyped]
from sarif import loader  # type: ignore[import-untyped]
from test_settings import run, tree  # noqa: F401 (tree: the settings tree, a fixture)

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests/golden/ci/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BAD = "examples/self-centred.md"  # relative to ROOT, where every test here runs
GOOD = "examples/reader-focused.md"
FORMATS = ("concise", "json", "sarif", "github", "junit", "gitlab", "statistics")
SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}
NEW_SENTENCE = "We are thrilled to offer the most innovative storage platform.\n\n"


@pytest.fixture(autouse=True)
def _in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


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


# --- formats ------------------------------------------------------------------------------------


def test_sarif_is_valid_and_its_results_sit_where_the_findings_are(capsys: Any) -> None:
    code, out = report(capsys, "sarif", BAD, GOOD)
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    [sarif_run] = log["runs"]
    bad, good = json_files(capsys, BAD, GOOD)
    assert code == 1
    assert [a["location"]["uri"] for a in sarif_run["artifacts"]] == [BAD, GOOD]
    assert [a["properties"]["score"] for a in sarif_run["artifacts"]] == [
        bad["score"],
        good["score"],
    ]
    found: dict[int, list[tuple[str, int, int, int, int, str]]] = {0: [], 1: []}
    for result in sarif_run["results"]:
        place = result["locations"][0]["physicalLocation"]
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
    assert sorted(found[0]) == [(*p[:5], SARIF_LEVEL[p[5]]) for p in positions(bad)]
    assert found[1] == [] and good["findings"] == []
    assert ("CL103", 8, 62, 8, 68, "warning") in found[0]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f["rule"] for f in bad["findings"]})
    for rule in rules:
        assert rule["name"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in SARIF_LEVEL.values()
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in sarif_run["results"])


def test_sarif_written_to_a_file_is_read_by_sarif_tools(capsys: Any, tmp_path: Path) -> None:
    target = tmp_path / "customerlens.sarif"
    code, out = report(capsys, "sarif", BAD, "--output", str(target))
    assert (code, out) == (1, "")
    log = loader.load_sarif_file(str(target))
    [bad] = json_files(capsys, BAD)
    assert log.get_distinct_tool_names() == ["customerlens"]
    assert log.get_result_count() == len(bad["findings"])
    records = {(r["Location"], r["Line"], r["Code"], r["Severity"]) for r in log.get_records()}
    assert (BAD, 8, "CL103", "warning") in records
    assert log.get_rules_by_id("CL201")


def test_sarif_describes_a_teams_own_rule(capsys: Any, tree: Path) -> None:  # noqa: F811
    log = json.loads(report(capsys, "sarif", str(tree / "folders/draft.md"))[1])
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "TEAM001" and rule["name"] == "house-jargon"
    assert "Internal product names" in rule["fullDescription"]["text"]


GITHUB_LINE = re.compile(
    r"^::(?P<command>warning|notice|error) "
    r"file=(?P<file>[^,]+),line=(?P<line>\d+)(?:,col=(?P<col>\d+))?"
    r",endLine=(?P<end_line>\d+)(?:,endColumn=(?P<end_col>\d+))?"
    r",title=(?P<rule>[A-Z]+\d+)[^:]*::(?P<text>.+)$"
)


def test_github_annotations(capsys: Any) -> None:
    code, out = report(capsys, "github", BAD, GOOD)
    bad, good = json_files(capsys, BAD, GOOD)
    lines = out.rstrip("\n").split("\n")
    assert code == 1 and all(line.startswith("::") for line in lines)
    assert (
        f"::notice file={BAD},title=customerlens score::Score {bad['score']['total']}/100 (" in out
    )
    assert (
        f"::notice file={GOOD},title=customerlens score::Score {good['score']['total']}/100 ("
        in out
    )
    assert lines[-1].startswith("::notice title=customerlens::2 files, ")
    annotations = [m for m in map(GITHUB_LINE.match, lines) if m]
    assert len(annotations) == len(bad["findings"])
    assert {m["file"] for m in annotations} == {BAD}
    assert sorted(
        (m["rule"], int(m["line"]), int(m["end_line"]), m["command"]) for m in annotations
    ) == sorted(
        (f["rule"], f["line"], f["end_line"], GITHUB_COMMAND[f["level"]]) for f in bad["findings"]
    )
    one_line = [m for m in annotations if m["line"] == m["end_line"]]
    assert one_line and all(m["col"] and m["end_col"] for m in one_line)
    assert all("%0A" in m["text"] for m in annotations)  # message, escaped newline, suggestion


def test_junit_one_case_per_file_and_a_failure_per_finding(capsys: Any, tmp_path: Path) -> None:
    target = tmp_path / "customerlens.xml"
    code, out = report(capsys, "junit", BAD, GOOD, "--output", str(target))
    assert (code, out) == (1, "")
    bad, good = json_files(capsys, BAD, GOOD)
    cases = {case.name: case for suite in JUnitXml.fromfile(str(target)) for case in suite}
    assert list(cases) == [BAD, GOOD]
    failures = [r for r in cases[BAD].result if isinstance(r, Failure)]
    assert sorted(f.type for f in failures) == sorted(f["rule"] for f in bad["findings"])
    assert list(cases[GOOD].result) == [] and good["findings"] == []
    assert any(f.message.startswith("8:62 [CL103] ") for f in failures)


def test_gitlab_code_quality(capsys: Any) -> None:
    code, out = report(capsys, "gitlab", BAD, GOOD)
    issues = json.loads(out)
    bad, _ = json_files(capsys, BAD, GOOD)
    assert code == 1 and isinstance(issues, list) and len(issues) == len(bad["findings"])
    assert {i["location"]["path"] for i in issues} == {BAD}
    assert sorted(
        (i["check_name"], i["location"]["lines"]["begin"], i["severity"]) for i in issues
    ) == sorted((f["rule"], f["line"], GITLAB_SEVERITY[f["level"]]) for f in bad["findings"])
    assert all(i["description"].startswith(f"[{i['check_name']}] ") for i in issues)
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    assert prints == [i["fingerprint"] for i in json.loads(report(capsys, "gitlab", BAD, GOOD)[1])]


CONCISE_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>suggestion|warning|error) "
    r"\[(?P<rule>[A-Z]+\d+)\] (?P<message>.+)$"
)


def test_concise_one_line_per_finding_then_the_totals(capsys: Any) -> None:
    code, out = report(capsys, "concise", BAD, GOOD)
    bad, _ = json_files(capsys, BAD, GOOD)
    *rows, totals = out.rstrip("\n").split("\n")
    parsed = [CONCISE_LINE.match(row) for row in rows]
    assert code == 1 and all(parsed)
    assert [
        (m["path"], int(m["line"]), int(m["col"]), m["level"], m["rule"], m["message"])
        for m in parsed
        if m
    ] == [
        (BAD, f["line"], f["column"], f["level"], f["rule"], f["message"]) for f in bad["findings"]
    ]
    assert totals.startswith(f"2 files, {len(bad['findings'])} findings (")


def test_statistics_counts_per_rule_and_per_pillar(capsys: Any) -> None:
    code, out = report(capsys, "statistics", BAD)
    data = json.loads(report(capsys, "json", BAD)[1])
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
    assert totals == report(capsys, "concise", BAD)[1].rstrip("\n").split("\n")[-1]
    assert code == 1


def test_statistics_flag_goes_to_stderr(capsys: Any) -> None:
    code, out, err = run(capsys, "check", BAD, "--format", "json", "--statistics")
    plain = report(capsys, "json", BAD)[1]
    table = report(capsys, "statistics", BAD)[1]
    assert code == 1 and out == plain and err == table


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_holds_what_stdout_would_and_the_exit_code_is_the_same(
    capsys: Any, tmp_path: Path, fmt: str
) -> None:
    shown = report(capsys, fmt, BAD, GOOD)
    target = tmp_path / f"report.{fmt}"
    code, out = report(capsys, fmt, BAD, GOOD, "--output", str(target))
    assert (code, out) == (shown[0], "") and shown[0] == 1
    assert target.read_text(encoding="utf-8") == shown[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert report(capsys, fmt, GOOD)[0] == 0  # a reporter never decides the exit code


def test_default_format_is_concise_unless_stdout_is_a_terminal(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    concise = report(capsys, "concise", BAD)[1]
    assert run(capsys, "check", BAD)[1] == concise  # captured: not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    on_terminal = run(capsys, "check", BAD)[1]
    assert on_terminal != concise and not CONCISE_LINE.match(on_terminal.splitlines()[0])
    assert "CL103" in on_terminal and "\x1b[" not in on_terminal
    target = tmp_path / "report.txt"
    assert run(capsys, "check", BAD, "--output", str(target))[1] == ""
    assert target.read_text(encoding="utf-8") == concise  # a file is not a terminal


# --- baselines ----------------------------------------------------------------------------------


def test_baseline_reports_only_new_findings_after_lines_move(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    page.write_text((ROOT / BAD).read_text(encoding="utf-8"), encoding="utf-8")
    [before] = json_files(capsys, "page.md")
    code, out, err = run(capsys, "check", "page.md", "--write-baseline", "base.json")
    assert (code, out) == (0, "") and before["findings"]
    assert err == f"customerlens: recorded {len(before['findings'])} findings in base.json\n"
    recorded = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert recorded["version"] == 1 and list(recorded["files"]) == ["page.md"]
    assert sum(e["count"] for e in recorded["files"]["page.md"]) == len(before["findings"])

    code, out = report(capsys, "json", "page.md", "--baseline", "base.json")
    [same] = json.loads(out)["files"]
    assert code == 0 and same["findings"] == [] and same["score"] == before["score"]

    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
    page.write_text(
        "".join(lines[:heading]) + NEW_SENTENCE + "".join(lines[heading:]), encoding="utf-8"
    )
    inserted = heading + 1  # 1-based line of the new sentence; every old line moved down by 2
    [full] = json_files(capsys, "page.md")
    code, out = report(capsys, "json", "page.md", "--baseline", "base.json")
    [new] = json.loads(out)["files"]
    assert code == 1 and new["findings"]
    assert positions(new) == [p for p in positions(full) if p[1] == inserted]
    assert {(f["rule"], f["match"]) for f in new["findings"]} >= {("CL201", "innovative")}
    assert new["score"] == full["score"]  # scores still describe the whole document
    concise = report(capsys, "concise", "page.md", "--baseline", "base.json")[1]
    assert all(line.startswith(f"page.md:{inserted}:") for line in concise.splitlines()[:-1])


def test_a_new_opening_sentence_does_not_renew_document_level_findings(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    body = (
        "# Acme storage\n\nAcme stores every file in three places. The dashboard shows each copy"
        " and its age. Restores take one click from any device in the office.\n"
    )
    page.write_text(body, encoding="utf-8")
    [before] = json_files(capsys, "page.md")
    assert "CL301" in {f["rule"] for f in before["findings"]}  # the whole page addresses no one
    assert run(capsys, "check", "page.md", "--write-baseline", "base.json")[0] == 0
    page.write_text("Storage is hard.\n\n" + body, encoding="utf-8")  # adds no finding of its own
    [after] = json.loads(report(capsys, "json", "page.md", "--baseline", "base.json")[1])["files"]
    assert after["findings"] == []


def test_a_broken_baseline_is_a_usage_error(capsys: Any, tmp_path: Path) -> None:
    broken = tmp_path / "base.json"
    broken.write_text('{"version": 7}', encoding="utf-8")
    code, out, err = run(capsys, "check", BAD, "--baseline", str(broken))
    assert (
        (code, out) == (2, "")
        and len(err.splitlines()) == 1
        and "not a customerlens baseline" in err
    )


# --- changed lines ------------------------------------------------------------------------------


def test_diff_reports_only_changed_lines_and_scores_whole_documents(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    repo = new_repo(
        tmp_path / "site",
        {
            "page.md": (ROOT / BAD).read_text(encoding="utf-8"),
            "other.md": (ROOT / GOOD).read_text(encoding="utf-8"),
        },
    )
    monkeypatch.chdir(repo)
    lines = (repo / "page.md").read_text(encoding="utf-8").splitlines(keepends=True)
    heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
    lines.insert(heading, NEW_SENTENCE)  # new lines heading+1 and heading+2 (blank)
    lines[-1] = "Contact our award-winning team today to learn more about our solutions.\n"
    text = "".join(lines)
    (repo / "page.md").write_text(text, encoding="utf-8")
    last = len(text.splitlines())
    (repo / "new.md").write_text(
        (ROOT / BAD).read_text(encoding="utf-8"), encoding="utf-8"
    )  # untracked
    changed = {heading + 1, heading + 2, last}
    full = {Path(f["path"]).name: f for f in json_files(capsys, "page.md", "other.md", "new.md")}
    code, out = report(capsys, "json", "page.md", "other.md", "new.md", "--diff", "HEAD")
    diffed = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert code == 1
    page = positions(diffed["page.md"])
    assert page and page == [
        p for p in positions(full["page.md"]) if changed & set(range(p[1], p[3] + 1))
    ]
    assert {p[1] for p in page} == {heading + 1, last}
    assert len(page) < len(full["page.md"]["findings"])
    assert diffed["other.md"]["findings"] == []
    assert diffed["new.md"]["findings"] == full["new.md"]["findings"]  # untracked: all new
    assert {name: f["score"] for name, f in diffed.items()} == {
        name: f["score"] for name, f in full.items()
    }
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edit")
    code, out = report(capsys, "json", "page.md", "--diff", "HEAD")
    assert code == 0 and json.loads(out)["files"][0]["findings"] == []  # nothing changed since HEAD
    code, out = report(capsys, "json", "page.md", "--diff", "HEAD~1")
    assert positions(json.loads(out)["files"][0]) == page


def test_diff_outside_git_or_with_a_bad_revision_is_one_line(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    repo = new_repo(tmp_path / "site", {"page.md": (ROOT / GOOD).read_text(encoding="utf-8")})
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "check", "page.md", "--diff", "no-such-rev")
    assert (
        (code, out) == (2, "")
        and len(err.splitlines()) == 1
        and err.startswith("customerlens: --diff: git: ")
    )
    code, _, err = run(capsys, "check", "page.md", "--diff", "--cached")
    assert code == 2 and "is not a git revision" in err
    monkeypatch.chdir(tmp_path)  # above the repository: no git here
    code, out, err = run(capsys, "check", "site/page.md", "--diff", "HEAD")
    assert (code, out) == (2, "") and err.startswith(
        "customerlens: --diff: git: fatal: not a git repository"
    )


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_unwritable_output_is_a_usage_error(capsys: Any, tmp_path: Path, option: str) -> None:
    target = tmp_path / "no-such-folder" / "report.sarif"
    code, out, err = run(capsys, "check", GOOD, "--format", "sarif", option, str(target))
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "internal error" not in err and str(target) in err


# --- the README's integration snippets ----------------------------------------------------------


def test_readme_snippets_match_the_hook_and_the_formats() -> None:
    import yaml

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## CI and editor integrations\n") :]
    section = section[: section.find("\n## ", 1)]
    documented = set(re.findall(r"(?m)^\| `(\w+)` \|", section))
    assert set(FORMATS) <= documented
    snippets = [
        yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    ]
    precommit = next(s for s in snippets if "repos" in s)
    hooks = {
        hook["id"]
        for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert {h["id"] for repo in precommit["repos"] for h in repo["hooks"]} <= hooks
    workflow = next(s for s in snippets if "jobs" in s)
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    check = next(step["run"] for step in steps if "customerlens check" in step.get("run", ""))
    upload = next(
        step
        for step in steps
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert "--format sarif --output customerlens.sarif" in check
    assert upload["with"]["sarif_file"] == "customerlens.sarif"
