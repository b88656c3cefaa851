"""The result cache: cold, warm and no-cache runs give the same report byte for byte; what a
result depends on invalidates it; a damaged entry is ignored and rebuilt; a warm run never
imports spaCy."""

from __future__ import annotations

import os
import pickle
import random
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import assert_no_traceback, cli, drafts

from customerlens.analysis.linter import Linter
from customerlens.model import FileResult
from customerlens.run.cache import ResultCache
from customerlens.settings.config import Config

ROOT = Path(__file__).resolve().parents[2]
SMALL = [str(ROOT / "examples" / "self-centred.md"), str(ROOT / "examples" / "reader-focused.md")]
Check = Callable[..., tuple[int, str]]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty result cache for this test only."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    """The result entries (not the lookup tables a cold process builds beside them)."""
    if not folder.exists():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "tables" not in p.parts and p.name != ".pruned"
    )


def test_cold_warm_and_no_cache_reports_are_identical(
    check: Check, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = check(*SMALL, "--jobs", "1")
    assert len(entries(cache)) == len(SMALL)

    def refuse(*args: Any, **kwargs: Any) -> FileResult:
        raise AssertionError("a warm run must not lint")

    with monkeypatch.context() as patch:
        patch.setattr(Linter, "lint", refuse)
        warm = check(*SMALL, "--jobs", "1")
    assert warm == cold
    assert check(*SMALL, "--jobs", "1", "--no-cache") == cold


def test_results_cached_by_workers_are_read_back_identically(check: Check, cache: Path) -> None:
    cold = check(*SMALL, "--jobs", "2")
    assert len(entries(cache)) == len(SMALL)
    assert check(*SMALL, "--jobs", "1") == cold == check(*SMALL, "--jobs", "2")


def test_a_warm_run_never_imports_spacy(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "We are proud to offer the best platform. You get your evenings back.\n", encoding="utf-8"
    )
    code = (
        "import sys; from customerlens.cli import main; rc = main(%r); "
        "print(sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules)); sys.exit(rc)"
        % ["check", str(draft), "-f", "json"]
    )
    env = {
        "CUSTOMERLENS_CACHE_DIR": str(tmp_path / "results"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PATH": "",
    }
    cold, warm = (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
        )
        for _ in range(2)
    )
    assert cold.returncode == warm.returncode == 1, cold.stderr + warm.stderr
    assert "spacy" in cold.stdout.splitlines()[-1]
    assert warm.stdout.splitlines()[-1] == "[]"
    assert warm.stdout.splitlines()[:-1] == cold.stdout.splitlines()[:-1]


# --- damaged entries ------------------------------------------------------------------------------


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00not a pickle\xff" * 3,
    "wrong type": lambda data: pickle.dumps({"path": "x"}),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_entry_is_ignored_and_rewritten(check: Check, cache: Path, damage: str) -> None:
    cold = check(SMALL[0], "--jobs", "1")
    [entry] = entries(cache)
    entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    assert check(SMALL[0], "--jobs", "1") == cold
    assert [p.name for p in entries(cache)] == [entry.name]  # no temp file left behind
    assert ResultCache(cache).get(entry.name, SMALL[0]) is not None  # rewritten whole


@pytest.mark.parametrize("length", [2**62, 2**63 + 5], ids=["memory", "overflow"])
def test_an_entry_with_a_damaged_frame_header_is_ignored(
    check: Check, cache: Path, length: int
) -> None:
    cold = check(SMALL[0], "--jobs", "1")
    [entry] = entries(cache)
    data = entry.read_bytes()
    entry.write_bytes(
        data[:3] + struct.pack("<Q", length) + data[11:]
    )  # protocol 5: FRAME + 8-byte length
    assert check(SMALL[0], "--jobs", "1") == cold


def _damage(kind: str, data: bytes) -> bytes:
    return {
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "garbage": bytes(random.Random(7).randrange(256) for _ in range(len(data))),
        "bad-frame-length": data[:3] + b"\xff" * 8 + data[11:],  # protocol 5 frame header
        "huge-length": b"\x80\x04\x8e" + b"\xff" * 7 + b"\x7f",
        "other-object": pickle.dumps({"path": "x", "findings": []}),
        "flipped-bytes": bytes(b ^ 0x5A if i % 37 == 5 else b for i, b in enumerate(data)),
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "empty",
        "garbage",
        "bad-frame-length",
        "huge-length",
        "other-object",
        "flipped-bytes",
    ],
)
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    site = drafts(tmp_path / "site")
    cache = tmp_path / "cache"
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(cache))
    argv = ("check", str(site), "--format", "json", "--jobs", "1")
    code, fresh, _ = cli(capsys, *argv)
    entries = sorted(p for p in cache.rglob("*") if p.is_file() and p.name != ".pruned")
    assert code == 1 and len(entries) == 5
    for entry in entries:
        entry.write_bytes(_damage(kind, entry.read_bytes()))
    code, out, err = cli(capsys, *argv)
    assert_no_traceback(out, err)
    assert code == 1 and out == fresh
    for entry in entries:  # rewritten whole
        assert type(pickle.loads(entry.read_bytes())).__name__ == "FileResult"
    code, again, _ = cli(capsys, *argv)
    assert again == fresh


def test_a_cache_folder_that_cannot_be_used_is_not_an_error(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = drafts(tmp_path / "site")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, fresh, _ = cli(
        capsys, "check", str(site), "--format", "json", "--no-cache", "--jobs", "1"
    )
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(blocker / "cache"))
    code2, out, err = cli(capsys, "check", str(site), "--format", "json", "--jobs", "1")
    assert_no_traceback(out, err)
    assert (code2, out) == (code, fresh)
    assert blocker.read_text() == "x"


# --- what invalidates -----------------------------------------------------------------------------


def test_a_changed_brand_invalidates(check: Check, cache: Path) -> None:
    plain = check(*SMALL, "--jobs", "1")
    branded = check(*SMALL, "--jobs", "1", "--brand", "Acme")
    assert branded != plain
    assert branded == check(*SMALL, "--jobs", "1", "--brand", "Acme", "--no-cache")
    assert len(entries(cache)) == 2 * len(SMALL)
    assert check(*SMALL, "--jobs", "1") == plain


TEAM_RULE = """\
id: TEAM001
name: house-words
kind: phrase
pillar: care
level: {level}
message: "'{{match}}' is a house word."
description: >
  Words the team has agreed not to use.
params:
  phrases: [{phrase}]
examples:
  bad: ["The {phrase} is ready."]
  good: ["Your files are ready."]
"""


def test_a_changed_rule_file_invalidates(check: Check, cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "team" / "rules"
    rules.mkdir(parents=True)
    rule = rules / "TEAM001-house-words.yml"
    config = tmp_path / "team" / ".customerlens.toml"
    config.write_text('[rules]\nfolders = ["rules"]\n', encoding="utf-8")
    args = (*SMALL, "--jobs", "1", "--config", str(config))
    reports = []
    for level, phrase in [("warning", "storage"), ("warning", "Berlin"), ("suggestion", "Berlin")]:
        rule.write_text(TEAM_RULE.format(level=level, phrase=phrase), encoding="utf-8")
        reports.append(check(*args))
        assert reports[-1] == check(*args, "--no-cache")
        assert f'"match": "{phrase}"' in reports[-1][1]
    assert len(set(reports)) == 3


def test_a_rule_file_changed_between_runs_in_one_process(
    check: Check, cache: Path, tmp_path: Path
) -> None:
    (tmp_path / "rules").mkdir()
    rule = tmp_path / "rules" / "TEAM001-house-words.yml"
    config = tmp_path / ".customerlens.toml"
    config.write_text('[rules]\nfolders = ["rules"]\n', encoding="utf-8")
    for phrase in ("storage", "Berlin"):
        rule.write_text(TEAM_RULE.format(level="warning", phrase=phrase), encoding="utf-8")
        report = check(SMALL[0], "--jobs", "1", "--config", str(config))[1]
    assert '"match": "Berlin"' in report and '"match": "storage"' not in report


def test_the_key_covers_content_format_config_model_and_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import customerlens.nlp.pipeline
    import customerlens.run.cache

    keys = ResultCache(tmp_path)
    base = keys.key(b"We offer support.", "markdown", Config())
    assert keys.key(b"We offer support.", "markdown", Config()) == base
    changed = [
        keys.key(b"We offer support!", "markdown", Config()),
        keys.key(b"We offer support.", "text", Config()),
        keys.key(b"We offer support.", "markdown", Config(brands=("Acme",))),
        keys.key(b"We offer support.", "markdown", Config(target_grade=9.0)),
    ]
    monkeypatch.setattr(customerlens.nlp.pipeline, "model_version", lambda model: f"{model}-9.9.9")
    changed.append(keys.key(b"We offer support.", "markdown", Config()))
    monkeypatch.undo()
    monkeypatch.setattr(customerlens.run.cache, "__version__", "99.0")
    changed.append(keys.key(b"We offer support.", "markdown", Config()))
    assert len({base, *changed}) == len(changed) + 1


# --- --no-cache -----------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_cache_stores_nothing(check: Check, cache: Path, jobs: str) -> None:
    check(*SMALL, "--jobs", jobs, "--no-cache")
    assert entries(cache) == []
    assert not os.path.exists(cache) or not any(cache.iterdir())


def _entry(folder: Path, key: str, size: int, used: float) -> Path:
    path = folder / key[:2] / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (used, used))
    return path


def test_the_cache_is_pruned_by_age_then_by_size_least_recently_used_first(
    tmp_path: Path,
) -> None:
    """Before, it was never pruned (162 MB, 40k entries after 20k-file runs)."""
    from customerlens.run.cache import ResultCache

    now = 1_000_000_000.0
    old = _entry(tmp_path, "aa" + "0" * 62, 10, now - 40 * 86400)  # unused for 40 days
    recent = [_entry(tmp_path, f"{n:02x}" + "1" * 62, 100, now - n) for n in range(1, 6)]
    table = tmp_path / "tables" / "syllables.marshal"  # lookup tables are not results
    table.parent.mkdir()
    table.write_bytes(b"t" * 1000)
    assert ResultCache(tmp_path).prune(max_bytes=300, now=now) == 3
    assert not old.exists() and table.exists()
    assert [p.exists() for p in recent] == [True, True, True, False, False]  # the newest kept


def test_a_hit_marks_an_entry_used_and_pruning_runs_once_a_day(tmp_path: Path) -> None:
    from customerlens.run import cache as cache_module
    from customerlens.run.cache import ResultCache

    cache = ResultCache(tmp_path)
    key = "ab" + "2" * 62
    cache.put(key, FileResult("page.md"))
    os.utime(tmp_path / key[:2] / key, (0, 0))
    assert cache.get(key, "page.md") is not None
    assert (tmp_path / key[:2] / key).stat().st_mtime > 0  # used just now
    stale = _entry(tmp_path, "cd" + "3" * 62, 10, 0)
    cache.prune_if_due()
    assert not stale.exists() and (tmp_path / ".pruned").exists()
    again = _entry(tmp_path, "ef" + "4" * 62, 10, 0)
    cache.prune_if_due()  # pruned less than a day ago: no scan now
    assert again.exists()
    assert cache_module.PRUNE_EVERY == 86400.0


def test_cache_clear_empties_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from customerlens.cli import main

    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(tmp_path))
    for n in range(3):
        _entry(tmp_path, f"{n:02x}" + "5" * 62, 2048, 0)
    assert main(["cache", "clear"]) == 0
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.name != ".pruned"]
