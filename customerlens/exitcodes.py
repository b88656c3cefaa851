"""Exit codes: decided from the run result, never by a reporter."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at/above --fail-level, or a score under --fail-under
    USAGE = 2  # bad arguments, config or rule file, or an input that could not be read
    INTERNAL = 3
    INTERRUPTED = 130
