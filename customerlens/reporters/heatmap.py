"""The per-paragraph focus heatmap: who each paragraph talks about, one row per paragraph.

A bar splits between "us" (self references) and "them" (reader references), so a writer sees
where the copy drifts to the company. With colour the halves are red and green blocks; without,
"▓" is us and "░" is them, and a legend line says so. The text and HTML reports share `split`
and `describe`, so both draw the same proportions and say the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from customerlens.model import Paragraph

BAR_WIDTH = 20
US, THEM, NEITHER = "▓", "░", "·"
US_STYLE, THEM_STYLE, NEITHER_STYLE = "red", "green", "dim"


def split(paragraph: Paragraph, width: int) -> tuple[int, int]:
    """Cells of a `width`-wide bar for us and for them; (0, 0) when the paragraph names
    neither. A side that is mentioned at all gets at least one cell."""
    us, them = paragraph.self_refs, paragraph.reader_refs
    if us + them == 0:
        return 0, 0
    cells = round(width * us / (us + them))
    if us and them:
        cells = min(width - 1, max(1, cells))
    return cells, width - cells


def line_range(paragraph: Paragraph) -> str:
    if paragraph.end_line > paragraph.line:
        return f"{paragraph.line}–{paragraph.end_line}"
    return str(paragraph.line)


def describe(paragraph: Paragraph) -> str:
    counts = (paragraph.self_refs, paragraph.reader_refs, paragraph.benefits)
    return "us {} · them {} · benefit {}".format(*counts)


def bar(paragraph: Paragraph, color: bool, width: int = BAR_WIDTH) -> Text:
    us, them = split(paragraph, width)
    if us + them == 0:
        return Text(NEITHER * width, style=NEITHER_STYLE)
    if color:  # solid blocks; the colour tells the sides apart
        return Text.assemble(("█" * us, US_STYLE), ("█" * them, THEM_STYLE))
    return Text(US * us + THEM * them)


def legend(color: bool) -> Text:
    us_mark, them_mark = ("█", "█") if color else (US, THEM)
    return Text.assemble(
        ("Focus by paragraph", "bold"),
        "   ",
        (us_mark, US_STYLE),
        " us  ",
        (them_mark, THEM_STYLE),
        " them  ",
        (NEITHER, NEITHER_STYLE),
        " neither",
    )


def drifting(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The paragraphs that talk more about us than about them: where the copy drifts."""
    return [p for p in paragraphs if p.self_refs > p.reader_refs]


def heatmap(paragraphs: Sequence[Paragraph], color: bool, hidden: int = 0) -> Group:
    """Legend, then one row per paragraph: lines, bar, counts, and the block kind when it is
    not a plain paragraph (a headline weighs more in the score); `hidden` rows left out are
    counted under it."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(style="dim", no_wrap=True)
    for paragraph in paragraphs:
        counts = Text(describe(paragraph))
        if paragraph.self_refs > paragraph.reader_refs:
            counts.stylize(US_STYLE, 0, len(f"us {paragraph.self_refs}"))
        kind = "" if paragraph.kind == "paragraph" else paragraph.kind
        grid.add_row(line_range(paragraph), bar(paragraph, color), counts, kind)
    if not hidden:
        return Group(legend(color), grid)
    more = f"{hidden} more paragraph{'s' * (hidden != 1)} not leaning to the company "
    return Group(legend(color), grid, Text(more + "(--heatmap shows all)", style="dim"))
