"""sequence: a run of consecutive sentences that share a trait (e.g. all open with "We")."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import only, require

TRAITS = ("opens_with_self",)


def validate(params: dict[str, Any]) -> None:
    only(params, "trait", "min")
    if require(params, "trait", str) not in TRAITS:
        raise ValueError(f"'trait' must be one of: {', '.join(TRAITS)}")
    if require(params, "min", int) < 2:
        raise ValueError("'min' must be at least 2")


@dataclass
class SequenceCheck:
    trait: str
    minimum: int

    def find(self, ctx: DocContext) -> list[Hit]:
        hits: list[Hit] = []
        first: Any = None  # the run's first sentence; only it and the count are kept
        count = 0
        for sentence in chain(ctx.sentences, (None,)):
            if sentence is not None and getattr(sentence, self.trait):
                first = first or sentence
                count += 1
                continue
            if count >= self.minimum:
                hits.append(
                    Hit(
                        first.block,
                        first.start,
                        first.end,
                        first,
                        {"count": count},
                        scale=count - self.minimum + 1,
                    )
                )
            first, count = None, 0
        return hits


def compile(params: dict[str, Any], env: Env) -> SequenceCheck:
    return SequenceCheck(params["trait"], params["min"])


SENTENCE_SCOPE = False
