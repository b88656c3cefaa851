"""Readability: offline, deterministic syllable counts that agree with textstat, and the cached
syllable and hyphenation data answer exactly as the data they were made from."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nltk  # type: ignore[import-untyped]
import pytest
import textstat  # type: ignore[import-untyped]
from textstat.backend.counts import _count_syllables as counter  # type: ignore[import-untyped]
from textstat.backend.utils._get_cmudict import (  # type: ignore[import-untyped]
    get_cmudict as nltk_get_cmudict,
)

from customerlens.nlp import readability
from customerlens.nlp.readability import Readability, TextstatIncompatibleError, measure

SIMPLE = ["You get help fast.", "We fix it.", "You go home."]
COMPLEX = [
    (
        "Organisations implementing comprehensive interoperability frameworks "
        "systematically accelerate transformational digitalisation initiatives."
    ),
]


def _reset_caches() -> None:
    readability.syllable_table.cache_clear()
    readability._textstat.cache_clear()
    counter.count_syllables.cache_clear()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh process in miniature: empty cache dir, no table in memory, and textstat
    wired to NLTK again, as it is before customerlens touches it."""
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(tmp_path / "cache"))
    directory = tmp_path / "cache" / "tables"
    monkeypatch.setattr(counter, "get_cmudict", nltk_get_cmudict)
    _reset_caches()
    yield directory
    _reset_caches()


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No sockets, and an NLTK that has no data anywhere."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("customerlens tried to use the network")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    monkeypatch.setenv("NLTK_DATA", str(empty))
    monkeypatch.setattr(nltk.data, "path", [str(empty)])


@pytest.mark.usefixtures("offline")
def test_guard_catches_nltk(cache_dir: Path) -> None:
    """The offline fixture really bites: textstat on its own cannot count here."""
    with pytest.raises((LookupError, AssertionError)):
        textstat.syllable_count("customer")


@pytest.mark.usefixtures("offline")
def test_counts_offline_and_deterministic(cache_dir: Path) -> None:
    first = measure(SIMPLE + COMPLEX, 30)
    assert textstat.syllable_count("wonderful") == 3
    assert textstat.syllable_count("customer") == 3  # pyphen alone would say 2
    assert textstat.syllable_count("our customers") == 5
    assert list(cache_dir.iterdir())  # the table was cached

    _reset_caches()  # warm start: table from the cache file
    assert measure(SIMPLE + COMPLEX, 30) == first
    assert measure(SIMPLE, 30).grade < measure(COMPLEX, 30).grade
    assert measure(SIMPLE, 30).reading_ease > measure(COMPLEX, 30).reading_ease


def test_fresh_interpreter_offline(tmp_path: Path) -> None:
    """A new process with no network, no NLTK data and no cache; twice, same answer.
    Also: importing readability does not import spaCy."""
    script = """
import json, socket, sys
from pathlib import Path
import nltk  # type: ignore[import-untyped]
def refuse(*a, **k):
    raise AssertionError("network")
socket.socket = socket.create_connection = socket.getaddrinfo = refuse
nltk.data.path[:] = [sys.argv[1]]
from customerlens.nlp import readability
assert "spacy" not in sys.modules
r = readability.measure(sys.argv[3:], 30)
print(json.dumps([r.grade, r.reading_ease, r.words, r.sentences, r.long_sentences]))
"""
    (tmp_path / "nltk").mkdir()
    args = [sys.executable, "-c", script, str(tmp_path / "nltk"), str(tmp_path / "cache"), *SIMPLE]
    env = {
        "NLTK_DATA": str(tmp_path / "nltk"),
        "PATH": "",
        "CUSTOMERLENS_CACHE_DIR": str(tmp_path / "cache"),
    }
    cold = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    warm = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    assert cold.stdout == warm.stdout
    assert json.loads(cold.stdout)[2:] == [10, 3, 0]


def test_agrees_with_textstat(cache_dir: Path) -> None:
    sentences = [
        "The customer reads the pricing page slowly.",
        "You get a clear answer every single time.",
        "Our wonderful team builds reliable tools for extraordinarily busy people.",
    ]
    text = " ".join(sentences)
    result = measure(sentences, 30)
    assert result.grade == pytest.approx(textstat.flesch_kincaid_grade(text))
    assert result.reading_ease == pytest.approx(textstat.flesch_reading_ease(text))
    assert (result.words, result.sentences) == (textstat.lexicon_count(text), 3)


@pytest.mark.parametrize("sentences", [[], [""], ["  ", "..."], ["—"]])
def test_no_words_no_crash(cache_dir: Path, sentences: list[str]) -> None:
    assert measure(sentences, 30) == Readability(0.0, 0.0, 0, 0, 0)


def test_long_sentences(cache_dir: Path) -> None:
    long = " ".join(["word"] * 26) + "."
    result = measure([long, "Short one here.", " ".join(["word"] * 25) + "."], 25)
    assert (result.sentences, result.long_sentences, result.words) == (3, 1, 54)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:]),
        lambda blob: b"",
        lambda blob: b"not a cache at all",
    ],
    ids=["truncated", "flipped", "empty", "garbage"],
)
def test_corrupt_cache_is_rebuilt(cache_dir: Path, damage: object) -> None:
    built = dict(readability.syllable_table())
    (path,) = cache_dir.iterdir()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    _reset_caches()
    assert readability.syllable_table() == built
    assert readability._read_cache(path) == built  # rewritten soundly
    assert not [p for p in cache_dir.iterdir() if p != path]  # no temp files left


def test_unwritable_cache_dir_keeps_table_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(blocker / "cache"))
    _reset_caches()
    try:
        assert readability.syllable_table()["customer"] == 3
    finally:
        _reset_caches()


def test_fails_loudly_when_textstat_changes(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(counter, "get_cmudict")
    with pytest.raises(TextstatIncompatibleError, match="textstat .* is not supported"):
        measure(SIMPLE, 30)


def test_fails_loudly_when_table_is_ignored(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    @functools.lru_cache
    def ignores_table(text: str, lang: str) -> int:
        counter.get_cmudict(lang)  # consulted, then ignored, as a changed textstat might
        return 2

    monkeypatch.setattr(counter, "count_syllables", ignores_table)
    with pytest.raises(TextstatIncompatibleError, match="ignored"):
        measure(SIMPLE, 30)


# --- the cached tables ----------------------------------------------------------------------------


@pytest.fixture
def table_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(tmp_path))
    directory = tmp_path / "tables"
    readability.syllable_table.cache_clear()
    readability._pyphen.cache_clear()
    yield directory
    readability.syllable_table.cache_clear()
    readability._pyphen.cache_clear()


def test_the_bucketed_table_is_the_table(table_dir: Path) -> None:
    built = readability._build_table()
    table = readability.syllable_table()  # built, then written
    assert (table["customer"], table.get("zzzz")) == (3, None)
    (path,) = table_dir.iterdir()
    cached = readability._read_cache(path)
    assert cached is not None and dict(cached) == built and len(cached) == len(built)


WORDS = [
    "cilium",
    "kubernetes",
    "observability",
    "containerised",
    "ebpf",
    "a",
    "rocksolid",
    "über",
]


def test_the_cached_hyphenation_dictionary_hyphenates_alike(table_dir: Path) -> None:
    import pyphen  # type: ignore[import-untyped]

    fresh = pyphen.Pyphen(lang="en_US", cache=False)
    expected = [fresh.positions(word) for word in WORDS]
    assert [
        readability._pyphen("en_US").positions(word) for word in WORDS
    ] == expected  # parsed, then written
    (path,) = table_dir.iterdir()
    readability._pyphen.cache_clear()
    assert [readability._pyphen("en_US").positions(word) for word in WORDS] == expected  # read back
    path.write_bytes(path.read_bytes()[:-20])  # damaged: parsed again and rewritten
    readability._pyphen.cache_clear()
    assert [readability._pyphen("en_US").positions(word) for word in WORDS] == expected
    assert readability._read_blob(path) is not None
