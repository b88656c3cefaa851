"""The Python API: the same results as the command line, typed, picklable, and cheap to import."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from cli_support import EXAMPLE_BAD, EXAMPLE_GOOD, run

import customerlens
from customerlens import Config, check_paths, check_text
from customerlens.model import FileResult, RunResult
from customerlens.model.jsonable import file_data

ROOT = Path(__file__).resolve().parents[1]


def test_importing_the_package_and_its_api_names_loads_no_spacy() -> None:
    code = (
        "import sys, customerlens; from customerlens import Config, check_text, check_paths; "
        "assert callable(check_text) and callable(check_paths); "
        "heavy = [m for m in ('spacy', 'thinc') if m in sys.modules]; assert not heavy, heavy"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert set(customerlens.__all__) == {
        "Config",
        "__version__",
        "check_paths",
        "check_records",
        "check_text",
    }


def _as_json(result: FileResult) -> dict[str, Any]:
    return json.loads(json.dumps(file_data(result)))


def test_check_paths_gives_what_check_reports(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    result = check_paths([EXAMPLE_BAD, EXAMPLE_GOOD, "examples/nope.md"])
    assert isinstance(result, RunResult)
    _, out, _ = run(capsys, "check", EXAMPLE_BAD, EXAMPLE_GOOD, "examples/nope.md", "-f", "json")
    assert [_as_json(f) for f in result.files] == json.loads(out)["files"]
    assert result.files[0].error == "no such file or directory"  # a result, not an exception


def test_check_text_reads_like_the_file_it_names(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / EXAMPLE_BAD).read_text(encoding="utf-8")
    result = check_text(text, path=EXAMPLE_BAD)
    _, out, _ = run(capsys, "check", EXAMPLE_BAD, "-f", "json")
    assert _as_json(result) == json.loads(out)["files"][0]
    html = check_text("<p>We offer the best support.</p>", path="page.html")
    assert html.format == "html" and "CL101" in [f.rule for f in html.findings]


def test_a_config_is_used_as_given() -> None:
    draft = "Acme offers the best storage for design studios."
    plain = check_text(draft, config=Config())
    branded = check_text(draft, config=Config(brands=("Acme",)))
    assert "CL101" not in {f.rule for f in plain.findings}
    assert "CL101" in {f.rule for f in branded.findings}
    picky = check_paths([ROOT / EXAMPLE_BAD], config=Config(select=("CL201",)))
    assert {f.rule for f in picky.findings} == {"CL201"}


def test_results_survive_pickling(monkeypatch: Any) -> None:
    """As a Dask or multiprocessing worker returns them."""
    monkeypatch.chdir(ROOT)
    result = check_paths(["examples"], jobs=2)
    assert len(result.files) == 2
    assert pickle.loads(pickle.dumps(result)) == result
    detailed = check_text("We are proud to announce our new office.", detail=True)
    assert detailed.source and pickle.loads(pickle.dumps(detailed)) == detailed


def test_the_readme_cms_hook_works() -> None:
    """README's `on_save` example, run as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```python\n")[1:] if "def on_save" in b)
    namespace: dict[str, Any] = {}
    exec(block.split("```")[0], namespace)

    class Page:
        slug = "launch"
        body = "<h1>Acme Cloud</h1><p>We are proud to be the leading provider of storage.</p>"

    try:
        namespace["on_save"](Page())
    except ValueError as refused:
        assert str(refused).startswith("Copy scores ") and "/100: " in str(refused)
    else:
        raise AssertionError("self-centred copy was published")
    Page.body = "<h1>Your files, everywhere</h1><p>You get your files back in a minute.</p>"
    namespace["on_save"](Page())  # reader-focused copy passes
