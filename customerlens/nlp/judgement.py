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

        self.pieces: dict[str, int] = {p: i for i, p in enumerate(data["pieces"].tolist())}
        self.vectors = data["vectors"].astype(np.float32)
        self.rules: tuple[str, ...] = tuple(data["rules"].tolist())
        self.weights = data["weights"].astype(np.float64)  # labels × features
        self.bias = data["bias"].astype(np.float64)
        self.thresholds: tuple[float, ...] = tuple(float(t) for t in data["thresholds"])
        self._rule_index = {rule: i for i, rule in enumerate(self.rules)}
        self._unknown = self.pieces.get("[UNK]", 0)

    # --- features -------------------------------------------------------------------------

    def features(
        self,
        text: str,
        signals: Sequence[SentenceSignals],
        rules: Iterable[str],
        brands: tuple[str, ...] = (),
    ) -> numpy.ndarray:
        """The feature vector of one sentence: meaning, grammar and rules, hashed words."""
        import numpy as np

        dims = self.vectors.shape[1]
        grammar = GRAMMAR
        out = np.zeros(dims + grammar + len(self.rules) + HASH_BUCKETS, dtype=np.float64)
        words = [w.lower() for w in _WORD.findall(text)]
        lexical = dims + len(SIGNALS) + 3
        brand = _brand_pattern(brands)
        mentions = len(brand.findall(text)) if brand else 0
        stripped = text.strip()
        first = words[0] if words else ""
        out[lexical : lexical + len(LEXICAL)] = (
            min(sum(w in _WE for w in words), 3),
            min(sum(w in _YOU for w in words), 3),
            min(mentions, 3),
            float(first in _WE or bool(brand and brand.match(stripped))),
            float(stripped.endswith("?")),
            float(stripped.endswith("!")),
            float(any(c.isdigit() for c in text)),
        )
        out[:dims] = self.embedding(words)
        g = dims
        for k, name in enumerate(SIGNALS):
            values = [float(getattr(s, name)) for s in signals]
            out[g + k] = min(max(values, default=0.0), 3.0)
        count = sum(s.words for s in signals) or len(words)
        out[g + len(SIGNALS)] = np.log1p(count) / 4.0
        out[g + len(SIGNALS) + 1] = float(count <= 15)
        out[g + len(SIGNALS) + 2] = float(any(s.audiences for s in signals))
        r = dims + grammar
        for rule in rules:
            if rule in self._rule_index:
                out[r + self._rule_index[rule]] = 1.0
        h = r + len(self.rules)
        for gram in _grams(words):
            out[h + zlib.crc32(gram.encode("utf-8")) % HASH_BUCKETS] = 1.0
        return out

    def embedding(self, words: Sequence[str]) -> numpy.ndarray:
        """The normalised mean of the words' vectors (a word: the mean of its pieces)."""
        import numpy as np

        rows = [self._word_vector(w) for w in words]
        kept = [row for row in rows if row is not None]
        if not kept:
            return np.zeros(self.vectors.shape[1], dtype=np.float64)
        mean = np.mean(kept, axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean

    def _word_vector(self, word: str) -> numpy.ndarray | None:
        ids = [i for i in _wordpieces(word, self) if i != self._unknown]
        if not ids:
            return None
        result: numpy.ndarray = self.vectors[ids].mean(axis=0)
        return result

    # --- judging --------------------------------------------------------------------------

    def probabilities(self, features: numpy.ndarray) -> numpy.ndarray:
        """P(label) for each label, for one feature vector or a matrix of them."""
        import numpy as np

        scores = features @ self.weights.T + self.bias
        result: numpy.ndarray = 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))
        return result

    def judge(
        self,
        text: str,
        signals: Sequence[SentenceSignals],
        rules: Iterable[str],
        brands: tuple[str, ...] = (),
    ) -> Judgement:
        """The four probabilities of one sentence and the labels at or above their thresholds."""
        p = self.probabilities(self.features(text, signals, rules, brands))
        values = [round(float(x), 4) for x in p]
        labels = tuple(
            label for label, v, t in zip(LABELS, values, self.thresholds, strict=True) if v >= t
        )
        return Judgement(*values, labels=labels)

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


def _wordpieces(word: str, judge: Judge) -> list[int]:
    return list(_cached_pieces(word, id(judge), judge.pieces))


@functools.lru_cache(maxsize=200_000)
def _normal(word: str) -> str:
    """BERT's uncased normalisation: lower case, accents stripped."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


_PIECE_CACHE: dict[tuple[int, str], tuple[int, ...]] = {}


def _cached_pieces(word: str, key: int, vocab: dict[str, int]) -> tuple[int, ...]:
    found = _PIECE_CACHE.get((key, word))
    if found is None:
        if len(_PIECE_CACHE) > 200_000:
            _PIECE_CACHE.clear()
        found = _PIECE_CACHE[(key, word)] = tuple(_greedy(_normal(word), vocab))
    return found


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


@functools.cache
def load() -> Judge:
    """The judgement shipped with customerlens (loaded once per process)."""
    import numpy as np

    path = resources.files("customerlens.nlp").joinpath("judgement.npz")
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return Judge({name: data[name] for name in data.files})
