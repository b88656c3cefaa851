"""Typed errors raised inside; `cli.py` turns each into one line and an exit code."""

from __future__ import annotations


class CustomerLensError(Exception):
    """Base class: anything the user can fix (bad input, config, rule file, model)."""


class InputError(CustomerLensError):
    """A file that cannot be read or decoded. The run goes on with the other files."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(CustomerLensError):
    """A bad setting, flag value or configuration file."""


class RuleFileError(CustomerLensError):
    """A rule file that does not load or validate; names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class ModelError(CustomerLensError):
    """No usable spaCy English pipeline is installed."""
