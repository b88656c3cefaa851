"""GitLab Code Quality: the JSON list a merge request's Code Quality widget reads.

GitLab tells new findings from old ones by `fingerprint`, so it must survive edits elsewhere in
the file and differ between two findings of a report: it is the baseline key (rule, text,
sentence) with the path and the occurrence number. A file that could not be read is reported too,
so that the widget does not show it as clean.
"""

from __future__ import annotations

import json
from typing import Any

from customerlens.model import Level, RunResult
from customerlens.model.identity import fingerprint, numbered
from customerlens.model.jsonable import one_line
from customerlens.reporters.base import ReportOptions

SEVERITIES: dict[Level, str] = {
    Level.ERROR: "major",
    Level.WARNING: "minor",
    Level.SUGGESTION: "info",
}


def _issue(
    description: str, check: str, print_: str, severity: str, path: str, begin: int, end: int
) -> dict[str, Any]:
    return {
        "description": description,
        "check_name": check,
        "fingerprint": print_,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": begin, "end": end}},
    }


def code_quality(result: RunResult) -> list[dict[str, Any]]:
    issues = []
    for file in result.files:
        if file.error is not None:
            print_ = fingerprint(file.path, ("unreadable", "", ""), 0)
            description = f"Not checked: {one_line(file.error)}"
            issues.append(_issue(description, "unreadable", print_, "critical", file.path, 1, 1))
        issues.extend(
            _issue(
                f"[{finding.rule}] {one_line(finding.message)}",
                finding.rule,
                fingerprint(file.path, key, n),
                SEVERITIES[finding.level],
                file.path,
                finding.line,
                finding.end_line,
            )
            for finding, key, n in numbered(file)
        )
    return issues


class GitlabReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        return json.dumps(code_quality(result), ensure_ascii=False, indent=2) + "\n"


REPORTER = GitlabReporter()
