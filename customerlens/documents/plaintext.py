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

from customerlens.documents.masking import TEMPLATES, Masked, mask
from customerlens.documents.model import HEADING, ITEM, PARAGRAPH, Block, BlockBuilder, Document

_PATTERNS = (
    r"[ \t]?\(\s*(?:(?:https?://|www\.|mailto:)[^\s()]*|\{\{[^{}\n]*\}\})\s*\)",
    r"\b(?:https?://|www\.)[^\s<>()]+",
    r"^[ \t]*(?:\*{3,}|={3,}|_{3,}|~{3,}|#{3,}|-{3,})[ \t]*$",
)
_ITEM = re.compile(r"[ \t]*(?:[-*+•·◦‣▪–—]|\(?\d{1,3}[.)]|\(?[a-z]\))[ \t]+(?=\S)")
_FINAL = re.compile(r"[.!?:;,…][\"'”’)\]]*$")
_OPENERS = "\"'“‘([¿¡"
_SHORT = 0.75  # a line this much narrower than the paragraph's widest did not wrap
_TITLE_WORDS = 12

Line = tuple[int, int]  # content span of one line in the source, line break excluded


def parse_text(source: str, path: str) -> Document:
    """Parse plain text into paragraph, item and heading blocks."""
    masked = mask(source, (TEMPLATES,), _PATTERNS, front_matter=False)
    blocks: list[Block] = []
    for paragraph in _paragraphs(masked.text):
        for kind, lines in _units(masked.text, paragraph):
            block = _build(masked, kind, lines)
            if block is not None:
                blocks.append(block)
    return Document(path, "text", source, tuple(blocks))


def _paragraphs(text: str) -> list[list[Line]]:
    paragraphs: list[list[Line]] = [[]]
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n|\Z", text):
        if text[pos : m.start()].strip():
            paragraphs[-1].append((pos, m.start()))
        elif paragraphs[-1]:
            paragraphs.append([])
        pos = m.end()
        if m.start() == len(text):
            break
    return [p for p in paragraphs if p]


def _units(text: str, paragraph: list[Line]) -> list[tuple[str, list[Line]]]:
    """Split a paragraph into (kind, lines) units; an item's first line starts past its
    marker."""
    stripped = [text[s:e].strip() for s, e in paragraph]
    widest = max(len(line) for line in stripped)
    units: list[tuple[str, list[Line]]] = []
    for i, (start, end) in enumerate(paragraph):
        line = text[start:end]
        item = _ITEM.match(line)
        title = i + 1 < len(paragraph) and _breaks(stripped[i], stripped[i + 1], widest)
        if item:
            units.append((ITEM, [(start + item.end(), end)]))
        elif units and (
            line[:1].isspace()
            if units[-1][0] == ITEM
            else not title and not _breaks(stripped[i - 1], stripped[i], widest)
        ):
            units[-1][1].append((start, end))
        else:
            units.append((PARAGRAPH, [(start, end)]))
    return units


def _breaks(line: str, following: str, widest: int) -> bool:
    """Whether `line` ends a unit: no final punctuation, clearly shorter than the lines that
    wrap, and the next line starts like a new sentence."""
    first = following[:1]
    return (
        not _FINAL.search(line)
        and (first.isupper() or first.isdigit() or first in _OPENERS)
        and len(line) < _SHORT * widest
    )


def _build(masked: Masked, kind: str, lines: list[Line]) -> Block | None:
    text = masked.text
    if kind == PARAGRAPH and len(lines) == 1:
        words = text[lines[0][0] : lines[0][1]].split()
        if len(words) <= _TITLE_WORDS and not _FINAL.search(" ".join(words)):
            kind = HEADING
    builder = BlockBuilder(kind)
    for i, (start, end) in enumerate(lines):
        if i:
            builder.add(" ", lines[i - 1][1], literal=False)
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        trail = len(text[start:end].rstrip())
        masked.add(builder, start + lead, start + trail)
    return builder.build()
