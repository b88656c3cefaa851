"""The vocabulary behind the signals: built-in `rules/vocabulary.yml` plus a team's additions."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from customerlens.errors import RuleFileError
from customerlens.resources import builtin_rules_dir, read_yaml

if TYPE_CHECKING:
    from customerlens.settings.config import Config

TokenPattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Vocabulary:
    self_words: frozenset[str]
    reader_words: frozenset[str]
    inclusive_patterns: tuple[TokenPattern, ...]
    self_regarding_lemmas: frozenset[str]
    boast_emotion_lemmas: frozenset[str]
    announce_lemmas: frozenset[str]
    adoption_lemmas: frozenset[str]
    brand_user_words: frozenset[str]
    benefit_patterns: tuple[TokenPattern, ...]
    audience_lemmas: tuple[str, ...]
    brands: tuple[str, ...] = ()
    personas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    praise_phrases: tuple[
        str, ...
    ] = ()  # a team's own self-praise words, used by `team_phrases: praise`

    def with_team(self, config: Config) -> Vocabulary:
        """This vocabulary plus a team's brand names, personas, benefit and praise phrases."""
        benefits = tuple(
            [{"LOWER": word.lower()} for word in phrase.split()]
            for phrase in config.benefit_phrases
        )
        return replace(
            self,
            brands=self.brands + config.brands,
            personas={**self.personas, **config.personas},
            benefit_patterns=self.benefit_patterns + benefits,
            praise_phrases=self.praise_phrases + config.praise_phrases,
        )


_LIST_KEYS = (
    "self_words",
    "reader_words",
    "self_regarding_lemmas",
    "boast_emotion_lemmas",
    "announce_lemmas",
    "adoption_lemmas",
    "brand_user_words",
    "audience_lemmas",
)
_PATTERN_KEYS = ("inclusive_patterns", "benefit_patterns")


@functools.cache
def load_vocabulary() -> Vocabulary:
    """Read and validate the built-in vocabulary file (once per process: it is frozen)."""
    path = builtin_rules_dir() / "vocabulary.yml"
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(str(path), "expected a mapping at the top level")
    for key in _LIST_KEYS + _PATTERN_KEYS:
        if not isinstance(data.get(key), list):
            raise RuleFileError(str(path), f"'{key}' must be a list")
    for key in _PATTERN_KEYS:
        for pattern in data[key]:
            if not (isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern)):
                raise RuleFileError(
                    str(path), f"'{key}' holds a pattern that is not a list of token specs"
                )
    return Vocabulary(
        self_words=frozenset(str(w).lower() for w in data["self_words"]),
        reader_words=frozenset(str(w).lower() for w in data["reader_words"]),
        inclusive_patterns=tuple(data["inclusive_patterns"]),
        self_regarding_lemmas=frozenset(str(w).lower() for w in data["self_regarding_lemmas"]),
        boast_emotion_lemmas=frozenset(str(w).lower() for w in data["boast_emotion_lemmas"]),
        announce_lemmas=frozenset(str(w).lower() for w in data["announce_lemmas"]),
        adoption_lemmas=frozenset(str(w).lower() for w in data["adoption_lemmas"]),
        brand_user_words=frozenset(str(w).lower() for w in data["brand_user_words"]),
        benefit_patterns=tuple(data["benefit_patterns"]),
        audience_lemmas=tuple(dict.fromkeys(str(w).lower() for w in data["audience_lemmas"])),
    )
