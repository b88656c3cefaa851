"""The fast attribute ruler (fastattrs.py) gives every token the same annotations as spaCy's
own attribute_ruler + lemmatizer, and stands aside for rules it does not understand."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import spacy

from customerlens.nlp import fastattrs
from customerlens.nlp import pipeline as nlp

EVAL = Path(__file__).resolve().parents[2] / "data" / "judgement" / "first-set"
# Our own sentences for the rules that real copy rarely hits: two-token rules (gonna, gotta,
# let's, c'mon, y'all, ain't, there is), lemma exceptions ('em, nothin', ol', 'nuff), pronoun
# case by dependency, "but" as an adverb, and white space tokens (tag _SP, dep "dep").
CRAFTED = [
    "We're gonna ship it, y'all, and you gotta try it.",
    "Let's go!  C'mon, it ain't hard and they ain't done.",
    "There's a plan and there are two   options;\tthere were more.",
    "Tell 'em nothin' about the ol' app, 'nuff said.",
    "I said it to you, you gave it to me, and I'd have done it if I could.",
    "It is but a start; he has had it and she does not, but we do.",
    "Somethin' happened:  doin' well, goin' home, y' all know.",
    "Everyone wants something that works, and anybody can use this one.",
    "   ",
    "",
]


def _texts() -> list[str]:
    sentences = [
        json.loads(line)["text"] for line in (EVAL / "sentences.jsonl").read_text().splitlines()
    ]
    pairs = [json.loads(line) for line in (EVAL / "pairs.jsonl").read_text().splitlines()]
    return sentences + [p["before"] for p in pairs] + [p["after"] for p in pairs] + CRAFTED


TEXTS = _texts()


def _annotations(docs: Iterable[Any]) -> list[list[tuple[object, ...]]]:
    return [
        [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]
        for doc in docs
    ]


@pytest.fixture(scope="module")
def model() -> str:
    return nlp.resolve_model(None)


@pytest.fixture(scope="module")
def original(model: str) -> Any:
    """The pipeline exactly as spaCy loads it, with its own attribute ruler."""
    return spacy.load(model, exclude=["ner"])


@pytest.fixture
def fresh(model: str) -> Callable[[], Any]:
    """A new copy of the original pipeline, free to change."""
    return lambda: spacy.load(model, exclude=["ner"])


def test_load_swaps_in_the_fast_component(model: str) -> None:
    names = nlp.load(model).pipe_names
    assert fastattrs.FACTORY in names and fastattrs.RULER not in names
    assert fastattrs.LEMMATIZER in names  # triggers.py reads its tables


def test_every_token_is_annotated_as_by_the_original(model: str, original: Any) -> None:
    fast = nlp.load(model)
    assert len(TEXTS) > 700
    # Twice: the first pass fills the memos, the second reads them.
    for _ in range(2):
        assert _annotations(fast.pipe(TEXTS, batch_size=64)) == _annotations(
            original.pipe(TEXTS, batch_size=64)
        )


def test_the_rare_rules_do_fire(model: str) -> None:
    words = {(t.lower_, t.lemma_) for doc in nlp.load(model).pipe(CRAFTED) for t in doc}
    assert {
        ("gon", "go"),
        ("na", "to"),
        ("ta", "to"),
        ("'s", "us"),
        ("ai", "be"),
        ("'em", "them"),
    } <= words


def test_rules_added_to_the_ruler_are_followed(fresh: Callable[[], Any]) -> None:
    def with_rules() -> Any:
        pipeline = fresh()
        ruler = pipeline.get_pipe(fastattrs.RULER)
        ruler.add(
            [[{"LOWER": "acme"}], [{"LOWER": "acme"}, {"LOWER": "inc"}]],
            {"POS": "PROPN", "LEMMA": "Acme"},
        )
        ruler.add(
            [[{"LOWER": {"REGEX": "^sa+s$"}}, {"TAG": "NN"}]],
            {"MORPH": "Number=Plur", "LEMMA": "suite"},
            index=-1,
        )
        return pipeline

    slow, fast = with_rules(), with_rules()
    assert fastattrs.install(fast)
    texts = ["Acme Inc ships the saas platform.", "Ask ACME about saaas tools.", *TEXTS[:200]]
    assert _annotations(fast.pipe(texts)) == _annotations(slow.pipe(texts))
    assert [t.lemma_ for t in fast("Acme Inc sells saas software.")][:5] == [
        "Acme",
        "Inc",
        "sell",
        "saas",
        "suite",
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"ORTH": "Acme"}],  # another attribute
        [{"LOWER": "acme", "OP": "?"}],  # an operator
        [{"LOWER": {"FUZZY": "acme"}}],  # another predicate
        [{"IS_SPACE": "yes"}],  # not a boolean
    ],
)
def test_rules_it_does_not_understand_keep_the_original_ruler(
    fresh: Callable[[], Any], pattern: list[dict[str, Any]]
) -> None:
    pipeline = fresh()
    pipeline.get_pipe(fastattrs.RULER).add([pattern], {"POS": "PROPN"})
    names = pipeline.pipe_names
    assert not fastattrs.install(pipeline)
    assert pipeline.pipe_names == names


def test_without_the_rule_lemmatizer_right_after_it_keeps_the_original_ruler(
    fresh: Callable[[], Any],
) -> None:
    pipeline = fresh()
    pipeline.remove_pipe(fastattrs.LEMMATIZER)
    assert not fastattrs.install(pipeline)
    assert fastattrs.RULER in pipeline.pipe_names
