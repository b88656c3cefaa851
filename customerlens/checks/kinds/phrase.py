"""phrase: a list of words or phrases, matched on lower-case text or on lemmas."""

from __future__ import annotations

from typing import Any

from customerlens.checks.context import Env
from customerlens.checks.kinds.matching import MatcherCheck
from customerlens.checks.kinds.params import expect, only, require
from customerlens.nlp.prefilter import Anchors, rarest_word

TEAM_LISTS = ("praise",)  # vocabulary lists a team extends through its configuration


def validate(params: dict[str, Any]) -> None:
    only(params, "phrases", "attr", "team_phrases")
    if expect(params, "team_phrases", str, "praise") not in TEAM_LISTS:
        raise ValueError(f"'team_phrases' must be one of: {', '.join(TEAM_LISTS)}")
    phrases = require(params, "phrases", list)
    if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ValueError("'phrases' must be a non-empty list of strings")
    if expect(params, "attr", str, "LOWER") not in ("LOWER", "LEMMA"):
        raise ValueError("'attr' must be LOWER or LEMMA")


def compile(params: dict[str, Any], env: Env) -> MatcherCheck:
    from spacy.matcher import PhraseMatcher

    attr = params.get("attr", "LOWER")
    matcher = PhraseMatcher(env.nlp.vocab, attr=attr)
    texts = list(params["phrases"])
    if params.get("team_phrases") == "praise":
        texts += env.vocabulary.praise_phrases
    docs = (
        list(env.nlp.pipe(texts)) if attr == "LEMMA" else [env.nlp.make_doc(text) for text in texts]
    )
    matcher.add("phrase", docs)
    return MatcherCheck(matcher, anchors(params, env))


def anchors(params: dict[str, Any], env: Env) -> Anchors:
    """The rarest word of every phrase (any inflection of it when matching lemmas)."""
    texts = list(params["phrases"]) + (
        list(env.vocabulary.praise_phrases) if params.get("team_phrases") else []
    )
    words = {rarest_word(tokens) for text in texts if (tokens := env.inflector.words(text))}
    if params.get("attr") == "LEMMA":
        words = {form for word in words for form in env.inflector.forms(word)}
    return Anchors(words=words)


SENTENCE_SCOPE = True
