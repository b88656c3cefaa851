"""The concise report: one `path:line:col: level [RULE] message` line per finding, then the
file's score (`path: score 72.4/100`).

The shape editors, grep and CI log parsers already understand; the last line is the totals.
"""

from __future__ import annotations

from collections.abc import Iterator

from customerlens.model import RunResult
from customerlens.model.identity import sorted_findings
from customerlens.model.jsonable import one_line, rounded
from customerlens.reporters.base import ReportOptions, in_pieces
from customerlens.reporters.json_report import summarize


class ConciseReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        return "".join(self.chunks(result, options))

    def chunks(self, result: RunResult, options: ReportOptions) -> Iterator[str]:
        """A line per finding, written as made: a million findings never make one string."""
        for file in () if options.quiet else result.files:
            if file.error is not None:
                yield f"{file.path}: error: {one_line(file.error)}\n"
            yield from in_pieces(
                f"{file.path}:{f.line}:{f.column}: {f.level.label} [{f.rule}] "
                f"{one_line(f.message)}\n"
                for f in sorted_findings(file)
            )
            if file.note:
                yield f"{file.path}: note: {file.note}\n"
            if file.score is not None and file.score.total is not None:
                total, why = rounded(file.score.total), file.score.qualifier
                yield f"{file.path}: score {total:.1f}/100{why}\n"
        yield summarize(result).describe() + "\n"


REPORTER = ConciseReporter()
