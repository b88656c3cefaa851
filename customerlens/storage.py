"""Where customerlens keeps files, and the one way it writes them: atomically.

A report, a cache entry or a lookup table is written to a temporary file beside its target and
renamed over it, so a reader — another process, the next run, a user after Ctrl-C — sees the
old file or the new one, never half of one. What one huge input produces (a finding or a row
per sentence, millions of them) waits in a `Spool`: on disk past a window, not in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import os
import pickle
import stat
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

T = TypeVar("T")
# Items a Spool keeps in memory; beyond it they are pickled to its file. Counted in items, so
# kept modest: a finding on a 5,000-character "sentence" carries 10 KB of text.
SPOOL_CHUNK = 1_024
SPOOL_RUN = 4 * SPOOL_CHUNK  # items sorted in memory at once by `sorted_spool`…
SPOOL_RUN_CHUNK = 64  # …and read back this many at a time from each run while merging


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


class Spool(Sequence[T]):
    """An append-only sequence that holds at most SPOOL_CHUNK items in memory: fuller chunks
    are pickled to a temporary file and read back one chunk at a time. A million findings cost
    what their pickles do on disk, not ~1.5 KB of Python objects each in memory.

    Most results stay under one chunk and never touch the disk. Pickled (to another process),
    a spilled spool passes its file by name, so a huge result crosses a process boundary
    without being read into memory.
    """

    def __init__(self, items: Iterable[T] = (), chunk: int = 0) -> None:
        self._size = chunk or SPOOL_CHUNK  # items to a chunk
        self._tail: list[T] = []
        self._chunks: list[tuple[int, int]] = []  # (offset, length) of each pickled chunk
        self._length = 0
        self._path: str | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._read: tuple[int, list[T]] = (-1, [])  # the chunk read last, for indexing in order
        self.extend(items)

    @property
    def on_disk(self) -> bool:
        """Whether part of it lives in its file (such a spool is not worth caching)."""
        return bool(self._chunks)

    def settled(self) -> Sequence[T]:
        """A tuple when everything fits in memory (as results always were), else the spool."""
        return self if self.on_disk else tuple(self._tail)

    def append(self, item: T) -> None:
        self._tail.append(item)
        self._length += 1
        if len(self._tail) >= self._size:
            self._spill()

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def _spill(self) -> None:
        if self._path is None:
            fd, self._path = tempfile.mkstemp(prefix="customerlens-spool-")
            os.close(fd)
            self._finalizer = weakref.finalize(self, _unlink, self._path)
        data = pickle.dumps(self._tail, protocol=pickle.HIGHEST_PROTOCOL)
        with open(self._path, "ab") as handle:
            offset = handle.seek(0, os.SEEK_END)
            handle.write(data)
        self._chunks.append((offset, len(data)))
        self._tail = []

    def _chunk(self, k: int) -> list[T]:
        """Chunk `k`, kept for the next lookup: indexing goes mostly in order."""
        if self._read[0] != k:
            self._read = (k, self._load(k))
        return self._read[1]

    def _load(self, k: int) -> list[T]:
        assert self._path is not None
        offset, size = self._chunks[k]
        with open(self._path, "rb") as handle:
            handle.seek(offset)
            chunk: list[T] = pickle.loads(handle.read(size))
        return chunk

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        for k in range(len(self._chunks)):  # one chunk at a time, none kept afterwards
            yield from self._load(k)
        yield from list(self._tail)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        k, i = divmod(index, self._size)
        return self._chunk(k)[i] if k < len(self._chunks) else self._tail[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Spool({self._length} items{', on disk' if self.on_disk else ''})"

    def __reduce__(self) -> tuple[Callable[..., Spool[T]], tuple[Any, ...]]:
        if not self.on_disk:
            return Spool, (self._tail, self._size)
        assert self._path is not None
        # The receiver gets a name of its own for the same data (a hard link, no copy): each
        # side deletes its name when done with it, and the data goes with the last one.
        fd, twin = tempfile.mkstemp(prefix="customerlens-spool-")
        os.close(fd)
        os.unlink(twin)
        os.link(self._path, twin)
        return _adopt, (twin, self._chunks, self._tail, self._size)


def sorted_spool(items: Iterable[T], key: Callable[[T], Any]) -> Spool[T]:
    """`sorted(items, key=key)` as a Spool, in bounded memory: runs of SPOOL_RUN items are
    sorted in memory, spooled in small chunks and merged from disk, a chunk of each run in
    memory at a time (stable, as `sorted` is)."""
    runs: list[Spool[T]] = []
    run: list[T] = []
    for item in items:
        run.append(item)
        if len(run) >= SPOOL_RUN:
            runs.append(Spool(sorted(run, key=key), chunk=SPOOL_RUN_CHUNK))
            run = []
    run.sort(key=key)
    if not runs:
        return Spool(run)
    return Spool(heapq.merge(*runs, run, key=key))


def _adopt(path: str, chunks: list[tuple[int, int]], tail: list[T], size: int) -> Spool[T]:
    """A spool received from another process: the name it was sent is this one's to delete."""
    spool: Spool[T] = Spool(chunk=size)
    spool._path, spool._chunks, spool._tail = path, chunks, tail
    spool._length = len(chunks) * size + len(tail)
    spool._finalizer = weakref.finalize(spool, _unlink, path)
    return spool


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
