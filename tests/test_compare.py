"""`customerlens compare`: two drafts, or a file against a git revision, with the real model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from git_support import git, isolate, new_repo

from customerlens.cli import main
from customerlens.compare import match
from customerlens.model import Finding, Level

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "examples" / "self-centred.md"
GOOD = ROOT / "examples" / "reader-focused.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_reader_focused_rewrite_scores_higher(capsys: Any) -> None:
    code, out, _ = run(capsys, "compare", str(BAD), str(GOOD), "--no-color")
    assert code == 0
    rows = {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line.strip() and line.split()[0] in ("total", "them")
    }
    assert float(rows["total"][2]) > 0 and float(rows["total"][1]) > float(rows["total"][0])
    assert "self refs" in out and "reader refs" in out
    assert "Fixed: " in out and "Introduced: 0" in out
    assert "The new draft scores higher than the old one" in out
    assert (
        "»We are« proud to be trusted by thousands of organizations." in out
    )  # a fixed CL103, marked


def test_swapped_drafts_fail_the_gate(capsys: Any) -> None:
    code, out, _ = run(capsys, "compare", str(GOOD), str(BAD), "--no-color")
    assert code == 1
    assert "The new draft scores lower than the old one" in out


def test_json_shape(capsys: Any) -> None:
    code, out, _ = run(capsys, "compare", str(BAD), str(GOOD), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["version", "old", "new", "change", "fixed", "introduced", "verdict"]
    assert data["version"] == 1 and data["verdict"] == "better"
    for side in ("old", "new"):
        assert list(data[side]) == ["path", "total", "pillars", "counts", "findings"]
        assert set(data[side]["pillars"]) == {"who", "care", "them", "clarity"}
        assert set(data[side]["counts"]) == {"self_refs", "reader_refs"}
    old, new, change = data["old"], data["new"], data["change"]
    assert (
        Path(old["path"]).name == "self-centred.md"
        and Path(new["path"]).name == "reader-focused.md"
    )
    assert change["total"] == round(new["total"] - old["total"], 1) > 0
    assert (
        change["counts"]["self_refs"] == new["counts"]["self_refs"] - old["counts"]["self_refs"] < 0
    )
    assert (
        change["counts"]["reader_refs"]
        == new["counts"]["reader_refs"] - old["counts"]["reader_refs"]
        > 0
    )
    assert isinstance(change["counts"]["self_refs"], int)
    assert change["findings"] == new["findings"] - old["findings"]
    assert len(data["fixed"]) - len(data["introduced"]) == old["findings"] - new["findings"]
    assert {"CL101", "CL103", "CL201"} <= {f["rule"] for f in data["fixed"]}
    for finding in data["fixed"] + data["introduced"]:
        assert list(finding) == [
            "rule",
            "pillar",
            "level",
            "scope",
            "line",
            "column",
            "end_line",
            "end_column",
            "match",
            "message",
            "suggestion",
            "context",
        ]  # as in `check --format json`
    swapped = json.loads(run(capsys, "compare", str(GOOD), str(BAD), "-f", "json")[1])
    assert swapped["verdict"] == "worse" and swapped["change"]["total"] == -change["total"]
    assert len(swapped["introduced"]) == len(data["fixed"])


def test_findings_are_matched_by_rule_and_words_not_lines(tmp_path: Path, capsys: Any) -> None:
    body = (
        "We have offices in Berlin, Lisbon and Austin. "
        "You can reach us at any hour, so you never wait.\n"
    )
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text(body, encoding="utf-8")
    new.write_text("# Offices\n\nYou pick the office nearest to you.\n\n" + body, encoding="utf-8")
    data = json.loads(
        run(capsys, "compare", str(old), str(new), "-f", "json", "--select", "CL101")[1]
    )
    assert data["fixed"] == [] and data["introduced"] == []  # the sentence moved two lines down
    new.write_text(
        "We have offices in Berlin and Lisbon. You can reach us at any hour, so you never wait.\n",
        encoding="utf-8",
    )
    data = json.loads(
        run(capsys, "compare", str(old), str(new), "-f", "json", "--select", "CL101")[1]
    )
    assert data["fixed"] == [] and data["introduced"] == []  # still "We have": not fixed
    new.write_text(
        "You can visit us in Berlin, Lisbon and Austin. You can reach us at any hour, so you never "
        "wait.\n",
        encoding="utf-8",
    )
    data = json.loads(
        run(capsys, "compare", str(old), str(new), "-f", "json", "--select", "CL101")[1]
    )
    assert [f["match"] for f in data["fixed"]] == ["We have"] and data["introduced"] == []


def _finding(rule: str, match: str, context: str, line: int, whole: bool = False) -> Finding:
    start = 0 if whole else context.index(match)
    end = len(context) if whole else start + len(match)
    return Finding(
        rule, "them", Level.WARNING, line, 1, line, 1, match, "m", "s", context, start, end
    )


def test_match_counts_repeats_and_whole_sentence_findings() -> None:
    a = _finding("CL101", "We offer", "We offer support.", 1)
    b = _finding("CL101", "We offer", "We offer support.", 9)
    run_old = _finding("CL105", "We build.", "We build.", 3, whole=True)
    run_new = _finding("CL105", "Our team ships.", "Our team ships.", 4, whole=True)
    fixed, introduced = match([a, b, run_old], [a, run_new])
    assert (
        fixed == (b,) and introduced == ()
    )  # one of two repeats fixed; the run is the same problem
    fixed, introduced = match([], [a])
    assert (fixed, introduced) == ((), (a,))


def test_configuration_files_apply(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / ".customerlens.toml").write_text('[rules]\nignore = ["CL1"]\n', encoding="utf-8")
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_bytes(BAD.read_bytes())
    new.write_bytes(GOOD.read_bytes())
    data = json.loads(run(capsys, "compare", str(old), str(new), "-f", "json")[1])
    assert data["fixed"] and not any(f["rule"].startswith("CL1") for f in data["fixed"])
    data = json.loads(run(capsys, "compare", str(old), str(new), "-f", "json", "--isolated")[1])
    assert any(f["rule"].startswith("CL1") for f in data["fixed"])


def test_compare_with_a_git_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    isolate(monkeypatch, tmp_path)
    repo = new_repo(tmp_path / "repo", {"site/page.md": BAD.read_text(encoding="utf-8")})
    page = repo / "site" / "page.md"
    page.write_bytes(GOOD.read_bytes())
    monkeypatch.chdir(
        repo / "site"
    )  # the path is relative to here, git wants it relative to the root
    code, out, _ = run(capsys, "compare", "--rev", "HEAD", "page.md", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "better"
    assert data["old"]["path"] == "HEAD:page.md" and data["new"]["path"] == "page.md"
    assert data["old"]["counts"]["self_refs"] > 0 and data["new"]["counts"]["self_refs"] == 0
    monkeypatch.chdir(tmp_path)  # outside the repository, with an absolute path
    assert run(capsys, "compare", "--rev", "HEAD", str(page))[0] == 0
    git(repo, "commit", "-qam", "reader first")
    page.write_bytes(BAD.read_bytes())
    code, out, _ = run(capsys, "compare", "--rev", "HEAD", str(page), "--no-color")
    assert code == 1 and "scores lower" in out
    assert (
        run(capsys, "compare", "--rev", "HEAD~1", str(page))[0] == 0
    )  # against the first commit: equal
    code, out, _ = run(capsys, "compare", "--rev", "HEAD~1", str(page), "-f", "json")
    assert json.loads(out)["verdict"] == "same"


def test_unreadable_inputs_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    isolate(monkeypatch, tmp_path)
    code, _, err = run(capsys, "compare", str(BAD), str(tmp_path / "missing.md"))
    assert code == 2 and "missing.md: no such file or directory" in err
    loose = tmp_path / "loose.md"
    loose.write_bytes(GOOD.read_bytes())
    code, _, err = run(capsys, "compare", "--rev", "HEAD", str(loose))
    assert code == 2 and "not a git repository" in err
    repo = new_repo(tmp_path / "repo", {"a.md": GOOD.read_text(encoding="utf-8")})
    (repo / "b.md").write_bytes(GOOD.read_bytes())
    code, _, err = run(capsys, "compare", "--rev", "HEAD", str(repo / "b.md"))
    assert code == 2 and "HEAD:" in err and "b.md" in err  # not in that revision
    assert run(capsys, "compare", "--rev", "no-such-rev", str(repo / "a.md"))[0] == 2
    assert run(capsys, "compare", "--rev", "--output=x", str(repo / "a.md"))[0] == 2
    assert run(capsys, "compare", "--rev", "HEAD", str(repo / "a.md"), str(BAD))[0] == 2
    assert run(capsys, "compare", str(BAD))[0] == 2
    assert run(capsys, "compare", str(BAD), str(GOOD), "-f", "sarif")[0] == 2
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert run(capsys, "compare", str(BAD), str(tmp_path / "notes.pdf"))[0] == 2
