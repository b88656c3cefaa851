"""Prose of Markdown (CommonMark + tables + strikethrough, MDX, Hugo and Jekyll flavours).

markdown-it parses a masked copy of the source (see `masking`), so a token's text can be
searched for at its true offset. Each `inline` token becomes one Block; its children are
walked with a cursor through the source: text is found verbatim where possible, and aligned
character by character where markdown changed it (backslash escapes, entities). markdown-it
keeps every token of what it parses, so a huge file is parsed in slices of lines (`_Cuts`) and
each paragraph's inline tokens are made when its block is read (`_children`).

Front matter is masked (its prose values are read by `frontmatter`). Skipped: code (fenced,
indented, inline), HTML comments, template tags and shortcodes, MDX `import`/`export` and JSX
component tags, link destinations and autolinks. Raw HTML blocks go through the HTML
extractor; an inline `<br>` reads as a space. Image alt text becomes its own ALT block: it
is read apart from the sentence around it (by screen readers, or when the image fails).
"""

from __future__ import annotations

import bisect
import html
import re
from array import array
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from functools import cached_property, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from customerlens.documents.html import html_blocks
from customerlens.documents.masking import COMMENTS, FILL, MDX, TEMPLATES, Masked, mask, unfenced
from customerlens.documents.model import (
    ALT,
    CELL,
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    Block,
    BlockBuilder,
    Blocks,
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
    blocks = Blocks()
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
                blocks.extend(html_blocks(masked, start, end))
            else:
                block_kind = special or (containers[-1] if containers else PARAGRAPH)
                children = _children(token.content, env)
                blocks.extend(_Inline(masked, end).blocks(children, block_kind, start))
    blocks.extend(_unparsed(masked, line_starts, contained, covered))
    return Document(path, "markdown", source, blocks.in_source_order())


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
    """markdown-it's tokens with their line maps, parsed a slice of the file at a time (see
    `_Cuts`): markdown-it holds every token and five numbers a line of what it parses, ~1.3 KB
    a paragraph. A file of several slices is read twice: first for its link reference
    definitions, which a link before them may use."""
    env: Env = {}
    if _Cuts(text, line_starts).first_from(SLICE_LINES) < len(line_starts):
        for _ in _sliced(text, line_starts, env):
            pass
    for token, mapped in _sliced(text, line_starts, env):
        yield token, mapped, env


def _sliced(
    text: str, line_starts: array[int], env: Env
) -> Iterator[tuple[Token, list[int] | None]]:
    """Past MAX_NESTING markdown-it silently stops parsing; the rest of the slice is then
    parsed on its own, so no prose is lost. There, an "indented code block" is the deep
    indentation of the cut-off nesting, not code: it is left out, and `_unparsed` reads its
    lines as prose."""
    cuts = _Cuts(text, line_starts)
    first, resumed = 0, False
    while first < len(line_starts):
        stop = cuts.first_from(first + SLICE_LINES)
        while True:
            end = line_starts[stop] if stop < len(line_starts) else len(text)
            tokens = _parser().parse(text[line_starts[first] : end], env)
            if stop >= len(line_starts) or not _open_at_end(tokens, stop - first):
                break
            # Fenced code or HTML runs on: read on, the slice doubled, so a long one is parsed
            # a few times over at most, not once for every cut it hides.
            stop = cuts.first_from(stop + (stop - first))
        reached = first
        for token in tokens:
            if resumed and token.type == "code_block":
                continue
            mapped = [first + line for line in token.map] if token.map else None
            if (
                mapped and token.type not in _NESTING
            ):  # nesting containers claim lines they never parsed
                reached = max(reached, mapped[1])
            yield token, mapped
        rest = line_starts[reached] if reached < len(line_starts) else end
        if reached <= first or reached >= stop or not _NON_BLANK.search(text, rest, end):
            first, resumed = stop, False
        else:
            first, resumed = reached, True


def _open_at_end(tokens: list[Token], lines: int) -> bool:
    """Whether fenced code, indented code or an HTML block runs to the end of a slice of
    `lines` lines: the slice is a prefix of the file, so its blocks are the file's, except one
    still open at the cut (a fence inside an HTML block fools any pattern that looks for
    fences: markdown-it's own parse is the judge)."""
    return any(
        t.map is not None and t.map[1] >= lines and t.type in ("fence", "code_block", "html_block")
        for t in tokens
    )


SLICE_LINES = 20_000  # lines parsed at once, at least (a slice ends where `_Cuts` allows)
_NON_BLANK = re.compile(r"\S")
_FLUSH = re.compile(r"[^\W_]")  # a letter or digit, first on its line: a paragraph starts
_BULLET = re.compile(r"[-*+][ \t]+\S")  # a bullet item flush left interrupts all but HTML
_HTML_START = re.compile(r" {0,3}<")
_RAW = re.compile(
    r"^ {0,3}<(pre|script|style|textarea|\?)(?=[\s>]|$)", re.MULTILINE | re.IGNORECASE
)


class _Cuts:
    """Lines where a file can be parsed apart: flush left, either after a blank line and
    opening with a letter or digit (every list, quote, table, indented code and HTML block
    before it has ended there), or a bullet item (which interrupts a paragraph, a quote or a
    table) with no HTML block open; always outside fenced code and outside raw `<pre>`,
    `<script>`, `<style>`, `<textarea>` or `<?` blocks (which run across blank lines). Lines
    are read once, forward."""

    def __init__(self, text: str, line_starts: array[int]) -> None:
        self.text, self.line_starts = text, line_starts
        self.line = 0  # the next line to read
        self.after_blank = True  # the line before `line` is blank
        self.html = False  # a line since the last blank one may open an HTML block
        self.raw_end = 0  # where the last raw HTML block seen ends (len(text): never closed)
        self.scanned = 0  # raw HTML openers before this offset are accounted for

    def first_from(self, after: int) -> int:
        """The first cut at or after line `after` (> 0), or later; the number of lines if
        none."""
        text, starts = self.text, self.line_starts
        if after >= len(starts):  # a file of one slice (most): no line to read
            return len(starts)
        while self.line < len(starts):
            line, start = self.line, starts[self.line]
            if line >= after and self._can_cut(start):
                return line
            end = starts[line + 1] if line + 1 < len(starts) else len(text)
            self.after_blank = not _NON_BLANK.search(text, start, end)
            self.html = not self.after_blank and (self.html or bool(_HTML_START.match(text, start)))
            self.line += 1
        return len(starts)

    def _can_cut(self, start: int) -> bool:
        text = self.text
        if not (
            (self.after_blank and _FLUSH.match(text, start))
            or (not self.html and _BULLET.match(text, start))
        ):
            return False
        while m := _RAW.search(text, max(self.scanned, self.raw_end), start):
            closer = "?>" if m.group(1) == "?" else f"</{m.group(1)}>"
            close = re.compile(re.escape(closer), re.IGNORECASE).search(text, m.end())
            self.raw_end = close.end() if close else len(text)
            self.scanned = m.end()
        self.scanned = max(self.scanned, start)
        i = bisect.bisect_right(self._prose_starts, start) - 1
        return self.raw_end <= start and i >= 0 and start < self._prose[i][1]

    @cached_property
    def _prose(self) -> list[tuple[int, int]]:
        """Spans outside fenced code, found by pattern (markdown-it's parse of a slice has the
        last word: see `_open_at_end`)."""
        return unfenced(self.text, 0)

    @cached_property
    def _prose_starts(self) -> list[int]:
        return [lo for lo, _ in self._prose]


def markdown_blocks(text: str) -> Sequence[Block]:
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
