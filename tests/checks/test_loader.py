"""A team's own rule files: data only, used when valid, and an error in one names the file (and
line), exits 2 and prints no partial report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import assert_no_traceback, cli, drafts, run, team_rule
from settings_support import CALM, TEAM_RULE, write_tree


def _team(site: Path, files: dict[str, str]) -> Path:
    folder = site / "team-rules"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (site / ".customerlens.toml").write_text(
        '[rules]\nfolders = ["team-rules"]\n', encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("name", "text", "line", "reason"),
    [
        (
            "CL901-jargon.yml",
            team_rule().replace("kind: phrase\n", ""),
            None,
            "missing required field 'kind'",
        ),
        ("CL901-jargon.yml", team_rule().replace("level: warning", "level: loud"), None, "loud"),
        (
            "CL901-jargon.yml",
            team_rule().replace("phrases: [synergize, leverage]", "phrases: [synergize, leverage"),
            (10, 11),
            "invalid YAML",
        ),  # the open list, or where it is noticed
        (
            "CL901-jargon.yml",
            team_rule().replace("kind: phrase", "kind: regex"),
            None,
            "unknown kind 'regex'",
        ),
        ("CL902-wrong-name.yml", team_rule(), None, "must start with the rule id"),
        ("CL101-again.yml", team_rule().replace("CL901", "CL101"), None, "already defined"),
    ],
    ids=[
        "missing-field",
        "bad-level",
        "yaml-syntax",
        "unknown-kind",
        "id-not-file-name",
        "duplicate-id",
    ],
)
def test_a_rule_file_error_names_file_line_and_reason(
    capsys: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    line: tuple[int, ...] | None,
    reason: str,
) -> None:
    site = drafts(tmp_path / "site")
    folder = _team(site, {name: text})
    monkeypatch.chdir(site)
    for argv in (
        ["check", ".", "--format", "json", "--jobs", "1"],
        ["check", ".", "--format", "json", "--jobs", "2"],
        ["rules"],
        ["explain", "CL101"],
    ):
        code, out, err = cli(capsys, *argv)
        assert_no_traceback(out, err)
        assert code == 2 and out == "", (argv, out)
        [message] = err.splitlines()
        places = [f"{folder / name}:{n}:" for n in line] if line else [f"{folder / name}:"]
        assert any(where in message for where in places) and reason in message, message


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/new:os.system ["touch {marker}"]',
        '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
        "!!python/name:os.system",
        "!!python/module:os",
        'message: !!python/object/apply:os.system ["touch {marker}"]',
    ],
    ids=["apply", "new", "subprocess", "name", "module", "inside-a-field"],
)
def test_rule_files_are_data_only_a_python_tag_runs_nothing(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: str
) -> None:
    site = drafts(tmp_path / "site")
    marker = tmp_path / "pwned"
    evil = payload.format(marker=marker)
    text = (
        team_rule().replace("message: \"'{match}' is jargon.\"", evil)
        if evil.startswith("message:")
        else evil + "\n"
    )
    folder = _team(site, {"CL901-jargon.yml": text})
    monkeypatch.chdir(site)
    for argv in (
        ["check", ".", "--format", "json", "--jobs", "1"],
        ["check", ".", "--jobs", "2"],
        ["rules"],
        ["explain", "CL901"],
    ):
        code, out, err = cli(capsys, *argv)
        assert_no_traceback(out, err)
        assert code == 2 and out == ""
        [message] = err.splitlines()
        assert str(folder / "CL901-jargon.yml") in message
    assert not marker.exists(), "loading a rule file ran code"


def test_a_team_rule_file_is_used_when_valid(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The positive control for the rule-file tests above: the same folder, a valid file."""
    site = drafts(tmp_path / "site")
    (site / "jargon.md").write_text(
        "Our platform helps you synergize every workflow.\n", encoding="utf-8"
    )
    _team(site, {"CL901-jargon.yml": team_rule()})
    monkeypatch.chdir(site)
    code, out, err = cli(capsys, "check", "jargon.md", "--format", "json", "--jobs", "1")
    assert code == 1, err
    [file] = json.loads(out)["files"]
    assert any(f["rule"] == "CL901" and f["match"] == "synergize" for f in file["findings"])


def test_a_broken_team_rule_is_one_line_naming_the_rule_file(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            ".customerlens.toml": '[rules]\nfolders = ["rules"]\n',
            "rules/TEAM002-loud.yml": TEAM_RULE.replace("TEAM001", "TEAM002") + "severity: high\n",
            "page.md": CALM,
        },
    )
    code, out, err = run(capsys, "check", "page.md")
    assert (code, out) == (2, "")
    [only] = err.splitlines()
    assert "TEAM002-loud.yml" in only and "unknown field 'severity'" in only
    # id ≠ file name
    (tmp_path / "rules/TEAM002-loud.yml").write_text(TEAM_RULE, encoding="utf-8")
    code, _, err = run(capsys, "check", "page.md")
    assert (
        code == 2 and "must start with the rule id 'TEAM001-'" in err and len(err.splitlines()) == 1
    )
