"""Long runs the tokenizer would choke on are cut into pieces: checked in bounded time."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from cli_support import TRIGGER, check_json, companion, trigger_at


@pytest.mark.parametrize("run", ["&", "!", "\U0001f525"], ids=["ampersands", "bangs", "emoji"])
def test_a_long_run_of_punctuation_or_emoji_is_not_quadratic(
    capsys: Any, tmp_path: Path, run: str
) -> None:
    wall = tmp_path / "wall.txt"
    wall.write_text(f"{TRIGGER} {run * 10_000} Thanks for reading.\n", encoding="utf-8")
    check_json(capsys, companion(tmp_path))  # the pipeline is loaded before the clock starts
    start = time.perf_counter()
    code, report, _ = check_json(capsys, wall, extra=("--no-cache",))
    elapsed = time.perf_counter() - start
    assert code == 1
    trigger_at(report["files"][0], 1, 1)
    assert elapsed < 5, f"{elapsed:.1f} s for a 10,000-character run"
