"""Exit codes, and the one function that decides them from a run's result."""

from __future__ import annotations

from enum import IntEnum

from customerlens.findings import Level, RunResult


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at/above --fail-level, or a score under --fail-under
    USAGE = 2  # bad arguments, config or rule file, or an input that could not be read
    INTERNAL = 3
    INTERRUPTED = 130


def decide(result: RunResult, fail_level: Level, fail_under: float, exit_zero: bool = False) -> ExitCode:
    """2 when an input could not be read; else 1 for findings at or above `fail_level` or a
    score under `fail_under` (unless `exit_zero`); else 0."""
    if result.errors:
        return ExitCode.USAGE
    if exit_zero:
        return ExitCode.OK
    if any(f.level >= fail_level for f in result.findings):
        return ExitCode.FINDINGS
    for file in result.files:
        if file.score is not None and file.score.total is not None and file.score.total < fail_under:
            return ExitCode.FINDINGS
    return ExitCode.OK
