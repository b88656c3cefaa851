"""The concise report: one `path:line:col: level [RULE] message` line per finding, then the
file's score (`path: score 72.4/100`).

The shape editors, grep and CI log parsers already understand; the last line is the totals.
"""

from __future__ import annotations

from customerlens.model import RunResult
from customerlens.model.identity import sorted_findings
from customerlens.model.jsonable import one_line, rounded
from customerlens.reporters.base import ReportOptions
from customerlens.reporters.json_report import summarize


class ConciseReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        lines: list[str] = []
        for file in () if options.quiet else result.files:
            if file.error is not None:
                lines.append(f"{file.path}: error: {one_line(file.error)}")
            lines.extend(
                f"{file.path}:{f.line}:{f.column}: {f.level.label} [{f.rule}] {one_line(f.message)}"
                for f in sorted_findings(file)
            )
            if file.note:
                lines.append(f"{file.path}: note: {file.note}")
            if file.score is not None and file.score.total is not None:
                total, why = rounded(file.score.total), file.score.qualifier
                lines.append(f"{file.path}: score {total:.1f}/100{why}")
        lines.append(summarize(result).describe())
        return "\n".join(lines) + "\n"


REPORTER = ConciseReporter()
