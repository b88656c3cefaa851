"""A huge input in bounded memory: what grows with its sentences (signals, hits, judgements,
findings, rows) waits on disk in spools past a window, and the result is the same as in memory.

Issue 15 measured one million short lines peaking at 1.87 GB (2.39 GB and growing here before
the spools). The growth is checked per line between two sizes, never against a clock.
"""

from __future__ import annotations

import pickle
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_BAD, OUTPUT_FORMATS, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customerlens import storage
from customerlens.analysis import linter as linter_module
from customerlens.analysis import textpieces
from customerlens.cli import main
from customerlens.documents import format_for, load, parse
from customerlens.model import FileResult
from customerlens.run.cache import ResultCache
from customerlens.storage import Spool, sorted_spool

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures" / "documents", ROOT / "examples")
    for p in folder.iterdir()
    if p.is_file() and format_for(p.name)
)
DIRECTIVES = (
    "# We are the best\n\nWe offer support. <!-- customerlens-disable-line CL101 -->\n\n"
    "<!-- customerlens-disable CL103 -->\nWe are proud to announce Acme 2.0.\n"
    "<!-- customerlens-enable CL103 -->\n\nWe ship it. We build it. We sell it.\n\n"
    "<!-- customerlens-disable-line CL999 -->\nOur company is great.\n"
)


def _spill_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spools that spill after a few items, so small documents take the huge-input path."""
    monkeypatch.setattr(storage, "SPOOL_CHUNK", 3)
    monkeypatch.setattr(storage, "SPOOL_RUN", 5)
    monkeypatch.setattr(storage, "SPOOL_RUN_CHUNK", 2)


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    _spill_early(monkeypatch)


def _spools() -> set[str]:
    folder = Path(tempfile.gettempdir())
    return {p.name for p in folder.glob("customerlens-spool-*")}


@given(st.lists(st.integers()), st.integers(1, 6), st.integers(-40, 40))
def test_a_spool_is_the_list_it_was_given(items: list[int], chunk: int, index: int) -> None:
    spool = Spool(items, chunk=chunk)
    assert len(spool) == len(items) and list(spool) == items and spool == items
    assert spool.on_disk == (len(items) >= chunk)
    assert spool[index:] == items[index:] and spool[::-2] == items[::-2]
    if -len(items) <= index < len(items):
        assert spool[index] == items[index]
    else:
        with pytest.raises(IndexError):
            spool[index]
    assert list(pickle.loads(pickle.dumps(spool))) == items
    assert spool.settled() == (spool if spool.on_disk else tuple(items))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the same patch for all
@given(st.lists(st.tuples(st.integers(0, 5), st.integers())))
def test_sorted_spool_sorts_stably(tiny: None, items: list[tuple[int, int]]) -> None:
    assert list(sorted_spool(items, key=lambda item: item[0])) == sorted(
        items, key=lambda item: item[0]
    )


def test_a_spool_file_goes_with_its_last_owner() -> None:
    before = _spools()
    spool = Spool(range(10), chunk=2)
    assert len(_spools() - before) == 1
    received = pickle.loads(pickle.dumps(spool))  # as a worker's result reaches the parent
    del spool
    assert len(_spools() - before) == 1 and list(received) == list(range(10))
    del received
    assert _spools() == before


@pytest.mark.parametrize("path", [*DOCUMENTS, Path("directives.md")], ids=lambda p: p.name)
def test_a_spilled_result_is_the_result_in_memory(
    linter: Any, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Findings in the same order, the same score, rows and marks, directives obeyed."""
    if path.name == "directives.md":
        document = parse(DIRECTIVES, "directives.md", "markdown")
    else:
        document = load(path.read_bytes(), str(path), format_for(path.name) or "text")
    in_memory = linter.lint(document, detail=True)
    _spill_early(monkeypatch)
    spilled = linter.lint(document, detail=True)
    assert isinstance(spilled.sentences, Spool) == (len(in_memory.sentences) >= 3)
    assert isinstance(spilled.findings, Spool) == (len(in_memory.findings) >= 3)
    assert spilled == in_memory
    assert list(spilled.findings) == list(in_memory.findings)


def test_a_spilled_result_crosses_processes_and_skips_the_cache(
    tiny: None, tmp_path: Path, lint_text: Any
) -> None:
    result: FileResult = lint_text("We ship it. " * 20, "draft.txt")
    assert isinstance(result.findings, Spool) and result.findings.on_disk
    assert pickle.loads(pickle.dumps(result)) == result
    cache = ResultCache(tmp_path)
    cache.put("ab" * 32, result)  # would be read back whole: not stored
    assert cache.get("ab" * 32, "draft.txt") is None and not list(cache.entries())


def _peak(linter: Any, lines: int) -> int:
    document = parse("We ship it.\n" * lines, "draft.txt", "text")
    tracemalloc.start()
    try:
        result = linter.lint(document)
        assert len(result.findings) >= lines
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_per_sentence_stays_small(linter: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line of this input is a sentence, a finding and a row. Held in memory they cost
    ~1.6 KB a line at the peak (measured with this test before the spools); spooled, linting
    adds a few bytes a sentence (2 when last measured). Windows, chunks and tokenizer pieces
    are made small, so that a few thousand lines are many windows, as a million are at full
    size."""
    monkeypatch.setattr(storage, "SPOOL_CHUNK", 100)
    monkeypatch.setattr(storage, "SPOOL_RUN", 400)
    monkeypatch.setattr(storage, "SPOOL_RUN_CHUNK", 10)
    monkeypatch.setattr(linter_module, "WINDOW", 200)
    monkeypatch.setattr(textpieces, "CHUNK", 5_000)
    _peak(linter, 500)  # warm: tables and caches loaded once
    small, large = 2_000, 8_000
    per_line = (_peak(linter, large) - _peak(linter, small)) / (large - small)
    assert per_line < 200, f"{per_line:.0f} bytes a line"


@pytest.mark.parametrize("fmt", [*OUTPUT_FORMATS, "text", "html", "heatmap"])
def test_every_report_of_a_spilled_result_is_the_same(
    fmt: str, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reports read findings, rows and marks from the spools as they read tuples."""
    draft = str(ROOT / EXAMPLE_BAD)
    expected = run(capsys, "check", draft, "-f", fmt)
    _spill_early(monkeypatch)
    assert run(capsys, "check", draft, "-f", fmt) == expected


def test_spilled_results_come_back_from_workers(
    capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --jobs 2 a worker's spilled result reaches the parent by its file's name (the
    workers are forked after the patch, so they spill too); the spool files go with the run."""
    drafts = [str(ROOT / EXAMPLE_BAD), *map(str, DOCUMENTS[:2])]
    args = ["check", *drafts, "-f", "json", "--no-cache"]
    expected = run(capsys, *args)
    _spill_early(monkeypatch)
    before = _spools()
    assert main([*args, "--jobs", "2"]) == expected[0]
    assert capsys.readouterr() == expected[1:]
    assert _spools() == before
