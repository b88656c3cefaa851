"""What makes a finding the same finding across runs: the key baselines, compare and the CI
fingerprints share.

A finding is recognised by what it is about, never by where it is: its rule, its matched text and
a hash of the sentence around it, all whitespace- and case-normalised. Edits elsewhere in a file
move findings without making them new; editing the sentence itself does, so rewritten copy is
checked again. The same key may occur several times in a file, so callers count occurrences.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise

from customerlens.model import FileResult, Finding

# (rule, normalised match, hash of the normalised context sentence)
Key = tuple[str, str, str]


def normalised(text: str) -> str:
    """Case, width and white space folded: the same words compare equal however typed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def sorted_findings(file: FileResult) -> Sequence[Finding]:
    """A file's findings in reading order: as they are when they already are (the linter
    sorts them; a huge file's wait on disk and are read in order, never all at once)."""
    keys = (f.sort_key() for f in file.findings)
    if all(a <= b for a, b in pairwise(keys)):
        return file.findings
    return sorted(file.findings, key=Finding.sort_key)


def finding_key(finding: Finding) -> Key:
    """Rule + text + sentence: survives edits elsewhere. A finding about the whole document
    is keyed by its rule alone, so a new opening line does not make it look new."""
    if finding.whole:
        return (finding.rule, "", "")
    context = hashlib.sha256(normalised(finding.context).encode()).hexdigest()[:16]
    return (finding.rule, normalised(finding.match), context)


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
