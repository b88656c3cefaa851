"""Exit codes, and the one function that decides them from a run's result."""

from __future__ import annotations

from enum import IntEnum

from customerlens.model import FileResult, Level, RunResult


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at/above --fail-level, or a score under --fail-under
    USAGE = 2  # bad arguments, config or rule file, or an input that could not be read
    INTERNAL = 3
    INTERRUPTED = 130


def decide(
    result: RunResult,
    fail_level: Level = Level.WARNING,
    fail_under: float = 0.0,
    exit_zero: bool = False,
) -> ExitCode:
    """2 when an input could not be read; else 1 when a file has findings at or above its
    fail level or scores under its fail-under (unless `exit_zero`); else 0. A file's own
    configured gate wins over the defaults given here."""
    if result.errors:
        return ExitCode.USAGE
    if exit_zero:
        return ExitCode.OK
    for file in result.files:
        level = file.fail_level or fail_level
        if any(f.level >= level for f in file.findings) or score_gate(file, fail_under):
            return ExitCode.FINDINGS
    return ExitCode.OK


def score_gate(file: FileResult, fail_under: float = 0.0) -> str | None:
    """Why a file's score fails its gate, in words a CI log can show ("score 61.2 is below
    fail-under 70"); None when it passes. Findings speak for themselves; a score under the
    gate shows nowhere else. The file's own configured gate wins over the default."""
    under = fail_under if file.fail_under is None else file.fail_under
    total = None if file.score is None else file.score.total
    if total is None or total >= under:
        return None
    qualifier = " (selected rules only)" if file.score and file.score.selected else ""
    return f"score {total:.1f}{qualifier} is below fail-under {under:g}"
