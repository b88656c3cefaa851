"""The text report: what a copywriter reads in the terminal.

Everything taken from the draft goes in as rich `Text`, never as markup, so `[bold]` or
`<script>` in the copy prints literally. With colour off the output is plain, stable text (the
golden files); the span a finding is about is then marked »like this« instead of underlined.
The numbers come from json_report so that every format agrees.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from customerlens.model import PILLARS, FileResult, Finding, Level, RunResult
from customerlens.model.identity import sorted_findings
from customerlens.model.jsonable import one_line, rounded
from customerlens.reporters.base import ReportOptions
from customerlens.reporters.heatmap import drifting, heatmap
from customerlens.reporters.json_report import summarize

BAR_WIDTH = 20
LEVEL_STYLES: dict[Level, str] = {
    Level.ERROR: "bold red",
    Level.WARNING: "yellow",
    Level.SUGGESTION: "cyan",
}
NO_SCORE = "no prose to score"
SHORT = "short copy: under 20 words, read it as a headline's score"
SELECTED = "score on the selected rules only"


def band_style(total: float | None) -> str:
    """Colour of a score as shown (rounded): ≥75 green, 50–74 yellow, below 50 red."""
    if total is None:
        return "dim"
    shown = rounded(total)
    return "green" if shown >= 75 else "yellow" if shown >= 50 else "red"


def _number(value: float | None) -> Text:
    shown = "n/a" if value is None else f"{rounded(value):.1f}"
    return Text(shown, style=band_style(value))


def _bar(value: float | None) -> Text:
    filled = 0 if value is None else min(BAR_WIDTH, max(0, round(value * BAR_WIDTH / 100)))
    return Text.assemble(("█" * filled, band_style(value)), ("░" * (BAR_WIDTH - filled), "dim"))


def count_value(value: float | str | list[str]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _counts(counts: Mapping[str, float | str | list[str] | None]) -> Text:
    """Whatever counts the scorer recorded, in its order; empty ones are skipped."""
    parts = [
        f"{key.replace('_', ' ')}: {count_value(value)}"
        for key, value in counts.items()
        if value is not None and value != []
    ]
    return Text(" · ".join(parts), style="dim")


def _context(finding: Finding, color: bool) -> Text:
    # same-length replacements keep context_start/context_end valid
    flat = finding.context.translate({ord(c): " " for c in "\t\n\r"})
    text = Text(flat, style="italic")
    start, end = finding.context_start, finding.context_end
    if not 0 <= start < end <= len(finding.context):
        return text
    if color:
        text.stylize("bold underline", start, end)
        return text
    return Text.assemble(text[:start], "»", text[start:end], "«", text[end:])


def _findings(file: FileResult, color: bool, rewrites: bool = False) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for finding in sorted_findings(file):
        body: list[RenderableType] = [Text(one_line(finding.message))]
        if finding.context:
            body.append(_context(finding, color))
        rewritten, advice = finding.rewrite, finding.suggestion
        if advice:
            body.append(Text.assemble(("→ ", "green"), advice))
        if rewritten and rewrites:
            body.append(Text.assemble(("✎ ", "bold green"), (rewritten, "bold")))
        grid.add_row(
            finding.position,
            Text(finding.level.label.upper(), style=LEVEL_STYLES[finding.level]),
            Text(finding.rule, style="bold"),
            Group(*body),
        )
    return grid


def _file_section(
    file: FileResult, color: bool, show_heatmap: bool | None, rewrites: bool = False
) -> list[RenderableType]:
    """One file's report; `show_heatmap` True shows every paragraph's row, None only the rows
    that drift to the company (nothing when none does), False none."""
    title = Text(file.path, style="bold")
    if file.error is not None:  # on a line of its own: a rule would cut it at the width
        error = Text.assemble("  ", ("error: ", "bold red"), one_line(file.error))
        return [Rule(title, align="left", style="dim"), error]
    total = None if file.score is None else file.score.total
    title.append_text(Text.assemble("  ", _number(total)))
    title.append(f"  ({NO_SCORE})" if total is None else " / 100", style="dim")
    if file.note:
        title.append(f"  ({file.note})", style="yellow")
    if file.score is not None and file.score.short:
        title.append(f"  ({SHORT})", style="dim")
    if file.score is not None and file.score.selected:
        title.append(f"  ({SELECTED})", style="dim")
    section: list[RenderableType] = [Rule(title, align="left", style="dim")]
    score = file.score
    if score is not None and any(score.pillars.get(name) is not None for name in PILLARS):
        pillars = Table.grid(padding=(0, 2))
        for name in PILLARS:
            value = score.pillars.get(name)
            pillars.add_row(name, _bar(value), _number(value))
        section.append(Padding(pillars, (0, 0, 0, 2)))
    if score is not None and (counts := _counts(score.counts)):
        section.append(Padding(counts, (0, 2)))
    rows = list(file.paragraphs) if show_heatmap else drifting(file.paragraphs)
    if rows and show_heatmap is not False:
        hidden = len(file.paragraphs) - len(rows)
        section.append(Padding(heatmap(rows, color, hidden), (1, 0, 0, 2)))
    if file.findings:
        section.append(Padding(_findings(file, color, rewrites), (1, 0, 0, 2)))
    return section


_NUMBERS = ("score", *PILLARS, "findings")


def _summary_table(result: RunResult, width: int) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title="Summary", title_justify="left", pad_edge=False)
    table.add_column("file", no_wrap=True)
    for name in _NUMBERS:
        table.add_column(name, justify="right", no_wrap=True)
    # each number column is as wide as its name or "100.0", with its padding and divider (3),
    # and the table's two edges
    room = max(8, width - sum(max(len(name), 5) + 3 for name in _NUMBERS) - 2)
    for file in result.files:
        path = Text(left_cut(file.path, room))
        if file.error is not None:
            table.add_row(path, Text("error", style="bold red"), *[""] * 5)
            continue
        score = file.score
        numbers = [None] * 5 if score is None else [score.total, *map(score.pillars.get, PILLARS)]
        table.add_row(path, *map(_number, numbers), str(len(file.findings)))
    return table


def left_cut(path: str, room: int) -> str:
    """`path` in `room` characters, shortened from the left at a folder boundary where one is
    near ("…/landing/home.md"): the file name is what tells files apart, never broken mid-word."""
    if len(path) <= room:
        return path
    tail = path[len(path) - room + 1 :]
    cut = tail.find("/")
    return "…" + (tail[cut:] if cut >= 0 else tail)


def capture(color: bool, width: int) -> tuple[Console, Callable[[], str]]:
    """A console printing into a string (plain unless `color`), and what it printed with
    trailing blanks trimmed: every people-facing report (check, compare, rank) is made so."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    # rich pads every line to the width; trailing blanks only make diffs noisy
    return console, lambda: "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


class TextReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        console, printed = capture(options.color, options.width)
        if not options.quiet:
            # one file: the paragraphs that drift to the company, unless all are asked for
            show_heatmap = True if options.heatmap else None if len(result.files) == 1 else False
            for file in result.files:
                console.print(
                    *_file_section(file, options.color, show_heatmap, options.show_rewrites)
                )
                console.print()
        console.print(_summary_table(result, options.width))
        console.print(Text(summarize(result).describe(), style="bold"))
        return printed()


REPORTER = TextReporter()
