"""The effective settings of a run. Frozen: built once from defaults and flags, then read."""

from __future__ import annotations

from dataclasses import dataclass, field

from customerlens.findings import Level


@dataclass(frozen=True)
class Config:
    model: str | None = None  # spaCy pipeline package; None = the first default installed
    brands: tuple[str, ...] = ()  # the company's and products' names: self references like "we"
    personas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    target_grade: float = 8.0
    long_sentence_words: int = 30
    fail_level: Level = Level.WARNING
    fail_under: float = 0.0
    select: tuple[str, ...] = ()  # rule ids, names or pillars; empty = all
    ignore: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=lambda: {"them": 0.35, "care": 0.30, "who": 0.20, "clarity": 0.15})
