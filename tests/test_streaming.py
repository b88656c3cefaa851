"""Reports written in pieces, and the one-file path kept light (issue 6).

JSON and SARIF reports are written a file (or a result) at a time, so that a large run never
holds its whole report; the text must stay byte for byte what one `json.dumps` of the whole
document writes. The warm path must not import spaCy, and the cached syllable and hyphenation
data must answer exactly as the data they were made from.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_reporters import PLAIN, RESULT
from test_reporters_ci import CI_RESULT

from customerlens import cli
from customerlens.model import FileResult, RunResult
from customerlens.nlp import readability
from customerlens.reporters.base import chunks, get_reporter

RESULTS = {
    "empty": RunResult(()),
    "one error": RunResult((FileResult("gone.md", error="no such file or directory"),)),
    "reporters": RESULT,
    "ci": CI_RESULT,
}


@pytest.mark.parametrize("fmt", ["json", "sarif"])
@pytest.mark.parametrize("name", sorted(RESULTS))
def test_pieces_make_the_text_one_dumps_makes(fmt: str, name: str) -> None:
    reporter = get_reporter(fmt)
    pieces = list(chunks(reporter, RESULTS[name], PLAIN))
    text = "".join(pieces)
    assert text == reporter.render(RESULTS[name], PLAIN)
    assert (
        text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    )
    assert len(pieces) == 1 + (
        len(RESULTS[name].files) if fmt == "json" else len(RESULTS[name].findings)
    )


def test_other_formats_come_whole() -> None:
    assert list(chunks(get_reporter("concise"), RESULT, PLAIN)) == [
        get_reporter("concise").render(RESULT, PLAIN)
    ]


def _failing() -> Iterator[str]:
    yield '{"partial": '
    raise KeyboardInterrupt


def test_an_interrupted_report_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        cli._emit(_failing(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left behind


def test_standard_output_ends_with_a_line_break(capsys: pytest.CaptureFixture[str]) -> None:
    cli._emit(iter(["a", "b", ""]), None)
    cli._emit("", None)
    assert capsys.readouterr().out == "ab\n\n"


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


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(tmp_path))
    directory = tmp_path / "tables"
    readability.syllable_table.cache_clear()
    readability._pyphen.cache_clear()
    yield directory
    readability.syllable_table.cache_clear()
    readability._pyphen.cache_clear()


def test_the_bucketed_table_is_the_table(cache_dir: Path) -> None:
    built = readability._build_table()
    table = readability.syllable_table()  # built, then written
    assert (table["customer"], table.get("zzzz")) == (3, None)
    (path,) = cache_dir.iterdir()
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


def test_the_cached_hyphenation_dictionary_hyphenates_alike(cache_dir: Path) -> None:
    import pyphen  # type: ignore[import-untyped]

    fresh = pyphen.Pyphen(lang="en_US", cache=False)
    expected = [fresh.positions(word) for word in WORDS]
    assert [
        readability._pyphen("en_US").positions(word) for word in WORDS
    ] == expected  # parsed, then written
    (path,) = cache_dir.iterdir()
    readability._pyphen.cache_clear()
    assert [readability._pyphen("en_US").positions(word) for word in WORDS] == expected  # read back
    path.write_bytes(path.read_bytes()[:-20])  # damaged: parsed again and rewritten
    readability._pyphen.cache_clear()
    assert [readability._pyphen("en_US").positions(word) for word in WORDS] == expected
    assert readability._read_blob(path) is not None
