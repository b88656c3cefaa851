"""The layering holds: the import-linter contract passes, fails on a violation, no module is in
an import circle, and the settings load no analysis code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("lint-imports")  # installed with the test extra
    return subprocess.run(
        [str(command), "pyproject.toml", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layers_contract_is_kept() -> None:
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(
        ROOT / "customerlens", copy / "customerlens", ignore=shutil.ignore_patterns("*.pyc")
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / "customerlens" / "settings" / "leak.py").write_text(
        "from customerlens.analysis.scoring import score_document\n", encoding="utf-8"
    )
    done = _lint_imports(copy)
    assert done.returncode != 0
    assert "customerlens.settings is not allowed to import customerlens.analysis" in done.stdout
    assert "customerlens.settings.leak -> customerlens.analysis.scoring" in done.stdout


def test_no_module_is_in_an_import_circle() -> None:
    graph = grimp.build_graph("customerlens")  # lazy and type-checking imports included
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert circles == []


def test_the_settings_load_no_analysis_module() -> None:
    code = (
        "import sys, customerlens.settings.resolve, customerlens.settings.config; "
        "print(sorted(m for m in sys.modules if m.startswith('customerlens.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout
    for higher in ("analysis", "checks", "nlp", "run", "reporters", "filters", "cli"):
        assert f"'customerlens.{higher}" not in loaded, (higher, loaded)


def test_the_package_root_holds_entry_points_and_the_base_only() -> None:
    """Stages of the data flow live in folders; the root keeps the entry points (cli, api,
    __main__), the two top-level jobs (compare, evaluation) and the small base modules."""
    modules = {p.stem for p in (ROOT / "customerlens").glob("*.py")}
    assert modules == {
        "__init__",
        "__main__",
        "api",
        "cli",
        "compare",
        "errors",
        "evaluation",
        "exitcodes",
        "fix",
        "lsp",
        "rank",
        "resources",
        "storage",
        "version",
    }
