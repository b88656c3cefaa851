"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

`::warning file=…,line=…::message`, one command per line. The message may span lines
(GitHub shows
`%0A` as a line break), so the suggestion follows it. GitHub accepts `col` and `endColumn` only
for a single-line span; a span over several lines is annotated by lines alone. Each document's
score is a `::notice` on the file, and the last line is the run's totals.
"""

from __future__ import annotations

from collections.abc import Iterator

from customerlens.exitcodes import score_gate
from customerlens.model import PILLARS, FileResult, Finding, Level, RunResult
from customerlens.model.identity import sorted_findings
from customerlens.model.jsonable import rounded
from customerlens.reporters.base import ReportOptions, in_pieces
from customerlens.reporters.json_report import summarize

COMMANDS: dict[Level, str] = {
    Level.ERROR: "error",
    Level.WARNING: "warning",
    Level.SUGGESTION: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command; properties that are None are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' if props else ''}{props}::{escape_data(message)}"


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{rounded(value):.1f}"


def score_line(file: FileResult) -> str | None:
    """A document's score in one line of plain text (shared with the JUnit report)."""
    if file.score is None:
        return None
    if file.score.total is None:
        return "No score: no prose to score."
    pillars = ", ".join(f"{name} {_shown(file.score.pillars.get(name))}" for name in PILLARS)
    return f"Score {_shown(file.score.total)}/100{file.score.qualifier} ({pillars})"


def _annotation(path: str, finding: Finding, names: dict[str, str]) -> str:
    single = finding.end_line == finding.line
    where: dict[str, str | int | None] = {"file": path}
    if not finding.whole:  # a finding about the whole document annotates the file
        where |= {
            "line": finding.line,
            "col": finding.column if single else None,
            "endLine": finding.end_line,
            "endColumn": finding.end_column if single else None,
        }
    title = f"{finding.rule} {names[finding.rule]}" if finding.rule in names else finding.rule
    message = finding.message.strip()
    if finding.advice():
        message += "\n" + finding.advice().strip()
    return command(COMMANDS[finding.level], message, **where, title=title)


class GithubReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        return "".join(self.chunks(result, options))

    def chunks(self, result: RunResult, options: ReportOptions) -> Iterator[str]:
        """A workflow command per line, written as made (see the concise report)."""
        names = {rule_id: spec.name for rule_id, spec in options.rules().items()}
        for file in () if options.quiet else result.files:
            if file.error is not None:
                title = "customerlens: not checked"
                yield command("error", file.error, file=file.path, title=title) + "\n"
            if (score := score_line(file)) is not None:
                yield command("notice", score, file=file.path, title="customerlens score") + "\n"
            if file.error is None and (why := score_gate(file)) is not None:
                yield command("error", why, file=file.path, title="customerlens gate") + "\n"
            yield from in_pieces(
                _annotation(file.path, finding, names) + "\n" for finding in sorted_findings(file)
            )
        yield command("notice", summarize(result).describe(), title="customerlens") + "\n"


REPORTER = GithubReporter()
