"""The score: pure functions from a document's judgements, signals and findings to 0–100.

Every pillar is a smoothed share, so a short text is not judged on two words and a rewrite
towards the reader can only raise it. The learned judgement (nlp/judgement.py) supplies how sure
customerlens is that each sentence is about the reader, about the company, or states a benefit:
- them:    (R + 1) / (R + S + F + 2) — R the sentences' reader_focus probabilities, S their
           self_focus probabilities, F the weight of `them` findings (the company as subject,
           proud of itself…); a headline counts double and the first sentence 1.5×.
- care:    (B + 1) / (B + P + 2) — B the sentences' benefit probabilities, P the weight of
           `care` findings (self-praise, feature lists with no outcome).
- who:     40 if the copy addresses the reader, 30 if it names an audience, 30 if either
           happens in the headline or the first 100 words.
- clarity: N / (N + P) with N = words / 75 (at least 1), P the weight of `clarity` findings
           (reading grade over target counts per grade).
total = weighted mean of the pillars (them 35, care 30, who 20, clarity 15 by default). Every
text with a sentence is scored; under SHORT_WORDS words (a headline, a tagline) it is marked short.
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
    from customerlens.nlp.judgement import Judgement
    from customerlens.nlp.readability import Readability

SHORT_WORDS = 20
EARLY_WORDS = 100


def position_weight(sentence: SentenceSignals) -> float:
    """Headlines and the opening sentence are read most, so they count more."""
    if sentence.heading:
        return 2.0
    return 1.5 if sentence.index == 0 else 1.0


def finding_weights(found: Iterable[tuple[RuleSpec, Hit]]) -> dict[str, float]:
    """The weight of the findings of each pillar, in one pass (they may be a spool on disk)."""
    weights: dict[str, float] = {}
    for spec, hit in found:
        weights[spec.pillar] = weights.get(spec.pillar, 0) + spec.weight * hit.scale
    return weights


def them_score(
    sentences: Sequence[SentenceSignals], judgements: Sequence[Judgement], penalty: float
) -> float:
    reader = self_ = 0.0
    for s, j in zip(sentences, judgements, strict=True):
        weight = position_weight(s)
        reader += j.reader_focus * weight
        self_ += j.self_focus * weight
    return 100 * (reader + 1) / (reader + self_ + penalty + 2)


def care_score(
    sentences: Sequence[SentenceSignals], judgements: Sequence[Judgement], penalty: float
) -> float:
    pairs = zip(sentences, judgements, strict=True)
    benefits = sum(j.benefit * position_weight(s) for s, j in pairs)
    return 100 * (benefits + 1) / (benefits + penalty + 2)


def who_score(sentences: Sequence[SentenceSignals], judgements: Sequence[Judgement]) -> float:
    addressed = named = early = False
    words = 0
    for s, j in zip(sentences, judgements, strict=True):
        reader = s.has("reader") or "reader_focus" in j.labels
        addressed |= reader
        named |= bool(s.audiences)
        if words < EARLY_WORDS and not early:
            early = reader or bool(s.audiences)
            words += s.words
    return 40.0 * addressed + 30.0 * named + 30.0 * early


def clarity_score(words: int, penalty: float) -> float:
    base = max(1.0, words / 75)
    return 100 * base / (base + penalty)


def score_document(
    sentences: Sequence[SentenceSignals],
    found: Iterable[tuple[RuleSpec, Hit]],
    readability: Readability,
    judgements: Sequence[Judgement],
    weights: dict[str, float] | None = None,
) -> Score:
    """The document's Score, with the counts behind every pillar (None: no sentence at all)."""
    words = sum(s.words for s in sentences)
    penalties = finding_weights(found)
    pillars: dict[str, float | None] = {
        "who": who_score(sentences, judgements),
        "care": care_score(sentences, judgements, penalties.get("care", 0)),
        "them": them_score(sentences, judgements, penalties.get("them", 0)),
        "clarity": clarity_score(words, penalties.get("clarity", 0)),
    }
    weights = weights or DEFAULT_WEIGHTS
    total: float | None = None
    if words:
        total = sum(weights[p] * (pillars[p] or 0.0) for p in weights) / sum(weights.values())
    else:
        pillars = dict.fromkeys(pillars)
    return Score(
        total=None if total is None else round(total, 1),
        pillars={p: None if v is None else round(v, 1) for p, v in pillars.items()},
        counts=_counts(sentences, judgements, readability),
        short=0 < words < SHORT_WORDS,
    )


def _counts(
    sentences: Sequence[SentenceSignals],
    judgements: Sequence[Judgement],
    readability: Readability,
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
        "benefit_sentences": sum("benefit" in j.labels for j in judgements),
        "self_focus_sentences": sum("self_focus" in j.labels for j in judgements),
        "reader_focus_sentences": sum("reader_focus" in j.labels for j in judgements),
        "audiences": sorted({a for s in sentences for a in s.audiences}),
        "reading_grade": round(readability.grade, 1),
        "reading_ease": round(readability.reading_ease, 1),
        "long_sentences": readability.long_sentences,
    }
