"""Exit codes, and the one function that decides them from a run's result."""

from __future__ import annotations

from enum import IntEnum

from customerlens.model import Level, RunResult


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
        under = fail_under if file.fail_under is None else file.fail_under
        if any(f.level >= level for f in file.findings):
            return ExitCode.FINDINGS
        if file.score is not None and file.score.total is not None and file.score.total < under:
            return ExitCode.FINDINGS
    return ExitCode.OK
