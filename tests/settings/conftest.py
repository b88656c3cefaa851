"""Fixtures of the settings tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in a fresh temporary folder, and yield it."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
