"""The guarantees of issue 7, each proven through the real command line.

- input files are never modified (content, mtime, mode; no stray files beside them);
- no network at run time, proven in a separate process with sockets blocked and, where possible,
  with no network at all (`unshare -n`); HTML input is parsed without fetching what it references;
- deterministic: byte-identical reports across runs, hash seeds, `--jobs` values and a warm cache;
- Ctrl-C exits 130 with no traceback and leaves no half-written report or cache entry;
- a damaged cache entry is ignored and rebuilt;
- configuration, baseline and rule-file errors name the file (and line), exit 2 and print no
  partial report; rule files are data only, a Python tag in YAML runs nothing;
- reports that embed the draft (HTML) escape it.
"""

from __future__ import annotations

import glob
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from customerlens.cli import main
from customerlens.reporters.base import FORMATS

ROOT = Path(__file__).resolve().parents[1]
TRIGGER = "We offer the best support."

SELF_CENTRED = """\
# Acme: the leading platform

We are proud to announce our new world-class platform. We offer the best support in the
industry. Our team has built an innovative, cutting-edge solution. We believe our customers
deserve the best, and our experts are the most trusted in the market.
"""
READER_FOCUSED = """\
# Ship your launch page in an afternoon

You write the copy, pick a template and publish, so your team can test three headlines before
lunch. Small marketing teams use it to save about four hours a week, without waiting for a
developer.
"""
PAGE = """\
<!doctype html>
<html><head><title>Plans for small teams</title>
<link rel="stylesheet" href="http://198.51.100.7/site.css">
<link rel="preload" href="https://example.invalid/font.woff2" as="font">
<script src="https://203.0.113.9/analytics.js"></script>
<base href="http://example.invalid/">
<meta http-equiv="refresh" content="30;url=http://example.invalid/next">
<style>@import url("http://example.invalid/print.css"); body { background:
url(http://example.invalid/bg.png) }</style>
</head><body>
<h1>Plans for small teams</h1>
<img src="http://198.51.100.7/chart.png" alt="A chart of the hours you save"
srcset="http://example.invalid/2x.png 2x">
<iframe src="http://example.invalid/video"></iframe>
<object data="http://example.invalid/movie.swf"></object>
<video poster="http://example.invalid/poster.jpg" src="http://example.invalid/v.mp4"></video>
<p>We are proud to offer the best support. You can <a href="http://example.invalid/signup">start
today</a>.</p>
</body></html>
"""


# --------------------------------------------------------------------------------------- helpers


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream, stream
        assert "internal error" not in stream, stream


def drafts(folder: Path) -> Path:
    """A small content folder: Markdown, HTML, plain text, front matter, a CRLF file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "self-centred.md").write_text(SELF_CENTRED, encoding="utf-8")
    (folder / "reader-focused.md").write_text(READER_FOCUSED, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.txt").write_bytes(
        ("Notes\r\n\r\n" + SELF_CENTRED.replace("\n", "\r\n")).encode()
    )
    (folder / "blog").mkdir(exist_ok=True)
    (folder / "blog" / "post.md").write_text(
        "---\ntitle: News\n---\n\n"
        + SELF_CENTRED
        + "\n<!-- customerlens-disable-next-line CL101 -->\n"
        + TRIGGER
        + "\n",
        encoding="utf-8",
    )
    return folder


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A child environment with its own empty caches (the syllable table is built cold too)."""
    env = dict(os.environ)
    env.update(
        CUSTOMERLENS_CACHE_DIR=str(tmp_path / "result-cache"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        NO_COLOR="1",
    )
    env.update(extra)
    return env


def customerlens(
    *argv: str,
    env: dict[str, str],
    cwd: Path | None = None,
    prefix: tuple[str, ...] = (),
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "customerlens", *argv],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# ------------------------------------------------------------------------- inputs never modified


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


def _team_rule() -> str:
    return textwrap.dedent(
        """\
        id: CL901
        name: jargon
        kind: phrase
        pillar: care
        level: warning
        message: "'{match}' is jargon."
        description: Jargon hides what the reader gets.
        params:
          attr: LOWER
          phrases: [synergize, leverage]
        examples:
          bad: ["We synergize your workflow."]
          good: ["Your team ships faster."]
        """
    )


def test_input_files_are_never_modified(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = drafts(tmp_path / "site")
    (site / "team-rules").mkdir()
    (site / "team-rules" / "CL901-jargon.yml").write_text(_team_rule(), encoding="utf-8")
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
        code, out, err = cli(capsys, *argv)
        assert_no_traceback(out, err)
        assert code in (0, 1), (argv, code, err)
        assert _snapshot(site) == before, f"`customerlens {' '.join(argv)}` touched the inputs"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "baseline.json",
        "report.html",
        "report.json",
    ]


# --------------------------------------------------------------------------------- no network


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


def test_html_input_is_parsed_without_fetching_what_it_references(
    capsys: Any, tmp_path: Path
) -> None:
    """In this process (sockets blocked by conftest): referenced URLs are never opened."""
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, err = cli(
        capsys, "check", str(page), "--format", "json", "--jobs", "1", "--no-cache"
    )
    assert_no_traceback(out, err)
    assert code == 1 and err == ""
    [file] = json.loads(out)["files"]
    lines = PAGE.split("\n")
    found = {(f["rule"], f["line"]) for f in file["findings"]}
    assert (
        "CL103",
        lines.index(next(x for x in lines if x.startswith("<p>We are proud"))) + 1,
    ) in found
    for finding in file["findings"]:
        assert "http" not in finding["match"]  # URLs are not prose
    assert file["score"]["counts"]["words"] >= 15  # the heading, the alt text and the paragraph


# ------------------------------------------------------------------------------- determinism


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


def test_files_are_reported_in_a_stable_order_whatever_the_creation_order(
    capsys: Any, tmp_path: Path
) -> None:
    names = [
        "b.md",
        "a.md",
        "Z.md",
        "sub/c.md",
        "sub/a.html",
        "sub/deeper/x.txt",
        "a-b.md",
        "a_b.md",
        "ä.md",
        "10.md",
        "9.md",
    ]
    reports = []
    for attempt in range(3):
        root = tmp_path / f"tree{attempt}"
        order = names[:]
        random.Random(attempt).shuffle(order)
        for name in order:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(TRIGGER + "\n", encoding="utf-8")
        code, out, _ = cli(
            capsys, "check", str(root), "--format", "json", "--jobs", "2" if attempt else "1"
        )
        assert code == 1
        reports.append([os.path.relpath(f["path"], root) for f in json.loads(out)["files"]])
    assert reports[0] == reports[1] == reports[2]
    assert sorted(reports[0]) == sorted(names)
    top = [p for p in reports[0] if "/" not in p]
    assert top == sorted(top)  # names in code-point order within a folder
    # paths given on the command line keep their order
    code, out, _ = cli(
        capsys,
        "check",
        str(tmp_path / "tree0" / "b.md"),
        str(tmp_path / "tree0" / "a.md"),
        "--format",
        "json",
    )
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["b.md", "a.md"]


# ------------------------------------------------------------------------------------- Ctrl-C


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


# ---------------------------------------------------------------------------------- the cache


def _damage(kind: str, data: bytes) -> bytes:
    return {
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "garbage": bytes(random.Random(7).randrange(256) for _ in range(len(data))),
        "bad-frame-length": data[:3] + b"\xff" * 8 + data[11:],  # protocol 5 frame header
        "huge-length": b"\x80\x04\x8e" + b"\xff" * 7 + b"\x7f",
        "other-object": pickle.dumps({"path": "x", "findings": []}),
        "flipped-bytes": bytes(b ^ 0x5A if i % 37 == 5 else b for i, b in enumerate(data)),
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "empty",
        "garbage",
        "bad-frame-length",
        "huge-length",
        "other-object",
        "flipped-bytes",
    ],
)
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    site = drafts(tmp_path / "site")
    cache = tmp_path / "cache"
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(cache))
    argv = ("check", str(site), "--format", "json", "--jobs", "1")
    code, fresh, _ = cli(capsys, *argv)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert code == 1 and len(entries) == 5
    for entry in entries:
        entry.write_bytes(_damage(kind, entry.read_bytes()))
    code, out, err = cli(capsys, *argv)
    assert_no_traceback(out, err)
    assert code == 1 and out == fresh
    for entry in entries:  # rewritten whole
        assert type(pickle.loads(entry.read_bytes())).__name__ == "FileResult"
    code, again, _ = cli(capsys, *argv)
    assert again == fresh


def test_a_cache_folder_that_cannot_be_used_is_not_an_error(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = drafts(tmp_path / "site")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, fresh, _ = cli(
        capsys, "check", str(site), "--format", "json", "--no-cache", "--jobs", "1"
    )
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(blocker / "cache"))
    code2, out, err = cli(capsys, "check", str(site), "--format", "json", "--jobs", "1")
    assert_no_traceback(out, err)
    assert (code2, out) == (code, fresh)
    assert blocker.read_text() == "x"


# ------------------------------------------------------------ configuration and rule-file errors


@pytest.mark.parametrize(
    ("toml", "line", "reason"),
    [
        ('brand = ["Acme"]\n[thresholds\ntarget-grade = 9\n', 2, "invalid TOML"),
        ('brand = ["Acme"]\n\n[thresholds]\ntarget-grade = "high"\n', 4, "target-grade"),
        ('brand = ["Acme"]\n[rules]\nselect = ["CL1"]\ncolour = "red"\n', 4, "unknown key"),
        ('brand = ["Acme"]\n[rules]\nignore = ["CL101", "CL999"]\n', 3, "CL999"),
        ("brand = 'Acme\n", 1, "invalid TOML"),
    ],
    ids=["toml-syntax", "bad-value", "unknown-key", "unknown-rule", "unclosed-string"],
)
def test_a_configuration_error_names_file_and_line_and_prints_no_partial_report(
    capsys: Any, tmp_path: Path, toml: str, line: int, reason: str
) -> None:
    site = drafts(tmp_path / "site")
    team = site / "blog"
    (team / ".customerlens.toml").write_text(toml, encoding="utf-8")  # only blog/ is misconfigured
    report = tmp_path / "report.json"
    for jobs in ("1", "2"):
        code, out, err = cli(
            capsys, "check", str(site), "--format", "json", "--jobs", jobs, "--output", str(report)
        )
        assert_no_traceback(out, err)
        assert code == 2 and out == "" and not report.exists()
        [message] = [x for x in err.splitlines() if ".customerlens.toml" in x]
        assert f".customerlens.toml:{line}:" in message and reason in message, message
    code, out, err = cli(
        capsys,
        "check",
        str(site / "self-centred.md"),
        "--config",
        str(team / ".customerlens.toml"),
        "--format",
        "json",
    )
    assert code == 2 and out == "" and f".customerlens.toml:{line}:" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[1, 2]", "not a customerlens baseline"),
        (b'{"version": 1, "files": {"a.md": [{"rule": 5}]}}', "not a customerlens baseline"),
        (b'{"version": 1, "files": ', ""),
        (b"\xff\xfe{\x00}\x00", ""),
    ],
    ids=["not-an-object", "bad-entry", "truncated-json", "not-utf8"],
)
def test_a_bad_baseline_file_is_a_usage_error(
    capsys: Any, tmp_path: Path, content: bytes, reason: str
) -> None:
    site = drafts(tmp_path / "site")
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    code, out, err = cli(
        capsys, "check", str(site), "--baseline", str(baseline), "--format", "json", "--jobs", "1"
    )
    assert_no_traceback(out, err)
    assert code == 2 and out == ""
    [message] = err.splitlines()
    assert "baseline.json" in message and reason in message


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
            _team_rule().replace("kind: phrase\n", ""),
            None,
            "missing required field 'kind'",
        ),
        ("CL901-jargon.yml", _team_rule().replace("level: warning", "level: loud"), None, "loud"),
        (
            "CL901-jargon.yml",
            _team_rule().replace("phrases: [synergize, leverage]", "phrases: [synergize, leverage"),
            (10, 11),
            "invalid YAML",
        ),  # the open list, or where it is noticed
        (
            "CL901-jargon.yml",
            _team_rule().replace("kind: phrase", "kind: regex"),
            None,
            "unknown kind 'regex'",
        ),
        ("CL902-wrong-name.yml", _team_rule(), None, "must start with the rule id"),
        ("CL101-again.yml", _team_rule().replace("CL901", "CL101"), None, "already defined"),
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
        _team_rule().replace("message: \"'{match}' is jargon.\"", evil)
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
    _team(site, {"CL901-jargon.yml": _team_rule()})
    monkeypatch.chdir(site)
    code, out, err = cli(capsys, "check", "jargon.md", "--format", "json", "--jobs", "1")
    assert code == 1, err
    [file] = json.loads(out)["files"]
    assert any(f["rule"] == "CL901" and f["match"] == "synergize" for f in file["findings"])


@pytest.mark.parametrize(
    ("directive", "reason"),
    [
        ("<!-- customerlens-disabel CL101 -->", "unknown directive"),
        ("<!-- customerlens-disable CL999 -->", "unknown rule or selector 'CL999'"),
        ("<!-- customerlens-enable CL101 -->", "closes no open"),
        ("<!-- customerlens-disable CL101", "never closed"),
    ],
    ids=["unknown-verb", "unknown-rule", "enable-without-disable", "unclosed-comment"],
)
def test_a_directive_error_is_reported_at_its_line_and_column(
    capsys: Any, tmp_path: Path, directive: str, reason: str
) -> None:
    """Directive problems are findings (CL002) at the directive's exact position, never a crash."""
    text = f"# Plans for you\n\nIntro text for you.\n\n  {directive}\n\n{TRIGGER}\n"
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "check", str(draft), "--format", "json", "--jobs", "1")
    assert_no_traceback(out, err)
    assert code == 1
    [file] = json.loads(out)["files"]
    problems = [f for f in file["findings"] if f["rule"] == "CL002"]
    assert len(problems) == 1, file["findings"]
    assert (problems[0]["line"], problems[0]["column"]) == (5, 3)
    assert reason in problems[0]["message"]
    assert problems[0]["match"].startswith(directive.split()[0])


# ------------------------------------------------------------------------ output escaping


def test_html_report_escapes_everything_from_the_draft(capsys: Any, tmp_path: Path) -> None:
    name = tmp_path / "x<b>&\"'.txt"
    hostile = (
        "We offer the best </script><script>alert(1)</script> support. "
        'Our <img src=x onerror=alert(2)> world-class & "leading" team. '
        "We are proud of <!-- comment --> ${{7*7}} {{constructor}} `code` \u2028\u2029 "
        "javascript:alert(3).\n"
    )
    name.write_text(hostile, encoding="utf-8")
    code, out, err = cli(
        capsys, "check", str(name), "--format", "html", "--jobs", "1", "--no-cache"
    )
    assert_no_traceback(out, err)
    assert code == 1
    assert "alert(1)" in out  # the draft is shown …
    for raw in (
        "<script>alert(1)",
        "</script><script>",
        "<img src=x onerror",
        "x<b>&",
        "<!-- comment -->",
    ):
        assert raw not in out, raw  # … but never as markup
    assert "&lt;script&gt;alert(1)" in out
