"""A content-addressed cache of file results, so a re-run on unchanged files is near-instant.

The key hashes everything a result depends on: the file's bytes and format, the effective
configuration, the rule files, the pipeline's name and version, and customerlens's version.
Entries are written atomically (temp file + rename); an entry that cannot be read is ignored
and rewritten, so a crash or a full disk never poisons a run.

The cache is bounded: at most once a day a run removes entries unused for MAX_AGE and then the
least recently used ones until the entries fit in MAX_BYTES (a hit marks an entry used).
`customerlens cache clear` empties it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import string
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from customerlens.checks.loader import rules_fingerprint
from customerlens.model import FileResult
from customerlens.settings.config import Config
from customerlens.storage import Spool, cache_dir, write_atomically
from customerlens.version import __version__

FORMAT = 7  # bump when the pickled shape of FileResult changes
MAX_BYTES = 512 * 2**20  # the entries' total size after pruning
MAX_AGE = 30 * 86400.0  # seconds an entry may go unused
PRUNE_EVERY = 86400.0  # seconds between two prunings
_STAMP = ".pruned"


class ResultCache:
    """Get and put FileResults by the hash of what produced them."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir("results")

    def key(
        self,
        data: bytes,
        fmt: str,
        config: Config,
        rules: str | None = None,
        pipeline: str | None = None,
    ) -> str:
        """`rules` (the rules fingerprint) and `pipeline` (its model_version) are the same for
        every file of a run: a caller may look them up once and pass them; None: look up here."""
        from customerlens.nlp.pipeline import model_version, resolve_model

        digest = hashlib.sha256()
        for part in (
            f"{FORMAT}:{__version__}",
            fmt,
            repr(config.analysis_key()),
            pipeline if pipeline is not None else model_version(resolve_model(config.model)),
            rules if rules is not None else rules_fingerprint(config.rule_folders),
        ):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, path: str) -> FileResult | None:
        try:
            with open(self.folder / key[:2] / key, "rb") as handle:
                result = pickle.load(handle)

        except Exception:
            return None
        with contextlib.suppress(OSError):  # used now: the last entry pruning would remove
            os.utime(self.folder / key[:2] / key)
        return replace(result, path=path) if isinstance(result, FileResult) else None

    def put(self, key: str, result: FileResult) -> None:
        """Store atomically; a cache that cannot be written is simply not used. A result too
        big for memory (spooled to disk) is not stored: it would be read back whole."""
        if any(
            isinstance(rows, Spool)
            for rows in (result.findings, result.paragraphs, result.marks, result.sentences)
        ):
            return
        target = self.folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, (pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),))
        except OSError:
            return

    def entries(self) -> Iterator[os.DirEntry[str]]:
        """The cached results (in the two-hex-digit folders; lookup tables live beside them)."""
        try:
            folders = [f for f in os.scandir(self.folder) if _is_bucket(f.name) and f.is_dir()]
        except OSError:
            return
        for folder in folders:
            with contextlib.suppress(OSError), os.scandir(folder.path) as scan:
                yield from (e for e in scan if e.is_file() and not e.name.startswith("."))

    def prune(
        self, max_bytes: int = MAX_BYTES, max_age: float = MAX_AGE, now: float | None = None
    ) -> int:
        """Remove entries unused for `max_age` seconds, then the least recently used until the
        rest fit in `max_bytes`; returns how many were removed."""
        now = time.time() if now is None else now
        listed = []
        for entry in self.entries():
            with contextlib.suppress(OSError):
                info = entry.stat()
                listed.append((info.st_mtime, info.st_size, entry.path))
        listed.sort(reverse=True)  # most recently used first
        kept, removed = 0, 0
        for used, size, path in listed:
            if now - used > max_age or kept + size > max_bytes:
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    removed += 1
            else:
                kept += size
        return removed

    def prune_if_due(self) -> None:
        """Prune at most once every PRUNE_EVERY seconds (a run stays fast: no scan each time)."""
        stamp = self.folder / _STAMP
        with contextlib.suppress(OSError):
            if time.time() - stamp.stat().st_mtime < PRUNE_EVERY:
                return
        self.prune()
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp.touch()

    def clear(self) -> tuple[int, int]:
        """Remove every entry; (how many, how many bytes)."""
        count = size = 0
        for entry in self.entries():
            with contextlib.suppress(OSError):
                size += entry.stat().st_size
                os.unlink(entry.path)
                count += 1
        return count, size


def _is_bucket(name: str) -> bool:
    return len(name) == 2 and all(c in string.hexdigits for c in name)
