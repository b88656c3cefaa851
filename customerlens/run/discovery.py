"""Which files to check, and in which format: paths and directories → Sources.

Nothing is read here. A path that cannot be used becomes an InputError in `Discovery.errors`
and the run goes on with the others. Directories are walked recursively in sorted order,
skipping hidden entries and `node_modules` and keeping only supported suffixes; a file named
explicitly must have a supported suffix. Symbolic links are followed, but each directory is
entered once (a link loop cannot hang the walk) and each file is checked once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from customerlens.documents import FORMATS, format_for
from customerlens.errors import InputError
from customerlens.storage import is_output

STDIN = "-"
STDIN_DISPLAY = "<stdin>"
DEFAULT_STDIN_FORMAT = "markdown"
SKIPPED_DIRS = frozenset({"node_modules"})


@dataclass(frozen=True)
class Source:
    """One input: `display` is the name shown in reports; `path` is None for stdin."""

    display: str
    path: str | None
    format: str


@dataclass
class Discovery:
    """The inputs found, in order, and the paths that could not be used."""

    files: list[Source] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def discover(paths: Sequence[str], stdin_filename: str | None = None) -> Discovery:
    """Expand `paths` ("-" is stdin, whose format comes from `stdin_filename`'s suffix)."""
    found = Discovery()
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            _add_stdin(found, seen, stdin_filename)
            continue
        try:
            info = os.stat(path)
        except FileNotFoundError:
            found.errors.append(InputError(path, "no such file or directory"))
            continue
        except OSError as exc:
            found.errors.append(InputError(path, _reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            for source in _walk(path, found.errors):
                _add(found, seen, source)
        elif not stat.S_ISREG(info.st_mode):
            # a FIFO, socket or device (or a link to /dev/zero) would block or never end
            found.errors.append(InputError(printable(path), "is not a regular file"))
        elif fmt := format_for(path):
            _add(found, seen, Source(printable(path), path, fmt))
        else:
            found.errors.append(InputError(path, _unsupported(path)))
    return found


def _add_stdin(found: Discovery, seen: set[str], stdin_filename: str | None) -> None:
    fmt = format_for(stdin_filename) if stdin_filename else DEFAULT_STDIN_FORMAT
    if fmt is None:
        assert stdin_filename is not None
        found.errors.append(InputError(stdin_filename, _unsupported(stdin_filename)))
    elif STDIN not in seen:
        seen.add(STDIN)
        found.files.append(Source(stdin_filename or STDIN_DISPLAY, None, fmt))


def _add(found: Discovery, seen: set[str], source: Source) -> None:
    assert source.path is not None
    key = os.path.realpath(source.path)
    if key not in seen:
        seen.add(key)
        found.files.append(source)


def _walk(top: str, errors: list[InputError]) -> Iterator[Source]:
    """Supported files under `top`: a directory's files, then its subdirectories, each in
    name order; each real directory is entered once."""
    visited: set[str] = set()
    stack = [top]
    while stack:
        directory = stack.pop()
        real = os.path.realpath(directory)
        if real in visited:
            continue
        visited.add(real)
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            errors.append(InputError(directory, _reason(exc)))
            continue
        subdirs: list[str] = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                continue
            try:
                is_dir = entry.is_dir()  # follows symbolic links
            except OSError:
                continue
            path = os.path.join(directory, entry.name)
            if is_dir:
                subdirs.append(path)
            elif (fmt := format_for(entry.name)) and _regular(path) and not is_output(path):
                yield Source(printable(path), path, fmt)  # never a report written here
        stack.extend(reversed(subdirs))


def _regular(path: str) -> bool:
    """A regular file (following links): not a FIFO, socket or device, which would hang a run."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def printable(path: str) -> str:
    """A path as reports show it: a name that is not valid UTF-8 (legal on Linux) gets U+FFFD
    for its undecodable bytes instead of lone surrogates that no report could encode."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unsupported(path: str) -> str:
    suffix = os.path.splitext(path)[1]
    expected = ", ".join(sorted(FORMATS))
    what = f"'{suffix}'" if suffix else "(no suffix)"
    return f"unsupported file type {what} (expected one of {expected})"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
