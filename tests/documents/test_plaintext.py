"""Plain text: sentences never run across list items or title lines, and positions hold."""

from __future__ import annotations

from documents_support import check_invariants, locate, texts
from hypothesis import given, settings
from hypothesis import strategies as st

from customerlens.documents.model import HEADING, ITEM, PARAGRAPH, Document
from customerlens.documents.plaintext import parse_text


def text(source: str) -> Document:
    doc = parse_text(source, "draft.txt")
    check_invariants(doc)
    return doc


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join() -> None:
    source = (
        "We help small teams ship software faster than they ever\n"
        "thought possible, with less stress.\n"
        "\n"
        "   \n"
        "Try it today.\n"
    )
    doc = text(source)
    assert texts(doc) == [
        "We help small teams ship software faster than they ever thought possible, with less "
        "stress.",
        "Try it today.",
    ]
    assert locate(doc, "thought") == (2, 1)
    assert locate(doc, "today") == (5, 8)


def test_list_items_are_their_own_blocks_without_markers() -> None:
    source = (
        "That means:\n"
        "· Communicating that they are under your care\n"
        "- Being proactive\n"
        "  about their interests\n"
        "1. Numbered works\n"
        "2) So does this\n"
        "a) and letters\n"
        "My first reaction was clarification.\n"
    )
    doc = text(source)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "That means:"),
        (ITEM, "Communicating that they are under your care"),
        (ITEM, "Being proactive about their interests"),
        (ITEM, "Numbered works"),
        (ITEM, "So does this"),
        (ITEM, "and letters"),
        (PARAGRAPH, "My first reaction was clarification."),
    ]
    assert locate(doc, "Communicating") == (2, 3)
    assert locate(doc, "interests") == (4, 15)


def test_title_lines_stand_alone() -> None:
    source = (
        "The thoughtful comment got me thinking.\n"
        "Do we sell our customers short?\n"
        "A Rose by Any Other Name\n"
        "This reader, like most of us, makes a distinction between customers and prospects.\n"
    )
    doc = text(source)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "The thoughtful comment got me thinking. Do we sell our customers short?"),
        (HEADING, "A Rose by Any Other Name"),
        (
            PARAGRAPH,
            "This reader, like most of us, makes a distinction between customers and prospects.",
        ),
    ]


def test_a_short_line_alone_is_a_heading_but_a_sentence_is_not() -> None:
    doc = text("Welcome aboard\n\nWe are glad you are here.\n")
    assert [b.kind for b in doc.blocks] == [HEADING, PARAGRAPH]


def test_text_email_rules_urls_and_template_tags_are_masked() -> None:
    source = (
        "******************\n"
        "Welcome, {{name}}!\n"
        "******************\n"
        "\n"
        "Email our team ( {{ support_email }} ). See our docs ( https://example.com/docs ).\n"
        "Or visit https://example.com today.\n"
    )
    doc = text(source)
    assert texts(doc) == ["Welcome, !", "Email our team. See our docs. Or visit  today."]
    assert locate(doc, "today") == (6, 30)


def test_crlf_and_cr_positions() -> None:
    for newline in ("\r\n", "\r"):
        doc = text(newline.join(["Hello there,", "", "We ship", "today.", "- one item"]))
        assert texts(doc) == ["Hello there,", "We ship today.", "one item"]
        assert locate(doc, "today") == (4, 1)
        assert locate(doc, "item") == (5, 7)


LINES = st.lists(
    st.one_of(
        st.text(st.characters(categories=("Ll", "Lu", "Nd", "Zs", "Po")), max_size=60),
        st.sampled_from(
            ["- item", "1. one", "· dot", "Title Line", "{{ x }}", "****", "(https://x.y)"]
        ),
    ),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_text_keeps_the_offset_map(lines: list[str], newline: str) -> None:
    check_invariants(parse_text(newline.join(lines), "random.txt"))
