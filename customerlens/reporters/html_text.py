"""Cut a document's source into lines of evenly highlighted runs, for the HTML report.

Highlights overlap freely (a finding's span contains self references, two findings share a
word, a benefit phrase contains "you"), so they cannot become one span each. Instead every place
where a highlight starts or ends, and every line break, cuts the text; each run between two cuts
knows the findings and marks covering it. The HTML side groups equal neighbours back into
nested elements.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from customerlens.model import Finding, Mark

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as Document.position counts lines
# Control characters other than tab shown as their visible symbols (␀, ␛…), one for one.
VISIBLE_CONTROLS = {c: 0x2400 + c for c in range(32) if c != 9} | {127: 0x2421}


@dataclass(frozen=True)
class Segment:
    text: str
    findings: frozenset[int]  # indexes into the findings passed to `segments`
    marks: frozenset[str]  # mark kinds: self, reader, benefit


def line_spans(source: str) -> list[tuple[int, int]]:
    """(start, end) of every line's content, line breaks excluded; CRLF, CR and LF end a line."""
    spans, start = [], 0
    for match in LINE_BREAK.finditer(source):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(source)))
    return spans


def _offset(lines: list[tuple[int, int]], line: int, column: int, size: int) -> int:
    """Source offset of a 1-based line:column, clamped to the text."""
    index = min(max(line, 1), len(lines)) - 1
    start = lines[index][0]
    limit = (
        lines[index + 1][0] if index + 1 < len(lines) else size
    )  # the line's end, break included
    return max(start, min(start + column - 1, limit))


_SHOWN = "\0shown"  # the tag of a visible span


def segments(
    source: str,
    findings: Sequence[Finding],
    marks: Sequence[Mark],
    visible: Sequence[tuple[int, int]] = (),
) -> list[list[Segment]]:
    """Per source line, its runs of text with the findings and marks covering each; with
    `visible` spans, only the runs inside them (an HTML draft's copy without its markup)."""
    lines = line_spans(source)
    size = len(source)
    # a tag is a finding's index or a mark's kind
    opening: defaultdict[int, list[int | str]] = defaultdict(list)
    closing: defaultdict[int, list[int | str]] = defaultdict(list)
    for i, finding in enumerate(findings):
        if finding.whole:
            continue  # about the whole document: listed under it, no text to mark
        start = _offset(lines, finding.line, finding.column, size)
        end = _offset(lines, finding.end_line, finding.end_column, size)
        _add(opening, closing, start, max(end, start + 1), size, i)
    for mark in marks:
        _add(opening, closing, mark.offset, mark.end_offset, size, mark.kind)
    for start, end in visible:
        _add(opening, closing, start, end, size, _SHOWN)
    cuts = sorted({0, size, *opening, *closing, *(p for span in lines for p in span)})
    active: Counter[int | str] = Counter()
    rows: list[list[Segment]] = [[] for _ in lines]
    row = 0
    for start, end in pairwise(cuts):
        for tag in closing.get(start, ()):
            active[tag] -= 1
        for tag in opening.get(start, ()):
            active[tag] += 1
        while row + 1 < len(lines) and start >= lines[row + 1][0]:
            row += 1
        if start >= lines[row][1]:
            continue  # a line break
        live = [tag for tag, count in active.items() if count > 0]
        if visible and _SHOWN not in live:
            continue  # markup
        rows[row].append(
            Segment(
                source[start:end].translate(VISIBLE_CONTROLS),
                frozenset(tag for tag in live if isinstance(tag, int)),
                frozenset(tag for tag in live if isinstance(tag, str) and tag != _SHOWN),
            )
        )
    return rows


def _add(
    opening: defaultdict[int, list[int | str]],
    closing: defaultdict[int, list[int | str]],
    start: int,
    end: int,
    size: int,
    tag: int | str,
) -> None:
    start, end = max(0, start), min(end, size)
    if start < end:
        opening[start].append(tag)
        closing[end].append(tag)
