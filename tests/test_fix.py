"""Rewrites you can apply: the `fix` field in JSON, SARIF `fixes`, and `customerlens fix`."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import jsonschema
from cli_support import run

from customerlens.fix import apply, worse
from customerlens.model import FileResult, Finding, Fix, Level, Score

ROOT = Path(__file__).resolve().parents[1]
DRAFT = (
    "# Support\n\n"
    "We offer 24/7 support.\n\n"
    "We offer **24/7** support.\n\n"  # markup inside: the rewrite would lose it, so no fix
    "We provide you with a dedicated account manager.\n"
)


def _findings(capsys: Any, path: Path, fmt: str = "json") -> Any:
    return json.loads(run(capsys, "check", str(path), "-f", fmt)[1])


def test_a_sure_rewrite_is_an_edit_in_json_and_sarif(capsys: Any, tmp_path: Path) -> None:
    draft = tmp_path / "support.md"
    draft.write_text(DRAFT, encoding="utf-8")
    findings = _findings(capsys, draft)["files"][0]["findings"]
    fixes = [f["fix"] for f in findings if "fix" in f]
    assert [(f["line"], f["replacement"]) for f in fixes] == [
        (3, "You get 24/7 support."),
        (7, "You get a dedicated account manager."),
    ]
    bold = next(f for f in findings if f["line"] == 5 and f["rule"] == "CL101")
    assert "fix" not in bold and bold["suggestion"].startswith("Rewrite: ")  # shown, not applied
    lines = DRAFT.splitlines()
    for fix in fixes:  # the span is exactly the sentence as written
        assert lines[fix["line"] - 1][fix["column"] - 1 : fix["end_column"] - 1].startswith("We ")
    sarif = _findings(capsys, draft, "sarif")
    schema = json.loads((ROOT / "tests/golden/ci/sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    changes = [
        change
        for result in sarif["runs"][0]["results"]
        for fix in result.get("fixes", [])
        for change in fix["artifactChanges"]
    ]
    assert [c["replacements"][0]["insertedContent"]["text"] for c in changes] == [
        "You get 24/7 support.",
        "You get a dedicated account manager.",
    ]


def test_fix_shows_a_diff_then_writes_with_a_backup_and_keeps_the_mode(
    capsys: Any, tmp_path: Path
) -> None:
    draft = tmp_path / "support.md"
    draft.write_text(DRAFT, encoding="utf-8")
    draft.chmod(0o640)
    code, out, err = run(capsys, "fix", str(draft))
    assert code == 1 and "-We offer 24/7 support.\n+You get 24/7 support.\n" in out
    assert err.strip().endswith("2 rewrites in 1 file to apply (run with --write)")
    assert draft.read_text(encoding="utf-8") == DRAFT  # a diff only
    code, out, err = run(capsys, "fix", str(draft), "--write")
    assert (code, out) == (0, "") and err.strip().endswith("2 rewrites in 1 file applied")
    fixed = draft.read_text(encoding="utf-8")
    assert fixed == DRAFT.replace("We offer 24/7 support.", "You get 24/7 support.").replace(
        "We provide you with a dedicated account manager.", "You get a dedicated account manager."
    )
    assert (tmp_path / "support.md.orig").read_text(encoding="utf-8") == DRAFT
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640
    assert run(capsys, "fix", str(draft))[0] == 0  # nothing left to apply
    again = tmp_path / "again.md"
    again.write_text(DRAFT, encoding="utf-8")
    assert run(capsys, "fix", str(again), "--write", "--no-backup")[0] == 0
    assert not (tmp_path / "again.md.orig").exists()


def test_a_fix_never_touches_front_matter_and_overlaps_apply_once() -> None:
    text = "---\ntitle: We offer support.\n---\n\nWe offer help.\n"
    inside = Fix(2, 8, 2, 25, "You get support.")
    body = Fix(5, 1, 5, 15, "You get help.")
    overlapping = Fix(5, 4, 5, 9, "X")
    fixed, applied = apply(text, [inside, body, overlapping])
    assert applied == 1 and fixed == "---\ntitle: We offer support.\n---\n\nYou get help.\n"


def _result(total: float, warnings: int) -> FileResult:
    finding = Finding("CL101", "them", Level.WARNING, 1, 1, 1, 3, "We", "m", "")
    return FileResult("a.md", score=Score(total, {}), findings=(finding,) * warnings)


def test_a_rewrite_that_makes_the_file_worse_is_refused() -> None:
    assert worse(_result(60.0, 2), _result(70.0, 1)) is None
    assert worse(_result(60.0, 2), _result(55.0, 1)) == "the score would fall (60.0 → 55.0)"
    assert worse(_result(60.0, 1), _result(60.0, 2)) == "warnings would rise (1 → 2)"


def test_interactive_steps_through_the_rewrites(
    capsys: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Skip the first, edit the second: only the edited sentence is written."""
    import io
    import sys

    draft = tmp_path / "support.md"
    draft.write_text(DRAFT, encoding="utf-8")
    answers = "s\ne\nYou have an account manager of your own.\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    code, _, err = run(capsys, "fix", str(draft), "--interactive", "--no-backup")
    assert code == 0 and "+ You get 24/7 support." in err  # each rewrite shown before asking
    assert draft.read_text(encoding="utf-8") == DRAFT.replace(
        "We provide you with a dedicated account manager.",
        "You have an account manager of your own.",
    )
    assert err.strip().endswith("1 rewrite in 1 file applied")
