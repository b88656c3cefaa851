"""Prose of Markdown (CommonMark + tables + strikethrough, MDX, Hugo and Jekyll flavours).

markdown-it parses a masked copy of the source (see `masking`), so a token's text can be
searched for at its true offset. Each `inline` token becomes one Block; its children are
walked with a cursor through the source: text is found verbatim where possible, and aligned
character by character where markdown changed it (backslash escapes, entities).

Front matter is masked (its prose values are read by `frontmatter`). Skipped: code (fenced,
indented, inline), HTML comments, template tags and shortcodes, MDX `import`/`export` and JSX
component tags, link destinations and autolinks. Raw HTML blocks go through the HTML
extractor; an inline `<br>` reads as a space. Image alt text becomes its own ALT block: it
is read apart from the sentence around it (by screen readers, or when the image fails).
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Iterable, Iterator, MutableMapping
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from customerlens.documents.html import html_blocks
from customerlens.documents.masking import COMMENTS, FILL, MDX, TEMPLATES, Masked, mask
from customerlens.documents.model import (
    ALT,
    CELL,
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    Block,
    BlockBuilder,
    Document,
)

_SYNTAXES = (TEMPLATES, COMMENTS, MDX)
_CONTAINERS = {"blockquote_open": QUOTE, "list_item_open": ITEM}
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{0,31});")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_WINDOW = 16  # how far ahead an altered character is looked for


_NESTING = frozenset({"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"})
MAX_NESTING = 100  # markdown-it's default (20) silently stops parsing a file at a deep list
INLINE_CHUNK = 50_000  # characters of one paragraph's text given to the inline parser at once
Env = MutableMapping[str, Any]  # markdown-it's parse environment (link reference definitions)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough; the inline parse is left to `_children`, one
    paragraph at a time, instead of every paragraph's children held at once."""
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.core.ruler.disable(["inline", "text_join"])
    return md


def _children(content: str, env: Env) -> Iterator[Token]:
    """The inline tokens of one paragraph, parsed INLINE_CHUNK characters (cut at a line
    break) at a time: markdown-it keeps ~300 bytes a token, two a line, and a paragraph of a
    million lines took gigabytes. The cut line break reads as the soft break it is; emphasis or
    a link across a cut reads as plain text (only in paragraphs this long)."""
    md = _parser()
    start = 0
    while start < len(content):
        cut = content.find("\n", start + INLINE_CHUNK)
        end = len(content) if cut < 0 else cut
        tokens: list[Token] = []
        md.inline.parse(content[start:end].rstrip(" "), md, env, tokens)
        yield from _joined(tokens)
        if end < len(content):
            yield Token("softbreak", "br", 0)
        start = end + 1
        while start < len(content) and content[start] == " ":
            start += 1


def _joined(tokens: Iterable[Token]) -> Iterator[Token]:
    """Escapes (`text_special`) read as text, and adjacent text joined into one token, as
    markdown-it's own `text_join` does (off, with the inline rule it follows)."""
    text: list[str] = []
    for token in tokens:
        if token.type in ("text", "text_special"):
            text.append(token.content)
            continue
        if text:
            yield Token("text", "", 0, content="".join(text))
            text = []
        if token.children:
            token.children = list(_joined(token.children))
        yield token
    if text:
        yield Token("text", "", 0, content="".join(text))


def parse_markdown(source: str, path: str) -> Document:
    """Parse Markdown into prose blocks that map back to the source."""
    masked = mask(source, _SYNTAXES, markdown=True)
    line_starts = array("q", [0])
    line_starts.extend(m.end() for m in re.finditer("\n", masked.text))
    blocks: list[Block] = []
    containers: list[str] = []
    special = ""  # HEADING or CELL while inside one
    lines: list[int] = [0, 0]
    # lines a container (list, quote) claims, and lines some leaf token inside one read
    contained, covered = bytearray(len(line_starts)), bytearray(len(line_starts))
    for token, mapped, env in _tokens(masked.text, line_starts):
        kind = token.type
        lines = mapped or lines
        if mapped:
            marks = contained if kind in _NESTING else covered
            marks[mapped[0] : mapped[1]] = b"\x01" * (mapped[1] - mapped[0])
        if kind in _CONTAINERS:
            containers.append(_CONTAINERS[kind])
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind in ("heading_open", "th_open", "td_open"):
            special = HEADING if kind == "heading_open" else CELL
        elif kind in ("heading_close", "th_close", "td_close"):
            special = ""
        elif kind in ("inline", "html_block"):
            lo, hi = lines
            start = line_starts[lo]
            end = line_starts[hi] if hi < len(line_starts) else len(source)
            if kind == "html_block":
                blocks += html_blocks(masked, start, end)
            else:
                block_kind = special or (containers[-1] if containers else PARAGRAPH)
                blocks += _Inline(masked, end).blocks(
                    _children(token.content, env), block_kind, start
                )
    blocks += _unparsed(masked, line_starts, contained, covered)
    blocks.sort(key=lambda b: b.source_offset(0))
    return Document(path, "markdown", source, tuple(blocks))


_REFERENCE = re.compile(r"\[[^\]\n]+\]:")
_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")


def _unparsed(
    masked: Masked, line_starts: array[int], contained: bytearray, covered: bytearray
) -> list[Block]:
    """The lost lines: inside a list or block quote, yet read by no token (nested past
    MAX_NESTING, where markdown-it stops without a word). Each is read as a paragraph, its
    quote and list markers dropped, so no prose is lost however deep the nesting; a link
    reference definition there is still not prose."""
    blocks = []
    text = masked.text
    for line, start in enumerate(line_starts):
        if not contained[line] or covered[line]:
            continue
        end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
        start = _MARKERS.match(text, start, end).end()  # type: ignore[union-attr]
        if text[start:end].strip() and not _REFERENCE.match(text, start, end):
            builder = BlockBuilder(PARAGRAPH)
            masked.add(builder, start, end)
            if block := builder.build():
                blocks.append(block)
    return blocks


def _tokens(text: str, line_starts: array[int]) -> Iterator[tuple[Token, list[int] | None, Env]]:
    """markdown-it's tokens with their line maps. Past MAX_NESTING markdown-it silently stops
    parsing; the rest of the file is then parsed on its own, so no prose is lost. There, an
    "indented code block" is the deep indentation of the cut-off nesting, not code: it is left
    out, and `_unparsed` reads its lines as prose."""
    first = 0
    while first < len(line_starts):
        reached = first
        env: Env = {}
        for token in _parser().parse(text[line_starts[first] :], env):
            if first and token.type == "code_block":
                continue
            mapped = [first + line for line in token.map] if token.map else None
            if (
                mapped and token.type not in _NESTING
            ):  # nesting containers claim lines they never parsed
                reached = max(reached, mapped[1])
            yield token, mapped, env
        if reached <= first or not text[line_starts[min(reached, len(line_starts) - 1)] :].strip():
            return
        first = reached


def markdown_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of a Markdown fragment (a front matter value), offsets relative to it."""
    return parse_markdown(text, "").blocks


class _Inline:
    """Walks one inline token's children with a cursor through the masked text."""

    def __init__(self, masked: Masked, end: int) -> None:
        self.masked = masked
        self.text = masked.text
        self.end = end
        self.alts: list[Block] = []

    def blocks(self, children: Iterable[Token], kind: str, start: int) -> list[Block]:
        builder = BlockBuilder(kind)
        self.walk(children, builder, start)
        block = builder.build()
        return ([block] if block else []) + self.alts

    def walk(self, children: Iterable[Token], builder: BlockBuilder, cursor: int) -> int:
        skip_link = False
        for child in children:
            kind = child.type
            if skip_link:
                skip_link = kind != "link_close"
                if not skip_link:
                    cursor = self._past(">", cursor)
            elif kind == "text":
                cursor = self.add(builder, child.content, cursor)
            elif kind in ("softbreak", "hardbreak"):
                brk = self.text.find("\n", cursor, self.end)
                brk = brk if brk >= 0 else min(cursor, len(self.text) - 1)
                builder.add(" ", brk, literal=False)
                cursor = brk + 1
            elif kind == "code_inline":
                cursor = self._past_code(child.markup, cursor)
            elif kind == "html_inline":
                found = self.text.find(child.content, cursor, self.end)
                if found >= 0:
                    if _BR.match(child.content):
                        builder.add(" ", found, literal=False)
                    cursor = found + len(child.content)
            elif kind == "link_open":
                skip_link = child.markup == "autolink"
                if skip_link:  # its ">" closes it: never the ">" of a block quote before it
                    cursor = self._past("<", cursor)
            elif kind == "link_close":
                cursor = self._past_destination(cursor)
            elif kind == "image":
                alt = BlockBuilder(ALT)
                cursor = self.walk(child.children or [], alt, self._past("![", cursor))
                block = alt.build()
                if block:
                    self.alts.append(block)
                cursor = self._past_destination(cursor)
        return cursor

    def add(self, builder: BlockBuilder, content: str, cursor: int) -> int:
        """Add one text token; return the cursor after it."""
        found = self.text.find(content, cursor, self.end)
        if found >= 0:
            self.masked.add(builder, found, found + len(content))
            return found + len(content)
        source, text, i = self.masked.source, self.text, 0
        while i < len(content):
            ch = content[i]
            if ch == FILL:  # masked in the source: nothing to add
                cursor = self._past(FILL, cursor)
                i += 1
                continue
            limit = min(cursor + _WINDOW, self.end)
            found = text.find(ch, cursor, limit)
            while found >= 0 and source[found] != ch:  # a masked space is not the space
                found = text.find(ch, found + 1, limit)
            amp = text.find("&", cursor, found if found >= 0 else limit)
            entity = _ENTITY.match(text, amp) if amp >= 0 else None
            decoded = html.unescape(entity.group()) if entity else ""
            if entity and decoded and content.startswith(decoded, i):
                builder.add(decoded, amp, literal=False)
                cursor = entity.end()
                i += len(decoded)
                continue
            if found >= 0:
                builder.add(ch, found)
                cursor = found + 1
            else:
                builder.add(ch, min(cursor, len(source) - 1), literal=False)
            i += 1
        return cursor

    def _past(self, needle: str, cursor: int) -> int:
        found = self.text.find(needle, cursor, self.end)
        return found + len(needle) if found >= 0 else cursor

    def _past_code(self, markup: str, cursor: int) -> int:
        opening = self.text.find(markup, cursor, self.end)
        if opening < 0:
            return cursor
        closing = re.compile(f"(?<!`){re.escape(markup)}(?!`)")
        m = closing.search(self.text, opening + len(markup), self.end)
        return m.end() if m else cursor

    def _past_destination(self, cursor: int) -> int:
        """Move past `](destination "title")` or `][label]` after link text."""
        close = self.text.find("]", cursor, self.end)
        if close < 0:
            return cursor
        pos = close + 1
        if self.text.startswith("[", pos):
            return self._past("]", pos)
        if not self.text.startswith("(", pos):
            return pos
        depth = 0
        while pos < self.end:
            ch = self.text[pos]
            if ch == "\\":
                pos += 1
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return pos + 1
            elif ch == "<":
                pos = self._past(">", pos) - 1
            elif ch in "\"'" and depth == 1 and self.text[pos - 1].isspace():  # a title
                pos = self._past(ch, pos + 1) - 1
            pos += 1
        return pos
