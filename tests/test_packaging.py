"""The wheel is what users install: it must carry the rules (data at the repo's top level)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_every_module_rule_file_and_the_vocabulary(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy: building never writes into the checkout
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("customerlens", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("customerlens-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.split("_rules/", 1)[1] for n in names if n.startswith("customerlens/_rules/")}
    expected = {str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*.yml")}
    assert expected and shipped == expected
    assert "customerlens/settings/starter.toml" in names
    assert "customerlens/nlp/judgement.npz" in names  # the trained judgement ships
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "customerlens").rglob("*.py")}
    assert modules and modules <= names, sorted(modules - names)  # every module, every package
