"""terminology: one document, one name for its people — "customers", "clients" and "prospects"
are different relationships, and drifting between them blurs who the copy is for.

Two findings: drift (two or more terms of a group in one document, reported once), and a team's
preferred term (`prefer = {customer = ["client"]}`): each discouraged term, at its first use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import only, require
from customerlens.settings.config import Config

MODES = ("drift", "preferred")


def validate(params: dict[str, Any]) -> None:
    only(params, "mode", "groups", "min_uses")
    mode = params.get("mode", "drift")
    if mode not in MODES:
        raise ValueError(f"'mode' must be one of: {', '.join(MODES)}")
    groups = params.get("groups", []) if mode == "preferred" else require(params, "groups", list)
    if mode == "drift" and not groups:
        raise ValueError("'groups' must list the terms that drift")
    if not all(
        isinstance(g, list) and len(g) >= 2 and all(isinstance(t, str) for t in g) for g in groups
    ):
        raise ValueError("'groups' must be a list of lists of two or more terms")


@dataclass
class TerminologyCheck:
    mode: str  # "drift": several terms of a group in one document; "preferred": a team's terms
    groups: list[list[str]]
    min_uses: int

    def find(self, ctx: DocContext) -> list[Hit]:
        counts: Counter[str] = Counter()
        first_use: dict[str, tuple[int, int, int]] = {}
        for segment in ctx.segments:
            for word, start, end in segment.watched:
                term = _singular(word)
                counts[term] += 1
                first_use.setdefault(term, (segment.block, start, end))
        preferred = {t: p for p, discouraged in ctx.settings.prefer.items() for t in discouraged}
        if self.mode == "preferred":
            return [
                self._hit(
                    ctx, first_use[term], term=term, uses=counts[term], preferred=preferred[term]
                )
                for term in sorted(preferred, key=lambda t: first_use.get(t, (0, 0, 0)))
                if counts[term]
            ]
        hits = []
        for group in self.groups:
            used = [t for t in group if counts[t] >= self.min_uses and t not in preferred]
            if len(used) >= 2:
                where = sorted(first_use[t] for t in used)[1]
                listing = ", ".join(f"{t} ({counts[t]})" for t in used)
                hits.append(
                    self._hit(
                        ctx, where, terms=listing, preferred=max(used, key=lambda t: counts[t])
                    )
                )
        return hits

    @staticmethod
    def _hit(ctx: DocContext, where: tuple[int, int, int], **values: str | int) -> Hit:
        block, start, end = where
        return Hit(block, start, end, ctx.sentence_at(block, start), values)


def _singular(word: str) -> str:
    """Terms are people nouns: "customers" and "customer" are one term (no parse needed)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def compile(params: dict[str, Any], env: Env) -> TerminologyCheck:
    groups = [[t.lower() for t in g] for g in params.get("groups", [])]
    return TerminologyCheck(params.get("mode", "drift"), groups, int(params.get("min_uses", 1)))


SENTENCE_SCOPE = False


def watched(params: dict[str, Any], settings: Config) -> set[str]:
    """Every term of every group and of the team's preferences, singular and plural."""
    terms = {t.lower() for group in params.get("groups", []) for t in group}
    terms |= {
        t.lower() for preferred, others in settings.prefer.items() for t in (preferred, *others)
    }
    return {form for term in terms for form in (term, term + "s", term + "es", term[:-1] + "ies")}
