"""HTML: only what a reader sees is checked, and findings land on the original line:column."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    PAGE,
    TRIGGER,
    assert_companion_checked,
    assert_no_traceback,
    assert_positions_exact,
    by_name,
    check_json,
    cli,
    companion,
    source_at,
    trigger_at,
)
from documents_support import check_invariants, locate, prose, texts
from hypothesis import given, settings
from hypothesis import strategies as st

from customerlens.documents import parse
from customerlens.documents.html import parse_html
from customerlens.documents.model import ALT, CELL, HEADING, ITEM, PARAGRAPH, QUOTE, Document


def page(source: str) -> Document:
    doc = parse(source, "page.html", "html", front_matter=True)
    check_invariants(doc)
    return doc


def test_invisible_elements_are_skipped() -> None:
    source = (
        "<html><head><title>Pricing that scales</title>\n"
        "<style>p { color: red }</style><script>var a = '<p>no</p>';</script></head>\n"
        "<body><noscript>Enable JS</noscript><template><p>Later</p></template>\n"
        "<p>Use <code>npm i</code> to start.</p><pre>$ run\nthis</pre>\n"
        "<svg><text>Chart</text></svg><iframe>frame</iframe><p>You win.</p></body></html>"
    )
    doc = page(source)
    assert texts(doc) == ["Pricing that scales", "Use to start.", "You win."]
    assert doc.blocks[0].kind == HEADING
    assert locate(doc, "win") == (6, 59)


def test_block_elements_end_a_sentence_and_inline_ones_do_not() -> None:
    source = (
        "<h1>Save <em>hours</em> every week</h1><ul><li>Fast</li><li>Simple<br>Safe</li></ul>"
        "<table><tr><td>Team plan</td><th>$9</th></tr></table><blockquote>Great tool</blockquote>"
        "<div>Loose <a href='/x'>link</a> text<p>Para</p></div>"
    )
    doc = page(source)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "Save hours every week"),
        (ITEM, "Fast"),
        (ITEM, "Simple"),
        (ITEM, "Safe"),
        (CELL, "Team plan"),
        (CELL, "$9"),
        (QUOTE, "Great tool"),
        (PARAGRAPH, "Loose link text"),
        (PARAGRAPH, "Para"),
    ]


def test_alt_text_is_kept_as_its_own_block_where_it_is_written() -> None:
    doc = page('<p>See\n  <img src="a.png"\n       alt="Our &amp; your team">\nbelow.</p>')
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "See below."),
        (ALT, "Our & your team"),
    ]
    assert locate(doc, "your") == (3, 23)
    assert locate(doc, "below") == (4, 1)


def test_entities_decode_to_a_character_at_the_entity() -> None:
    doc = page("<p>Team&nbsp;chat &amp; more &mdash; it&#8217;s &#36;5 &bogus; here</p>")
    block = doc.blocks[0]
    assert block.text == "Team\xa0chat & more — it’s $5 &bogus; here"
    assert doc.position(block.source_offset(block.text.index("—"))) == (1, 30)
    assert locate(doc, "chat") == (1, 14)
    assert locate(doc, "here") == (1, 64)
    doc = page("<p>&copy2024 AT&T</p>")
    assert texts(doc) == ["©2024 AT&T"]
    assert locate(doc, "2024") == (1, 9)


def test_white_space_collapses_as_a_browser_shows_it() -> None:
    doc = page("<div>\n    <a>Try it</a>\n    <a>See it</a>\n</div>")
    assert texts(doc) == ["Try it See it"]
    assert locate(doc, "See") == (3, 8)


def test_template_tags_are_masked_but_translated_labels_kept() -> None:
    source = (
        '{% extends "base.html" %}\n{% set PAGE_TITLE = "Zulip" %}\n'
        "<p>Hi {{ name }}, {# note #}welcome!</p>\n"
        "<a class='button'>{{ _('Create organization') }}</a>\n"
        "{{#each items}}<li>{{this}}</li>{{/each}}<p>{{{ raw }}}Done.</p>"
    )
    doc = page(source)
    assert texts(doc) == ["Hi , welcome!", "Create organization", "Done."]
    assert locate(doc, "Create") == (4, 25)


def test_jekyll_front_matter_is_masked_and_its_title_read() -> None:
    doc = page("---\nlayout: default\ntitle: Elixir in production\n---\n<p>Body.</p>\n")
    assert texts(doc) == ["Elixir in production", "Body."]
    assert locate(doc, "production") == (3, 18)


def test_malformed_html_is_read_as_a_browser_would() -> None:
    source = (
        "<p>Open <b>bold <i>both</b> still</p>\n"
        "<p class='x>Broken attr</p>\n"
        "</div></span><p>After</p> <not a tag"
    )
    doc = page(source)
    assert "Open bold both still" in texts(doc)
    assert "After" in prose(doc)


def test_unclosed_code_ends_with_its_parent() -> None:
    doc = page("<div><p>Run <code>make</p></div><p>Then relax.</p>")
    assert texts(doc) == ["Run", "Then relax."]


def test_unterminated_script_comment_and_tag_do_not_crash() -> None:
    assert texts(page("<p>Before</p><script>var x = 1;")) == ["Before"]
    assert texts(page("<p>Before</p><!-- open comment <p>hidden</p>")) == ["Before"]
    assert texts(page("<p>Before</p><img alt='x")) == ["Before"]
    assert texts(page("<p>Text <b")) == ["Text"]
    assert texts(page("<p>Text</p><![ junk <![CDATA[x]]> <p>More</p>")) == ["Text", "More"]


def test_conditional_comments_of_html_email() -> None:
    source = (
        "<!--[if mso]><table><tr><td><![endif]-->\n"
        "<p>Hello reader</p>\n"
        "<!--[if mso]></td></tr></table><![endif]-->"
    )
    assert texts(page(source)) == ["Hello reader"]


def test_ten_thousand_nested_elements_are_fast() -> None:
    deep = "<div>" * 10_000 + "Deep text" + "</div>" * 10_000
    unclosed = "<span><b>" * 10_000 + "Still here"
    mixed = "<div><code>" * 5_000 + "code" + "</div>" * 5_000 + "<p>Out</p>"
    started = time.perf_counter()
    assert texts(page(deep)) == ["Deep text"]
    assert texts(page(unclosed)) == ["Still here"]
    assert texts(page(mixed)) == ["Out"]
    assert time.perf_counter() - started < 5


def test_crlf_and_cr_positions() -> None:
    for newline in ("\r\n", "\r"):
        doc = page(
            newline.join(["<html>", "<body>", "  <p>Grow your", "  business.</p>", "</body>"])
        )
        assert texts(doc) == ["Grow your business."]
        assert locate(doc, "business") == (4, 3)


# --- property-based -------------------------------------------------------------------------

WORDS = st.one_of(
    st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8),
    st.sampled_from(["café", "cafe\u0301", "שלום", "🧑‍💻", "日本語"]),
)
# fmt: off
PIECES = st.one_of(WORDS, st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<li>", "<br>", "<script>", "</script>",
    "<style>", "</style>", "<code>", "</code>", "<pre>", "</pre>", "<!--", "-->", "&amp;",
    "&nbsp;", "&#8217;", "&bogus;", "&", "<", ">", '<img alt="a b">', "<img alt=x>",
    "{{ name }}", "{% if x %}", "<td>", "<table>", "</table>", "<title>", "<![", "<![CDATA[",
    "]]>", "<!x", "<?", "<!DOCTYPE html>", "\n", "\r\n", "\r",
]))
# fmt: on


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_random_html_keeps_the_offset_map(pieces: list[str]) -> None:
    check_invariants(parse_html(" ".join(pieces), "random.html"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_as_html(source: str) -> None:
    doc = parse_html(source, "any.html")
    for block in doc.blocks:
        for _, s, n in block.segments:
            assert 0 <= s and s + n <= len(source)


# --- big, deep and broken pages, through the command line -----------------------------------------


def test_a_20_mb_html_file_is_checked(capsys: Any, tmp_path: Path) -> None:
    blob = base64.b64encode(os.urandom(15_000_000)).decode()
    html = (
        "<html><head><style>"
        + ".card{color:#333;margin:0 auto}\n" * 20_000
        + "</style></head><body>"
        "<h1>Pricing for small teams</h1><p>You get a calm inbox.</p>"
        f"<img alt='A chart of the hours you save' src='data:image/png;base64,{blob}'>\n"
        f"<p>{TRIGGER}</p></body></html>\n"
    )
    big = tmp_path / "big.html"
    big.write_text(html, encoding="utf-8")
    code, report, err = check_json(capsys, big, extra=("--no-cache",))
    assert code in (0, 1) and err == ""
    [file] = report["files"]
    trigger_at(file, 20_002, 4)
    assert_positions_exact(html, file)


def test_a_single_2_mb_line(capsys: Any, tmp_path: Path) -> None:
    """Minified HTML: one 2 MB line, mostly markup, the finding at a column near two million."""
    unit = (
        '<div class="card card--featured grid grid-cols-3 md:grid-cols-6 gap-4 px-6 py-4">'
        '<svg viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5zm0 7l-10 5 10 5 '
        '10-5-10-5z"/></svg>'
        '<a href="/pricing/team?utm_source=site&amp;utm_medium=card">Team plan</a></div>'
    )
    line = "<html><body>" + unit * (2_000_000 // len(unit)) + f"<p>{TRIGGER}</p></body></html>"
    minified = tmp_path / "minified.html"
    minified.write_text(line, encoding="utf-8")
    code, report, err = check_json(capsys, minified, companion(tmp_path), extra=("--no-cache",))
    assert code in (0, 1) and err == ""
    file = by_name(report, "minified.html")
    assert file["error"] is None
    trigger_at(file, 1, line.index(TRIGGER) + 1)
    assert_companion_checked(report)


def test_html_nested_10000_levels_deep(capsys: Any, tmp_path: Path) -> None:
    html = "<div>" * 10_000 + f"<p>{TRIGGER}</p>" + "</div>" * 10_000
    deep = tmp_path / "deep.html"
    deep.write_text(html, encoding="utf-8")
    embedded = tmp_path / "deep.md"
    embedded.write_text(f"Intro for you.\n\n{html}\n", encoding="utf-8")
    code, report, err = check_json(capsys, deep, embedded, companion(tmp_path))
    assert code == 1 and err == ""
    trigger_at(by_name(report, "deep.html"), 1, 50_004)
    trigger_at(by_name(report, "deep.md"), 3, 50_004)
    assert_companion_checked(report)


@pytest.mark.parametrize(
    "html",
    [
        (
            f"<p>{TRIGGER}<b>bold <i>crossed</b> tags</i><p <<>> </div></td>"
            "&bogus; &#xZZZ; &#99999999; <!-- never closed"
        ),
        f"<p class='a\" title=\"x>{TRIGGER}</p><script>if (a < b) {{ document.write('<p>') }}",
        f"</p></p></html><body><body><p>{TRIGGER}<p><p><table><td>cell</table></li></ul>",
        f"<p>{TRIGGER}</p><![CDATA[ unclosed <? pi <!DOCTYPE",
        f"<p>{TRIGGER}</p><style>p {{ content: '</p>' }}",
    ],
    ids=[
        "crossed-and-unclosed",
        "broken-attribute",
        "stray-end-tags",
        "cdata-pi",
        "unclosed-style",
    ],
)
def test_malformed_html_gives_a_result_with_exact_positions(
    capsys: Any, tmp_path: Path, html: str
) -> None:
    page = tmp_path / "broken.html"
    page.write_text(html, encoding="utf-8")
    code, report, err = check_json(capsys, page, companion(tmp_path))
    assert code in (0, 1) and err == ""
    file = by_name(report, "broken.html")
    assert file["error"] is None
    for finding in file["findings"]:
        assert source_at(html, finding) == finding["match"]
    assert_companion_checked(report)


def test_html_input_is_parsed_without_fetching_what_it_references(
    capsys: Any, tmp_path: Path
) -> None:
    """In this process (sockets blocked by conftest): referenced URLs are never opened."""
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, err = cli(
        capsys, "check", str(page), "--format", "json", "--jobs", "1", "--no-cache"
    )
    assert_no_traceback(out, err)
    assert code == 1 and err == ""
    [file] = json.loads(out)["files"]
    lines = PAGE.split("\n")
    found = {(f["rule"], f["line"]) for f in file["findings"]}
    assert (
        "CL103",
        lines.index(next(x for x in lines if x.startswith("<p>We are proud"))) + 1,
    ) in found
    for finding in file["findings"]:
        assert "http" not in finding["match"]  # URLs are not prose
    assert file["score"]["counts"]["words"] >= 15  # the heading, the alt text and the paragraph
