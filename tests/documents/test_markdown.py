"""Markdown: which prose a user gets checked, and that every finding lands on the right
line:column of the original file."""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    TRIGGER,
    assert_companion_checked,
    assert_no_traceback,
    assert_one_error,
    assert_positions_exact,
    by_name,
    check_json,
    companion,
    trigger_at,
)
from documents_support import check_invariants, locate, prose, texts
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from customerlens.documents import parse
from customerlens.documents.markdown import parse_markdown
from customerlens.documents.model import ALT, CELL, HEADING, ITEM, PARAGRAPH, QUOTE


def md(source: str, front_matter: bool = True):
    """Parse with front matter copy read (what these tests check); the default skips it."""
    doc = parse(source, "page.md", "markdown", front_matter)
    check_invariants(doc)
    return doc


def test_front_matter_is_not_prose_and_later_lines_keep_their_numbers() -> None:
    doc = md("---\nlayout: post\nslug: our-launch\n---\n\nWe help you ship.\n")
    assert texts(doc) == ["We help you ship."]
    assert locate(doc, "ship") == (6, 13)


def test_prose_in_front_matter_is_checked_where_it_is_written() -> None:
    source = (
        "---\n"
        "title: Ship faster\n"
        "date: 2024-01-01\n"
        "tags: [launch, news]\n"
        "description: |-\n"
        "  We built the *fastest* pipeline\n"
        "  in the world.\n"
        "params:\n"
        "  hero:\n"
        "    title: Ship faster\n"
        "    content: 'Our team\n"
        "      ''loves'' you'\n"
        "---\n"
    )
    doc = md(source)
    assert texts(doc) == [
        "Ship faster",
        "We built the fastest pipeline in the world.",
        "Our team 'loves' you",
    ]
    assert doc.blocks[0].kind == HEADING
    assert locate(doc, "fastest") == (6, 17)
    assert locate(doc, "world") == (7, 10)
    assert locate(doc, "loves") == (12, 9)
    assert "2024" not in prose(doc) and "launch" not in prose(doc)


def test_front_matter_that_is_not_yaml_is_only_skipped() -> None:
    doc = md("---\ntitle: [unclosed\n---\nBody text.\n")
    assert texts(doc) == ["Body text."]
    doc = md('+++\ntitle = "TOML title"\n+++\nBody text.\n')
    assert texts(doc) == ["Body text."]


def test_unterminated_front_matter_is_read_as_content() -> None:
    doc = md("---\ntitle: Draft without end\n\nThe body.\n")
    assert "The body." in texts(doc)
    assert "title: Draft without end" in prose(doc)


def test_code_is_skipped_in_all_its_forms() -> None:
    source = (
        "Run `make all` now.\n\n"
        "```yaml\napiVersion: v1\nkind: Service\n```\n\n"
        "    indented code line\n\n"
        "~~~\n<!-- not a comment\n~~~\n\n"
        "After the code.\n"
    )
    doc = md(source)
    assert texts(doc) == ["Run  now.", "After the code."]
    assert locate(doc, "now") == (1, 16)
    assert locate(doc, "After") == (14, 1)


def test_html_comments_are_skipped() -> None:
    source = "One <!-- hidden --> two.\n\n<!--\nblock comment\n\nstill comment\n-->\nThree.\n"
    doc = md(source)
    assert texts(doc) == ["One  two.", "Three."]
    assert locate(doc, "Three") == (8, 1)


def test_an_unterminated_comment_hides_the_rest_like_a_browser() -> None:
    assert texts(md("Shown.\n\n<!-- customerlens-disable\n\nNot shown.\n")) == ["Shown."]


def test_link_text_is_kept_but_not_the_url() -> None:
    source = (
        'Read [our guide](https://x.com/a_(b) "Title") and [the docs][docs], or '
        "<https://example.com>. [See Rust's](https://x.io/#:~:text=Rust's) page.\n\n"
        "[docs]: https://docs.example.com\n"
    )
    doc = md(source)
    assert texts(doc) == ["Read our guide and the docs, or . See Rust's page."]
    assert locate(doc, "guide") == (1, 11)
    assert locate(doc, "page") == (1, 138)


def test_an_autolink_in_a_block_quote_keeps_the_words_after_it_in_place() -> None:
    # Found by the property test: the quote's own ">" was taken for the autolink's end.
    doc = md("0\n\n> <https://x.com> 0 &#8217;\n")
    check_invariants(doc)
    assert texts(doc) == ["0", "0 ’"]
    assert doc.blocks[1].source_span(0, 1) == (21, 22)


def test_image_alt_text_is_its_own_block() -> None:
    doc = md('Look: ![A happy customer](img/happy.png "t") here.\n')
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "Look:  here."),
        (ALT, "A happy customer"),
    ]
    assert locate(doc, "happy") == (1, 11)


def test_block_kinds() -> None:
    source = (
        "# The headline\n\n"
        "Body text.\n\n"
        "- first item\n- second item\n\n"
        "> A quote from a customer.\n\n"
        "| Plan | Price |\n|---|---|\n| Team | Free for you |\n\n"
        "Setext heading\n==============\n"
    )
    doc = md(source)
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds == {
        "The headline": HEADING,
        "Body text.": PARAGRAPH,
        "first item": ITEM,
        "second item": ITEM,
        "A quote from a customer.": QUOTE,
        "Plan": CELL,
        "Price": CELL,
        "Team": CELL,
        "Free for you": CELL,
        "Setext heading": HEADING,
    }
    assert locate(doc, "Free") == (12, 10)
    assert locate(doc, "quote") == (8, 5)


def test_a_sentence_across_lines_reads_as_one_line() -> None:
    doc = md("We make it\neasy for you.  \nReally.\n")
    assert texts(doc) == ["We make it easy for you. Really."]
    block = doc.blocks[0]
    assert doc.position(block.source_offset(block.text.index(" easy"))) == (1, 11)
    assert locate(doc, "easy") == (2, 1)


def test_mdx_imports_exports_and_jsx_are_skipped() -> None:
    source = (
        "import authors from 'utils/author-data';\n"
        "import {\n  Gallery,\n} from '../components';\n\n"
        "export const meta = {\n  title: 'x',\n};\n\n"
        "Our customers love it.\n\n"
        "<BlogAuthor {...authors.JedSalazar} />\n\n"
        "<YoutubeIframe embedId='80OYrzS1dCA?t=768'/>\n\n"
        '<Note type={"info"}>Children text stays.</Note>\n\n'
        "{/* an MDX comment */}\n"
    )
    doc = md(source)
    assert texts(doc) == ["Our customers love it.", "Children text stays."]
    assert locate(doc, "Children") == (16, 21)


def test_import_as_a_plain_word_is_prose() -> None:
    assert texts(md("import your contacts from any CRM.\n")) == [
        "import your contacts from any CRM."
    ]


def test_svelte_script_and_style_blocks_yield_nothing_but_html_blocks_do() -> None:
    source = (
        '<script context="module">\n  export const prerender = true;\n</script>\n\n'
        "<style>\n  .x { color: red; }\n</style>\n\n"
        '<div class="box">\n<p>Raw HTML &amp; prose.</p>\n<img alt="Team photo" '
        'src="t.png">\n</div>\n'
    )
    doc = md(source)
    assert texts(doc) == ["Raw HTML & prose.", "Team photo"]
    assert locate(doc, "prose") == (10, 19)
    assert locate(doc, "photo") == (11, 16)


def test_hugo_shortcodes_and_liquid_tags_are_skipped() -> None:
    source = (
        "{{< youtube abc123 >}}\n\n"
        "{{< note >}}\nInside a note.\n{{< /note >}}\n\n"
        "Latest is {{% latest-edge-version %}}.\n\n"
        "{% highlight elixir %}\ndefmodule X do\n\nend\n{% endhighlight %}\n\n"
        "{%- if page.x -%}Hi {{ user.name }}!{% endif %}\n"
    )
    doc = md(source)
    assert texts(doc) == ["Inside a note.", "Latest is .", "Hi !"]
    assert locate(doc, "note") == (4, 10)
    assert locate(doc, "Hi") == (15, 18)


def test_entities_and_escapes_decode_and_point_at_their_source() -> None:
    doc = md("Fast &amp; simple, it&#8217;s here&nbsp;now \\*really\\*.\n")
    block = doc.blocks[0]
    assert block.text == "Fast & simple, it’s here\xa0now *really*."
    assert doc.position(block.source_offset(block.text.index("’"))) == (1, 22)
    assert locate(doc, "here") == (1, 31)
    assert locate(doc, "now") == (1, 41)
    assert locate(doc, "really") == (1, 47)


def test_crlf_and_lone_cr_files_report_the_lines_an_editor_shows() -> None:
    for newline in ("\r\n", "\r"):
        source = (
            newline.join(
                ["---", "title: Hello there", "---", "", "# Big news", "", "We ship", "today."]
            )
            + newline
        )
        doc = md(source)
        assert texts(doc) == ["Hello there", "Big news", "We ship today."]
        assert locate(doc, "there") == (2, 14)
        assert locate(doc, "news") == (5, 7)
        assert locate(doc, "today") == (8, 1)


def test_unicode_columns_count_code_points() -> None:
    doc = md("🧑‍💻 Devs and cafe\u0301 owners שלום love it.\n")
    assert locate(doc, "owners") == (1, 20)
    assert locate(doc, "שלום") == (1, 27)


def test_parse_dispatches_on_format() -> None:
    assert parse("*Hi* there", "x.md", "markdown").blocks[0].text == "Hi there"


def test_large_file_is_fast() -> None:
    source = "".join(
        f"## Part {i}\n\nWe [help](u) *you* with `x` &amp; more.\n\n" for i in range(5000)
    )
    started = time.perf_counter()
    doc = parse_markdown(source, "big.md")
    assert len(doc.blocks) == 10000
    assert time.perf_counter() - started < 5


# --- property-based: random Markdown never breaks the offset map --------------------------

WORDS = st.one_of(
    st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8),
    st.sampled_from(
        [
            "café",
            "cafe\u0301",
            "naïve",
            "שלום",
            "مرحبا",
            "日本語",
            "🧑‍💻",
            "👍🏽",
            "x²",
        ]
    ),
)


# fmt: off
FORMS = st.sampled_from([
    "{}", "{}", "{}", "*{}*", "**{}**", "_{}_", "~~{}~~", "[{}](http://x.com/{})", "`{}`",
    "![{}](i.png)", "<{}@x.com>", "&amp;", "&#8217;", "&nbsp;", "\\*", "<!-- {} -->",
    "{{{{< x >}}}}", "{{% if {} %}}", "{{{{ {} }}}}", "<b>{}</b>", "<https://x.com>", "<br>",
    "<Note>{}</Note>", "{{{{ _('{}') }}}}",
])
# fmt: on


@st.composite
def inline(draw: st.DrawFn) -> str:
    word = draw(WORDS)
    form = draw(FORMS)
    return form.format(word, word)


@st.composite
def block(draw: st.DrawFn) -> str:
    words = draw(st.lists(inline(), min_size=1, max_size=8))
    text = " ".join(words)
    text = text.replace(" ", draw(st.sampled_from([" ", "\n"])), draw(st.integers(0, 2)))
    prefix = draw(st.sampled_from(["", "", "# ", "## ", "- ", "1. ", "> ", "    ", "| a | "]))
    if prefix == "    ":
        return f"```\n{text}\n```"
    return prefix + text


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    front = draw(st.sampled_from(["", "---\ntitle: Hello world\n---\n", "---\nbroken: [\n---\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return (front + "\n\n".join(blocks) + "\n").replace("\n", newline)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents())
def test_random_markdown_keeps_the_offset_map(source: str) -> None:
    doc = parse_markdown(source, "random.md")
    check_invariants(doc)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_as_markdown(source: str) -> None:
    doc = parse_markdown(source, "any.md")
    for b in doc.blocks:
        for _, s, n in b.segments:
            assert 0 <= s and s + n <= len(source)


def test_inline_line_break_tag_separates_words() -> None:
    assert texts(md("Simple<br>safe <br/>and <span>fast</span>.\n")) == ["Simple safe  and fast."]


def test_front_matter_is_skipped_by_default() -> None:
    source = "---\ntitle: We are proud\n---\n\nYou get it.\n"
    assert [b.text for b in parse_markdown(source, "page.md").blocks] == ["You get it."]
    assert [b.text for b in md(source).blocks] == ["We are proud", "You get it."]


# --- big and broken drafts, through the command line ----------------------------------------------


def test_a_20_mb_file_is_checked(capsys: Any, tmp_path: Path) -> None:
    """20 MB of Markdown, mostly an inline base64 image (what a CMS export looks like)."""
    blob = base64.b64encode(os.urandom(15_000_000)).decode()
    text = (
        "# Pricing for small teams\n\nYou get a calm inbox and your team gets its evenings "
        "back.\n\n"
        f"![A chart of the hours you save](data:image/png;base64,{blob})\n\n{TRIGGER}\n"
    )
    big = tmp_path / "big.md"
    big.write_text(text, encoding="utf-8")
    assert big.stat().st_size >= 20_000_000
    code, report, err = check_json(capsys, big, companion(tmp_path), extra=("--no-cache",))
    assert code in (0, 1) and err == ""
    file = by_name(report, "big.md")
    assert file["error"] is None and file["score"] is not None
    trigger_at(file, 7, 1)
    assert_companion_checked(report)


def test_100000_short_lines(capsys: Any, tmp_path: Path) -> None:
    """A README with a 100,000-line code sample: the prose around it keeps exact lines."""
    lines = ["# Setup for you", "", TRIGGER, "", "```text"]
    lines += [f"row {i} = {i * 7 % 13}" for i in range(100_000)]
    lines += ["```", "", "Closing words. " + TRIGGER, ""]
    text = "\n".join(lines)
    long = tmp_path / "long.md"
    long.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, long, extra=("--no-cache",))
    assert code == 1 and err == ""
    [file] = report["files"]
    trigger_at(file, 3, 1)
    trigger_at(file, len(lines) - 1, 16)
    assert_positions_exact(text, file)


def test_unterminated_code_fence_hides_only_what_follows_it(capsys: Any, tmp_path: Path) -> None:
    text = f"# Hello you\n\n{TRIGGER}\n\n```python\nWe are proud of our world-class code.\n"
    draft = tmp_path / "fence.md"
    draft.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and err == "" and file["error"] is None
    trigger_at(file, 3, 1)
    assert all(
        f["line"] < 5 for f in file["findings"]
    )  # an unclosed fence runs to the end (CommonMark)
    assert_positions_exact(text, file)


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_unterminated_front_matter_is_read_as_markdown(
    capsys: Any, tmp_path: Path, fence: str
) -> None:
    text = f"{fence}\ntitle: Pricing\n\n{TRIGGER}\n"
    draft = tmp_path / "front.md"
    draft.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and err == "" and file["error"] is None
    trigger_at(file, 4, 1)
    assert_positions_exact(text, file)


def test_markdown_nested_deeply_is_read_or_refused_never_half_read(
    capsys: Any, tmp_path: Path
) -> None:
    """Blockquotes 10,000 deep: the prose after them must still be checked."""
    text = ">" * 10_000 + " Deep.\n\n" + TRIGGER + "\n"
    deep = tmp_path / "quotes.md"
    deep.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, deep)
    [file] = report["files"]
    assert_no_traceback(err)
    if file["error"] is None:
        trigger_at(file, 3, 1)
    else:
        assert code == 2
        assert_one_error(err, "quotes.md", file["error"])


def test_prose_after_a_deeply_nested_list_is_still_checked(capsys: Any, tmp_path: Path) -> None:
    items = "".join("  " * depth + f"- level {depth}\n" for depth in range(12))
    text = f"{items}\n{TRIGGER}\n"
    outline = tmp_path / "outline.md"
    outline.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, outline)
    [file] = report["files"]
    if file["error"] is None:
        trigger_at(file, 14, 1)
    else:  # refusing the file with a reason would be fine too
        assert code == 2
        assert_one_error(err, "outline.md", file["error"])


@pytest.mark.parametrize("depth", [49, 120])
def test_a_list_nested_past_the_parsers_limit_loses_no_item(depth: int) -> None:
    """Before, the items past markdown-it's nesting limit were dropped without a word."""
    source = "".join("  " * i + f"- We offer item {i}.\n" for i in range(depth))
    blocks = parse_markdown(source, "deep.md").blocks
    assert [b.text for b in blocks] == [f"We offer item {i}." for i in range(depth)]
    for block in blocks:  # each still points at its own text in the file
        start, end = block.source_span(0, len(block.text))
        assert source[start:end] == block.text


def test_block_quotes_nested_past_the_limit_keep_their_text() -> None:
    source = "> " * 100 + "We offer the deepest support.\n\nAfter it, we ship.\n"
    blocks = parse_markdown(source, "quotes.md").blocks
    assert [b.text for b in blocks] == ["We offer the deepest support.", "After it, we ship."]


def test_a_paragraph_longer_than_the_inline_slice_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A huge paragraph is parsed inline a slice at a time (markdown-it holds every token of
    what it parses); cut at line breaks, the prose and its offsets are what one parse gives."""
    from customerlens.documents import markdown

    lines = [
        "We ship **bold** things,  ",
        "a [link](https://example.com) and `code`,",
        "an escaped \\*star\\* and &amp; entity,",
        "   indented words and ![an alt](pic.png) picture.",
    ]
    source = "# Title\n\n" + "\n".join(lines * 20) + "\n\nLast paragraph.\n"
    whole = md(source)
    monkeypatch.setattr(markdown, "INLINE_CHUNK", 60)
    sliced = md(source)
    assert [(b.text, b.kind) for b in sliced.blocks] == [(b.text, b.kind) for b in whole.blocks]
    assert [list(b.segments) for b in sliced.blocks] == [list(b.segments) for b in whole.blocks]
    assert (
        "We ship bold things, a link and , an escaped *star* and & entity" in whole.blocks[1].text
    )


_PIECES = st.sampled_from(
    [
        "We ship it.",
        "Our team builds [the tool][ref] for you.",
        "[ref]: https://example.com",
        "- one\n- two\n\n  continued item",
        "> quoted\nlazy line",
        "```\ncode\n\nWe are not prose\n```",
        "<pre>\nraw\n\nWe are raw\n</pre>",
        "    indented code",
        "# Heading",
        "Setext\n===",
        "| a | b |\n|---|---|\n| We | you |",
        "1. first\n\n   second paragraph",
        "<div>\nhtml block\n</div>",
        "*emphasis\nacross lines*",
        "- a\n- b\n* c\n+ d",
        "<div>\n- a\n- b\n</div>",
        "text\n- a\n  - nested\n- b",
        "* * *",
        "- a\nlazy\n- b",
    ]
)


@settings(max_examples=300, deadline=None)
@example(
    [
        ("<div>\nhtml block\n</div>", "\n"),
        ("```\ncode\n\nnot prose\n```", "\n\n"),
        ("Prose.", "\n"),
    ],
    1,
)
@given(
    st.lists(st.tuples(_PIECES, st.sampled_from(["\n", "\n\n", "\n\n\n"])), max_size=12),
    st.integers(1, 4),
)
def test_a_file_parsed_in_slices_reads_as_one_parse(
    parts: list[tuple[str, str]], slice_lines: int
) -> None:
    """markdown-it holds every token of what it parses (~1.3 KB a paragraph), so a huge file
    is parsed a slice at a time, cut only where nothing before can continue: the prose, its
    kinds and its offsets are exactly what one parse of the whole file gives."""
    from customerlens.documents import markdown

    source = "".join(piece + gap for piece, gap in parts)
    whole = parse_markdown(source, "page.md")
    saved = markdown.SLICE_LINES
    markdown.SLICE_LINES = slice_lines
    try:
        sliced = parse_markdown(source, "page.md")
    finally:
        markdown.SLICE_LINES = saved
    check_invariants(sliced)
    assert [(b.text, b.kind, list(b.segments)) for b in sliced.blocks] == [
        (b.text, b.kind, list(b.segments)) for b in whole.blocks
    ]
