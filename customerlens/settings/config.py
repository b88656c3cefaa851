"""The effective settings for one checked file. Frozen: built once, then only read.

Values cascade: defaults → the nearest `.customerlens.toml` / `[tool.customerlens]` in
`pyproject.toml` (or `--config FILE`) → its `[[overrides]]` whose globs match the file → flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from customerlens.model import Level

# How much each pillar counts towards the total score.
DEFAULT_WEIGHTS: dict[str, float] = {"them": 0.35, "care": 0.30, "who": 0.20, "clarity": 0.15}


@dataclass(frozen=True)
class Config:
    model: str | None = None  # spaCy pipeline package; None = the first default installed
    # Who "we" are: names counted as self references like "we" ("Acme", "Acme Cloud").
    brands: tuple[str, ...] = ()
    # Who the readers are: persona name → the terms that denote it.
    personas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    require_personas: tuple[str, ...] = ()  # personas these files must address (CL303)
    # Vocabulary a team adds: benefit phrases, self-praise words, words never flagged,
    # preferred term → the terms it replaces.
    benefit_phrases: tuple[str, ...] = ()
    praise_phrases: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    prefer: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Thresholds.
    target_grade: float = 8.0
    # How sure the judgement must be that a sentence is about the reader (and not about the
    # company) to lower a rule's finding in it to a suggestion that does not count.
    confidence: float = 0.9
    long_sentence_words: int = 30
    fail_level: Level = Level.WARNING
    fail_under: float = 0.0
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    # Rules: select/ignore by id, id prefix, name, pillar or glob; per-rule level; own rule folders.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    levels: dict[str, Level] = field(default_factory=dict)
    rule_folders: tuple[Path, ...] = ()
    # Files, relative to `root` (the folder of the configuration file).
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    front_matter: bool = False  # read the copy kept in front matter (title, description…)
    root: Path | None = None

    def analysis_key(self) -> tuple[object, ...]:
        """What the linter depends on: files with equal keys share one compiled linter."""
        return (
            self.model,
            self.brands,
            tuple(sorted(self.personas.items())),
            self.require_personas,
            self.benefit_phrases,
            self.praise_phrases,
            self.allow,
            tuple(sorted(self.prefer.items())),
            self.target_grade,
            self.confidence,
            self.long_sentence_words,
            tuple(sorted(self.weights.items())),
            self.select,
            self.ignore,
            tuple(sorted(self.levels.items())),
            self.rule_folders,
            self.front_matter,
        )
