"""Run a set of inputs through the linter: read, parse, lint; one bad file never stops the rest."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from customerlens.config import Config
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


def run(
    sources: Sequence[Source],
    config: Config,
    on_file: Callable[[FileResult], None] | None = None,
) -> RunResult:
    """Lint every source in order. The spaCy pipeline is loaded only once a document needs it."""
    from customerlens.linter import Linter

    linter: Linter | None = None
    results = []
    for source in sources:
        try:
            document = load(read_source(source), source.display, source.format)
        except InputError as exc:
            result = FileResult(source.display, source.format, error=exc.reason)
        else:
            linter = linter or Linter(config)
            result = linter.lint(document)
        if on_file is not None:
            on_file(result)
        results.append(result)
    return RunResult(tuple(results))
