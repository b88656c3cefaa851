"""Assertions shared by the document tests: where a user would see a word, and the offset
map invariants every parser must keep."""

from __future__ import annotations

import re

from customerlens.documents.model import Block, Document

_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\w+")


def lines(source: str) -> list[str]:
    """The file's lines as an editor shows them (CRLF, CR and LF all end a line)."""
    return _BREAK.split(source)


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def prose(doc: Document) -> str:
    return "\n".join(texts(doc))


def block_with(doc: Document, word: str) -> Block:
    matches = [block for block in doc.blocks if word in block.text]
    assert matches, f"{word!r} not in any block: {texts(doc)}"
    return matches[0]


def locate(doc: Document, word: str) -> tuple[int, int]:
    """The (line, column) reported for `word`, checked against what the file shows there."""
    block = block_with(doc, word)
    start, end = block.source_span(block.text.index(word), block.text.index(word) + len(word))
    line, col = doc.position(start)
    shown = lines(doc.source)[line - 1][col - 1 :]
    assert shown.startswith(word), f"{word!r} reported at {line}:{col}, which shows {shown[:30]!r}"
    assert doc.source[start:end] == word
    return line, col


def check_invariants(doc: Document) -> None:
    """Segments tile the text in order and stay inside the source; characters copied from
    the source are identical to it; every word maps back to the same word.

    The first character of a segment may stand for something else (a line break read as a
    space, a decoded entity): BlockBuilder merges a literal run into the one-character
    segment before it when they are adjacent in the source.
    """
    for block in doc.blocks:
        assert block.text and block.text == block.text.strip()
        position = 0
        for t, s, n in block.segments:
            assert t == position and n > 0
            assert 0 <= s and s + n <= len(doc.source)
            assert doc.source[s + 1 : s + n] == block.text[t + 1 : t + n]
            position = t + n
        assert position == len(block.text)
        for m in _WORD.finditer(block.text):
            start, end = block.source_span(m.start(), m.end())
            assert doc.source[start:end] == m.group(), (m.group(), doc.source[start:end])
