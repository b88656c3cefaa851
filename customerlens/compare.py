"""`customerlens compare OLD NEW`: is the new draft better than the old one, and why?

Both drafts go through the same runner (their configuration files apply, the result cache too).
The comparison shows the total and per-pillar change, the self/reader reference counts before and
after, and which findings were fixed and which introduced. Findings are matched by what they are
about, never by line: first by rule, matched words and sentence (all whitespace- and
case-normalised), then by rule and matched words alone (the sentence changed, the problem did
not), and a finding about a whole sentence (a paragraph, a run, the reading grade) by its rule.
NEW scoring lower than OLD is exit 1, so the command can gate a rewrite in CI.

`--rev REV FILE` compares FILE as committed at REV (`git cat-file blob REV:path`, the path taken
relative to the repository root, wherever the command runs) with the working copy.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from customerlens.errors import ConfigError, InputError
from customerlens.exitcodes import ExitCode
from customerlens.filters.git import GitError, git
from customerlens.model import PILLARS, FileResult, Finding, Level
from customerlens.model.identity import finding_key, normalised

# a finding reads the same as in `check --format json`
from customerlens.model.jsonable import finding_data, rounded
from customerlens.run.discovery import Source, discover
from customerlens.settings.resolve import ConfigResolver

VERSION = 1
REFERENCES = ("self_refs", "reader_refs")


@dataclass(frozen=True)
class Draft:
    """One side of the comparison before it is checked: where it is shown from and its bytes
    (None: read the file)."""

    source: Source
    data: bytes | None = None
    config_path: Path | None = None  # whose configuration applies (a revision: the working copy's)


@dataclass(frozen=True)
class Comparison:
    old: FileResult
    new: FileResult
    fixed: tuple[Finding, ...]  # in OLD, gone from NEW (OLD's lines)
    introduced: tuple[Finding, ...]  # in NEW, not in OLD (NEW's lines)

    @property
    def totals(self) -> tuple[float | None, float | None]:
        return _total(self.old), _total(self.new)

    @property
    def change(self) -> float | None:
        old, new = self.totals
        return None if old is None or new is None else rounded(new - old)

    @property
    def new_warnings(self) -> int:
        """Findings at warning level or above that the new draft introduces."""
        return sum(f.level >= Level.WARNING for f in self.introduced)

    @property
    def verdict(self) -> str:
        """better | worse | same | not scored (a draft with no sentence at all). The same score
        with new warnings is worse: the new draft added self-centred copy."""
        change = self.change
        if change is None:
            return "not scored"
        if change == 0:
            return "worse" if self.new_warnings else "same"
        return "better" if change > 0 else "worse"

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if self.verdict == "worse" else ExitCode.OK


# --- reading the drafts ---------------------------------------------------------------------


def drafts(old: str, new: str | None, rev: str | None) -> tuple[Draft, Draft]:
    """The two sides: two files, or (with `rev`) one file at a revision and in the working copy."""
    if rev is None:
        if new is None:
            raise ConfigError("compare needs two drafts: OLD NEW (or --rev REV FILE)")
        return Draft(_source(old)), Draft(_source(new))
    if new is not None:
        raise ConfigError("with --rev, give one file: it is compared with itself at that revision")
    current = _source(old)
    data = read_at_revision(rev, old)
    return Draft(Source(f"{rev}:{old}", None, current.format), data, Path(old)), Draft(current)


def _source(path: str) -> Source:
    if path == "-":
        raise ConfigError("compare reads files, not standard input")
    found = discover([path])
    if found.errors:
        raise found.errors[0]
    if len(found.files) != 1:
        raise InputError(path, "is a directory; compare takes one file on each side")
    return found.files[0]


def read_at_revision(rev: str, path: str) -> bytes:
    """The bytes of `path` as committed at `rev`; `path` may be relative to the current folder
    or absolute, git wants it relative to the repository root."""
    if not rev or rev.startswith("-"):
        raise ConfigError(f"--rev: {rev!r} is not a git revision")
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise InputError(path, "no such directory")
    top = (
        _git(folder, path, "rev-parse", "--show-toplevel")
        .decode("utf-8", "surrogateescape")
        .rstrip("\n")
    )
    relative = os.path.relpath(real, os.path.realpath(top))
    if relative.startswith(os.pardir):
        raise InputError(path, f"is outside the git repository at {top}")
    spec = f"{rev}:{relative.replace(os.sep, '/')}"
    return _git(top, f"{rev}:{path}", "cat-file", "blob", spec)


def _git(cwd: str, display: str, *args: str) -> bytes:
    try:
        return git(cwd, *args)
    except GitError as exc:
        if exc.missing:
            raise ConfigError("--rev needs git, and git is not installed") from None
        raise InputError(display, str(exc).removeprefix("fatal: ")) from None


# --- comparing -------------------------------------------------------------------------------


def compare(
    old: Draft,
    new: Draft,
    resolver: ConfigResolver,
    cache: Path | None = None,
) -> Comparison:
    """Check both drafts (each with its configuration) and match their findings."""
    from customerlens.run.runner import Task, checked_path, process

    results = []
    for draft in (old, new):
        where = draft.config_path or checked_path(draft.source)
        config = resolver.resolve(where).config
        result = process(Task(draft.source, config, draft.data, cache))
        if result.error is not None:
            raise InputError(result.path, result.error)
        results.append(result)
    fixed, introduced = match(results[0].findings, results[1].findings)
    return Comparison(results[0], results[1], fixed, introduced)


def match(
    old: Iterable[Finding], new: Iterable[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(fixed, introduced): the findings of `old` that `new` no longer has, and the new ones."""
    left, right = sorted(old, key=Finding.sort_key), sorted(new, key=Finding.sort_key)
    for key in (finding_key, _words_key, _whole_sentence_key):
        left, right = _unmatched(left, right, key)
    return tuple(left), tuple(right)


def _unmatched(
    left: list[Finding], right: list[Finding], key: Callable[[Finding], object]
) -> tuple[list[Finding], list[Finding]]:
    """Pair equal keys one for one (a key may occur several times); return what is left."""
    return _without(left, right, key), _without(right, left, key)


def _without(
    findings: list[Finding], others: list[Finding], key: Callable[[Finding], object]
) -> list[Finding]:
    """`findings` less one for each finding of `others` with the same (non-None) key."""
    available = Counter(k for k in map(key, others) if k is not None)
    kept = []
    for finding in findings:
        k = key(finding)
        if k is not None and available[k] > 0:
            available[k] -= 1
        else:
            kept.append(finding)
    return kept


def _words_key(finding: Finding) -> tuple[str, str]:
    return finding.rule, normalised(finding.match)


def _whole_sentence_key(finding: Finding) -> str | None:
    """A finding about a whole sentence (or paragraph, run, document) is the same problem
    wherever its first sentence moved; one about particular words is not."""
    whole = (
        finding.context
        and finding.context_start == 0
        and finding.context_end >= len(finding.context.rstrip())
    )
    return finding.rule if whole else None


def _total(result: FileResult) -> float | None:
    return None if result.score is None else rounded(result.score.total)


def _pillar(result: FileResult, name: str) -> float | None:
    return None if result.score is None else rounded(result.score.pillars.get(name))


def _count(result: FileResult, name: str) -> int | None:
    value = None if result.score is None else result.score.counts.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _delta(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else rounded(new - old)


def _difference(old: int | None, new: int | None) -> int | None:
    return None if old is None or new is None else new - old


# --- output ----------------------------------------------------------------------------------


def _side(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "total": _total(result),
        "pillars": {name: _pillar(result, name) for name in PILLARS},
        "counts": {name: _count(result, name) for name in REFERENCES},
        "findings": len(result.findings),
    }


def document(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain data, in the key order it is written."""
    old, new = comparison.old, comparison.new
    counts = {name: _difference(_count(old, name), _count(new, name)) for name in REFERENCES}
    return {
        "version": VERSION,
        "old": _side(old),
        "new": _side(new),
        "change": {
            "total": comparison.change,
            "pillars": {name: _delta(_pillar(old, name), _pillar(new, name)) for name in PILLARS},
            "counts": counts,
            "findings": len(new.findings) - len(old.findings),
        },
        "fixed": [finding_data(f) for f in sorted(comparison.fixed, key=Finding.sort_key)],
        "introduced": [
            finding_data(f) for f in sorted(comparison.introduced, key=Finding.sort_key)
        ],
        "verdict": comparison.verdict,
    }


def render_json(comparison: Comparison) -> str:
    return json.dumps(document(comparison), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_text(comparison: Comparison, color: bool = False, width: int = 100) -> str:
    """The comparison as a rich table, then the findings fixed and introduced, then the verdict."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from customerlens.reporters.text import capture

    console, printed = capture(color, width)
    old, new = comparison.old, comparison.new
    console.print(Text.assemble("old: ", (old.path, "bold")))
    console.print(Text.assemble("new: ", (new.path, "bold")))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("")
    for name in ("old", "new", "change"):
        table.add_column(name, justify="right", no_wrap=True)
    rows: list[tuple[str, float | int | None, float | int | None, bool]] = [
        ("total", _total(old), _total(new), True),
        *((name, _pillar(old, name), _pillar(new, name), True) for name in PILLARS),
        ("self refs", _count(old, "self_refs"), _count(new, "self_refs"), False),
        ("reader refs", _count(old, "reader_refs"), _count(new, "reader_refs"), True),
        ("findings", len(old.findings), len(new.findings), False),
    ]
    for label, before, after, up_is_good in rows:
        table.add_row(
            Text(label, style="bold" if label == "total" else ""),
            _cell(before),
            _cell(after),
            _change(before, after, up_is_good),
        )
    console.print(table)
    for title, findings, mark, style in (
        ("Fixed (line:column in the old draft)", comparison.fixed, "✓", "green"),
        ("Introduced (line:column in the new draft)", comparison.introduced, "✗", "red"),
    ):
        console.print(
            Text.assemble(
                (f"{title.split(' ')[0]}: {len(findings)}", "bold"),
                f" {title.split(' ', 1)[1]}" if findings else "",
            )
        )
        grid = Table.grid(padding=(0, 2), pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for finding in sorted(findings, key=Finding.sort_key):
            grid.add_row(
                Text(f"  {mark}", style=style),
                Text(finding.rule, style="bold"),
                finding.position,
                _context(finding, color),
            )
        if findings:
            console.print(grid)
    console.print(Text(_verdict_line(comparison), style="bold"))
    return printed()


def _context(finding: Finding, color: bool) -> Any:
    """The sentence, its flagged words underlined (colour) or »marked« (plain)."""
    from rich.text import Text

    context = finding.context or finding.match
    text = Text(" ".join(context.split()) if not finding.context else context, style="italic")
    start, end = finding.context_start, finding.context_end
    if not finding.context or not 0 <= start < end <= len(context):
        return text
    if color:
        text.stylize("bold underline", start, end)
        return text
    return Text.assemble(text[:start], "»", text[start:end], "«", text[end:])


def _cell(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _change(before: float | None, after: float | None, up_is_good: bool) -> Any:
    from rich.text import Text

    if before is None or after is None:
        return Text("n/a", style="dim")
    delta = (
        rounded(after - before)
        if isinstance(before, float) or isinstance(after, float)
        else after - before
    )
    if delta == 0:
        return Text("±0" if isinstance(delta, int) else "±0.0", style="dim")
    good = (delta > 0) == up_is_good
    shown = f"{delta:+.1f}" if isinstance(delta, float) else f"{delta:+d}"
    return Text(shown, style="green" if good else "red")


def _verdict_line(comparison: Comparison) -> str:
    old, new = comparison.totals
    if comparison.verdict == "not scored":
        which = (
            "neither draft has"
            if old is None and new is None
            else "the old draft has"
            if old is None
            else "the new draft has"
        )
        return f"Not compared: {which} no prose to score."
    change = comparison.change
    if comparison.verdict == "same":
        return f"The new draft scores the same as the old one ({new:.1f})."
    if change == 0:
        warnings = comparison.new_warnings
        return (
            f"The new draft scores the same as the old one ({new:.1f}) but adds {warnings}"
            f" warning{'s' if warnings != 1 else ''}: it is worse."
        )
    word = "higher" if comparison.verdict == "better" else "lower"
    return f"The new draft scores {word} than the old one: {old:.1f} → {new:.1f} ({change:+.1f})."
