"""Cutting a block's text into pieces the tokenizer can take in bounded time and memory."""

from __future__ import annotations

import re
from collections.abc import Iterator

CHUNK = 100_000  # characters handed to the tokenizer at once (spaCy refuses > 1,000,000)
LONG_RUN = 200  # characters without white space handed to the tokenizer at once
_LONG_RUN = re.compile(r"\S{%d,}" % LONG_RUN)


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """`text` in pieces the tokenizer can take: at most CHUNK characters, and a run with no
    white space (a wall of "&&&&" or emoji, which spaCy strips one character at a time, in
    quadratic time) cut into LONG_RUN slices of its own."""
    position = 0
    for run in _LONG_RUN.finditer(text):
        yield from chunks(text, CHUNK, position, run.start())
        for start in range(run.start(), run.end(), LONG_RUN):
            yield start, text[start : min(start + LONG_RUN, run.end())]
        position = run.end()
    yield from chunks(text, CHUNK, position, len(text))


def chunks(
    text: str, size: int, start: int = 0, stop: int | None = None
) -> Iterator[tuple[int, str]]:
    """`text[start:stop]` as `(offset in text, piece)` pieces of at most `size` characters,
    cut at white space where possible, so a 20 MB paragraph is read in bounded steps instead
    of refused — and never copied whole."""
    stop = len(text) if stop is None else stop
    while start < stop:
        end = min(stop, start + size)
        if end < stop:
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
