"""Reading a huge file holds a few copies of its text, not a structure per word, line or block.

Issue 15's 50 MB wall of one word peaked at 938 MB while being read: the plain-text reader split
it into ten million words to tell a heading from a paragraph, the HTML reader kept every word as
a piece of its own, the Markdown reader had markdown-it hold ~300 bytes for each token of the
whole file, and every block was a few Python objects. Growth is checked between two sizes,
never against a clock.
"""

from __future__ import annotations

import tracemalloc

import pytest

from customerlens.documents import load, markdown

SHAPES = {
    "wall": "word ",  # one paragraph of one word
    "lines": "We ship it.\n",  # one paragraph of short lines
    "paragraphs": "We ship it.\n\n",  # a paragraph a line
    "items": "- We ship it.\n",  # a list item a line
}
HTML_UNITS = {"paragraphs": "<p>We ship it.</p>\n", "items": "<li>We ship it.</li>\n"}
WRAP = {"text": ("", ""), "markdown": ("", ""), "html": ("<html><body><p>", "</p></body></html>")}
# Bytes held at the peak for each byte (wall), line, paragraph or item read, at most. Measured
# with this test before the fix (session 5's code), text / Markdown / HTML: wall 15 / 4 / 17
# bytes a byte; lines 390 / 866 / 338 a line; paragraphs 778 / 2,110 / 665; items 908 / 2,648 /
# 667. After: wall 2 / 3 / 4; lines 100 / 69 / 112; paragraphs 125 / 174 / 210; items 133 /
# 128 / 212. (A million-line Markdown paragraph costs ~200 bytes a line at full size: it is
# one slice, and markdown-it keeps five numbers a line.)
LIMITS = {
    "wall": {"text": 8, "markdown": 8, "html": 8},
    "lines": {"text": 150, "markdown": 300, "html": 150},
    "paragraphs": {"text": 250, "markdown": 250, "html": 300},
    "items": {"text": 250, "markdown": 250, "html": 300},
}


def _peak(fmt: str, shape: str, units: int) -> int:
    head, tail = WRAP[fmt]
    unit = HTML_UNITS.get(shape, SHAPES[shape]) if fmt == "html" else SHAPES[shape]
    data = (head + unit * units + tail).encode()
    tracemalloc.start()
    try:
        document = load(data, "big", fmt)
        assert sum(len(b.text) for b in document.blocks) >= len(SHAPES[shape].strip(" -\n")) * units
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("fmt", WRAP)
def test_reading_grows_with_the_text_not_its_words_or_lines(
    fmt: str, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markdown is parsed in slices of 500 lines here, so that both sizes are many slices,
    as a million lines are at full size."""
    monkeypatch.setattr(markdown, "SLICE_LINES", 500)
    small, large = 4_000, 16_000
    _peak(fmt, shape, 100)  # warm: parsers and tables loaded once
    growth = (_peak(fmt, shape, large) - _peak(fmt, shape, small)) / (large - small)
    size = len(SHAPES[shape]) if shape == "wall" else 1  # per byte of a wall
    assert growth / size < LIMITS[shape][fmt], f"{growth / size:.0f} bytes a {shape} unit"
