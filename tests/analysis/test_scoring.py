"""The score: role-aware, monotone towards the reader, bounded, n/a without evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAIRS = [
    ("We offer 24/7 support.", "You get 24/7 support."),
    ("Our platform lets teams ship faster.", "You ship faster."),
    ("We are proud to announce version 2.", "Version 2 is here, so you can deploy in one click."),
    (
        "At Acme, we believe storage should be simple.",
        "Your storage stays simple: you set it up once and forget it.",
    ),
    ("Acme is the leading provider of cloud storage.", "You keep every file safe in the cloud."),
    (
        "Our award-winning platform offers replication, encryption and audit logs.",
        "Your files are replicated and encrypted, so you never lose a day of work.",
    ),
]
FILLER = (
    "The service runs in three regions. Files are copied every hour. The dashboard shows the "
    "status of each copy. Reports arrive by email every Monday morning."
)


def _total(lint_text: Any, text: str) -> float:
    result = lint_text(text)
    assert result.score.total is not None
    return float(result.score.total)


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_rewriting_for_the_reader_raises_the_score(lint_text: Any, before: str, after: str) -> None:
    old = lint_text(f"{FILLER} {before}").score
    new = lint_text(f"{FILLER} {after}").score
    assert new.total > old.total
    assert new.pillars["them"] >= old.pillars["them"]
    assert new.pillars["care"] >= old.pillars["care"]


def test_role_matters_not_just_the_word(lint_text: Any) -> None:
    helps = lint_text(f"{FILLER} We help you ship faster.")
    proud = lint_text(f"{FILLER} We are proud to be the leader.")
    assert helps.score.pillars["them"] > proud.score.pillars["them"]
    levels = {f.rule: f.level.label for f in helps.findings + proud.findings}
    assert levels.get("CL102") == "suggestion" and levels.get("CL103") == "warning"


def test_reader_focused_page_scores_clearly_higher(lint_text: Any) -> None:
    good = lint_text((EXAMPLES / "reader-focused.md").read_text(encoding="utf-8"))
    bad = lint_text((EXAMPLES / "self-centred.md").read_text(encoding="utf-8"))
    assert good.score.total >= 70
    assert bad.score.total <= 45
    assert good.score.total - bad.score.total >= 30


def test_counts_explain_the_score(lint_text: Any) -> None:
    counts = lint_text((EXAMPLES / "reader-focused.md").read_text(encoding="utf-8")).score.counts
    assert counts["reader_refs"] > counts["self_refs"]
    assert counts["benefit_sentences"] >= 3
    assert "studio" in counts["audiences"]
    assert 0 < counts["reading_grade"] < 12


def test_short_copy_is_scored_and_marked_short(lint_text: Any) -> None:
    ours = lint_text("We offer 24/7 support.")
    theirs = lint_text("Get help at any hour, so you never wait.")
    assert ours.score.short and theirs.score.short
    assert ours.score.total is not None and theirs.score.total is not None
    assert theirs.score.total > ours.score.total  # a headline can be ranked against another
    assert [f.rule for f in ours.findings] == ["CL101"]


def test_a_page_is_not_short_and_nothing_is_not_scored(lint_text: Any) -> None:
    assert not lint_text(" ".join(["You get help at any hour."] * 5)).score.short
    empty = lint_text("```\ncode only\n```\n", "draft.md")
    assert empty.score.total is None and not empty.score.short


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from([p for pair in PAIRS for p in pair] + FILLER.split(". ")),
        min_size=1,
        max_size=12,
    )
)
def test_scores_stay_between_0_and_100(lint_text: Any, sentences: list[str]) -> None:
    score = lint_text(" ".join(sentences)).score
    for value in [score.total, *score.pillars.values()]:
        assert value is None or 0 <= value <= 100
