"""Prose of plain-text files (drafts, text emails).

A blank line ends a paragraph. Inside a paragraph a line break reads as a space, except where
the text itself shows that a new unit starts, so a sentence never runs across it:
- a list item (`- x`, `* x`, `• x`, `· x`, `1. x`, `2) x`, `a) x`), continued by its indented
  lines;
- after a short line without final punctuation followed by a capitalised line: a title
  ("A Rose by Any Other Name") or a label line ("Client: One that…").
A one-line unit without final punctuation of at most 12 words is a HEADING. Template tags
(`{{name}}`), URLs (with the `( url )` wrapping of text emails) and rule lines (`*****`) are
masked. A leading `---` is a divider here, not front matter.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from customerlens.documents.masking import TEMPLATES, Masked, mask
from customerlens.documents.model import (
    HEADING,
    ITEM,
    PARAGRAPH,
    Block,
    BlockBuilder,
    Blocks,
    Document,
)

_PATTERNS = (
    r"[ \t]?\(\s*(?:(?:https?://|www\.|mailto:)[^\s()]*|\{\{[^{}\n]*\}\})\s*\)",
    r"\b(?:https?://|www\.)[^\s<>()]+",
    r"^[ \t]*(?:\*{3,}|={3,}|_{3,}|~{3,}|#{3,}|-{3,})[ \t]*$",
)
_ITEM = re.compile(r"[ \t]*(?:[-*+•·◦‣▪–—]|\(?\d{1,3}[.)]|\(?[a-z]\))[ \t]+(?=\S)")
_FINAL = re.compile(r"[.!?:;,…][\"'”’)\]]*$")
_WORD = re.compile(r"\S+")
_OPENERS = "\"'“‘([¿¡"
_SHORT = 0.75  # a line this much narrower than the paragraph's widest did not wrap
_TITLE_WORDS = 12

_CONTENT = re.compile(r"\S(?:.*\S)?")  # a line without its surrounding white space


@dataclass(frozen=True)
class _Paragraph:
    """The content spans of a paragraph's lines (line breaks excluded), as two arrays: a
    paragraph of a million lines as tuples took 120 bytes a line."""

    starts: array[int]
    ends: array[int]

    def line(self, text: str, i: int) -> tuple[int, int]:
        """Line `i`'s content without surrounding white space, as `(start, end)` in text."""
        m = _CONTENT.search(text, self.starts[i], self.ends[i])
        return m.span() if m else (self.ends[i], self.ends[i])


Unit = tuple[str, int, int, int]  # kind, first line's start (past an item marker), lines i..j


def parse_text(source: str, path: str) -> Document:
    """Parse plain text into paragraph, item and heading blocks."""
    masked = mask(source, (TEMPLATES,), _PATTERNS, front_matter=False)
    blocks = Blocks()
    for paragraph in _paragraphs(masked.text):
        for unit in _units(masked.text, paragraph):
            block = _build(masked, paragraph, unit)
            if block is not None:
                blocks.append(block)
    return Document(path, "text", source, blocks)


def _paragraphs(text: str) -> Iterator[_Paragraph]:
    paragraph = _Paragraph(array("q"), array("q"))
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n|\Z", text):
        if _CONTENT.search(text, pos, m.start()):
            paragraph.starts.append(pos)
            paragraph.ends.append(m.start())
        elif paragraph.starts:
            yield paragraph
            paragraph = _Paragraph(array("q"), array("q"))
        pos = m.end()
        if m.start() == len(text):
            break
    if paragraph.starts:
        yield paragraph


def _units(text: str, paragraph: _Paragraph) -> Iterator[Unit]:
    """Split a paragraph into units; an item's first line starts past its marker."""
    lines = range(len(paragraph.starts))
    widest = max(end - start for start, end in (paragraph.line(text, i) for i in lines))
    unit: Unit | None = None
    for i in lines:
        start, end = paragraph.starts[i], paragraph.ends[i]
        item = _ITEM.match(text, start, end)
        if item:
            new: Unit | None = (ITEM, item.end(), i, i + 1)
        elif unit and (
            text[start : start + 1].isspace()
            if unit[0] == ITEM
            else not _breaks(text, paragraph, i - 1, widest)
            and not (i + 1 in lines and _breaks(text, paragraph, i, widest))
        ):
            new = None
        else:
            new = (PARAGRAPH, start, i, i + 1)
        if new is None and unit is not None:
            unit = (*unit[:3], i + 1)
            continue
        if unit is not None:
            yield unit
        unit = new
    if unit is not None:
        yield unit


def _breaks(text: str, paragraph: _Paragraph, i: int, widest: int) -> bool:
    """Whether line `i` ends a unit: no final punctuation, clearly shorter than the lines that
    wrap, and the next line starts like a new sentence."""
    start, end = paragraph.line(text, i)
    following = paragraph.line(text, i + 1)[0]
    first = text[following : following + 1]
    return (
        not _FINAL.search(text, start, end)
        and (first.isupper() or first.isdigit() or first in _OPENERS)
        and end - start < _SHORT * widest
    )


def _build(masked: Masked, paragraph: _Paragraph, unit: Unit) -> Block | None:
    text = masked.text
    kind, first, i, j = unit
    if kind == PARAGRAPH and j - i == 1:
        words = list(islice(_WORD.finditer(text, first, paragraph.ends[i]), _TITLE_WORDS + 1))
        if len(words) <= _TITLE_WORDS and not (words and _FINAL.search(words[-1].group())):
            kind = HEADING
    builder = BlockBuilder(kind)
    for k in range(i, j):
        if k > i:
            builder.add(" ", paragraph.ends[k - 1], literal=False)
        start = first if k == i else paragraph.starts[k]
        m = _CONTENT.search(text, start, paragraph.ends[k])
        if m:
            masked.add(builder, *m.span())
    return builder.build()
