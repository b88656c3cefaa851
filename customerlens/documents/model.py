"""Document and Block: prose extracted from a file, with an exact map back to the source.

Every character of a block's `text` knows the offset in the original text it came from, so a
finding on the prose can be reported at the `line:column` of the original file, whatever
markup, front matter or code sits around it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Block kinds: where a block sits matters for scoring (a headline weighs more).
HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
CELL = "cell"
QUOTE = "quote"
ALT = "alt"


@dataclass(frozen=True)
class Block:
    """A run of prose (heading, paragraph, list item, table cell, alt text…).

    `segments` are `(text_start, source_start, length)` runs, sorted by `text_start`, that
    cover `text` completely: `text[t + k]` came from `source[s + k]` for `k < length`. A
    character that is not literally in the source (a decoded entity, a line break turned into a
    space) is a run of length 1 pointing at where it came from.
    """

    text: str
    segments: tuple[tuple[int, int, int], ...]
    kind: str = PARAGRAPH
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(seg[0] for seg in self.segments))

    def source_offset(self, index: int) -> int:
        """Offset in the original text of `text[index]` (clamped to the block)."""
        if not self.segments:
            return 0
        index = max(0, min(index, len(self.text) - 1))
        i = max(0, bisect.bisect_right(self._starts, index) - 1)
        text_start, source_start, length = self.segments[i]
        return source_start + min(index - text_start, length - 1)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Half-open source span covering `text[start:end]` (end > start)."""
        first = self.source_offset(start)
        last = self.source_offset(max(start, end - 1))
        return first, max(first, last) + 1


@dataclass
class BlockBuilder:
    """Accumulates text pieces with their source offsets into one Block."""

    kind: str = PARAGRAPH
    _parts: list[str] = field(default_factory=list)
    _segments: list[tuple[int, int, int]] = field(default_factory=list)
    _length: int = 0
    _last_literal: bool = False  # only a literal run may be extended by the next literal text

    def add(self, text: str, source_start: int, literal: bool = True) -> None:
        """Append `text`. `literal` means it appears verbatim at `source_start`; otherwise
        every character maps to `source_start` (an entity, an escape, a soft break)."""
        if not text:
            return
        if literal:
            last = self._segments[-1] if self._segments and self._last_literal else None
            if last and last[0] + last[2] == self._length and last[1] + last[2] == source_start:
                self._segments[-1] = (last[0], last[1], last[2] + len(text))
            else:
                self._segments.append((self._length, source_start, len(text)))
        else:
            for k in range(len(text)):
                self._segments.append((self._length + k, source_start, 1))
        self._parts.append(text)
        self._length += len(text)
        self._last_literal = literal

    def build(self) -> Block | None:
        """The finished block, with surrounding white space trimmed; None when empty."""
        text = "".join(self._parts)
        lead = len(text) - len(text.lstrip())
        trimmed = text.strip()
        if not trimmed:
            return None
        segments: list[tuple[int, int, int]] = []
        end = lead + len(trimmed)
        for t, s, n in self._segments:
            lo, hi = max(t, lead), min(t + n, end)
            if lo < hi:
                segments.append((lo - lead, s + (lo - t), hi - lo))
        return Block(trimmed, tuple(segments), self.kind)


@dataclass(frozen=True)
class Document:
    """A decoded input file and the prose blocks found in it."""

    path: str
    format: str  # "markdown" | "html" | "text"
    source: str  # the decoded original text (BOM removed); offsets index into this
    blocks: tuple[Block, ...]
    _line_starts: list[int] = field(default_factory=list, compare=False, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset. CRLF, CR and LF all end a line;
        columns count characters (code points)."""
        starts = self._starts()
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The source offset of a 1-based (line, column): the inverse of `position`."""
        return self._starts()[line - 1] + column - 1

    def _starts(self) -> list[int]:
        if not self._line_starts:
            self._line_starts.append(0)
            self._line_starts.extend(m.end() for m in _LINE_BREAK.finditer(self.source))
        return self._line_starts


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
