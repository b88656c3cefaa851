"""Compile rule specs into checks and run them: hits filtered by conditions and precedence."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from customerlens.checks.context import Check, DocContext, Env, Hit
from customerlens.checks.kinds import KINDS
from customerlens.checks.spec import RuleSpec
from customerlens.errors import RuleFileError


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    check: Check


def compile_rules(specs: list[RuleSpec], env: Env) -> list[CompiledRule]:
    """Build every rule's check; a pattern spaCy rejects is a rule-file error, not a crash."""
    compiled = []
    for spec in specs:
        try:
            check = KINDS[spec.kind].compile(spec.params, env)
        except (ValueError, KeyError, TypeError) as exc:
            message = " ".join(str(exc).split())
            raise RuleFileError(spec.path, f"params do not compile: {message[:300]}") from exc
        compiled.append(CompiledRule(spec, check))
    return compiled


def settle(found: Sequence[tuple[RuleSpec, Hit]]) -> Iterator[tuple[RuleSpec, Hit]]:
    """Let `supersedes` have its say once every rule has run."""
    return _apply_supersedes(found)


def collect(rules: list[CompiledRule], ctx: DocContext) -> list[tuple[RuleSpec, Hit]]:
    """The hits of `rules` on `ctx` that pass their `when`/`unless` conditions."""
    found: list[tuple[RuleSpec, Hit]] = []
    for rule in rules:
        spec = rule.spec
        for hit in rule.check.find(ctx):
            sentence = hit.sentence
            if sentence is not None:
                if not all(sentence.has(c) for c in spec.when):
                    continue
                if any(sentence.has(c) for c in spec.unless):
                    continue
            found.append((spec, hit))
    return found


def _apply_supersedes(found: Sequence[tuple[RuleSpec, Hit]]) -> Iterator[tuple[RuleSpec, Hit]]:
    """Drop a finding when a rule that supersedes its rule fired on the same sentence (read
    twice, in order: `found` may be a spool)."""
    beaten: set[tuple[str, int | None]] = set()
    for spec, hit in found:
        where = hit.sentence.index if hit.sentence else None
        beaten.update((other, where) for other in spec.supersedes)
    return (
        (spec, hit)
        for spec, hit in found
        if (spec.id, hit.sentence.index if hit.sentence else None) not in beaten
    )
