"""Baselines: record today's findings so a run reports only new ones.

A finding is recognised by what it is about, never by where it is: its rule, its matched text and
a hash of the sentence around it, all whitespace- and case-normalised. Edits elsewhere in a file
move findings without making them new; editing the sentence itself does, so rewritten copy is
checked again. The same key may occur several times in a file, so the baseline keeps a count and
only occurrences beyond it are new. The CI reporters build their fingerprints from the same key.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from customerlens.errors import ConfigError
from customerlens.findings import FileResult, Finding, RunResult
from customerlens.reporters.json_report import sorted_findings

BASELINE_VERSION = 1

# (rule, normalised match, hash of the normalised context sentence)
Key = tuple[str, str, str]


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def finding_key(finding: Finding) -> Key:
    """Rule + text + sentence: survives edits elsewhere. A finding about the whole document
    (shown at its first sentence) is keyed by its rule alone, so a new opening line does not
    make it look new."""
    if finding.scope == "document":
        return (finding.rule, "", "")
    context = hashlib.sha256(_normalised(finding.context).encode()).hexdigest()[:16]
    return (finding.rule, _normalised(finding.match), context)


def numbered(file: FileResult) -> Iterator[tuple[Finding, Key, int]]:
    """Each finding in reading order with its key and which occurrence of that key it is (0…)."""
    seen: Counter[Key] = Counter()
    for finding in sorted_findings(file):
        key = finding_key(finding)
        yield finding, key, seen[key]
        seen[key] += 1


def fingerprint(path: str, key: Key, occurrence: int) -> str:
    """A stable id for a finding across runs, unique within a report."""
    return hashlib.sha256("\0".join((path, *key, str(occurrence))).encode()).hexdigest()


def baseline_path(path: str) -> str:
    """'./site/a.md' and 'site/a.md' are the same file in a baseline."""
    return posixpath.normpath(path.replace("\\", "/"))


def write_baseline(result: RunResult) -> str:
    files: dict[str, list[dict[str, Any]]] = {}
    for file in sorted(result.files, key=lambda f: baseline_path(f.path)):
        counts = Counter(key for _, key, _ in numbered(file))
        if counts:
            files[baseline_path(file.path)] = [
                {"rule": rule, "match": match, "context": context, "count": count}
                for (rule, match, context), count in sorted(counts.items())
            ]
    document = {"version": BASELINE_VERSION, "files": files}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def filter_new(result: RunResult, baseline_text: str, source: str) -> RunResult:
    """Keep only the findings the baseline does not hold; scores describe whole documents."""
    known = _read(baseline_text, source)
    files = []
    for file in result.files:
        budget = known.get(baseline_path(file.path), Counter())
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
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise fail(f'expected an object with "version": {BASELINE_VERSION}')
    if not isinstance(data.get("files"), dict):
        raise fail('"files" must be an object mapping paths to lists of findings')
    known: dict[str, Counter[Key]] = {}
    for path, entries in data["files"].items():
        if not isinstance(entries, list):
            raise fail(f'"{path}" must map to a list of findings')
        counts = known.setdefault(baseline_path(path), Counter())
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
