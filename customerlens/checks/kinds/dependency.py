"""dependency: spaCy DependencyMatcher patterns — who is the subject, who gets the object.

`report` names the pattern nodes whose tokens make up the reported span (default: all).
One finding per sentence, however many ways the pattern matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customerlens.checks.context import DocContext, Env, Hit
from customerlens.checks.kinds.params import expect, only, require


def validate(params: dict[str, Any]) -> None:
    only(params, "patterns", "report")
    patterns = require(params, "patterns", list)
    ids: set[str] = set()
    for pattern in patterns:
        if not isinstance(pattern, list) or not pattern or not all(isinstance(n, dict) for n in pattern):
            raise ValueError("each pattern must be a non-empty list of nodes (mappings)")
        ids.update(str(node.get("RIGHT_ID")) for node in pattern)
    for node_id in expect(params, "report", list, []):
        if node_id not in ids:
            raise ValueError(f"'report' names node '{node_id}', which no pattern defines")


@dataclass
class DependencyCheck:
    matcher: Any
    report: dict[int, list[int]]  # pattern key → node positions to report

    def find(self, ctx: DocContext) -> list[Hit]:
        hits: list[Hit] = []
        for block, doc in enumerate(ctx.docs):
            seen: set[int] = set()
            for match_id, token_ids in sorted(self.matcher(doc), key=lambda m: min(m[1])):
                nodes = self.report.get(match_id) or range(len(token_ids))
                tokens = [doc[token_ids[i]] for i in nodes]
                start = min(t.idx for t in tokens)
                end = max(t.idx + len(t.text) for t in tokens)
                sentence = ctx.sentence_at(block, start)
                key = sentence.index if sentence else start
                if key not in seen:
                    seen.add(key)
                    hits.append(Hit(block, start, end, sentence))
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
    return DependencyCheck(matcher, report)
