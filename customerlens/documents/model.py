"""Document and Block: prose extracted from a file, with an exact map back to the source.

Every character of a block's `text` knows the offset in the original text it came from, so a
finding on the prose can be reported at the `line:column` of the original file, whatever
markup, front matter or code sits around it.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

# Block kinds: where a block sits matters for scoring (a headline weighs more).
HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
CELL = "cell"
QUOTE = "quote"
ALT = "alt"


class Runs(Sequence[tuple[int, int, int]]):
    """A block's `(text_start, source_start, length)` runs in three machine-integer arrays: a
    paragraph of a million short lines has two runs a line, and as tuples they took 150 MB."""

    __slots__ = ("lengths", "sources", "starts")

    def __init__(self, runs: Iterable[tuple[int, int, int]] = ()) -> None:
        self.starts, self.sources, self.lengths = array("q"), array("q"), array("q")
        for run in runs:
            self.append(*run)

    def append(self, text_start: int, source_start: int, length: int) -> None:
        self.starts.append(text_start)
        self.sources.append(source_start)
        self.lengths.append(length)

    @classmethod
    def of(cls, starts: array[int], sources: array[int], lengths: array[int]) -> Runs:
        """Runs from their three arrays, taken as they are."""
        runs = cls()
        runs.starts, runs.sources, runs.lengths = starts, sources, lengths
        return runs

    def arrays(self) -> tuple[array[int], array[int], array[int]]:
        return self.starts, self.sources, self.lengths

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, int, int]]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[int, int, int] | Sequence[tuple[int, int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.sources[index], self.lengths[index]))
        return self.starts[index], self.sources[index], self.lengths[index]

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return zip(self.starts, self.sources, self.lengths)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Runs):
            return (self.starts, self.sources, self.lengths) == (
                other.starts,
                other.sources,
                other.lengths,
            )
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.starts.tobytes(), self.sources.tobytes(), self.lengths.tobytes()))

    def __repr__(self) -> str:
        return f"Runs({list(self)!r})"


@dataclass(frozen=True)
class Block:
    """A run of prose (heading, paragraph, list item, table cell, alt text…).

    `segments` are `(text_start, source_start, length)` runs, sorted by `text_start`, that
    cover `text` completely: `text[t + k]` came from `source[s + k]` for `k < length`. A
    character that is not literally in the source (a decoded entity, a line break turned into a
    space) points at where it came from: it starts a run, which the literal text after it
    continues when the offsets do (a soft break and the next line: one run, not two).
    """

    text: str
    segments: Runs
    kind: str = PARAGRAPH

    def source_offset(self, index: int) -> int:
        """Offset in the original text of `text[index]` (clamped to the block)."""
        runs = self.segments
        if not runs:
            return 0
        index = max(0, min(index, len(self.text) - 1))
        i = max(0, bisect.bisect_right(runs.starts, index) - 1)
        return runs.sources[i] + min(index - runs.starts[i], runs.lengths[i] - 1)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Half-open source span covering `text[start:end]` (end > start)."""
        first = self.source_offset(start)
        last = self.source_offset(max(start, end - 1))
        return first, max(first, last) + 1


KINDS = (HEADING, PARAGRAPH, ITEM, CELL, QUOTE, ALT)
RECENT_BLOCKS = 8  # Block objects a Blocks keeps made (rules read a few blocks over and over)


class Blocks(Sequence[Block]):
    """A document's blocks, stored compactly: a string each, the kind in a byte, and the offset
    runs of every block in three shared arrays. A Block is made when asked for, and the last
    few are kept: a million one-line paragraphs as Block objects took ~550 bytes each."""

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self._texts: list[str] = []
        self._kinds = bytearray()
        self._first_run = array("q", [0])  # block i's runs are _runs[_first_run[i]:_first_run[i+1]]
        self._runs = Runs()
        self._recent: dict[int, Block] = {}
        self.extend(blocks)

    def append(self, block: Block) -> None:
        self._texts.append(block.text)
        self._kinds.append(KINDS.index(block.kind))
        for mine, theirs in zip(self._runs.arrays(), block.segments.arrays(), strict=True):
            mine.extend(theirs)
        self._first_run.append(len(self._runs))

    def extend(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.append(block)

    def in_source_order(self) -> Blocks:
        """The blocks sorted (stably) by where each starts in the source."""
        firsts = [self._runs.sources[self._first_run[i]] for i in range(len(self))]
        if all(a <= b for a, b in zip(firsts, firsts[1:])):
            return self
        return Blocks(self[i] for i in sorted(range(len(self)), key=firsts.__getitem__))

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Block]: ...
    def __getitem__(self, index: int | slice) -> Block | Sequence[Block]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        index = range(len(self))[index]
        block = self._recent.get(index)
        if block is None:
            lo, hi = self._first_run[index], self._first_run[index + 1]
            runs = Runs.of(*(a[lo:hi] for a in self._runs.arrays()))
            block = Block(self._texts[index], runs, KINDS[self._kinds[index]])
            if len(self._recent) >= RECENT_BLOCKS:
                del self._recent[next(iter(self._recent))]
            self._recent[index] = block
        return block

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_recent": {}}

    def __repr__(self) -> str:
        return f"Blocks({list(self)!r})"


JOIN_PARTS = 1024  # a wall of words arrives a word at a time: 60 bytes a part if kept apart


@dataclass
class BlockBuilder:
    """Accumulates text pieces with their source offsets into one Block."""

    kind: str = PARAGRAPH
    _parts: list[str] = field(default_factory=list)
    _joined: list[str] = field(default_factory=list)  # every JOIN_PARTS parts as one string
    _runs: Runs = field(default_factory=Runs)
    _length: int = 0

    def add(self, text: str, source_start: int, literal: bool = True) -> None:
        """Append `text`. `literal` means it appears verbatim at `source_start`; otherwise
        every character maps to `source_start` (an entity, an escape, a soft break)."""
        if not text:
            return
        runs = self._runs
        if not literal:
            for k in range(len(text)):
                runs.append(self._length + k, source_start, 1)
        elif (
            runs
            and runs.starts[-1] + runs.lengths[-1] == self._length
            and runs.sources[-1] + runs.lengths[-1] == source_start
        ):
            runs.lengths[-1] += len(text)  # a run's characters after its first are literal
        else:
            runs.append(self._length, source_start, len(text))
        self._parts.append(text)
        if len(self._parts) >= JOIN_PARTS:
            self._joined.append("".join(self._parts))
            self._parts.clear()
        self._length += len(text)

    def build(self) -> Block | None:
        """The finished block, with surrounding white space trimmed; None when empty."""
        text = "".join(self._joined + self._parts)
        lead = len(text) - len(text.lstrip())
        trimmed = text.strip()
        if not trimmed:
            return None
        runs = Runs()
        end = lead + len(trimmed)
        for t, s, n in self._runs:
            lo, hi = max(t, lead), min(t + n, end)
            if lo < hi:
                runs.append(lo - lead, s + (lo - t), hi - lo)
        return Block(trimmed, runs, self.kind)


@dataclass(frozen=True)
class Document:
    """A decoded input file and the prose blocks found in it."""

    path: str
    format: str  # "markdown" | "html" | "text"
    source: str  # the decoded original text (BOM removed); offsets index into this
    blocks: Sequence[Block]  # a Blocks when parsed
    _line_starts: array[int] = field(default_factory=lambda: array("q"), compare=False, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset. CRLF, CR and LF all end a line;
        columns count characters (code points)."""
        starts = self._starts()
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The source offset of a 1-based (line, column): the inverse of `position`."""
        return self._starts()[line - 1] + column - 1

    def _starts(self) -> array[int]:
        if not self._line_starts:
            self._line_starts.append(0)
            self._line_starts.extend(m.end() for m in _LINE_BREAK.finditer(self.source))
        return self._line_starts


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
