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
        ("We all know that feeling.", 0, 1),  # inclusive "we": the reader takes part
        ("The US market grew last year.", 0, 0),  # the country, not "us"
        ('"We cut our costs by 30%," said the CTO.', 0, 0),  # a customer speaking
        ('On the other hand, we ship every week."', 0, 0),  # the end of a quote opened earlier
        ("Acme launched a new app last week.", 1, 0),  # the brand as subject: the company talking
        ("Install Acme on your laptop.", 0, 1),  # the brand in an instruction is not
        ("We just moved our whole team to @acme.", 0, 0),  # a customer's tweet
        (
            "We switched to Acme last year and never looked back.",
            0,
            0,
        ),  # a customer adopting the brand
        ("We would like to thank the Acme team.", 0, 0),  # a customer thanking the company
        ("We ship Acme to a thousand teams.", 1, 0),  # the company shipping its product is not
    ],
)
def test_references_are_counted_by_role(
    linter: Any, text: str, self_refs: int, reader_refs: int
) -> None:
    [sentence] = _signals(linter, text)
    assert (sentence.self_refs, sentence.reader_refs) == (self_refs, reader_refs)


def test_imperative_addresses_the_reader(linter: Any) -> None:
    [sentence] = _signals(linter, "Start your free trial today.")
    assert sentence.imperative and sentence.has("reader")


@pytest.mark.parametrize(
    "text", ["P.S. Need help getting started?", "Tired of slow builds?", "New to storage?"]
)
def test_an_elliptical_question_addresses_the_reader(linter: Any, text: str) -> None:
    [sentence] = _signals(linter, text)
    assert sentence.has("reader") and sentence.reader_subject


def test_a_question_about_something_else_does_not(linter: Any) -> None:
    [sentence] = _signals(linter, "New storage engine ready.")
    assert not sentence.has("reader")


def test_negative_imperative_addresses_the_reader(linter: Any) -> None:
    [sentence] = _signals(linter, "Finally, don't forget to sign up for the newsletter.")
    assert sentence.imperative and sentence.has("reader")


@pytest.mark.parametrize(
    ("text", "boasting", "self_regarding"),
    [
        ("We are proud to announce our new release.", True, True),
        ("We're happy to report that the audit found no flaws.", True, False),
        ("We are thrilled to have reached 10,000 stars.", True, True),
        ("We are proud to be trusted by thousands of teams.", True, True),
        ("We are very excited about the future of storage.", False, True),  # enthusiasm, no news
        ("We believe storage should be simple.", False, True),
        ("We'll be happy to help you set it up.", False, False),  # service, not a boast
    ],
)
def test_boasting_is_emotion_about_the_company_news(
    linter: Any, text: str, boasting: bool, self_regarding: bool
) -> None:
    [sentence] = _signals(linter, text)
    assert (sentence.boasting, sentence.self_regarding) == (boasting, self_regarding)


def test_the_brand_in_front_of_its_users_names_the_reader(linter: Any) -> None:
    [users] = _signals(linter, "Acme users get a backup every hour.")
    [team] = _signals(linter, "The Acme team works around the clock.")
    assert not users.self_subject and team.self_subject


def test_company_subject_and_self_regard(linter: Any) -> None:
    [proud] = _signals(linter, "We are proud to announce our new release.")
    [helps] = _signals(linter, "We help you ship faster.")
    assert proud.self_subject and proud.self_regarding
    assert helps.self_subject and not helps.self_regarding and helps.has("reader")


@pytest.mark.parametrize(
    "text",
    [
        "You save an hour a day.",
        "It syncs in the background, so you can focus on design.",
        "Ship without waiting for builds.",
        "This cuts your cloud bill in half.",
    ],
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
