"""What a check sees (DocContext) and what it returns (Hit)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from customerlens.documents.model import Document
from customerlens.signals import SentenceSignals

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from customerlens.readability import Readability
    from customerlens.vocabulary import Vocabulary


@dataclass(frozen=True)
class Hit:
    """A span a check found: characters `start:end` of block `block`'s text."""

    block: int
    start: int
    end: int
    sentence: SentenceSignals | None
    values: dict[str, Any] = field(default_factory=dict)
    scale: float = 1.0  # how strongly it counts towards the score (e.g. grades over target)


@dataclass(frozen=True)
class Settings:
    """The knobs checks read; filled from config and flags."""

    target_grade: float = 8.0
    long_sentence_words: int = 30
    required_personas: tuple[str, ...] = ()
    prefer: dict[str, tuple[str, ...]] = field(default_factory=dict)  # preferred term → discouraged ones


@dataclass
class DocContext:
    document: Document
    docs: list[Doc]
    sentences: list[SentenceSignals]
    readability: Readability
    settings: Settings

    def sentence_at(self, block: int, char: int) -> SentenceSignals | None:
        """The sentence of `block` that contains character `char`."""
        keys = [(s.block, s.start) for s in self.sentences]
        i = bisect.bisect_right(keys, (block, char)) - 1
        if i >= 0 and self.sentences[i].block == block:
            return self.sentences[i]
        return None

    def sentence_hit(self, sentence: SentenceSignals, **values: Any) -> Hit:
        return Hit(sentence.block, sentence.start, sentence.end, sentence, values)


@dataclass(frozen=True)
class Env:
    """What compiling a rule may use: the pipeline (for its vocab) and the vocabulary."""

    nlp: Language
    vocabulary: Vocabulary


class Check(Protocol):
    def find(self, ctx: DocContext) -> list[Hit]: ...


class Kind(Protocol):
    """A module in checks/kinds: validates a rule's params and compiles it into a Check."""

    def validate(self, params: dict[str, Any]) -> None: ...

    def compile(self, params: dict[str, Any], env: Env) -> Check: ...
