"""The reporter registry: one module per format, each turning a RunResult into a string.

Reporters never decide the exit code and never print; `cli.py` writes what they return.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from customerlens.checks.spec import RuleSpec
from customerlens.model import RunResult


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False  # ANSI styling (a TTY without NO_COLOR)
    width: int = 100
    quiet: bool = False  # only the summary
    heatmap: bool = False  # the per-paragraph focus heatmap (text shows it anyway for one file)
    show_rewrites: bool = False  # text: print each finding's concrete rewrite under it
    rule_folders: tuple[Path, ...] = ()  # a team's own rules, so reports can describe them too

    def rules(self) -> dict[str, RuleSpec]:
        """Every rule a finding may name, by id (built-in, team and directive rules)."""
        from customerlens.checks.loader import catalogue

        return {spec.id: spec for spec in catalogue(self.rule_folders)}


class Reporter(Protocol):
    def render(self, result: RunResult, options: ReportOptions) -> str: ...


@runtime_checkable
class StreamingReporter(Reporter, Protocol):
    """A reporter whose report can also be had in pieces, each written as soon as it is made."""

    def chunks(self, result: RunResult, options: ReportOptions) -> Iterator[str]: ...


def chunks(reporter: Reporter, result: RunResult, options: ReportOptions) -> Iterable[str]:
    """The report to write, in pieces where the reporter can make them: the report of a large
    run then never exists as one string (JSON and SARIF, the formats that grow with a site)."""
    if isinstance(reporter, StreamingReporter):
        return reporter.chunks(result, options)
    return (reporter.render(result, options),)


def in_pieces(lines: Iterable[str], size: int = 1_000) -> Iterator[str]:
    """`lines` joined `size` at a time: few writes, and never the whole report in memory."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


@dataclass(frozen=True)
class Format:
    """A format of the registry: its module in customerlens.reporters (exposing `REPORTER`,
    imported on demand so a run pays only for the format it prints) and what the run must keep
    for it beyond findings and scores."""

    module: str
    paragraphs: bool = False  # a row per paragraph (the heatmap)
    detail: bool = False  # the document text and highlight marks
    # People read it where it is printed, a file's error included: no second line on stderr.
    shows_errors: bool = False


FORMATS: dict[str, Format] = {
    "text": Format("text", paragraphs=True, shows_errors=True),
    "concise": Format("concise", shows_errors=True),
    "json": Format("json_report"),
    "sarif": Format("sarif"),
    "github": Format("github", shows_errors=True),
    "junit": Format("junit"),
    "gitlab": Format("gitlab"),
    "statistics": Format("statistics"),
    "html": Format("html", paragraphs=True, detail=True),
}


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(f"customerlens.reporters.{FORMATS[name].module}")
    reporter: Reporter = module.REPORTER
    return reporter
