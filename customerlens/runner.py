"""Run a set of inputs through the linter: read, parse, lint; one bad file never stops the rest."""

from __future__ import annotations

import sys
from dataclasses import replace
from collections.abc import Callable, Sequence
from pathlib import Path

from customerlens.configfile import ConfigResolver
from customerlens.discovery import Source
from customerlens.documents import load
from customerlens.errors import InputError
from customerlens.findings import FileResult, RunResult


def read_source(source: Source) -> bytes:
    """The raw bytes of a source: a file, or standard input for `-`."""
    if source.path is None:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise InputError(source.display, "standard input is closed")
        try:
            return stream.read()
        except (OSError, ValueError):
            raise InputError(source.display, "standard input is closed") from None
    try:
        return Path(source.path).read_bytes()
    except IsADirectoryError:
        raise InputError(source.display, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(source.display, "permission denied") from None
    except FileNotFoundError:
        raise InputError(source.display, "no such file or directory") from None
    except OSError as exc:
        raise InputError(source.display, exc.strerror or str(exc)) from None


def checked_path(source: Source) -> Path:
    """Where a source sits, for finding its configuration (stdin: its name in the cwd)."""
    return Path(source.path) if source.path is not None else Path.cwd() / source.display


def run(
    sources: Sequence[Source],
    resolver: ConfigResolver,
    on_file: Callable[[FileResult], None] | None = None,
) -> RunResult:
    """Lint every source in order, each with its own configuration. A pipeline and its compiled
    rules are built once per distinct configuration, and only once a document needs them."""
    from customerlens.linter import Linter

    linters: dict[tuple[object, ...], Linter] = {}
    results = []
    for source in sources:
        config = resolver.resolve(checked_path(source)).config
        try:
            document = load(read_source(source), source.display, source.format)
        except InputError as exc:
            result = FileResult(source.display, source.format, error=exc.reason)
        else:
            key = config.analysis_key()
            if key not in linters:
                linters[key] = Linter(config)
            result = replace(linters[key].lint(document), fail_level=config.fail_level, fail_under=config.fail_under)
        if on_file is not None:
            on_file(result)
        results.append(result)
    return RunResult(tuple(results))
