"""Where customerlens keeps files, and the one way it writes them: atomically.

A report, a cache entry or a lookup table is written to a temporary file beside its target and
renamed over it, so a reader — another process, the next run, a user after Ctrl-C — sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


def cache_dir(part: str) -> Path:
    """The folder for one kind of cached data ("results", "tables").

    $CUSTOMERLENS_CACHE_DIR, when set, holds the results directly and the rest in subfolders
    (tests and CI point it at a scratch folder); else the user's cache folder.
    """
    override = os.environ.get("CUSTOMERLENS_CACHE_DIR")
    if override:
        return Path(override) if part == "results" else Path(override) / part
    from platformdirs import user_cache_dir

    root = Path(user_cache_dir("customerlens"))
    return root / part if part == "results" else root


def write_atomically(path: Path, pieces: Iterable[bytes], mode: int | None = None) -> None:
    """Write `pieces` to `path` through a temporary file and a rename; raises OSError.

    The new file gets `mode`, else the usual permissions for a new file (0666 less the umask),
    as if it had been opened for writing.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
        os.chmod(temp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(path: Path, pieces: Iterable[bytes]) -> None:
    """Write a report or baseline where the user asked; raises OSError. A symbolic link is
    written through (the link stays); a device, FIFO or socket (`/dev/stdout`, a pipe) gets a
    stream; a regular file is replaced atomically and keeps its mode. What was written is
    remembered, so a later walk of its folder does not check it as a draft."""
    try:
        info: os.stat_result | None = os.stat(path)  # through links, as open() would
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(path, "wb") as handle:  # /dev/stdout resolves to no path: open it as named
            for piece in pieces:
                handle.write(piece)
        return
    real = replace_file(path, pieces)
    with contextlib.suppress(OSError):  # a report is still written without the note
        written = os.stat(real)
        note = _output_note(real)
        note.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(note, (f"{written.st_size} {written.st_mtime_ns}".encode(),))


def replace_file(path: Path, pieces: Iterable[bytes]) -> Path:
    """Write `pieces` over the file `path` is, or links to, atomically and keeping its mode (a
    new file gets the usual one); the link itself stays. Returns the real path written."""
    real = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(os.stat(real).st_mode)
    except FileNotFoundError:
        mode = None
    write_atomically(real, pieces, mode)
    return real


def is_output(path: str) -> bool:
    """Whether `path` is, unchanged since, a report or baseline customerlens wrote."""
    try:
        note = _output_note(Path(os.path.realpath(path))).read_text(encoding="ascii")
        info = os.stat(path)
    except OSError:
        return False
    return note == f"{info.st_size} {info.st_mtime_ns}"


def _output_note(real: Path) -> Path:
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:32]
    return cache_dir("outputs") / f"output-{digest}"
