"""Where customerlens keeps files, and the one way it writes them: atomically.

A report, a cache entry or a lookup table is written to a temporary file beside its target and
renamed over it, so a reader — another process, the next run, a user after Ctrl-C — sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
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


def write_atomically(path: Path, pieces: Iterable[bytes]) -> None:
    """Write `pieces` to `path` through a temporary file and a rename; raises OSError.

    The new file gets the usual permissions for a new file (0666 less the umask), as if it had
    been opened for writing.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
