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
        for offset, piece in chunks(text[position : run.start()], CHUNK):
            yield position + offset, piece
        for start in range(run.start(), run.end(), LONG_RUN):
            yield start, text[start : min(start + LONG_RUN, run.end())]
        position = run.end()
    for offset, piece in chunks(text[position:], CHUNK):
        yield position + offset, piece


def chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """`text` in pieces of at most `size` characters, cut at white space where possible, so a
    20 MB paragraph is read in bounded steps instead of refused."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
