"""A content-addressed cache of file results, so a re-run on unchanged files is near-instant.

The key hashes everything a result depends on: the file's bytes and format, the effective
configuration, the rule files, the pipeline's name and version, and customerlens's version.
Entries are written atomically (temp file + rename); an entry that cannot be read is ignored
and rewritten, so a crash or a full disk never poisons a run.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from pathlib import Path

from customerlens import __version__
from customerlens.checks.loader import rules_fingerprint
from customerlens.model import FileResult
from customerlens.settings.config import Config
from customerlens.storage import cache_dir, write_atomically

FORMAT = 6  # bump when the pickled shape of FileResult changes


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
        return replace(result, path=path) if isinstance(result, FileResult) else None

    def put(self, key: str, result: FileResult) -> None:
        """Store atomically; a cache that cannot be written is simply not used."""
        target = self.folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, (pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),))
        except OSError:
            return
