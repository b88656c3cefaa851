"""Role-aware reading: who is the subject, who is addressed, whose words they are."""

from __future__ import annotations

from typing import Any

import pytest


def _signals(linter: Any, text: str) -> list[Any]:
    from customerlens.documents import parse

    return [segment.signals for segment in linter.segments(parse(text, "t.md", "markdown"))]


@pytest.mark.parametrize(
    ("text", "self_refs", "reader_refs"),
    [
        ("We offer support to your team.", 1, 1),
        ("We're sure you'll love it.", 1, 1),  # contractions count
        ("Let's build it together.", 0, 0),  # "let's" includes the reader
        ("We all know that feeling.", 0, 0),  # inclusive "we"
        ("The US market grew last year.", 0, 0),  # the country, not "us"
        ('"We cut our costs by 30%," said the CTO.', 0, 0),  # a customer speaking
        ("Acme launched a new app last week.", 1, 0),  # the brand as subject: the company talking
        ("Install Acme on your laptop.", 0, 1),  # the brand in an instruction is not
    ],
)
def test_references_are_counted_by_role(linter: Any, text: str, self_refs: int, reader_refs: int) -> None:
    [sentence] = _signals(linter, text)
    assert (sentence.self_refs, sentence.reader_refs) == (self_refs, reader_refs)


def test_imperative_addresses_the_reader(linter: Any) -> None:
    [sentence] = _signals(linter, "Start your free trial today.")
    assert sentence.imperative and sentence.has("reader")


def test_company_subject_and_self_regard(linter: Any) -> None:
    [proud] = _signals(linter, "We are proud to announce our new release.")
    [helps] = _signals(linter, "We help you ship faster.")
    assert proud.self_subject and proud.self_regarding
    assert helps.self_subject and not helps.self_regarding and helps.has("reader")


@pytest.mark.parametrize(
    "text",
    ["You save an hour a day.", "It syncs in the background, so you can focus on design.", "Ship without waiting for builds.", "This cuts your cloud bill in half."],
)
def test_benefit_sentences(linter: Any, text: str) -> None:
    [sentence] = _signals(linter, text)
    assert sentence.benefit


@pytest.mark.parametrize("text", ["It has a dashboard.", "We were founded in 2009."])
def test_non_benefit_sentences(linter: Any, text: str) -> None:
    [sentence] = _signals(linter, text)
    assert not sentence.benefit


def test_audience_is_named_but_not_our_own_people(linter: Any) -> None:
    named, ours = _signals(linter, "Built for platform teams. Our engineers answer every ticket.")
    assert named.audiences and not ours.audiences
