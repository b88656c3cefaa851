"""The learned judgement: four probabilities per sentence (self_focus, reader_focus, benefit,
self_praise), from what the sentence says and how it is built.

Rules find spans and explain them; this decides how sure customerlens is. A sentence is read as
three kinds of evidence, one feature vector:
- its meaning: the mean of static wordpiece vectors distilled from a sentence-embedding model
  (training/distil_vectors.py), so "cancel any time" and "no lock-in" land near each other
  without a word list;
- its grammar: the signals the annotator read from the parse (who is the subject, is the reader
  addressed, is it quoted, a headline…) and which rules fired in it;
- its words: hashed word unigrams and bigrams.
One logistic regression per label turns the vector into a probability. Everything is numpy and
one data file in the wheel (`judgement.npz`, built by `training/train_judgement.py` from the
labelled set in data/judgement/): nothing is downloaded, and equal input gives equal output.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy

    from customerlens.nlp.signals import SentenceSignals

LABELS = ("self_focus", "reader_focus", "benefit", "self_praise")
HASH_BUCKETS = 1 << 13
SIGNALS = (
    "self_refs", "reader_refs", "imperative", "self_subject", "reader_subject", "self_regarding",
    "benefit", "boasting", "quoted", "heading", "opens_with_self",
)  # fmt: skip
LEXICAL = ("we", "you", "brand", "opens_with_ref", "question", "exclamation", "number")
_WE = frozenset(
    {"we", "us", "our", "ours", "ourselves", "we're", "we’re", "we've", "we’ve", "we'll", "we’ll"}
)
_YOU = frozenset(
    {"you", "your", "yours", "yourself", "yourselves", "you're", "you’re", "you'll", "you’ll"}
)
_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
GRAMMAR = len(SIGNALS) + 3 + len(LEXICAL)  # signals, length, short, audience, lexical
_MAX_PIECE_WORD = 100  # longer "words" are one unknown piece, as in BERT
_WORD_MEMO = 100_000  # word vectors kept per loaded model


@dataclass(frozen=True)
class Judgement:
    """The four probabilities of one sentence, and which of them reach their thresholds."""

    self_focus: float
    reader_focus: float
    benefit: float
    self_praise: float
    labels: tuple[str, ...]

    def probability(self, label: str) -> float:
        value: float = getattr(self, label)
        return value


class Judge:
    """A loaded judgement model; create once (see `load`), judge many sentences."""

    def __init__(self, data: dict[str, Any]) -> None:
        import numpy as np

        self.pieces: dict[str, int] = {p: i for i, p in enumerate(unpack(data["pieces"]))}
        self.vectors = data["vectors"].astype(np.float32)
        self.rules: tuple[str, ...] = tuple(data["rules"].tolist())
        self.weights = data["weights"].astype(np.float64)  # labels × features
        self.bias = data["bias"].astype(np.float64)
        self.thresholds: tuple[float, ...] = tuple(float(t) for t in data["thresholds"])
        self._rule_index = {rule: i for i, rule in enumerate(self.rules)}
        self._unknown = self.pieces.get("[UNK]", 0)
        self._words: dict[str, numpy.ndarray | None] = {}

    # --- features -------------------------------------------------------------------------

    def features(
        self,
        text: str,
        signals: Sequence[SentenceSignals],
        rules: Iterable[str],
        brands: tuple[str, ...] = (),
    ) -> numpy.ndarray:
        """The whole feature vector of one sentence (for training): the dense part, then one
        column per hash bucket of its words."""
        import numpy as np

        dense, buckets = self._parts(text, signals, rules, brands)
        hashed = np.zeros(HASH_BUCKETS, dtype=np.float64)
        hashed[buckets] = 1.0
        return np.concatenate([dense, hashed])

    def _parts(
        self,
        text: str,
        signals: Sequence[SentenceSignals],
        rules: Iterable[str],
        brands: tuple[str, ...],
    ) -> tuple[numpy.ndarray, list[int]]:
        """(meaning, grammar, lexical and rule features; the hash buckets of its words)."""
        import numpy as np

        dims = self.vectors.shape[1]
        words = [w.lower() for w in _WORD.findall(text)]
        brand = _brand_pattern(brands)
        stripped = text.strip()
        first = words[0] if words else ""
        count = sum(s.words for s in signals) or len(words)
        grammar = [
            *(min(max((float(getattr(s, name)) for s in signals), default=0.0), 3.0)
              for name in SIGNALS),
            np.log1p(count) / 4.0,
            float(count <= 15),
            float(any(s.audiences for s in signals)),
            min(sum(w in _WE for w in words), 3),
            min(sum(w in _YOU for w in words), 3),
            min(len(brand.findall(text)), 3) if brand else 0,
            float(first in _WE or bool(brand and brand.match(stripped))),
            float(stripped.endswith("?")),
            float(stripped.endswith("!")),
            float(any(c.isdigit() for c in text)),
        ]  # fmt: skip
        fired = np.zeros(len(self.rules))
        for rule in rules:
            if rule in self._rule_index:
                fired[self._rule_index[rule]] = 1.0
        dense = np.concatenate([self.embedding(words), grammar, fired])
        assert len(dense) == dims + GRAMMAR + len(self.rules)
        buckets = sorted({zlib.crc32(g.encode("utf-8")) % HASH_BUCKETS for g in _grams(words)})
        return dense, buckets

    def embedding(self, words: Sequence[str]) -> numpy.ndarray:
        """The normalised mean of the words' vectors (a word: the mean of its pieces)."""
        import numpy as np

        rows = [self._word_vector(w) for w in words]
        kept = [row for row in rows if row is not None]
        if not kept:
            return np.zeros(self.vectors.shape[1], dtype=np.float64)
        mean: numpy.ndarray = np.mean(kept, axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean

    def _word_vector(self, word: str) -> numpy.ndarray | None:
        """The mean of the word's wordpiece rows (None: no known piece); memoised, since the
        words of a site repeat."""
        if word in self._words:
            return self._words[word]
        ids = [i for i in _greedy(_normal(word), self.pieces) if i != self._unknown]
        vector = self.vectors[ids].mean(axis=0) if ids else None
        if len(self._words) >= _WORD_MEMO:
            self._words.clear()
        self._words[word] = vector
        return vector

    # --- judging --------------------------------------------------------------------------

    def judge(
        self,
        text: str,
        signals: Sequence[SentenceSignals],
        rules: Iterable[str],
        brands: tuple[str, ...] = (),
    ) -> Judgement:
        """The four probabilities of one sentence and the labels at or above their thresholds.

        The logistic regression over `features(…)`, without building the 8,000-wide vector: the
        dense part is a product, the hashed words pick their columns."""
        import numpy as np

        dense, buckets = self._parts(text, signals, rules, brands)
        width = len(dense)
        scores = self.weights[:, :width] @ dense + self.bias
        if buckets:
            scores += self.weights[:, width:][:, buckets].sum(axis=1)
        p = 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))
        values = [round(float(x), 4) for x in p]
        labels = tuple(
            label for label, v, t in zip(LABELS, values, self.thresholds, strict=True) if v >= t
        )
        self_focus, reader_focus, benefit, self_praise = values
        return Judgement(self_focus, reader_focus, benefit, self_praise, labels)

    def weighed(self, text: str, label: str) -> list[str]:
        """The words of `text` that pushed `label` up most (its meaning and word weights), for
        explaining a judgement no rule stands behind."""
        k = LABELS.index(label)
        dims = self.vectors.shape[1]
        hashed = dims + GRAMMAR + len(self.rules)
        words = [w for w in _WORD.findall(text) if any(c.isalnum() for c in w)]
        pushes = []
        for word in dict.fromkeys(words):
            vector = self._word_vector(word.lower())
            push = 0.0 if vector is None else float(self.weights[k, :dims] @ vector)
            bucket = zlib.crc32(f"u:{word.lower()}".encode()) % HASH_BUCKETS
            push += float(self.weights[k, hashed + bucket])
            pushes.append((push, word))
        return [w for push, w in sorted(pushes, key=lambda p: -p[0]) if push > 0][:3]


@functools.lru_cache(maxsize=64)
def _brand_pattern(brands: tuple[str, ...]) -> re.Pattern[str] | None:
    names = sorted({b.strip() for b in brands if b.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I)


def _grams(words: Sequence[str]) -> list[str]:
    unigrams = [f"u:{w}" for w in words]
    bigrams = [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return unigrams + bigrams


@functools.lru_cache(maxsize=200_000)
def _normal(word: str) -> str:
    """BERT's uncased normalisation: lower case, accents stripped."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _greedy(word: str, vocab: dict[str, int]) -> list[int]:
    """WordPiece: the longest known prefix, then the longest known `##` continuation…"""
    unknown = vocab.get("[UNK]", 0)
    if not word or len(word) > _MAX_PIECE_WORD:
        return [unknown]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                pieces.append(vocab[piece])
                break
            end -= 1
        else:
            return [unknown]
        start = end
    return pieces


def pack(pieces: Sequence[str]) -> numpy.ndarray:
    """The wordpiece vocabulary as UTF-8 bytes, one piece a line: a tenth of numpy's
    fixed-width strings, and read back at once."""
    import numpy as np

    return np.frombuffer("\n".join(pieces).encode("utf-8"), dtype=np.uint8)


def unpack(pieces: numpy.ndarray) -> list[str]:
    """The vocabulary from `pack` (or, as the distilled table keeps it, a string array)."""
    if pieces.dtype.kind == "U":
        return [str(p) for p in pieces.tolist()]
    return bytes(pieces).decode("utf-8").split("\n")


@functools.cache
def load() -> Judge:
    """The judgement shipped with customerlens (loaded once per process)."""
    import numpy as np

    path = resources.files("customerlens.nlp").joinpath("judgement.npz")
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return Judge({name: data[name] for name in data.files})
