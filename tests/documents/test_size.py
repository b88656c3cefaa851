"""Reading a huge file holds a few copies of its text, not a structure per word or per line.

Issue 15's 50 MB wall of one word peaked at 938 MB while being read: the plain-text reader split
it into ten million words to tell a heading from a paragraph, the HTML reader kept every word as
a piece of its own, the Markdown reader had markdown-it hold ~300 bytes for each token of the
whole file. Growth is checked between two sizes, never against a clock.
"""

from __future__ import annotations

import tracemalloc

import pytest

from customerlens.documents import load

SHAPES = {
    "wall": "word ",  # one paragraph of one word
    "lines": "We ship it.\n",  # one paragraph of short lines
}
WRAP = {"text": ("", ""), "markdown": ("", ""), "html": ("<html><body><p>", "</p></body></html>")}
# Bytes held at the peak for each byte (wall) or line (lines) read, at most. Measured with this
# test before the fix: wall 15 (text), 4 (Markdown), 17 (HTML); lines 387 (text), 867 (Markdown),
# 344 (HTML). After: wall 2, 3, 4; lines 99, 220 (markdown-it's own state: five numbers a
# line), 96.
LIMITS = {"wall": 8, "lines": {"text": 150, "markdown": 300, "html": 150}}


def _peak(fmt: str, shape: str, units: int) -> int:
    head, tail = WRAP[fmt]
    data = (head + SHAPES[shape] * units + tail).encode()
    tracemalloc.start()
    try:
        document = load(data, "big", fmt)
        assert sum(len(b.text) for b in document.blocks) >= len(SHAPES[shape]) * units - 1
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("fmt", WRAP)
def test_reading_grows_with_the_text_not_its_words_or_lines(fmt: str, shape: str) -> None:
    small, large = 20_000, 80_000
    _peak(fmt, shape, 100)  # warm: parsers and tables loaded once
    growth = (_peak(fmt, shape, large) - _peak(fmt, shape, small)) / (large - small)
    limit = LIMITS[shape]
    per_unit = limit if isinstance(limit, int) else limit[fmt]
    size = len(SHAPES[shape]) if shape == "wall" else 1
    assert growth / size < per_unit, f"{growth / size:.0f} bytes a {'byte' if size > 1 else 'line'}"
