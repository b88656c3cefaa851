"""metric: a number measured on the document or each sentence, compared with a threshold.

Thresholds may name a setting ("target_grade"), so a team's config moves them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, groupby
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import only, require
from customerlens.nlp.signals import SentenceSignals

# Document metrics are reported once, at the document's first sentence.
DOCUMENT: dict[str, Callable[[DocContext], float]] = {
    "reading_grade": lambda ctx: ctx.readability.grade,
}
# Block metrics are reported at the block's (paragraph's) first sentence.
# Each reads its block's sentences once, as they pass (a block may hold a million).
BLOCK: dict[str, Callable[[Iterable[SentenceSignals]], float]] = {
    "paragraph_self_excess": lambda ss: float(sum(s.self_refs - s.reader_refs for s in ss)),
}
SENTENCE: dict[str, Callable[[SentenceSignals], float]] = {
    "sentence_words": lambda s: float(s.words),
}
SETTINGS = ("target_grade", "long_sentence_words")


def validate(params: dict[str, Any]) -> None:
    only(params, "metric", "above", "min_words")
    metric = require(params, "metric", str)
    if metric not in (*DOCUMENT, *BLOCK, *SENTENCE):
        raise ValueError(
            f"unknown metric '{metric}' (one of: {', '.join([*DOCUMENT, *BLOCK, *SENTENCE])})"
        )
    above = require(params, "above", (int, float, str))
    if isinstance(above, str) and above not in SETTINGS:
        raise ValueError(f"'above' must be a number or a setting ({', '.join(SETTINGS)})")


@dataclass
class MetricCheck:
    metric: str
    above: float | str
    min_words: int

    def threshold(self, ctx: DocContext) -> float:
        if isinstance(self.above, str):
            return float(getattr(ctx.settings, self.above))
        return float(self.above)

    def find(self, ctx: DocContext) -> list[Hit]:
        limit = self.threshold(ctx)
        if self.metric in DOCUMENT:
            value = DOCUMENT[self.metric](ctx)
            if ctx.readability.words < self.min_words or value <= limit or not ctx.sentences:
                return []
            return [_hit(ctx, ctx.sentences[0], value, limit, whole=True)]
        if self.metric in BLOCK:
            hits = []
            for _, group in groupby(ctx.sentences, key=lambda s: s.block):  # in block order
                ss = iter(group)  # read once: its first sentence, then the rest
                first = next(ss)
                value = BLOCK[self.metric](chain((first,), ss))
                if value > limit:
                    hits.append(_hit(ctx, first, value, limit))
            return hits
        measure = SENTENCE[self.metric]
        return [
            _hit(ctx, s, measure(s), limit)
            for s in ctx.sentences
            if measure(s) > limit and not s.heading
        ]


def _hit(
    ctx: DocContext, sentence: SentenceSignals, value: float, limit: float, whole: bool = False
) -> Hit:
    values = {"value": round(value, 1), "threshold": round(limit, 1)}
    scale = max(1.0, value - limit)  # e.g. each grade over the target counts
    return Hit(sentence.block, sentence.start, sentence.end, sentence, values, scale, whole)


def compile(params: dict[str, Any], env: Env) -> MetricCheck:
    return MetricCheck(params["metric"], params["above"], int(params.get("min_words", 0)))


SENTENCE_SCOPE = False
