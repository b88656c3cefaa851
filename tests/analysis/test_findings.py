"""Rewrites are read from the Docs the linter already parsed, not from a second parse.

The shortcut must never show: a finding's suggestion is the one `Rewriter.suggest` gives when it
parses the sentence again, and a sentence without a matching parsed Doc is still parsed again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from customerlens.analysis import linter as linter_module
from customerlens.analysis.findings import proposals as _proposals
from customerlens.analysis.linter import Linter
from customerlens.checks.context import Hit
from customerlens.documents import format_for, load, parse
from customerlens.settings.config import Config

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures" / "documents", ROOT / "examples")
    for p in folder.iterdir()
    if p.is_file() and format_for(p.name)
)
BRANDS = ("Acme", "Cilium", "Gitpod", "Linkerd", "Zulip", "Postmark")
# One rewrite of each shape, a hint (a belief) and plain advice (a negation), twice each so that
# a small window cuts between them.
TEXT = (
    "We offer 24/7 support. Acme lets you ship faster. We help you grow.\n\n"
    "Our tools ensure that you can move fast. We are proud to announce Acme 2.0.\n\n"
    "At Acme, we believe that tests matter. We don't charge fees.\n\n"
) * 2


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(brands=BRANDS))


def _refuse(*args: Any) -> Any:
    raise AssertionError("the flagged sentence was parsed a second time")


def _parse_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop every proposal, so each suggestion comes from a fresh parse (the old way)."""
    monkeypatch.setattr(linter_module, "sentence_proposals", lambda *args: {})


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_findings_are_the_same_as_parsing_again(
    linter: Linter, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = load(path.read_bytes(), str(path), format_for(path.name) or "text")
    reused = linter.lint(document, detail=True)
    _parse_again(monkeypatch)
    assert linter.lint(document, detail=True) == reused


def test_rewrites_and_hints_need_no_second_parse(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = parse(TEXT, "draft.md", "markdown")
    expected = linter.lint(document)
    monkeypatch.setattr(linter.rewriter, "nlp", _refuse)
    result = linter.lint(document)
    assert result == expected
    assert sum(f.rewrite is not None for f in result.findings) == 10  # five shapes, twice
    assert sum(f.rewrite is None and f.suggestion.startswith("Drop ") for f in result.findings) == 2


def test_windows_cut_between_flagged_sentences_change_nothing(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = parse(TEXT, "draft.md", "markdown")
    expected = linter.lint(document)
    monkeypatch.setattr(linter_module, "WINDOW", 2)
    monkeypatch.setattr(linter.rewriter, "nlp", _refuse)
    assert linter.lint(document) == expected


def test_only_a_doc_parsed_from_the_same_text_is_used(linter: Linter) -> None:
    document = parse("We offer 24/7 support.", "draft.md", "markdown")
    segments = linter.segments(document)
    spec = next(s for s in linter.catalogue if s.id == "CL101")
    signals = segments[0].signals

    def proposals(sentence: Any, parsed: bool = True) -> dict[tuple[int, int, int], Any]:
        batch = [replace(segments[0], parsed=parsed)]
        return _proposals(
            document, batch, [(spec, Hit(sentence.block, sentence.start, sentence.end, sentence))]
        )

    assert proposals(signals)[(0, signals.start, signals.end)].rewrite == "You get 24/7 support."
    assert proposals(replace(signals, end=signals.end - 1)) == {}  # another text: parsed again
    assert proposals(signals, parsed=False) == {}  # only tokenized: parsed again
