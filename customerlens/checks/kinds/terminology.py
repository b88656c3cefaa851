"""terminology: one document, one name for its people — "customers", "clients" and "prospects"
are different relationships, and drifting between them blurs who the copy is for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import only, require


def validate(params: dict[str, Any]) -> None:
    only(params, "groups", "min_uses")
    groups = require(params, "groups", list)
    if not groups or not all(isinstance(g, list) and len(g) >= 2 and all(isinstance(t, str) for t in g) for g in groups):
        raise ValueError("'groups' must be a list of lists of two or more terms")


@dataclass
class TerminologyCheck:
    groups: list[list[str]]
    min_uses: int

    def find(self, ctx: DocContext) -> list[Hit]:
        hits = []
        for group in self.groups:
            first_use: dict[str, tuple[int, int, int]] = {}
            counts = dict.fromkeys(group, 0)
            for block, doc in enumerate(ctx.docs):
                for token in doc:
                    lemma = token.lemma_.lower()
                    if lemma in counts:
                        counts[lemma] += 1
                        first_use.setdefault(lemma, (block, token.idx, token.idx + len(token.text)))
            used = [term for term in group if counts[term] >= self.min_uses]
            if len(used) >= 2:
                block, start, end = sorted(first_use[t] for t in used)[1]
                listing = ", ".join(f"{t} ({counts[t]})" for t in used)
                hits.append(Hit(block, start, end, ctx.sentence_at(block, start), {"terms": listing, "preferred": max(used, key=lambda t: counts[t])}))
        return hits


def compile(params: dict[str, Any], env: Env) -> TerminologyCheck:
    return TerminologyCheck([[t.lower() for t in g] for g in params["groups"]], int(params.get("min_uses", 1)))
