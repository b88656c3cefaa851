"""pattern: spaCy Matcher token patterns (text, lemma, part of speech, reference tags)."""

from __future__ import annotations

from typing import Any

from customerlens.checks.context import Env
from customerlens.checks.kinds.matching import MatcherCheck
from customerlens.checks.kinds.params import only, token_patterns
from customerlens.nlp.prefilter import Anchors, pattern_anchors


def validate(params: dict[str, Any]) -> None:
    only(params, "patterns")
    token_patterns(params)


def compile(params: dict[str, Any], env: Env) -> MatcherCheck:
    from spacy.matcher import Matcher

    matcher = Matcher(env.nlp.vocab, validate=True)
    matcher.add("pattern", token_patterns(params))
    return MatcherCheck(matcher, anchors(params, env))


def anchors(params: dict[str, Any], env: Env) -> Anchors | None:
    found = Anchors()
    for pattern in params["patterns"]:
        found.update(pattern_anchors(pattern, env.vocabulary, env.inflector))
    return None if found.everything else found


SENTENCE_SCOPE = True
