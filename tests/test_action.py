"""The GitHub Action (action.yml): its shell steps, run as a runner would run them, on a scratch
repository with a real pull request branch."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from cli_support import EXAMPLE_BAD, EXAMPLE_GOOD
from git_support import git, new_repo

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
BAD = (ROOT / EXAMPLE_BAD).read_text(encoding="utf-8")
GOOD = (ROOT / EXAMPLE_GOOD).read_text(encoding="utf-8")


def _steps() -> dict[str, dict[str, Any]]:
    return {step.get("name", step.get("uses", "")): step for step in ACTION["runs"]["steps"]}


def _run_step(
    step: dict[str, Any], cwd: Path, inputs: dict[str, str], event: str, extra: str = ""
) -> subprocess.CompletedProcess[str]:
    """One `shell: bash` step, with `${{ inputs.x }}` filled as the runner fills it."""
    assert step["shell"] == "bash"
    fill = lambda text: re.sub(  # noqa: E731
        r"\$\{\{ inputs\.([\w-]+) \}\}",
        lambda m: inputs.get(m[1], ACTION["inputs"][m[1]]["default"]),
        text,
    )
    env = {
        **os.environ,
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_EVENT_NAME": event,
        "GITHUB_BASE_REF": "main" if event == "pull_request" else "",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
        **{name: fill(value) for name, value in step.get("env", {}).items()},
    }
    return subprocess.run(
        ["bash", "-c", fill(step["run"]) + extra],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _pull_request(tmp_path: Path) -> Path:
    repo = new_repo(tmp_path / "site", {"old.md": BAD, "about.md": GOOD, "notes.py": "x = 1\n"})
    git(repo, "checkout", "-q", "-b", "copy-change")
    (repo / "about.md").write_text(GOOD + "\nWe are proud to be the leading provider.\n", "utf-8")
    (repo / "new.md").write_text("We offer the best support.\n", encoding="utf-8")
    (repo / "notes.py").write_text("x = 2\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change copy")
    return repo


def test_the_action_is_a_composite_that_installs_its_own_ref_and_runs_the_script() -> None:
    assert ACTION["runs"]["using"] == "composite"
    steps = _steps()
    assert set(ACTION["inputs"]) >= {"paths", "fail-under", "sarif"}
    assert (
        '"$GITHUB_ACTION_PATH"' in steps["Install customerlens (the action's own version)"]["run"]
    )
    assert steps["Check the copy"]["run"] == 'bash "$GITHUB_ACTION_PATH/action/check.sh"'
    upload = steps["Upload SARIF"]
    assert upload["if"] == "${{ always() && inputs.sarif != '' }}"


def test_the_install_step_resolves_the_actions_own_checkout(tmp_path: Path) -> None:
    step = _steps()["Install customerlens (the action's own version)"]
    extra = " --dry-run --no-deps --no-build-isolation --report -"  # what it would install
    done = _run_step(step, tmp_path, {}, "push", extra)
    assert done.returncode == 0, done.stderr
    [planned] = json.loads(done.stdout)["install"]
    assert planned["metadata"]["name"] == "customerlens"
    assert planned["download_info"]["url"] == ROOT.as_uri()


def test_on_a_pull_request_only_the_changed_copy_is_annotated(tmp_path: Path) -> None:
    repo = _pull_request(tmp_path)
    check = _steps()["Check the copy"]
    done = _run_step(check, repo, {"sarif": "copy.sarif"}, "pull_request")
    annotated = set(re.findall(r"^::\w+ file=([^,:]+)", done.stdout, re.M))
    assert done.returncode == 1, done.stderr  # new.md has warnings
    assert annotated == {"about.md", "new.md"}  # not old.md (unchanged), not notes.py (code)
    sarif = json.loads((repo / "copy.sarif").read_text(encoding="utf-8"))
    uris = {a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]}
    assert uris == {"about.md", "new.md"}


def test_the_gate_and_a_push_check_every_path(tmp_path: Path) -> None:
    repo = _pull_request(tmp_path)
    check = _steps()["Check the copy"]
    done = _run_step(check, repo, {"fail-under": "95", "args": "--fail-level error"}, "push")
    assert done.returncode == 1
    assert re.search(
        r"^::error file=(\./)?about\.md,title=customerlens gate::"
        r"score [\d.]+ is below fail-under 95$",
        done.stdout,
        re.M,
    )
    assert "file=./old.md" in done.stdout  # a push checks the paths given, all of them
    quiet = _run_step(check, repo, {"paths": "docs"}, "pull_request")
    assert quiet.returncode == 0 and "no copy changed in this pull request" in quiet.stdout
