"""What a check sees (DocContext) and what it returns (Hit)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, overload

from customerlens.documents.model import Document
from customerlens.nlp.signals import SentenceSignals
from customerlens.settings.config import Config

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from customerlens.nlp.lexicon import Vocabulary
    from customerlens.nlp.prefilter import Anchors, Inflector
    from customerlens.nlp.readability import Readability


@dataclass(frozen=True)
class Hit:
    """A span a check found: characters `start:end` of block `block`'s text."""

    block: int
    start: int
    end: int
    sentence: SentenceSignals | None
    values: dict[str, Any] = field(default_factory=dict)
    scale: float = 1.0  # how strongly it counts towards the score (e.g. grades over target)
    whole: bool = False  # about the whole document, shown at its first sentence


@dataclass(frozen=True)
class Segment:
    """One sentence of a block as its own spaCy Doc; `offset` is where it starts in the block.
    Unparsed segments are only tokenized (see triggers.py)."""

    block: int
    offset: int
    doc: Doc | None  # None once the sentence rules have run (memory stays bounded)
    parsed: bool
    signals: SentenceSignals
    words: frozenset[str]  # its tokens in lower case, for a rule's quick "could I match?"
    watched: tuple[
        tuple[str, int, int], ...
    ] = ()  # (word, start, end) in the block, for document rules

    def hit(self, start: int, end: int, **values: Any) -> Hit:
        """A Hit for characters `start:end` of this segment's text."""
        return Hit(self.block, self.offset + start, self.offset + end, self.signals, values)


@dataclass
class DocContext:
    """A document as rules see it. `segments` may be a Spool (a huge document's sentences wait
    on disk): rules read it in order, or look a sentence up by position."""

    document: Document
    segments: Sequence[Segment]
    readability: Readability
    settings: Config

    sentences: Sequence[SentenceSignals] = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = _Signals(self.segments)

    def sentence_at(self, block: int, char: int) -> SentenceSignals | None:
        """The sentence of `block` that contains character `char`."""
        i = bisect.bisect_right(_Starts(self.segments), (block, char)) - 1
        if i >= 0 and self.segments[i].signals.block == block:
            return self.segments[i].signals
        return None

    def document_hit(self, **values: Any) -> Hit:
        """A finding about the whole document (it is reported at the file, not a sentence)."""
        first = self.sentences[0]
        return Hit(first.block, first.start, first.end, first, values, whole=True)


@dataclass(frozen=True)
class Env:
    """What compiling a rule may use: the pipeline (for its vocab) and the vocabulary."""

    nlp: Language
    vocabulary: Vocabulary
    inflector: Inflector


class Check(Protocol):
    def find(self, ctx: DocContext) -> list[Hit]: ...


class Kind:
    """A rule kind: a module in checks/kinds that validates a rule's params and compiles it into
    a Check, with the defaults most kinds share (no anchors of their own, no watched words).

    SENTENCE_SCOPE kinds read each sentence's Doc and run while the Docs exist; the others read
    only signals and `watched` words, after the whole document was read."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.SENTENCE_SCOPE: bool = module.SENTENCE_SCOPE

    def validate(self, params: dict[str, Any]) -> None:
        self.module.validate(params)

    def compile(self, params: dict[str, Any], env: Env) -> Check:
        check: Check = self.module.compile(params, env)
        return check

    def watched(self, params: dict[str, Any], settings: Config) -> set[str]:
        """Lower-case words whose every use the kind needs to see (document kinds)."""
        own = getattr(self.module, "watched", None)
        return set() if own is None else set(own(params, settings))

    def anchors(self, params: dict[str, Any], env: Env) -> Anchors | None:
        """The words a sentence must contain for this rule to fire (None: cannot say). By
        default none at all: the kind reads signals or words, never a sentence's parse."""
        own = getattr(self.module, "anchors", None)
        if own is not None:
            found: Anchors | None = own(params, env)
            return found
        from customerlens.nlp.prefilter import Anchors

        return Anchors()


class _Signals(Sequence[SentenceSignals]):
    """The signals of each segment, read through (no copy of a huge list)."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._segments = segments

    def __len__(self) -> int:
        return len(self._segments)

    def __iter__(self) -> Iterator[SentenceSignals]:
        return (segment.signals for segment in self._segments)

    @overload
    def __getitem__(self, index: int) -> SentenceSignals: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[SentenceSignals]: ...
    def __getitem__(self, index: int | slice) -> SentenceSignals | Sequence[SentenceSignals]:
        if isinstance(index, slice):
            return [segment.signals for segment in self._segments[index]]
        return self._segments[index].signals


class _Starts:
    """(block, start) of each segment, for bisect: sentences are in document order."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._segments = segments

    def __len__(self) -> int:
        return len(self._segments)

    def __getitem__(self, index: int) -> tuple[int, int]:
        signals = self._segments[index].signals
        return signals.block, signals.start
