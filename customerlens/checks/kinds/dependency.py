"""dependency: spaCy DependencyMatcher patterns — who is the subject, who gets the object.

`report` names the pattern nodes whose tokens make up the reported span (default: all).
One finding per sentence, however many ways the pattern matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import expect, only, require
from customerlens.nlp.prefilter import Anchors, pattern_anchors


def validate(params: dict[str, Any]) -> None:
    only(params, "patterns", "report")
    patterns = require(params, "patterns", list)
    ids: set[str] = set()
    for pattern in patterns:
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(n, dict) for n in pattern)
        ):
            raise ValueError("each pattern must be a non-empty list of nodes (mappings)")
        ids.update(str(node.get("RIGHT_ID")) for node in pattern)
    for node_id in expect(params, "report", list, []):
        if node_id not in ids:
            raise ValueError(f"'report' names node '{node_id}', which no pattern defines")


@dataclass
class DependencyCheck:
    matcher: Any
    report: dict[int, list[int]]  # pattern key → node positions to report
    anchors: Anchors | None

    def find(self, ctx: DocContext) -> list[Hit]:
        hits: list[Hit] = []
        for segment in ctx.segments:
            doc = segment.doc
            if (
                doc is None
                or not segment.parsed
                or (self.anchors and not self.anchors.admits(segment.words))
            ):
                continue
            matches = sorted(self.matcher(doc), key=lambda m: min(m[1]))
            if matches:  # one finding per sentence (a segment is one sentence)
                match_id, token_ids = matches[0]
                nodes = self.report.get(match_id) or range(len(token_ids))
                tokens = [doc[token_ids[i]] for i in nodes]
                start = min(t.idx for t in tokens)
                end = max(t.idx + len(t.text) for t in tokens)
                hits.append(segment.hit(start, end))
        return hits


def compile(params: dict[str, Any], env: Env) -> DependencyCheck:
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(env.nlp.vocab, validate=True)
    report: dict[int, list[int]] = {}
    wanted = params.get("report", [])
    for n, pattern in enumerate(params["patterns"]):
        key = f"dependency-{n}"
        matcher.add(key, [pattern])
        ids = [node["RIGHT_ID"] for node in pattern]
        report[env.nlp.vocab.strings[key]] = [ids.index(w) for w in wanted if w in ids]
    return DependencyCheck(matcher, report, anchors(params, env))


def anchors(params: dict[str, Any], env: Env) -> Anchors | None:
    """Every node of a dependency pattern must match, so one lexical node anchors it."""
    found = Anchors()
    for pattern in params["patterns"]:
        found.update(
            pattern_anchors(
                (node.get("RIGHT_ATTRS", {}) for node in pattern), env.vocabulary, env.inflector
            )
        )
    return None if found.everything else found


SENTENCE_SCOPE = True
