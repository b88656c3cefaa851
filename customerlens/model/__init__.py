"""The seam between the core and the reporters: plain, frozen, picklable data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

PILLARS: tuple[str, ...] = ("who", "care", "them", "clarity")
META = "meta"  # the pillar of findings about directives themselves; never scored


class Level(IntEnum):
    """Severity of a finding; ordered so that `--fail-level` is a comparison."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Level:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown level {name!r} (choose from {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


REWRITE_PREFIX = "Rewrite: "


@dataclass(frozen=True)
class Fix:
    """A rewrite that can be applied as is: `replacement` for the original text from
    `line:column` to `end_line:end_column` (1-based, end exclusive) — the whole sentence, written
    in the file exactly as the rewrite read it (no markup or entity inside)."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True)
class Finding:
    """One flagged span. Positions are 1-based and point into the original file;
    `end_column` is exclusive, `match` is the original text of the span."""

    rule: str
    pillar: str
    level: Level
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    message: str
    suggestion: str
    context: str = ""  # the prose sentence the span sits in, for people-facing reports
    context_start: int = 0  # the span's place inside `context` (half-open)
    context_end: int = 0
    offset: int = 0  # start offset in the original text; used for ordering and suppression
    # "document" for a finding about the whole document (no audience, reading grade): it has no
    # span and sits at the file (line 1, column 1, no match); "text" for one about its span.
    scope: str = "text"
    rewrite: str | None = None  # the whole sentence turned towards the reader, where that is honest
    fix: Fix | None = None  # the rewrite as an edit, when the sentence can be replaced as written

    @property
    def whole(self) -> bool:
        """About the whole document, not a span of it."""
        return self.scope == "document"

    @property
    def position(self) -> str:
        """`line:column` for people, or `file` for a finding about the whole document."""
        return "file" if self.whole else f"{self.line}:{self.column}"

    def sort_key(self) -> tuple[int, int, str]:
        """Reading order, findings about the whole document first (they head the file)."""
        return (0, 0, self.rule) if self.whole else (self.line, self.column, self.rule)

    def advice(self) -> str:
        """The rewrite (on one line, after `Rewrite: `) and then the suggestion: how formats
        with a single text field carry both."""
        if not self.rewrite:
            return self.suggestion
        line = REWRITE_PREFIX + " ".join(self.rewrite.split())
        return f"{line}\n{self.suggestion}" if self.suggestion else line


@dataclass(frozen=True)
class Score:
    """A document's score. `total` and the pillars are None only for a text with no sentence;
    `short` marks a score read from fewer words than a page (a headline, a tagline)."""

    total: float | None
    pillars: dict[str, float | None]
    counts: dict[str, float | int | str | list[str] | None] = field(default_factory=dict)
    short: bool = False
    # The findings of the selected rules only weigh in (`select`/`ignore` were set): the same
    # page scores differently under another selection, so every report says so.
    selected: bool = False

    @property
    def qualifier(self) -> str:
        """What a one-line report adds after the number ("" for a full score of a page)."""
        notes = ["short copy"] * self.short + ["selected rules only"] * self.selected
        return f" ({', '.join(notes)})" if notes else ""


@dataclass(frozen=True)
class Sentence:
    """One sentence as the judgement read it: where it is, and how sure customerlens is of
    each of the four judgements (`labels`: those at or above their thresholds)."""

    line: int
    column: int
    end_line: int
    end_column: int
    labels: tuple[str, ...]
    confidence: tuple[tuple[str, float], ...]  # (label, probability) in LABELS order


@dataclass(frozen=True)
class Mark:
    """A span to highlight for people: a self or reader reference, or a benefit phrase."""

    kind: str  # "self" | "reader" | "benefit"
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int  # in the original text, half-open with end_offset
    end_offset: int


@dataclass(frozen=True)
class Paragraph:
    """Who one block (paragraph, heading, list item…) talks about: the heatmap's row."""

    line: int
    end_line: int
    kind: str
    words: int
    self_refs: int
    reader_refs: int
    benefits: int
    text: str = ""  # the block's prose, kept only for reports that show it (detail runs)


@dataclass(frozen=True)
class FileResult:
    """What one input produced: a score and findings, or an error that stopped it."""

    path: str
    format: str = ""
    score: Score | None = None
    findings: Sequence[Finding] = ()  # a tuple, or a Spool for a huge input
    error: str | None = None
    # The gate this file is held to (its configuration may differ from its neighbours').
    fail_level: Level | None = None
    fail_under: float | None = None
    paragraphs: Sequence[Paragraph] = ()
    # Kept only when a report shows the text itself (HTML): memory stays flat otherwise.
    marks: Sequence[Mark] = ()
    source: str | None = None
    # With `source`, for an HTML draft: the (start, end) offsets of its copy, so a report can
    # show the text without the markup around it. Empty: the whole source reads as written.
    visible: tuple[tuple[int, int], ...] = ()
    sentences: Sequence[Sentence] = ()
    note: str | None = None  # a hint for people, e.g. where the copy of an unscored file is


@dataclass(frozen=True)
class RunResult:
    files: tuple[FileResult, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for result in self.files for f in result.findings)

    @property
    def errors(self) -> tuple[FileResult, ...]:
        return tuple(result for result in self.files if result.error is not None)
