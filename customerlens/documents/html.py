"""Visible prose of HTML, with exact offsets, using the standard library's tokenizer.

`html.parser.HTMLParser` (with `convert_charrefs=False`) reports where every tag, text run and
entity starts, never fetches anything, builds no tree (10,000 nested elements cannot
recurse) and survives malformed markup. We keep only a flat stack of open tag names, closing
elements the way browsers do (an end tag closes everything opened after its start tag), so an
unclosed `<code>` ends with its parent instead of hiding the rest of the file.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from html.parser import HTMLParser

from customerlens.documents.masking import COMMENTS, TEMPLATES, Masked, mask
from customerlens.documents.model import (
    ALT,
    CELL,
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    BlockBuilder,
    Blocks,
    Document,
)

# fmt: off
# Elements whose content a reader does not read as prose.
SKIP = frozenset({
    "script", "style", "noscript", "template", "code", "pre", "kbd", "samp", "svg", "math",
    "iframe", "object", "textarea",
})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# Elements that end a run of prose (a sentence never continues across them).
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "label", "legend", "li", "main", "menu", "nav", "ol", "optgroup", "option", "p",
    "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
    "tr", "ul",
})
# fmt: on
KIND = {
    **{f"h{n}": HEADING for n in range(1, 7)},
    "title": HEADING,
    "p": PARAGRAPH,
    "li": ITEM,
    "dt": ITEM,
    "dd": ITEM,
    "td": CELL,
    "th": CELL,
    "blockquote": QUOTE,
}
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[a-zA-Z][a-zA-Z0-9]*;?)")
_TAG_START = re.compile(r"</?[a-zA-Z!]")
_SPACES = re.compile(r"[ \t\n\r\f]+")


def parse_html(source: str, path: str) -> Document:
    """Parse an HTML file into prose. Template tags, comments and Jekyll front matter are
    masked (`documents.parse` reads the front matter's prose values when asked)."""
    masked = mask(source, (TEMPLATES, COMMENTS))
    return Document(path, "html", source, html_blocks(masked, 0, len(source)))


def html_blocks(masked: Masked, start: int, end: int) -> Blocks:
    """Prose blocks of the HTML in `masked.text[start:end]`, in source order. Markdown uses
    this for its raw HTML blocks."""
    text = masked.text[start:end]
    cut = _TAG_START.search(text, text.rfind(">") + 1)
    if cut:  # a tag cut off by the end shows nothing, as in browsers (and HTMLParser would
        text = text[: cut.start()]  # rescan the rest once per `<`: quadratic time)
    extractor = _Extractor(masked, start)
    extractor.feed(text)
    extractor.close()
    extractor.flush()
    return extractor.blocks.in_source_order()


def add_decoded(
    builder: BlockBuilder, masked: Masked, start: int, end: int, space: bool = True
) -> bool:
    """Add raw HTML text: entities decode to a character mapped to their `&`, the rest is
    literal, white space collapsed (see `_add_collapsed`). Returns whether the added text
    ends with white space."""
    pos = start
    for m in _ENTITY.finditer(masked.text, start, end):
        space = _add_collapsed(builder, masked, pos, m.start(), space)
        raw = m.group()
        decoded = html.unescape(raw)
        kept = len(os.path.commonprefix([raw[::-1], decoded[::-1]]))  # `&copy2024`: "2024"
        builder.add(decoded[: len(decoded) - kept], m.start(), literal=False)
        masked.add(builder, m.end() - kept, m.end())
        pos, space = m.end(), False
    return _add_collapsed(builder, masked, pos, end, space)


def _add_collapsed(
    builder: BlockBuilder, masked: Masked, start: int, end: int, space: bool
) -> bool:
    """Add text with each white-space run shown as one space, as a browser renders it (none
    when `space` says the text so far ends with one); the space is literal when the run holds
    one. Returns whether the text now ends with white space."""
    pos = start
    for m in _SPACES.finditer(masked.text, start, end):
        if m.start() > pos:
            masked.add(builder, pos, m.start())
            space = False
        if not space:
            at = masked.source.find(" ", m.start(), m.end())
            builder.add(" ", m.start() if at < 0 else at, literal=at >= 0)
            space = True
        pos = m.end()
    if pos < end:
        masked.add(builder, pos, end)
        space = False
    return space


class _Extractor(HTMLParser):
    def __init__(self, masked: Masked, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.masked = masked
        self.base = base
        self.blocks = Blocks()
        self._builder: BlockBuilder | None = None
        self._space = True  # the current block's text ends with white space
        self._stack: list[str] = []
        self._kinds: list[str] = [PARAGRAPH]
        self._open: Counter[str] = Counter()
        self._skip = 0
        self._line_starts = [base]

    def _offset(self) -> int:
        line, col = self.getpos()
        starts = self._line_starts
        while len(starts) < line:
            starts.append(self.masked.text.index("\n", starts[-1]) + 1)
        return starts[line - 1] + col

    def _text(self) -> BlockBuilder:
        if self._builder is None:
            self._builder = BlockBuilder(self._kinds[-1])
            self._space = True
        return self._builder

    def flush(self) -> None:
        if self._builder is not None:
            block = self._builder.build()
            if block is not None:
                self.blocks.append(block)
            self._builder = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK:
            self.flush()
        if tag == "img" and not self._skip:
            self._alt()
        if tag in VOID:
            return
        self._stack.append(tag)
        self._kinds.append(KIND.get(tag, self._kinds[-1]))
        self._open[tag] += 1
        self._skip += tag in SKIP

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self.flush()
        if not self._open[tag]:
            return
        while self._stack:
            top = self._stack.pop()
            self._kinds.pop()
            self._open[top] -= 1
            self._skip -= top in SKIP
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip:
            start = self._offset()
            builder = self._text()
            self._space = _add_collapsed(
                builder, self.masked, start, start + len(data), self._space
            )

    def handle_entityref(self, name: str) -> None:
        self._entity(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._entity(2 + len(name))

    def _entity(self, length: int) -> None:
        if not self._skip:
            start = self._offset()
            end = start + length + (self.masked.text.startswith(";", start + length))
            builder = self._text()
            self._space = add_decoded(builder, self.masked, start, end, self._space)

    def _alt(self) -> None:
        tag = self.get_starttag_text() or ""
        m = _ALT.search(tag)
        if m:
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            start = self._offset() + m.start(group)
            builder = BlockBuilder(ALT)
            add_decoded(builder, self.masked, start, start + len(m.group(group)))
            block = builder.build()
            if block is not None:
                self.blocks.append(block)
