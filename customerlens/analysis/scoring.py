"""The score: pure functions from a document's signals and findings to 0–100 per pillar.

Every pillar is a smoothed share, so a short text is not judged on two words and a rewrite
towards the reader can only raise it:
- them:    (R + 1) / (R + S + F + 2) — R reader references (an imperative counts as one), S
           self references, F the weight of `them` findings (the company as subject, proud of
           itself…); a headline counts double and the first sentence 1.5×.
- care:    (B + 1) / (B + P + 2) — B benefit sentences, P the weight of `care` findings
           (self-praise, feature lists with no outcome).
- who:     40 if the copy addresses the reader, 30 if it names an audience, 30 if either
           happens in the headline or the first 100 words.
- clarity: N / (N + P) with N = words / 75 (at least 1), P the weight of `clarity` findings
           (reading grade over target counts per grade).
total = weighted mean of the pillars (them 35, care 30, who 20, clarity 15 by default);
n/a below MIN_WORDS words of prose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from customerlens.checks.context import Hit
from customerlens.checks.spec import RuleSpec
from customerlens.model import Score
from customerlens.nlp.signals import SentenceSignals
from customerlens.settings.config import DEFAULT_WEIGHTS

if TYPE_CHECKING:
    from customerlens.nlp.readability import Readability

MIN_WORDS = 20
EARLY_WORDS = 100


def position_weight(sentence: SentenceSignals) -> float:
    """Headlines and the opening sentence are read most, so they count more."""
    if sentence.heading:
        return 2.0
    return 1.5 if sentence.index == 0 else 1.0


def finding_weight(found: Iterable[tuple[RuleSpec, Hit]], pillar: str) -> float:
    return sum(spec.weight * hit.scale for spec, hit in found if spec.pillar == pillar)


def them_score(sentences: Sequence[SentenceSignals], penalty: float) -> float:
    reader = sum(max(s.reader_refs, int(s.imperative)) * position_weight(s) for s in sentences)
    self_ = sum(s.self_refs * position_weight(s) for s in sentences)
    return 100 * (reader + 1) / (reader + self_ + penalty + 2)


def care_score(sentences: Sequence[SentenceSignals], penalty: float) -> float:
    benefits = sum(position_weight(s) for s in sentences if s.benefit)
    return 100 * (benefits + 1) / (benefits + penalty + 2)


def who_score(sentences: Sequence[SentenceSignals]) -> float:
    addressed = any(s.has("reader") for s in sentences)
    named = any(s.audiences for s in sentences)
    early, words = False, 0
    for s in sentences:
        if words >= EARLY_WORDS:
            break
        if s.has("reader") or s.audiences:
            early = True
            break
        words += s.words
    return 40.0 * addressed + 30.0 * named + 30.0 * early


def clarity_score(words: int, penalty: float) -> float:
    base = max(1.0, words / 75)
    return 100 * base / (base + penalty)


def score_document(
    sentences: Sequence[SentenceSignals],
    found: Sequence[tuple[RuleSpec, Hit]],
    readability: Readability,
    weights: dict[str, float] | None = None,
    min_words: int = MIN_WORDS,
) -> Score:
    """The document's Score, with the counts behind every pillar."""
    words = sum(s.words for s in sentences)
    pillars: dict[str, float | None] = {
        "who": who_score(sentences),
        "care": care_score(sentences, finding_weight(found, "care")),
        "them": them_score(sentences, finding_weight(found, "them")),
        "clarity": clarity_score(words, finding_weight(found, "clarity")),
    }
    weights = weights or DEFAULT_WEIGHTS
    total: float | None = None
    if words >= min_words:
        total = sum(weights[p] * (pillars[p] or 0.0) for p in weights) / sum(weights.values())
    else:
        pillars = dict.fromkeys(pillars)
    return Score(
        total=None if total is None else round(total, 1),
        pillars={p: None if v is None else round(v, 1) for p, v in pillars.items()},
        counts=_counts(sentences, readability),
    )


def _counts(
    sentences: Sequence[SentenceSignals], readability: Readability
) -> dict[str, float | int | str | list[str] | None]:
    self_refs = sum(s.self_refs for s in sentences)
    reader_refs = sum(s.reader_refs for s in sentences)
    refs = self_refs + reader_refs
    return {
        "words": sum(s.words for s in sentences),
        "sentences": len(sentences),
        "reader_refs": reader_refs,
        "self_refs": self_refs,
        "reader_share": round(reader_refs / refs, 3) if refs else None,
        "imperatives": sum(s.imperative for s in sentences),
        "self_subject_sentences": sum(s.self_subject for s in sentences),
        "reader_subject_sentences": sum(s.reader_subject for s in sentences),
        "benefit_sentences": sum(s.benefit for s in sentences),
        "audiences": sorted({a for s in sentences for a in s.audiences}),
        "reading_grade": round(readability.grade, 1),
        "reading_ease": round(readability.reading_ease, 1),
        "long_sentences": readability.long_sentences,
    }
