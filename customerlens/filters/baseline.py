"""Baselines: record today's findings so a run reports only new ones.

A finding is recognised by its key (`model.identity`), never by where it is. The same key may
occur several times in a file, so the baseline keeps a count and only occurrences beyond it are
new. The CI reporters build their fingerprints from the same key.

Files are named relative to the baseline's own folder, links resolved, so `check site`,
`check $PWD/site` and a run from inside `site/` all find the findings recorded.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections import Counter
from dataclasses import replace
from typing import Any

from customerlens.errors import ConfigError
from customerlens.model import RunResult
from customerlens.model.identity import Key, numbered

BASELINE_VERSION = 1


def baseline_path(path: str, folder: str) -> str:
    """How a baseline in `folder` names the checked file `path`: relative to the folder, links
    resolved, with forward slashes ('./site/a.md', '/abs/site/a.md' and 'a.md' from inside
    site/ are one file). Standard input keeps its display name."""
    if not os.path.exists(path):
        return posixpath.normpath(path.replace("\\", "/"))
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
    return relative.replace(os.sep, "/")


def write_baseline(result: RunResult, folder: str) -> str:
    """The baseline file's text for a baseline kept in `folder`."""
    files: dict[str, list[dict[str, Any]]] = {}
    for file in sorted(result.files, key=lambda f: baseline_path(f.path, folder)):
        counts = Counter(key for _, key, _ in numbered(file))
        if counts:
            files[baseline_path(file.path, folder)] = [
                {"rule": rule, "match": match, "context": context, "count": count}
                for (rule, match, context), count in sorted(counts.items())
            ]
    document = {"version": BASELINE_VERSION, "files": files}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def filter_new(result: RunResult, baseline_text: str, source: str) -> RunResult:
    """Keep only the findings the baseline at `source` does not hold; scores describe whole
    documents."""
    known = _read(baseline_text, source)
    folder = os.path.dirname(os.path.abspath(source))
    files = []
    for file in result.files:
        budget = known.get(baseline_path(file.path, folder), Counter())
        new = tuple(f for f, key, n in numbered(file) if n >= budget[key])
        files.append(replace(file, findings=new))
    return RunResult(tuple(files))


def _read(text: str, source: str) -> dict[str, Counter[Key]]:
    def fail(problem: str) -> ConfigError:
        return ConfigError(f"{source}: not a customerlens baseline: {problem}")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:  # the decoder recurses once per level of nesting
        raise fail("nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise fail(f'expected an object with "version": {BASELINE_VERSION}')
    if not isinstance(data.get("files"), dict):
        raise fail('"files" must be an object mapping paths to lists of findings')
    known: dict[str, Counter[Key]] = {}
    for path, entries in data["files"].items():
        if not isinstance(entries, list):
            raise fail(f'"{path}" must map to a list of findings')
        counts = known.setdefault(posixpath.normpath(path), Counter())
        for index, entry in enumerate(entries):
            if not _valid_entry(entry):
                raise fail(
                    f'entry {index} for "{path}" needs string "rule", "match" and "context"'
                    ' and a positive integer "count"'
                )
            counts[(entry["rule"], entry["match"], entry["context"])] += entry["count"]
    return known


def _valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and all(isinstance(entry.get(name), str) for name in ("rule", "match", "context"))
        and type(entry.get("count")) is int
        and entry["count"] > 0
    )
