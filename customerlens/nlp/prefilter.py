"""Which sentences need the statistical pipeline: the lexical triggers of the active rules.

Tagging and parsing (tok2vec, tagger, parser, lemmatizer) cost ~95 % of the time. A sentence
without a single trigger word — no we/you/brand/audience word, no benefit or praise anchor, no
possible imperative verb up front — cannot produce a signal or a finding, so it is only tokenized.
Every rule kind states its anchors (`anchors()`); a kind or pattern that cannot state them turns
the filter off, so the filter can cost speed but never change a result (a test compares both).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

    from customerlens.nlp.lexicon import Vocabulary

LEXICAL_KEYS = ("LOWER", "TEXT", "ORTH", "NORM")


@dataclass
class Anchors:
    """Words (lower case) and regexes of which a sentence must contain one to need parsing.
    `everything` means a rule cannot say: every sentence is parsed."""

    words: set[str] = field(default_factory=set)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    everything: bool = False

    def admits(self, words: frozenset[str]) -> bool:
        """Could a sentence with these (lower-case) words match?"""
        if self.everything or not self.words.isdisjoint(words):
            return True
        return any(p.search(w) for p in self.patterns for w in words)

    def update(self, other: Anchors | None) -> None:
        if other is None:
            self.everything = True
            return
        self.words |= other.words
        self.patterns += other.patterns
        self.everything |= other.everything


class Inflector:
    """Surface forms of a lemma, over-approximated (a spare form only costs a parse)."""

    def __init__(self, nlp: Language) -> None:
        self.tokenizer = nlp.tokenizer
        self.irregular: dict[str, set[str]] = {}
        if "lemmatizer" in nlp.pipe_names:
            exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
            for pos in ("verb", "noun", "adj", "adv"):
                for form, lemmas in exceptions.get(pos, {}).items():
                    for lemma in lemmas:
                        self.irregular.setdefault(lemma, set()).add(form)

    def words(self, text: str) -> list[str]:
        """`text` split as the tokenizer splits it ("Acme-Cloud" is three tokens), lower case."""
        return [t.lower_ for t in self.tokenizer(text) if not t.is_space]

    def forms(self, lemma: str) -> set[str]:
        lemma = lemma.lower()
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        out = {
            lemma,
            lemma + "s",
            lemma + "es",
            lemma + "d",
            lemma + "ed",
            lemma + "ing",
            stem + "ing",
            stem + "ed",
        }
        if lemma and lemma[-1] not in "aeiouwy":
            out |= {lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"}
        if lemma.endswith("y"):
            out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        return out | self.irregular.get(lemma, set())


def token_anchors(
    spec: dict[str, Any], vocabulary: Vocabulary, inflect: Inflector
) -> Anchors | None:
    """What one token spec requires lexically, or None when it allows any word."""
    if spec.get("OP") in ("?", "*", "!"):
        return None
    for key in LEXICAL_KEYS:
        if key in spec:
            value = spec[key]
            if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
                return Anchors(patterns=[re.compile(value["REGEX"], re.IGNORECASE)])
            return Anchors(words={v.lower() for v in _values(value)})
    if "LEMMA" in spec:
        return Anchors(words={f for v in _values(spec["LEMMA"]) for f in inflect.forms(v)})
    ref = spec.get("_", {}).get("cl_ref") if isinstance(spec.get("_"), dict) else None
    if ref in ("self", "reader"):
        return reference_anchors(vocabulary, ref, inflect)
    return None


def pattern_anchors(
    tokens: Iterable[dict[str, Any]], vocabulary: Vocabulary, inflect: Inflector
) -> Anchors | None:
    """A pattern needs all its mandatory tokens, so one lexical token anchors it: the most
    selective one (fewest words) keeps the filter tight."""
    found = [
        a for a in (token_anchors(spec, vocabulary, inflect) for spec in tokens) if a is not None
    ]
    free = vocabulary.self_words | vocabulary.reader_words  # sentences with these are parsed anyway
    return min(found, key=lambda a: _cost(a, free)) if found else None


def _cost(anchors: Anchors, free: frozenset[str]) -> int:
    """How many sentences an anchor set would let through, roughly: stop words are everywhere."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = anchors.words - free
    return sum(1000 if w in STOP_WORDS else 1 for w in words) + 1000 * len(anchors.patterns)


def rarest_word(words: Sequence[str]) -> str:
    """The word of a phrase that best anchors it (all its words are required)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return min(words, key=lambda w: (w in STOP_WORDS, -len(w)))


def reference_anchors(vocabulary: Vocabulary, ref: str, inflect: Inflector) -> Anchors:
    if ref == "reader":
        return Anchors(words=set(vocabulary.reader_words))
    brand_words = {w for brand in vocabulary.brands for w in inflect.words(brand)}
    return Anchors(words=set(vocabulary.self_words) | brand_words)


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return [str(v) for v in value["IN"]]
    return []


# Words that may come before the verb of an imperative: "Please just start …", "Now try …".
LEAD_WORDS = frozenset(
    {
        "please",
        "just",
        "simply",
        "now",
        "then",
        "so",
        "and",
        "but",
        "or",
        "also",
        "first",
        "next",
        "finally",
        "easily",
        "quickly",
        "today",
        "always",
        "never",
    }
)
# Base forms that never open an imperative here (modals and auxiliaries).
NOT_IMPERATIVE = frozenset(
    {
        "can",
        "will",
        "shall",
        "may",
        "must",
        "should",
        "would",
        "could",
        "might",
        "be",
        "do",
        "have",
        "need",
        "dare",
        "ought",
    }
)

NEGATIONS = frozenset({"n't", "n’t", "not"})


def imperative_verb(words: Sequence[Token], verbs: frozenset[str]) -> Token | None:
    """The word that could make this sentence an imperative: the first word after any
    LEAD_WORDS (and a "don't"), when it is an English base-form verb. The parser decides; this only
    says where."""
    after_do = False
    for token in words:
        low = token.lower_
        if low in LEAD_WORDS:
            continue
        if low == "do" and not after_do:  # "Don't forget …", "Do not miss …", "Do check …"
            after_do = True
            continue
        if after_do and low in NEGATIONS:
            continue
        return token if low in verbs and low not in NOT_IMPERATIVE else None
    return None


@dataclass
class Triggers:
    """The compiled filter: does a sentence (a tokenized span) need the full pipeline?"""

    anchors: Anchors
    verbs: frozenset[str]  # base forms that may open an imperative

    def needs_parse(self, sentence: Span) -> bool:
        if self.anchors.everything:
            return True
        words = [t for t in sentence if not (t.is_punct or t.is_space)]
        if imperative_verb(words, self.verbs) is not None:
            return True
        return self.anchors.admits(frozenset(t.lower_ for t in sentence))


def base_verbs(nlp: Language) -> frozenset[str]:
    """English verbs in their base form, from the pipeline's own lemmatizer tables."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    return frozenset(index.get("verb", ()))


def signal_anchors(
    vocabulary: Vocabulary, audience_terms: Iterable[str], inflect: Inflector
) -> Anchors:
    """What the signals look for: we/you/brand words, audience words, benefit anchors."""
    anchors = reference_anchors(vocabulary, "self", inflect)
    anchors.update(reference_anchors(vocabulary, "reader", inflect))
    anchors.words |= {words[-1] for term in audience_terms if (words := inflect.words(term))}
    for pattern in vocabulary.benefit_patterns:
        anchors.update(pattern_anchors(pattern, vocabulary, inflect))
    return anchors
