"""judged: a sentence the learned judgement is sure of, where no rule of the pillar stands.

Rules explain what they match; the judgement (nlp/judgement.py) sees what no pattern lists. A
judged rule turns a confident judgement — e.g. self_focus at or above `at_least` — into a finding
that names the words that weighed most, in a sentence that no rule of its `pillar` flagged. It
runs after the other rules, since the judgement reads which rules fired (`judge` below).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import only, require
from customerlens.nlp.judgement import LABELS, Judgement
from customerlens.nlp.signals import SentenceSignals


def validate(params: dict[str, Any]) -> None:
    only(params, "label", "at_least")
    label = require(params, "label", str)
    if label not in LABELS:
        raise ValueError(f"unknown label '{label}' (one of: {', '.join(LABELS)})")
    at_least = require(params, "at_least", (int, float))
    if not 0.5 <= float(at_least) <= 1.0:
        raise ValueError("'at_least' must be a probability from 0.5 to 1")


@dataclass(frozen=True)
class JudgedCheck:
    label: str
    at_least: float

    def find(self, ctx: DocContext) -> list[Hit]:
        return []  # nothing to match in the text: see `judge`

    def sure(self, sentence: SentenceSignals, judgement: Judgement) -> bool:
        """The judgement is sure enough of this (unquoted) sentence."""
        return judgement.probability(self.label) >= self.at_least and not sentence.quoted

    def hit(self, sentence: SentenceSignals, words: list[str]) -> Hit:
        """A hit on the whole sentence; `words` weighed most and are named in the message."""
        values = {"words": ", ".join(f"'{w}'" for w in words) or "its wording", "label": self.label}
        return Hit(sentence.block, sentence.start, sentence.end, sentence, values)


def compile(params: dict[str, Any], env: Env) -> JudgedCheck:
    return JudgedCheck(params["label"], float(params["at_least"]))


SENTENCE_SCOPE = True
