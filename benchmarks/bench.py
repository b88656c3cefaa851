"""Speed and memory of customerlens against proselint, measured side by side (issue 6).

Run by hand, never from the test suite:

    python benchmarks/bench.py [FOLDER] [--runs N] [--quick]
    python benchmarks/bench.py --shapes    # issue 15's huge inputs only (about 90 minutes)

Every figure is a median over N runs (min–max in brackets) of a subprocess, timed from outside.
Runs are interleaved (customerlens, proselint, customerlens, …) so that a noisy neighbour on a
shared machine hurts both sides alike; the load average is printed for the same reason.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHECK = [str(BIN / "customerlens"), "check"]
JSON = ["--format", "json"]
HEAVY = ("spacy", "numpy", "thinc")
ROWS: list[tuple[str, str, str, str]] = []  # figure, value, target, verdict
SCRATCH = tempfile.gettempdir()  # main() points this at a folder it removes at the end


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its workers
    rss: int  # peak KB: the sampled sum over the process tree (workers included)
    code: int
    out: bytes
    err: bytes


def _tree_rss(pid: int) -> int:
    """Resident KB of `pid` and all its descendants, now."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            total += (
                int(Path(f"/proc/{p}/statm").read_text().split()[1])
                * os.sysconf("SC_PAGE_SIZE")
                // 1024
            )
            stack += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def run(argv: list[str], cache: str | None = None) -> Run:
    """Run one command with a private cache folder; time it and sample its memory."""
    env = dict(os.environ, CUSTOMERLENS_CACHE_DIR=cache or tempfile.mkdtemp(dir=SCRATCH))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        peak, stop = [0], threading.Event()

        def sample() -> None:
            while not stop.wait(0.02):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        return Run(
            wall,
            usage.ru_utime + usage.ru_stime,
            max(peak[0], usage.ru_maxrss),
            proc.returncode,
            out.read(),
            err.read(),
        )


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def spread(xs: list[float], unit: str = "s", fmt: str = ".2f") -> str:
    return (
        f"{med(xs):{fmt}} {unit} ({min(xs):{fmt}}–{max(xs):{fmt}})"
        if len(xs) > 1
        else f"{xs[0]:{fmt}} {unit}"
    )


def row(figure: str, value: str, target: str = "", ok: bool | None = None) -> None:
    ROWS.append((figure, value, target, "" if ok is None else ("PASS" if ok else "FAIL")))
    print(
        f"  {figure}: {value}" + (f"   [target {target}: {ROWS[-1][3]}]" if target else ""),
        flush=True,
    )


def crashed(r: Run) -> bool:
    return r.code not in (0, 1) or b"Traceback" in r.err or b"internal error" in r.err


def prose_words(r: Run) -> int:
    return sum(
        (f["score"] or {}).get("counts", {}).get("words", 0) for f in json.loads(r.out)["files"]
    )


def wc_words(files: list[str]) -> int:
    lines = subprocess.run(
        ["wc", "-w", *files], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return int(lines[-2 if len(files) > 1 else 0].split()[0])


def capacity() -> float:
    """How many cores this shared machine gives right now: two CPU-bound spinners at once
    against one (2.0 on two idle cores)."""
    spin = [sys.executable, "-c", "sum(i * i for i in range(10_000_000))"]
    one = run(spin).wall
    start = time.perf_counter()
    for proc in [subprocess.Popen(spin) for _ in range(2)]:
        proc.wait()
    return 2 * one / (time.perf_counter() - start)


def throughput(files: list[str], runs: int) -> dict[str, list[Run]]:
    print(f"\n# Throughput, cold cache ({len(files)} files, {runs} runs)", flush=True)
    got: dict[str, list[Run]] = {"jobs 1": [], "jobs 2": [], "proselint": []}
    nocache, cores = tempfile.mkdtemp(dir=SCRATCH), []
    for _ in range(runs):
        cores.append(capacity())
        got["jobs 1"].append(run(CHECK + files + ["--no-cache", "--jobs", "1"] + JSON, nocache))
        got["jobs 2"].append(run(CHECK + files + ["--no-cache", "--jobs", "2"] + JSON, nocache))
        got["proselint"].append(run([str(BIN / "proselint"), "check", *files]))
    words, wc = prose_words(got["jobs 1"][0]), wc_words(files)
    row("prose words (customerlens counts.words) / wc -w", f"{words:,} / {wc:,}")
    for name, rs in got.items():
        walls = [r.wall for r in rs]
        row(
            f"{name} wall (cpu)",
            f"{spread(walls)} (cpu {med([r.cpu for r in rs]):.1f} s)",
            "no crash",
            not any(map(crashed, rs)),
        )
        row(f"{name} words/second", f"{words / med(walls):,.0f}")
    for jobs in ("jobs 1", "jobs 2"):
        ratio = med([r.wall for r in got[jobs]]) / med([r.wall for r in got["proselint"]])
        cpu = med([r.cpu for r in got[jobs]]) / med([r.cpu for r in got["proselint"]])
        row(
            f"customerlens {jobs} ÷ proselint wall time (cpu-time ratio)",
            f"{ratio:.2f} ({cpu:.2f})",
            "≤ 1.0",
            ratio <= 1.0,
        )
    speedup = med([r.wall for r in got["jobs 1"]]) / med([r.wall for r in got["jobs 2"]])
    row("--jobs 2 speedup over --jobs 1", f"{speedup:.2f}×", "≥ 1.7×", speedup >= 1.7)
    cpu = 2 * med([r.cpu for r in got["jobs 1"]]) / med([r.cpu for r in got["jobs 2"]])
    row(
        "--jobs 2 speedup two idle cores would allow (2 × cpu jobs 1 ÷ cpu jobs 2)",
        f"{cpu:.2f}×",
    )
    row("cores the machine gave (2 spinners at once ÷ 1; 2.0 when idle)", spread(cores, "", ".2f"))
    outs = {r.out for r in got["jobs 1"] + got["jobs 2"]}
    row(
        "--jobs 1 / --jobs 2 JSON byte-identical (all runs)",
        str(len(outs) == 1),
        "identical",
        len(outs) == 1,
    )
    stored = sum(len(fs) for _, _, fs in os.walk(nocache))
    row("files stored in the cache with --no-cache", str(stored), "0", stored == 0)
    return got


def cache(files: list[str], runs: int) -> None:
    print(f"\n# Result cache (default --jobs, {runs} runs)", flush=True)
    cold, warm, changed, same = [], [], [], True
    for _ in range(runs):
        folder = tempfile.mkdtemp(dir=SCRATCH)
        cold.append(run(CHECK + files + JSON, folder))
        warm.append(run(CHECK + files + JSON, folder))
        config = Path(folder) / "bench.customerlens.toml"
        config.write_text('brand = ["Benchmark Corp"]\n', encoding="utf-8")
        changed.append(run(CHECK + files + JSON + ["--config", str(config)], folder))
        same &= warm[-1].out == cold[-1].out
    c, w, i = (med([r.wall for r in rs]) for rs in (cold, warm, changed))
    row("cold run (writes the cache)", spread([r.wall for r in cold]))
    row("warm re-run", spread([r.wall for r in warm]), "no crash", not any(map(crashed, warm)))
    row("warm speedup over cold", f"{c / w:.1f}×", "≥ 20×", c / w >= 20)
    row("warm JSON identical to cold", str(same), "identical", same)
    row(
        "after a config change (brand): time, ÷ cold",
        f"{spread([r.wall for r in changed])}, {i / c:.2f}",
        "cold again (≥ 0.5)",
        i / c >= 0.5,
    )


def sample_file(files: list[str], folder: Path, words: int = 500) -> Path:
    """The first `words` prose words of a landing page (else of the first document with enough)."""
    from customerlens.documents import format_for, load

    ranked = sorted(
        files,
        key=lambda p: not re.search(r"features|/for/|enterprise|landing|_index|/index\.html", p),
    )
    for path in ranked:
        blocks = [
            b.text for b in load(Path(path).read_bytes(), path, format_for(path) or "text").blocks
        ]
        taken: list[str] = []
        for text in blocks:
            taken.append(" ".join(text.split()[: words - sum(len(t.split()) for t in taken)]))
        if sum(len(t.split()) for t in taken) >= words:
            target = folder / "one-file.md"
            target.write_text("\n\n".join(t for t in taken if t) + "\n", encoding="utf-8")
            print(f"  500-word file from {path}", flush=True)
            return target
    raise SystemExit("no document with 500 words of prose")


def latency(files: list[str], runs: int, folder: Path) -> None:
    from customerlens.nlp.pipeline import resolve_model

    model = resolve_model(None)
    print(f"\n# One-file latency ({runs} runs; model {model})", flush=True)
    draft = sample_file(files, folder)
    lint, load = [], []
    for _ in range(runs):
        lint.append(run(CHECK + [str(draft), "--no-cache"]))
        load.append(run([sys.executable, "-c", f"import spacy; spacy.load({model!r})"]))
    row(
        "customerlens check 500-word file --no-cache: wall (cpu)",
        f"{spread([r.wall for r in lint])} (cpu {med([r.cpu for r in lint]):.2f} s)",
    )
    row(
        f"python -c 'spacy.load({model})': wall (cpu)",
        f"{spread([r.wall for r in load])} (cpu {med([r.cpu for r in load]):.2f} s)",
    )
    ratio = med([r.wall for r in lint]) / med([r.wall for r in load])
    cpu = med([r.cpu for r in lint]) / med([r.cpu for r in load])
    row(
        "one-file ÷ model load (cpu-time ratio)",
        f"{ratio:.2f} ({cpu:.2f})",
        "≤ 1.3",
        ratio <= 1.3,
    )


def startup(runs: int) -> None:
    print("\n# Start-up commands", flush=True)
    for argv in (["--help"], ["--version"], ["rules"], ["explain", "CL101"]):
        walls = [run([str(BIN / "customerlens"), *argv]).wall for _ in range(max(runs, 5))]
        trace = run([sys.executable, "-X", "importtime", "-m", "customerlens", *argv]).err.decode()
        names = {
            line.rsplit("|", 1)[-1].strip().split(".")[0]
            for line in trace.splitlines()
            if line.startswith("import time:")
        }
        heavy = [m for m in HEAVY if m in names]
        row(
            f"customerlens {' '.join(argv)}: wall, heavy imports",
            f"{spread(walls)}, {heavy or 'none'}",
            "no spacy/numpy/thinc",
            not heavy,
        )


def memory(files: list[str], subset: list[str], whole: dict[str, list[Run]], runs: int) -> None:
    print(f"\n# Peak RSS (process tree), {len(files)} files vs {len(subset)} files", flush=True)
    for jobs in ("1", "2"):
        small = [
            run(CHECK + subset + ["--no-cache", "--jobs", jobs] + JSON).rss / 1024
            for _ in range(runs)
        ]
        big = [r.rss / 1024 for r in whole[f"jobs {jobs}"]]
        ratio = med(big) / med(small)
        row(
            f"peak RSS jobs {jobs}: all files / 1/10 of them",
            f"{spread(big, 'MB', '.0f')} / {spread(small, 'MB', '.0f')} = {ratio:.2f}×",
            "< 1.2×",
            ratio < 1.2,
        )


def big_drafts(files: list[str], folder: Path, megabytes: float) -> None:
    from customerlens.documents import format_for, load

    print(f"\n# A {megabytes:g} MB draft (one run each)", flush=True)
    paragraphs = [
        b.text
        for p in files[:50]
        for b in load(Path(p).read_bytes(), p, format_for(p) or "text").blocks
        if len(b.text.split()) >= 12
    ]
    text = "\n\n".join(paragraphs)
    size = int(megabytes * 1_000_000)
    variants = {"paragraphs": text, "single line": " ".join(text.split())}
    for name, body in variants.items():
        path = folder / f"big-{name.replace(' ', '-')}.md"
        path.write_text((body * (size // len(body) + 1))[:size], encoding="utf-8")
        r = run(CHECK + [str(path), "--no-cache", "--jobs", "1"] + JSON)
        report = json.loads(r.out) if r.out.startswith(b"{") else {"files": [{"error": "no JSON"}]}
        error, words = (
            report["files"][0]["error"],
            prose_words(r) if "score" in report["files"][0] else 0,
        )
        ok = not crashed(r) and error is None
        row(
            f"{megabytes:g} MB draft, {name}: wall (cpu), prose words, peak RSS, exit",
            f"{r.wall:.0f} s ({r.cpu:.0f} s), {words:,}, {r.rss / 1024:.0f} MB, "
            f"exit {r.code}, error {error!r}",
            "processed, no traceback",
            ok,
        )


# Issue 15's huge inputs, and a million paragraphs and list items: file name → (unit, count).
SHAPES = {
    "wall-1mb.txt": ("word ", 200_000),
    "lines-1m.txt": ("We ship it.\n", 1_000_000),
    "lines-1m.md": ("We ship it.\n", 1_000_000),
    "paragraphs-1m.md": ("We ship it.\n\n", 1_000_000),
    "items-1m.md": ("- We ship it.\n", 1_000_000),
    "wall-50mb.txt": ("word ", 10_000_000),
}


def shapes(folder: Path) -> None:
    """Peak memory of one huge input at --jobs 1 (target: under 600 MB), one run each."""
    print("\n# Huge inputs (one run each, minutes each)", flush=True)
    for name, (unit, count) in SHAPES.items():
        path = folder / name
        path.write_text(unit * count, encoding="utf-8")
        r = run(CHECK + [str(path), "--no-cache", "--jobs", "1", "--format", "concise"])
        row(
            f"{name} ({len(unit) * count / 1e6:.0f} MB): peak RSS, wall (cpu), exit",
            f"{r.rss / 1024:.0f} MB, {r.wall:.0f} s ({r.cpu:.0f} s), exit {r.code}",
            "< 600 MB, no traceback",
            r.rss / 1024 < 600 and not crashed(r),
        )
        path.unlink()


def optimisation(files: list[str]) -> None:
    """In-process: the trigger filter against parsing every sentence, document by document."""
    from customerlens.analysis.linter import Linter
    from customerlens.documents import format_for, load
    from customerlens.settings.config import Config

    print(f"\n# Trigger optimisation, in-process ({len(files)} files)", flush=True)
    docs = [load(Path(p).read_bytes(), p, format_for(p) or "text") for p in files]
    fast, full = Linter(Config()), Linter(Config(), optimize=False)
    times, differ = [0.0, 0.0], []
    for doc in docs:  # alternate, so that noise hits both sides
        results = []
        for i, linter in enumerate((fast, full)):
            start = time.perf_counter()
            results.append(linter.lint(doc))
            times[i] += time.perf_counter() - start
        if results[0] != results[1]:
            differ.append(doc.path)
    row(
        "optimize=True / optimize=False time",
        f"{times[0]:.1f} s / {times[1]:.1f} s = {times[1] / times[0]:.2f}× faster",
    )
    row(
        "results identical with and without",
        f"{len(docs) - len(differ)}/{len(docs)} {differ[:3] or ''}",
        "all identical",
        not differ,
    )


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if subprocess.run(
        [*git, "status", "--porcelain", "-uno", "--", "customerlens", "rules"],
        capture_output=True,
        text=True,
    ).stdout.strip():
        commit += " + uncommitted changes"
    return [
        f"nproc {os.cpu_count()}, CPU {cpu}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        f"customerlens at {commit or '?'}; load average {os.getloadavg()[0]:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, default=REPO.parent / "shared" / "corpus" / "raw"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="every 10th file, one run, a 1.2 MB big draft"
    )
    parser.add_argument("--shapes", action="store_true", help="only the huge inputs of issue 15")
    args = parser.parse_args()
    from customerlens.run.discovery import discover

    files = [s.path for s in discover([str(args.folder)]).files if s.path]
    runs = 1 if args.quick else args.runs
    files = files[::10] if args.quick else files
    subset = files[::10]
    before = machine()
    print(
        f"$ {' '.join([Path(sys.argv[0]).name, *sys.argv[1:]])}\n" + "\n".join(before), flush=True
    )
    global SCRATCH
    with tempfile.TemporaryDirectory(prefix="clbench-") as tmp:
        SCRATCH = tmp
        if args.shapes:
            shapes(Path(tmp))
        else:
            whole = throughput(files, runs)
            cache(files, runs)
            latency(files, max(runs, 3), Path(tmp))
            startup(runs)
            memory(files, subset, whole, runs)
            big_drafts(files, Path(tmp), 1.2 if args.quick else 20)
            optimisation(files)
    print(
        f"\n## Results ({time.strftime('%Y-%m-%d')}; {args.folder}, {len(files)} files, "
        f"{runs} run(s); median (min–max))\n"
    )
    print(
        "\n".join(
            f"- {line}" for line in [*before, f"load average at the end {os.getloadavg()[0]:.1f}"]
        )
        + "\n"
    )
    print("| figure | value | target | verdict |\n|---|---|---|---|")
    for figure, value, target, verdict in ROWS:
        print(f"| {figure} | {value} | {target} | {verdict} |")


if __name__ == "__main__":
    main()
