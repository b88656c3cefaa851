"""The learned judgement as users meet it: shipped in the package, offline and deterministic,
sure about clear copy, reported per sentence at the exact place, weighing the rules, scoring
headlines — and rebuilt bit for bit by the training command from the data in the repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customerlens.cli import main
from customerlens.nlp import judgement

ROOT = Path(__file__).resolve().parents[2]

CLEAR = [  # (sentence, labels a copy editor gives it): copy written for this test
    ("We are thrilled to announce that Acme has moved into a bigger office.", {"self_focus"}),
    ("Acme was founded in 1998 by two engineers in a garage in Ohio.", {"self_focus"}),
    ("Get a reminder a week before your trial ends.", {"reader_focus"}),
    ("Cancel any time, and keep every report you made.", {"reader_focus", "benefit"}),
    ("Close your books a day sooner, without a single spreadsheet.", {"reader_focus", "benefit"}),
    ("Acme is the world's leading provider of backup software.", {"self_focus", "self_praise"}),
]


SENTENCES = [
    "Get a reminder a week before your trial ends.",
    "Cancel any time, and keep every report you made.",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_the_model_ships_in_the_package_within_ten_megabytes() -> None:
    shipped = ROOT / "customerlens" / "nlp" / "judgement.npz"
    assert shipped.stat().st_size <= 10 * 1024 * 1024
    judge = judgement.load()
    assert judge.vectors.shape[0] == len(judge.pieces) and len(judge.thresholds) == 4


@pytest.mark.parametrize(("sentence", "labels"), CLEAR)
def test_clear_copy_gets_the_labels_a_copy_editor_gives(
    lint_text: Any, sentence: str, labels: set[str]
) -> None:
    from customerlens.analysis.linter import Linter
    from customerlens.documents import parse
    from customerlens.settings.config import Config

    result = Linter(Config(brands=("Acme",))).lint(parse(sentence, "draft.txt", "text"))
    [judged] = result.sentences
    assert set(judged.labels) == labels, dict(judged.confidence)


def test_the_same_text_is_judged_the_same_every_time(lint_text: Any) -> None:
    text = "# Backups\n\nWe back up your files every hour. Restores take one click.\n"
    first, second = lint_text(text), lint_text(text)
    assert first.sentences == second.sentences


def test_json_lists_every_sentence_at_its_place_in_the_original(
    capsys: Any, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.md"
    source = (
        "---\ntitle: Plans\n---\n\n# Backups for *small* offices\n\n"
        "We are proud of our **award-winning** engine. You can restore any file in one click.\n"
    )
    draft.write_text(source, encoding="utf-8")
    code, out = run(capsys, "check", str(draft), "--format", "json", "--isolated")
    [file] = json.loads(out)["files"]
    lines = source.split("\n")
    spans = [lines[s["line"] - 1][s["column"] - 1 : s["end_column"] - 1] for s in file["sentences"]]
    assert spans == [
        "Backups for *small* offices",
        "We are proud of our **award-winning** engine.",
        "You can restore any file in one click.",
    ]
    proud, restore = file["sentences"][1], file["sentences"][2]
    assert "self_focus" in proud["labels"] and "reader_focus" in restore["labels"]
    assert set(proud["confidence"]) == {"self_focus", "reader_focus", "benefit", "self_praise"}
    assert all(0 <= p <= 1 for s in file["sentences"] for p in s["confidence"].values())


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from([SENTENCES[0], SENTENCES[1], "Short headline here", "Why teams switch"]),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["\n\n", " ", "\n\n- "]),
)
def test_every_sentence_span_holds_its_words(lint_text: Any, parts: list[str], glue: str) -> None:
    source = glue.join(parts) + "\n"
    result = lint_text(source, "draft.md")
    lines = source.split("\n")
    words = {w.strip(".,'’-") for part in parts for w in part.split()}
    for sentence in result.sentences:
        assert sentence.line == sentence.end_line
        span = lines[sentence.line - 1][sentence.column - 1 : sentence.end_column - 1]
        assert span.split() and all(w.strip(".,'’-") in words for w in span.split())


def test_a_confident_reader_sentence_lowers_the_rule_finding_in_it(lint_text: Any) -> None:
    result = lint_text("Our engineers will migrate your data for you.\n", "draft.txt")
    [finding] = [f for f in result.findings if f.pillar == "them"]
    assert finding.level.label == "suggestion"
    assert result.sentences[0].confidence[1][1] >= 0.9  # reader_focus


def test_a_sentence_no_rule_catches_gets_a_judged_finding_naming_its_words(
    capsys: Any, tmp_path: Path
) -> None:
    draft = tmp_path / "about.md"
    draft.write_text("# About\n\nAcme: proudly family-owned since 1952.\n", encoding="utf-8")
    code, out = run(capsys, "check", str(draft), "--brand", "Acme", "--format", "json")
    [finding] = [f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "CL108"]
    assert (finding["line"], finding["column"]) == (3, 1)
    assert "'Acme'" in finding["message"] or "'proudly'" in finding["message"]
    assert code == 1


def test_headlines_are_scored_short_and_compared(capsys: Any, tmp_path: Path) -> None:
    ours = tmp_path / "old.txt"
    theirs = tmp_path / "new.txt"
    ours.write_text("Acme is the leading provider of backup software.\n", encoding="utf-8")
    theirs.write_text("Your files, backed up every hour, restored in one click.\n", "utf-8")
    code, out = run(capsys, "check", str(ours), "--format", "json", "--brand", "Acme")
    assert json.loads(out)["files"][0]["score"]["short"] is True
    code, out = run(capsys, "compare", str(ours), str(theirs), "--brand", "Acme", "--no-color")
    assert code == 0 and "The new draft scores higher than the old one" in out
    code, out = run(capsys, "compare", str(theirs), str(ours), "--brand", "Acme", "--no-color")
    assert code == 1 and "The new draft scores lower than the old one" in out
    assert "too little prose" not in out


def test_the_same_score_with_new_warnings_is_worse(capsys: Any, tmp_path: Path) -> None:
    from customerlens.compare import Comparison
    from customerlens.model import FileResult, Finding, Level, Score

    score = Score(50.0, dict.fromkeys(("who", "care", "them", "clarity"), 50.0))
    warning = Finding("CL101", "them", Level.WARNING, 1, 1, 1, 3, "We", "m", "s")
    comparison = Comparison(
        FileResult("old.md", score=score), FileResult("new.md", score=score), (), (warning,)
    )
    assert comparison.verdict == "worse" and int(comparison.exit_code) == 1


def test_training_rebuilds_the_shipped_model_from_the_repository(tmp_path: Path) -> None:
    shipped = ROOT / "customerlens" / "nlp" / "judgement.npz"
    rebuilt = tmp_path / "judgement.npz"
    done = subprocess.run(
        [sys.executable, str(ROOT / "training" / "train_judgement.py"), str(shipped),
         "--refit", "--out", str(rebuilt)],
        capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with np.load(shipped) as a, np.load(rebuilt) as b:
        assert a.files == b.files
        for name in ("pieces", "vectors", "rules", "thresholds"):
            assert np.array_equal(a[name], b[name]), name
        assert np.allclose(a["weights"], b["weights"], atol=1e-4)
        assert np.allclose(a["bias"], b["bias"], atol=1e-4)
