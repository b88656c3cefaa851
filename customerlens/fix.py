"""`customerlens fix FILE…`: apply the sure rewrites.

A rewrite is *sure* when its finding carries a `Fix`: the whole sentence is written in the
file exactly as the rewrite read it, outside code and front matter. Without `--write` the
command prints a unified diff; with it each file is rewritten atomically, keeping its mode, the
original saved as `FILE.orig` unless `--no-backup`, and then checked again: if the new text
gains a warning or scores lower, the original is put back and the file reported as not fixed.
"""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from customerlens.documents.masking import front_matter_end, lf_only
from customerlens.documents.model import Document
from customerlens.model import FileResult, Fix, Level, RunResult

BACKUP_SUFFIX = ".orig"


@dataclass(frozen=True)
class Outcome:
    """One file: its text before and after, how many rewrites, and what happened."""

    path: str
    before: str
    after: str
    applied: int
    note: str = ""  # why nothing was written, when it was not


def apply(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """`text` with the `fixes` applied (overlapping ones: the first wins); the count applied.
    A fix inside front matter is never applied: a YAML value rewritten might not parse."""
    document = Document("", "text", text, ())
    front = front_matter_end(lf_only(text))
    spans = []
    for fix in fixes:
        start, end = _span(document, fix)
        if start >= front:
            spans.append((start, end, fix.replacement))
    out, position, applied = [], 0, 0
    for start, end, replacement in sorted(spans):
        if start < position:
            continue  # overlaps one already applied
        out += [text[position:start], replacement]
        position, applied = end, applied + 1
    out.append(text[position:])
    return "".join(out), applied


def sure(result: FileResult) -> list[Fix]:
    """The file's sure rewrites, each once, in reading order."""
    return sorted(
        dict.fromkeys(f.fix for f in result.findings if f.fix is not None),
        key=lambda fix: (fix.line, fix.column),
    )


def plan(result: FileResult, text: str, fixes: list[Fix] | None = None) -> Outcome:
    """The file's text with `fixes` (default: every sure rewrite) applied."""
    after, applied = apply(text, sure(result) if fixes is None else fixes)
    return Outcome(result.path, text, after, applied)


def original(text: str, fix: Fix) -> str:
    """The sentence a fix replaces, as written."""
    start, end = _span(Document("", "text", text, ()), fix)
    return text[start:end]


def _span(document: Document, fix: Fix) -> tuple[int, int]:
    """A fix's half-open source offsets."""
    return document.offset(fix.line, fix.column), document.offset(fix.end_line, fix.end_column)


Ask = Callable[[str, Fix], str]  # (the original sentence, the fix) → "a", "s", "q" or "e:TEXT"


def choose(text: str, fixes: list[Fix], ask: Ask) -> tuple[list[Fix], bool]:
    """The fixes accepted one by one (accept, skip, edit the replacement, or quit), and whether
    the user quit. Editing keeps the span and takes the typed sentence."""
    chosen: list[Fix] = []
    for fix in fixes:
        answer = ask(original(text, fix), fix)
        if answer == "q":
            return chosen, True
        if answer == "a":
            chosen.append(fix)
        elif answer.startswith("e:") and answer[2:].strip():
            chosen.append(replace(fix, replacement=answer[2:].strip()))
    return chosen, False


def diff(outcome: Outcome) -> str:
    lines = difflib.unified_diff(
        outcome.before.splitlines(keepends=True),
        outcome.after.splitlines(keepends=True),
        fromfile=f"a/{outcome.path}",
        tofile=f"b/{outcome.path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def worse(before: FileResult, after: FileResult) -> str | None:
    """Why the rewritten file is worse than the original, or None."""
    if after.error is not None:
        return f"the rewritten file cannot be read: {after.error}"
    old = before.score.total if before.score else None
    new = after.score.total if after.score else None
    if old is not None and (new is None or new < old):
        return f"the score would fall ({old:.1f} → {new if new is None else f'{new:.1f}'})"
    warnings = [sum(f.level >= Level.WARNING for f in r.findings) for r in (before, after)]
    if warnings[1] > warnings[0]:
        return f"warnings would rise ({warnings[0]} → {warnings[1]})"
    return None


def write(outcome: Outcome, backup: bool) -> None:
    """The new text over the file, atomically and keeping its mode; the original kept beside."""
    from customerlens.storage import replace_file

    if backup:
        real = Path(os.path.realpath(outcome.path))
        shutil.copy2(real, real.with_name(real.name + BACKUP_SUFFIX))
    replace_file(Path(outcome.path), (outcome.after.encode("utf-8"),))


def restore(outcome: Outcome) -> None:
    from customerlens.storage import replace_file

    replace_file(Path(outcome.path), (outcome.before.encode("utf-8"),))


def summary(outcomes: list[Outcome], written: bool) -> str:
    applied = sum(o.applied for o in outcomes if not o.note)
    files = sum(1 for o in outcomes if o.applied and not o.note)
    verb = "applied" if written else "to apply (run with --write)"
    return f"{applied} rewrite{'s' * (applied != 1)} in {files} file{'s' * (files != 1)} {verb}"


def results_by_path(result: RunResult) -> dict[str, FileResult]:
    return {file.path: file for file in result.files}
