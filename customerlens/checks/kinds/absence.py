"""absence: the document (or its opening) never does something it should, e.g. address a reader.

Reported once, at the document's first sentence (usually the headline).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import expect, only, require
from customerlens.nlp.signals import SentenceSignals

SIGNALS = ("reader", "audience", "benefit", "required_personas")


def validate(params: dict[str, Any]) -> None:
    only(params, "signals", "within_words", "min_words")
    signals = require(params, "signals", list)
    if not signals or any(s not in SIGNALS for s in signals):
        raise ValueError(f"'signals' must list some of: {', '.join(SIGNALS)}")
    if "required_personas" in signals and len(signals) > 1:
        raise ValueError("'required_personas' stands alone in 'signals'")
    expect(params, "within_words", int)
    expect(params, "min_words", int)


def _present(sentence: SentenceSignals, signal: str) -> bool:
    if signal == "audience":
        return bool(sentence.audiences)
    return sentence.has(signal)


@dataclass
class AbsenceCheck:
    signals: tuple[str, ...]
    within_words: int | None
    min_words: int

    def find(self, ctx: DocContext) -> list[Hit]:
        total = sum(s.words for s in ctx.sentences)
        if not ctx.sentences or total < self.min_words:
            return []
        if self.signals == ("required_personas",):
            named = {a for s in ctx.sentences for a in s.audiences}
            missing = [p for p in ctx.settings.require_personas if p not in named]
            return [ctx.document_hit(persona=p) for p in missing]
        words = 0
        for sentence in ctx.sentences:
            if self.within_words is not None and words >= self.within_words:
                break
            if any(_present(sentence, signal) for signal in self.signals):
                return []
            words += sentence.words
        return [ctx.document_hit(words=self.within_words or total)]


def compile(params: dict[str, Any], env: Env) -> AbsenceCheck:
    return AbsenceCheck(
        tuple(params["signals"]), params.get("within_words"), int(params.get("min_words", 0))
    )


SENTENCE_SCOPE = False
