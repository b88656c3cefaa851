"""Real marketing pages (tests/fixtures/documents, see ATTRIBUTION.md): each parses, yields
the copy a reader sees and none of the machinery around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_support import check_invariants, locate, prose

from customerlens.documents import format_for, load
from customerlens.documents.model import HEADING, ITEM, Document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "documents"
LANDING = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "landing"


def fixture(name: str) -> Document:
    path = FIXTURES / name
    fmt = format_for(name)
    assert fmt is not None
    return load(path.read_bytes(), str(path), fmt, front_matter=True)


def offsets_hold(doc: Document) -> None:
    for block in doc.blocks:
        for t, s, n in block.segments:
            assert 0 <= s and s + n <= len(doc.source)
            assert doc.source[s + 1 : s + n] == block.text[t + 1 : t + n]


def test_front_matter_only_lab_page() -> None:
    doc = fixture("cilium-io__labs-2023-02-14-cilium-ipv6.md")
    assert doc.blocks[0].text == "Cilium IPv6 Networking and Observability"
    assert doc.blocks[0].kind == HEADING
    assert locate(doc, "How on Earth") == (11, 25)
    assert "isovalent.com" not in prose(doc) and "Networking\n" not in prose(doc)


def test_linkerd_hero_copy_in_block_scalars() -> None:
    doc = fixture("linkerd-website__enterprise.md")
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["Enterprise Support and Training"] == HEADING
    assert kinds["Full L7 visibility"] == ITEM
    assert locate(doc, "graduated status") == (13, 7)
    assert "bkgd.svg" not in prose(doc)


def test_svelte_blog_post() -> None:
    doc = fixture("gitpod-website__blog-next-chapter-for-gitpod.md")
    text = prose(doc)
    assert doc.blocks[1].text == "Next Chapter for Gitpod"
    assert "prerender" not in text and "margin-top" not in text and "teaser.jpg" not in text
    check_invariants(doc)


def test_html_email_and_its_text_version() -> None:
    html = prose(fixture("postmark-templates__welcome.html"))
    assert "We’ve pulled together some information" in html  # the inbox preheader
    assert "Do this Next" in html and "Welcome, !" in html
    assert "font-family" not in html and "{{" not in html and "mso" not in html
    text = fixture("postmark-templates__welcome.txt")
    assert "https://" not in prose(text) and "***" not in prose(text)
    assert locate(text, "Do this Next") == (11, 1)


def test_jinja_landing_page() -> None:
    doc = fixture("zulip__for-events.html")
    text = prose(doc)
    assert "Create organization" in text and "Request sponsorship" in text
    assert "{%" not in text and "PAGE_TITLE" not in text and "static(" not in text
    check_invariants(doc)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if format_for(p.name)))
def test_every_fixture_yields_prose(name: str) -> None:
    doc = fixture(name)
    assert sum(len(b.text.split()) for b in doc.blocks) > 50
    offsets_hold(doc)


@pytest.mark.skipif(not LANDING.is_dir(), reason="the shared corpus is not next to this checkout")
def test_every_landing_page_of_the_shared_corpus_yields_prose() -> None:
    for path in sorted(LANDING.iterdir()):
        fmt = format_for(path.name)
        assert fmt is not None
        doc = load(path.read_bytes(), str(path), fmt, front_matter=True)
        assert doc.blocks, path.name
        offsets_hold(doc)
