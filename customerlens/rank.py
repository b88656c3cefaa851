"""`customerlens rank FILE`: which of several variants — headlines, subject lines, calls to
action, short paragraphs — reads best for the reader, each with the one reason that lifts or
sinks it.

Variants are the file's lines, or its paragraphs when blank lines part it into paragraphs and
one of them runs over several lines. Each is checked on its own, with the configuration that applies
to FILE, and scored like any short copy; they are ordered by score, then by fewer warnings, then
as written. A variant with nothing to score comes last.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from customerlens.model import FileResult, Level
from customerlens.model.jsonable import finding_data, one_line, rounded, sentence_data
from customerlens.run.discovery import Source
from customerlens.run.runner import Task, run_tasks
from customerlens.settings.config import Config

VERSION = 1
# Why a variant lifts: the judgements that make copy reader-focused, in the words people use.
LIFTS = {"reader_focus": "speaks to the reader", "benefit": "promises an outcome"}


@dataclass(frozen=True)
class Variant:
    """One variant as checked: where it is in the file, its text, its result and why."""

    line: int
    text: str
    result: FileResult
    reason: str

    @property
    def score(self) -> float | None:
        return None if self.result.score is None else self.result.score.total


def variants(text: str) -> list[tuple[int, str]]:
    """(1-based line, text) of each variant: a line each, or a paragraph each when blank lines
    part the file into several paragraphs and one of them spans several lines."""
    lines = text.splitlines()
    paragraphs: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            paragraphs.append((number + 1, []))
        elif (
            paragraphs
            and paragraphs[-1][1]
            and paragraphs[-1][0] + len(paragraphs[-1][1]) == number
        ):
            paragraphs[-1][1].append(line)
        else:
            paragraphs.append((number, [line]))
    found = [(start, " ".join(part.strip() for part in body)) for start, body in paragraphs if body]
    if len(found) > 1 and any(len(body) > 1 for _, body in paragraphs):
        return found
    return [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip()]


def rank(text: str, path: str, config: Config) -> list[Variant]:
    """The variants of `text` (the content of the file `path`), best first."""
    found = variants(text)
    fmt = "text"  # a variant is copy, not markup: "# Title" reads as written
    tasks = [
        Task(Source(f"{path}:{line}", None, fmt), config, body.encode("utf-8"))
        for line, body in found
    ]
    results = run_tasks(tasks).files
    checked = [
        Variant(line, body, result, reason(result))
        for (line, body), result in zip(found, results, strict=True)
    ]

    def order(item: tuple[int, Variant]) -> tuple[bool, float, int, int]:
        index, variant = item
        warnings = sum(f.level >= Level.WARNING for f in variant.result.findings)
        score = variant.score
        return (score is None, -(score or 0.0), warnings, index)

    return [variant for _, variant in sorted(enumerate(checked), key=order)]


def reason(result: FileResult) -> str:
    """The one thing that sinks a variant (its worst finding), else what lifts it."""
    if result.score is None or result.score.total is None:
        return "nothing to score"
    warnings = [f for f in result.findings if f.level >= Level.WARNING]
    if warnings:
        worst = max(warnings, key=lambda f: (f.level, -f.offset))
        return f"sinks it: {one_line(worst.message)}"
    labels = {label for sentence in result.sentences for label in sentence.labels}
    lifts = [words for label, words in LIFTS.items() if label in labels]
    if lifts:
        return "lifts it: " + " and ".join(lifts)
    if result.findings:
        return f"holds it back: {one_line(result.findings[0].message)}"
    return "neither about the company nor the reader"


def render_json(ranked: list[Variant]) -> str:
    document: dict[str, Any] = {
        "version": VERSION,
        "variants": [
            {
                "rank": place,
                "line": v.line,
                "text": v.text,
                "score": rounded(v.score),
                "short": bool(v.result.score and v.result.score.short),
                "reason": v.reason,
                "findings": [finding_data(f) for f in v.result.findings],
                "sentences": [sentence_data(s) for s in v.result.sentences],
            }
            for place, v in enumerate(ranked, start=1)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_text(ranked: list[Variant], color: bool = False, width: int = 100) -> str:
    from rich import box
    from rich.table import Table

    from customerlens.reporters.text import capture

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("variant", ratio=3)
    table.add_column("why", ratio=2, style="dim")
    for place, v in enumerate(ranked, start=1):
        score = "n/a" if v.score is None else f"{rounded(v.score):.1f}"
        table.add_row(str(place), score, str(v.line), v.text, v.reason)
    console, printed = capture(color, width)
    console.print(table)
    return printed()


def read_variants(path: str) -> str:
    """The text of FILE (`-`: standard input), decoded as every input is."""
    from customerlens.documents.decoding import decode
    from customerlens.run.runner import read_source

    source = Source(path, None if path == "-" else path, "text")
    return decode(read_source(source), path)


def config_for(path: str, resolver: Any) -> Config:
    """The configuration that applies to FILE (standard input: as if in the current folder)."""
    where = Path.cwd() / "variants.txt" if path == "-" else Path(path)
    config: Config = resolver.resolve(where).config
    return config
