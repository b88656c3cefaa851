"""The runner: one bad input never stops the rest, and the report is the same whatever the
number of worker processes, the hash seed or the order the files were made in.

For every input a content repository may hold, the run gives either a correct result or exactly
one line on stderr naming the file and the problem, never a traceback; the other files of the
same run are still checked and reported; and the exit code is the documented one (2 when an
input could not be read).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    PNG,
    TRIGGER,
    assert_companion_checked,
    assert_no_traceback,
    assert_one_error,
    by_name,
    check_json,
    cli,
    companion,
    customerlens,
    drafts,
    error_lines,
    subprocess_cli,
    subprocess_env,
    trigger_at,
)

from customerlens.documents import format_for
from customerlens.reporters.base import FORMATS

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures" / "documents", ROOT / "examples")
    for p in folder.iterdir()
    if p.is_file() and format_for(p.name)
)


Check = Callable[..., tuple[int, str]]


# --- the same report however it runs --------------------------------------------------------------


def test_two_workers_give_the_same_report_as_one(check: Check) -> None:
    paths = [str(p) for p in DOCUMENTS]
    one = check(*paths, "--jobs", "1", "--no-cache")
    two = check(*paths, "--jobs", "2", "--no-cache")
    assert one == two
    assert one[1].count('"path"') >= len(paths)


def test_reports_are_byte_identical_across_processes_hash_seeds_and_jobs(tmp_path: Path) -> None:
    site = drafts(tmp_path / "site")
    for example in (ROOT / "examples").glob("*.md"):
        shutil.copy(example, site / example.name)
    outputs = []
    for seed, jobs, cache in (
        ("1", "1", "--no-cache"),
        ("2", "2", "--no-cache"),
        ("3", "2", ""),
        ("4", "1", ""),
    ):
        env = subprocess_env(tmp_path, PYTHONHASHSEED=seed)
        argv = ["check", str(site), "--format", "json", "--jobs", jobs, *([cache] if cache else [])]
        result = customerlens(*argv, env=env)
        assert_no_traceback(result.stdout, result.stderr)
        assert result.returncode == 1
        outputs.append(result.stdout)
    assert len(set(outputs)) == 1, "the JSON report differs between runs"


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"text"}))
def test_every_format_is_identical_across_jobs_and_a_warm_cache(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    drafts(tmp_path / "site")
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    outputs = set()
    for extra in (["--jobs", "1", "--no-cache"], ["--jobs", "2"], ["--jobs", "2"], ["--jobs", "1"]):
        code, out, err = cli(capsys, "check", "site", "--format", fmt, *extra)
        assert_no_traceback(out, err)
        assert code == 1
        outputs.add(out)
    assert len(outputs) == 1


# --- empty and unreadable inputs ------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n \n"], ids=["empty", "whitespace-only"])
def test_empty_and_blank_files_are_checked_with_no_findings_and_no_score(
    capsys: Any, tmp_path: Path, content: bytes
) -> None:
    blank = tmp_path / "blank.md"
    blank.write_bytes(content)
    code, report, err = check_json(capsys, blank)
    assert code == 0 and err == ""
    [file] = report["files"]
    assert file["error"] is None and file["findings"] == []
    assert file["score"]["total"] is None  # under 20 words: not scored
    code, report, _ = check_json(capsys, blank, companion(tmp_path))
    assert code == 1
    assert_companion_checked(report)


def _without_dac_override() -> list[str] | None:
    """A command prefix that takes root's power to read any file away, where possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_file_and_folder(capsys: Any, tmp_path: Path) -> None:
    prefix = _without_dac_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 cannot make a file unreadable")
    locked = tmp_path / "locked.md"
    locked.write_text(TRIGGER + "\n", encoding="utf-8")
    folder = tmp_path / "drafts"
    (folder / "private").mkdir(parents=True)
    (folder / "private" / "secret.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (folder / "open.md").write_text(TRIGGER + "\n", encoding="utf-8")
    other = companion(tmp_path)
    locked.chmod(0)
    (folder / "private").chmod(0)
    try:
        if prefix:
            probe = subprocess.run([*prefix, "cat", str(locked)], check=False, capture_output=True)
            if probe.returncode == 0:
                pytest.skip("cannot drop root's read-any-file capability here")
        argv = [
            "check",
            str(locked),
            str(folder),
            str(other),
            "--format",
            "json",
            "--jobs",
            "1",
            "--no-cache",
        ]
        if prefix:
            result = subprocess.run(
                [*prefix, sys.executable, "-m", "customerlens", *argv],
                check=False,
                capture_output=True,
                text=True,
                timeout=120,
            )
            code, out, err = result.returncode, result.stdout, result.stderr
        else:
            code, out, err = cli(capsys, *argv)
    finally:
        locked.chmod(0o644)
        (folder / "private").chmod(0o755)
    assert_no_traceback(out, err)
    assert code == 2
    assert_one_error(err, "locked.md", "permission denied")
    assert_one_error(err, "private", "permission denied")
    report = json.loads(out)
    assert by_name(report, "locked.md")["error"] == "permission denied"
    trigger_at(by_name(report, "open.md"), 1, 1)
    assert_companion_checked(report)


# --- stdin ----------------------------------------------------------------------------------------


def test_empty_stdin_is_an_empty_document(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, report, err = check_json(capsys, "-", companion(tmp_path))
    assert code == 1 and err == ""
    stdin = by_name(report, "<stdin>")
    assert stdin["error"] is None and stdin["findings"] == []
    assert_companion_checked(report)


def test_stdin_from_dev_null_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess_cli(
        "check", "-", "--format", "json", "--jobs", "1", stdin=subprocess.DEVNULL
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 0 and result.stderr == ""
    [file] = json.loads(result.stdout)["files"]
    assert file["path"] == "<stdin>" and file["error"] is None


def test_closed_stdin_is_one_error_line_and_the_rest_is_checked(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("needs bash to start a process with file descriptor 0 closed")
    other = companion(tmp_path)
    script = 'exec "$0" -m customerlens check - "$1" --format json --jobs 1 0<&-'
    result = subprocess.run(
        [bash, "-c", script, sys.executable, str(other)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 2
    assert_one_error(result.stderr, "<stdin>", "standard input is closed")
    report = json.loads(result.stdout)
    assert by_name(report, "<stdin>")["error"] == "standard input is closed"
    assert_companion_checked(report)


def test_binary_stdin_is_one_error_line(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PNG)))
    code, report, err = check_json(
        capsys, "-", companion(tmp_path), extra=("--stdin-filename", "logo.md")
    )
    assert code == 2
    assert_one_error(err, "logo.md", "looks like a binary file")
    assert_companion_checked(report)


# --- one bad file among many, any -j --------------------------------------------------------------


def test_every_bad_input_at_once_with_a_process_pool(capsys: Any, tmp_path: Path) -> None:
    """The matrix in one run with --jobs 2: each bad file one line, every good file reported, in
    order."""
    inputs = {
        "a-empty.md": b"",
        "b-png.md": PNG,
        "c-nul.txt": b"We\x00offer",
        "d-bad-utf8.md": b"caf\xe9 \x81\n",
        "e-good.md": TRIGGER.encode() + b"\n",
        "f-utf16.md": ("\ufeff" + TRIGGER + "\r\n").encode("utf-16-le"),
        "g-good.html": f"<p>{TRIGGER}</p>".encode(),
    }
    for name, content in inputs.items():
        (tmp_path / name).write_bytes(content)
    code, out, err = cli(
        capsys,
        "check",
        str(tmp_path),
        str(tmp_path / "zz-missing.md"),
        "--format",
        "json",
        "--jobs",
        "2",
    )
    assert_no_traceback(out, err)
    assert code == 2
    report = json.loads(out)
    names = [Path(f["path"]).name for f in report["files"]]
    assert [n for n in names if n != "zz-missing.md"] == sorted(inputs) and "zz-missing.md" in names
    for name in ("b-png.md", "c-nul.txt", "d-bad-utf8.md", "zz-missing.md"):
        assert len(error_lines(err, name)) == 1
        assert by_name(report, name)["error"]
    for name in ("e-good.md", "f-utf16.md", "g-good.html"):
        trigger_at(by_name(report, name), 1, 4 if name.endswith(".html") else 1)
    assert report["summary"]["errors"] == 4


def test_a_page_whose_copy_is_all_in_front_matter_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from customerlens.cli import main

    page = tmp_path / "home.md"
    page.write_text(
        "---\ntitle: Backups for small offices\n"
        "description: We keep three copies of every file, so you never lose a day of work.\n"
        "---\n",
        encoding="utf-8",
    )
    main(["check", str(page), "-f", "json", "--isolated", "--no-cache"])
    [skipped] = json.loads(capsys.readouterr().out)["files"]
    assert skipped["score"]["total"] is None and "--front-matter" in skipped["note"]
    main(["check", str(page), "-f", "concise", "--isolated", "--no-cache"])
    assert f"{page}: note: all its copy is in front matter" in capsys.readouterr().out
    main(["check", str(page), "-f", "json", "--isolated", "--no-cache", "--front-matter"])
    [read] = json.loads(capsys.readouterr().out)["files"]
    assert read["score"]["total"] is not None and "note" not in read


def test_a_file_swapped_for_a_fifo_after_discovery_is_refused_not_waited_on(
    tmp_path: Path,
) -> None:
    """Discovery saw a regular file; by read time it is a FIFO with no writer. Before, the read
    blocked for ever."""
    from customerlens.errors import InputError
    from customerlens.run.discovery import Source
    from customerlens.run.runner import read_source

    os.mkfifo(tmp_path / "page.md")
    outcome: list[BaseException | bytes] = []
    reader = threading.Thread(
        target=lambda: outcome.append(
            _attempt(read_source, Source("page.md", str(tmp_path / "page.md"), "markdown"))
        ),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "the read blocked on the FIFO"
    [error] = outcome
    assert isinstance(error, InputError) and "is not a regular file" in str(error)
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(InputError, match="is a directory, not a file"):
        read_source(Source("folder.md", str(tmp_path / "folder.md"), "markdown"))


def _attempt(function: Any, *args: Any) -> BaseException | bytes:
    try:
        result: bytes = function(*args)
        return result
    except Exception as exc:
        return exc
