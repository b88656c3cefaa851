"""This tree against a git revision, side by side in one run: the corpus at --jobs 1 and one
500-word file, with the bare model load as the yardstick. Runs alternate (this, that, this…) so a
noisy shared machine weighs on both alike; medians and ratios are printed.

    python benchmarks/versus.py REV [FOLDER] [--runs 3]

REV is checked out into a temporary git worktree and run with this virtual environment's
packages (PYTHONPATH puts its code first). The corpus runs start from an empty cache; the one-file
runs keep the syllable tables a first run built (`--no-cache` still checks the file afresh), as
they are on a user's machine after the first run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Run, med, row, run, sample_file

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev")
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="versus-"))
    other = scratch / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(other),
                    args.rev], check=True)  # fmt: skip
    try:
        sides = {"this tree": ROOT, args.rev: other}
        files = [str(p) for p in sorted(Path(args.folder).rglob("*")) if p.is_file()]
        draft = sample_file(files, scratch)
        from customerlens.nlp.pipeline import resolve_model

        model = resolve_model(None)
        corpus: dict[str, list[float]] = {name: [] for name in sides}
        one: dict[str, list[float]] = {name: [] for name in sides}
        load: list[float] = []
        for _ in range(args.runs):
            for name, tree in sides.items():
                env = {"PYTHONPATH": str(tree)}
                check = [sys.executable, "-m", "customerlens", "check"]
                corpus[name].append(
                    _cpu(check + [args.folder, "-f", "json", "-j", "1", "--no-cache"], env)
                )
                tables = str(scratch / f"tables-{list(sides).index(name)}")
                one[name].append(_wall(check + [str(draft), "--no-cache"], env, tables))
            load.append(_wall([sys.executable, "-c", f"import spacy; spacy.load({model!r})"], {}))
        print(f"\n# {args.folder} at --jobs 1, {args.runs} runs, medians")
        for name in sides:
            row(f"{name}: corpus cpu time", f"{med(corpus[name]):.1f} s")
        ratio = med(corpus["this tree"]) / med(corpus[args.rev])
        row(f"corpus cpu, this tree ÷ {args.rev}", f"{ratio:.2f}", "≤ 1.2", ratio <= 1.2)
        for name in sides:
            row(f"{name}: one 500-word file, wall", f"{med(one[name]):.2f} s")
        row("bare spaCy model load, wall", f"{med(load):.2f} s")
        ratio = med(one["this tree"]) / med(load)
        row("one file ÷ model load (this tree)", f"{ratio:.2f}", "≤ 1.3", ratio <= 1.3)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)],
                       check=False)  # fmt: skip


def _cpu(argv: list[str], env: dict[str, str]) -> float:
    return _timed(argv, env).cpu


def _wall(argv: list[str], env: dict[str, str], cache: str | None = None) -> float:
    if cache is not None and not Path(cache).exists():
        _timed(argv, env, cache)  # a user's second run: the syllable tables are on disk
    return _timed(argv, env, cache).wall


def _timed(argv: list[str], env: dict[str, str], cache: str | None = None) -> Run:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return run(argv, cache)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


if __name__ == "__main__":
    main()
