"""Where reports and baselines land: never over a draft, through links, as a stream to devices and
pipes, keeping a file's mode, and never checked as a draft by the next run."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_BAD, run

ROOT = Path(__file__).resolve().parents[1]
DRAFT = (ROOT / EXAMPLE_BAD).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: Any) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "draft.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("option", ["-o", "--output", "--write-baseline"])
@pytest.mark.parametrize("spelling", ["draft.md", "./draft.md", "{site}/draft.md", "link.md"])
def test_an_output_never_lands_on_an_input(
    site: Path, capsys: Any, option: str, spelling: str
) -> None:
    (site / "link.md").symlink_to(site / "draft.md")
    target = spelling.format(site=site)
    code, out, err = run(capsys, "check", ".", "draft.md", option, target)
    assert code == 2 and "is one of the inputs; it is never overwritten" in err
    assert len(err.strip().splitlines()) == 1 and out == ""
    assert (site / "draft.md").read_text(encoding="utf-8") == DRAFT


def test_a_report_in_a_checked_folder_is_not_checked_next_time(site: Path, capsys: Any) -> None:
    assert run(capsys, "check", ".", "-f", "text", "-o", "report.txt")[0] == 1
    assert run(capsys, "check", ".", "-f", "html", "-o", "report.html")[0] == 1
    _, first, _ = run(capsys, "check", ".", "-f", "concise")
    _, second, _ = run(capsys, "check", ".", "-f", "concise")
    assert first == second and first.startswith("./draft.md:")
    assert "report.txt" not in first and "report.html" not in first
    # a report the user edited is theirs: it is a draft again
    (site / "report.txt").write_text("We are proud of our report.\n", encoding="utf-8")
    assert "report.txt:" in run(capsys, "check", ".", "-f", "concise")[1]


def test_a_link_is_written_through_and_a_file_keeps_its_mode(site: Path, capsys: Any) -> None:
    real = site / "out" / "report.txt"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    (site / "report.txt").symlink_to(real)
    assert run(capsys, "check", "draft.md", "-f", "concise", "-o", "report.txt")[0] == 1
    assert (site / "report.txt").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("draft.md:")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_devices_and_pipes_get_a_stream(site: Path) -> None:
    """`-o /dev/stdout` prints; a FIFO is written, not replaced by a file."""
    cli = [sys.executable, "-m", "customerlens", "check", "draft.md", "-f", "concise"]
    printed = subprocess.run(
        [*cli, "-o", "/dev/stdout"], capture_output=True, text=True, timeout=120
    )
    assert printed.returncode == 1 and printed.stdout.startswith("draft.md:")
    fifo = site / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    writer = subprocess.run([*cli, "-o", str(fifo)], capture_output=True, timeout=120)
    assert writer.returncode == 1 and reader.communicate(timeout=60)[0].startswith("draft.md:")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
