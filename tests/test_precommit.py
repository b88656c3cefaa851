"""The pre-commit hook as a user meets it: the real `pre-commit` installs this checkout's hook
into a scratch repository, then a self-centred draft fails the commit and a reader-focused one
passes.

The hook repository is a snapshot of this checkout as it is on disk, committed in a scratch repo:
pre-commit installs a hook from a commit, so files not yet committed here would otherwise be
missed (`try-repo` carries over only changes to tracked files). The commit is made through the
installed git hook, so one environment is built for both commits; `try-repo` would build a fresh
one for every call. Building it installs customerlens and spaCy from the package index: slow, and
skipped only when the index cannot be reached.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from git_support import git, isolate, new_repo

ROOT = Path(__file__).resolve().parents[1]
# what `pip install .` reads when pre-commit builds the hook's environment
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "customerlens", "rules")
# pip's words for an unreachable index; a missing package alone is a real failure, not a skip
OFFLINE = (
    "connection broken by",  # pip's retry warning, whatever broke the connection
    "NameResolutionError",
    "NewConnectionError",
    "Failed to establish a new connection",
    "Network is unreachable",
    "ProxyError",
)

pytestmark = pytest.mark.slow


def _snapshot(target: Path) -> str:
    """Commit the package files of this checkout, as they are on disk, in a new repo at `target`."""
    listed = git(
        ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *PACKAGE_FILES
    )
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():  # not deleted since the last commit
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD").strip()


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=1800)


def _commit(site: Path, draft: str) -> tuple[int, str]:
    """Commit an example draft; the exit code and what the hooks printed (git sends it to
    stderr)."""
    shutil.copy(ROOT / "examples" / draft, site / "page.md")
    git(site, "add", "page.md")
    done = _run(site, "git", "commit", "-m", f"add {draft}")
    return done.returncode, done.stdout + done.stderr


def test_hook_fails_a_self_centred_draft_and_passes_a_reader_focused_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    hooks = tmp_path / "hook-repo"
    rev = _snapshot(hooks)
    config = (
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: customerlens\n"
    )
    site = new_repo(tmp_path / "site", {".pre-commit-config.yaml": config})
    pre_commit = (sys.executable, "-m", "pre_commit")
    assert _run(site, *pre_commit, "install").returncode == 0

    built = _run(site, *pre_commit, "install-hooks")
    if built.returncode != 0:
        log = tmp_path / "pre-commit-home" / "pre-commit.log"
        output = built.stdout + built.stderr + (log.read_text() if log.exists() else "")
        if any(marker in output for marker in OFFLINE):
            pytest.skip(
                "pre-commit could not build the hook environment: package index unreachable"
            )
        pytest.fail(f"pre-commit install-hooks failed:\n{output}")

    code, output = _commit(site, "self-centred.md")
    assert code != 0, output
    assert "customerlens" in output and "Failed" in output
    assert "CL101" in output  # the hook's own report, not some other failure
    assert git(site, "rev-list", "--count", "HEAD").strip() == "1"

    git(site, "rm", "-q", "--cached", "page.md")
    code, output = _commit(site, "reader-focused.md")
    assert code == 0, output
    assert "customerlens" in output and "Passed" in output
    assert git(site, "rev-list", "--count", "HEAD").strip() == "2"
