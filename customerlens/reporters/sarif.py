"""SARIF 2.1.0: the format code-scanning services (GitHub, Azure DevOps) and viewers read.

The rule descriptions come from the rule files, so a viewer can say why a finding matters.
Columns count code points (`columnKind`), as customerlens does; `endColumn` is exclusive in both.
Document scores have no SARIF field: they go in each artifact's property bag, unreadable files in
the invocation's notifications. Partial fingerprints let a service track a finding across pushes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from customerlens.checks.spec import RuleSpec
from customerlens.model import Finding, Level, RunResult
from customerlens.model.identity import fingerprint, numbered
from customerlens.model.jsonable import file_data, one_line
from customerlens.reporters.base import ReportOptions
from customerlens.reporters.json_report import dumps, streamed
from customerlens.version import __version__

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS: dict[Level, str] = {
    Level.ERROR: "error",
    Level.WARNING: "warning",
    Level.SUGGESTION: "note",
}


def artifact_uri(path: str) -> str:
    """A relative URI reference for a path as typed; an absolute path becomes a file: URI."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def _help(spec: RuleSpec) -> str:
    """What `explain` says: why, what to do instead, one example of each kind."""
    instead = spec.general_suggestion
    parts = [
        spec.description,
        f"Instead: {instead}" if instead else "",
        f"Flagged: {spec.bad[0]}" if spec.bad else "",
        f"Fine: {spec.good[0]}" if spec.good else "",
    ]
    return "\n\n".join(part for part in parts if part)


def _rule(spec: RuleSpec) -> dict[str, Any]:
    return {
        "id": spec.id,
        "name": spec.name,
        "shortDescription": _text(spec.name.replace("-", " ").capitalize()),
        "fullDescription": _text(spec.description),
        "help": _text(_help(spec)),
        "defaultConfiguration": {"level": LEVELS[spec.level]},
        "properties": {"pillar": spec.pillar, "tags": [spec.pillar, *spec.tags]},
    }


def _result(
    finding: Finding, rule_index: int, file_index: int, uri: str, print_: str
) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": file_index}}
    if not finding.whole:  # a finding about the whole document is at file level: no region
        location["region"] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,
            "snippet": _text(finding.match),
        }
    fixes: dict[str, Any] = {}
    if (fix := finding.fix) is not None:  # the rewrite as an edit a viewer can apply
        region = {
            "startLine": fix.line,
            "startColumn": fix.column,
            "endLine": fix.end_line,
            "endColumn": fix.end_column,
        }
        change = {
            "artifactLocation": {"uri": uri, "index": file_index},
            "replacements": [{"deletedRegion": region, "insertedContent": _text(fix.replacement)}],
        }
        fixes["fixes"] = [
            {"description": _text(f"Rewrite: {fix.replacement}"), "artifactChanges": [change]}
        ]
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.level],
        "message": _text(one_line(finding.message)),
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"customerlens/v1": print_},
        "properties": {"pillar": finding.pillar}
        | ({"suggestion": one_line(finding.advice())} if finding.advice() else {}),
    } | fixes


def _rules(result: RunResult, options: ReportOptions | None) -> list[dict[str, Any]]:
    """The rules this run reported."""
    specs = (options or ReportOptions()).rules()
    used = sorted({finding.rule for finding in result.findings})
    return [_rule(specs[rule_id]) if rule_id in specs else {"id": rule_id} for rule_id in used]


def _log(result: RunResult, rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The log with its (last) results list left empty."""
    artifacts: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for index, file in enumerate(result.files):
        data = file_data(file)
        uri = artifact_uri(file.path)
        location = {"artifactLocation": {"uri": uri, "index": index}}
        artifact: dict[str, Any] = {"location": {"uri": uri}}
        if file.format:
            artifact["sourceLanguage"] = file.format
        artifacts.append(artifact | {"properties": {"score": data["score"]}})
        if data["error"] is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": _text(data["error"]),
                    "locations": [{"physicalLocation": location}],
                }
            )
    run = {
        "tool": {"driver": {"name": "customerlens", "version": __version__, "rules": rules}},
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _results(result: RunResult, rules: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    for index, file in enumerate(result.files):
        uri = artifact_uri(file.path)
        for finding, key, n in numbered(file):
            yield _result(
                finding, rule_index[finding.rule], index, uri, fingerprint(file.path, key, n)
            )


class SarifReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        return "".join(self.chunks(result, options))

    def chunks(self, result: RunResult, options: ReportOptions) -> Iterator[str]:
        """The log a result at a time (the results are most of it), as `render` writes it."""
        rules = _rules(result, options)
        return streamed(dumps(_log(result, rules)), "results", _results(result, rules), 4)


REPORTER = SarifReporter()
