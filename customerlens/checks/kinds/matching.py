"""The Check shared by the matcher-based kinds (phrase, pattern): one hit per longest match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Hit
from customerlens.nlp.prefilter import Anchors


@dataclass
class MatcherCheck:
    matcher: Any  # spaCy Matcher or PhraseMatcher
    anchors: Anchors | None  # words a sentence needs to match at all; None: any sentence

    def find(self, ctx: DocContext) -> list[Hit]:
        hits = []
        for segment in ctx.segments:
            doc = segment.doc
            if (
                doc is None
                or not segment.parsed
                or (self.anchors and not self.anchors.admits(segment.words))
            ):
                continue  # its words cannot match (triggers.py); spaCy refuses TAG patterns on it
            for _, start, end in longest(self.matcher(doc)):
                span = doc[start:end]
                hits.append(segment.hit(span.start_char, span.end_char))
        return hits


def longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop matches inside or overlapping longer ones ("best-in-class" and "best" → one)."""
    kept: list[tuple[int, int, int]] = []
    for m in sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]))):
        if not kept or m[1] >= kept[-1][2]:
            kept.append(m)
    return kept
