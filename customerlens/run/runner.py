"""Run a set of inputs through the linter: read, parse, lint; one bad file never stops the rest."""

from __future__ import annotations

import functools
import gc
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from customerlens.documents import load
from customerlens.errors import InputError
from customerlens.model import FileResult, RunResult
from customerlens.run.discovery import Source
from customerlens.settings.config import Config
from customerlens.settings.resolve import ConfigResolver

if TYPE_CHECKING:
    from customerlens.analysis.linter import Linter


def read_source(source: Source) -> bytes:
    """The raw bytes of a source: a file, or standard input for `-`."""
    if source.path is None:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise InputError(source.display, "standard input is closed")
        try:
            return stream.read()
        except (OSError, ValueError):
            raise InputError(source.display, "standard input is closed") from None
    try:
        return _read_regular(source.path, source.display)
    except IsADirectoryError:
        raise InputError(source.display, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(source.display, "permission denied") from None
    except FileNotFoundError:
        raise InputError(source.display, "no such file or directory") from None
    except OSError as exc:
        raise InputError(source.display, exc.strerror or str(exc)) from None


def _read_regular(path: str, display: str) -> bytes:
    """A regular file's bytes. Opened without blocking and checked on the open descriptor: a
    file swapped for a FIFO or a device after discovery is refused, never waited on."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise InputError(display, "is not a regular file")
        return handle.read()


def checked_path(source: Source) -> Path:
    """Where a source sits, for finding its configuration (stdin: its name in the cwd)."""
    return Path(source.path) if source.path is not None else Path.cwd() / source.display


@dataclass(frozen=True)
class Task:
    """One file to check, as sent to a worker: small and picklable."""

    source: Source
    config: Config
    data: bytes | None = None  # standard input, read by the parent
    cache: Path | None = None  # the result cache folder; None: no cache
    detail: bool = False  # keep text and highlight marks (for reports that show the text)
    rules: str | None = (
        None  # rules_fingerprint of config.rule_folders, read once per run; None: read it here
    )


_LINTERS: dict[tuple[object, ...], Linter] = {}  # per process: one per distinct configuration


# Some sites keep a page's whole copy in front matter (title, description, hero text…), which
# is skipped unless asked for: an unscored page says so instead of a silent "no prose".
FRONT_MATTER_NOTE = (
    "all its copy is in front matter: check it with --front-matter (files.front-matter = true)"
)


def process(task: Task) -> FileResult:
    """Read, look up the cache, else parse and lint one file. Runs in a worker or in-process.
    spaCy is imported only on a cache miss: a warm re-run never loads it."""
    from customerlens.checks.loader import rules_fingerprint
    from customerlens.run.cache import ResultCache

    source, config = task.source, task.config
    try:
        data = task.data if task.data is not None else read_source(source)
    except InputError as exc:
        return FileResult(source.display, source.format, error=exc.reason)
    rules = task.rules if task.rules is not None else rules_fingerprint(config.rule_folders)
    cache = ResultCache(task.cache) if task.cache is not None else None
    key = (
        cache.key(data, f"{source.format}:{task.detail}", config, rules, _pipeline(config.model))
        if cache
        else ""
    )
    cached = cache.get(key, source.display) if cache else None
    if cached is not None:
        return cached
    try:
        document = load(data, source.display, source.format, config.front_matter)
    except InputError as exc:
        return FileResult(source.display, source.format, error=exc.reason)
    from customerlens.analysis.linter import Linter

    linter_key = (*config.analysis_key(), rules)
    if linter_key not in _LINTERS:
        if not _LINTERS:
            # All that exists before the first pipeline of a process (modules, spaCy's code)
            # lives until it exits: frozen, the cycle collector stops rescanning it while the
            # model loads and files are linted (one full pass over it costs ~50 ms).
            gc.freeze()
        _LINTERS[linter_key] = Linter(config)
    result = _LINTERS[linter_key].lint(document, task.detail)
    if not document.blocks and not config.front_matter and source.format in ("markdown", "html"):
        if load(data, source.display, source.format, front_matter=True).blocks:
            result = replace(result, note=FRONT_MATTER_NOTE)
    if cache:
        cache.put(key, result)
    return result


@functools.cache
def _pipeline(model: str | None) -> str:
    """The pipeline's name and version, for cache keys; looked up once per process, as the
    pipeline itself is loaded once (importlib.metadata costs ~0.5 ms a file otherwise)."""
    from customerlens.nlp.pipeline import model_version, resolve_model

    return model_version(resolve_model(model))


def run(
    sources: Sequence[Source],
    resolver: ConfigResolver,
    on_file: Callable[[FileResult], None] | None = None,
    jobs: int = 1,
    cache: Path | None = None,
    detail: bool = False,
    paragraphs: bool = True,
) -> RunResult:
    """Check every source, each with its own configuration, in order. With `jobs` > 1 files are
    spread over worker processes (each loads the pipeline once); the output is the same.
    Without `paragraphs` (for reports that never show the heatmap) each result is kept without
    its rows: a quarter of what a large run holds until its report."""
    from customerlens.checks.loader import catalogue, rules_fingerprint
    from customerlens.checks.selection import check_selectors

    tasks = []
    rules: dict[tuple[object, ...], str] = {}  # analysis key → fingerprint of its rule files
    for source in sources:
        resolved = resolver.resolve(checked_path(source))
        config = resolved.config
        if config.analysis_key() not in rules:
            check_selectors(catalogue(config.rule_folders), config, resolved.origins)
            rules[config.analysis_key()] = rules_fingerprint(config.rule_folders)
        data = _read_stdin(source) if source.path is None else None
        tasks.append(Task(source, config, data, cache, detail, rules[config.analysis_key()]))
    return run_tasks(tasks, on_file, jobs, paragraphs)


def run_tasks(
    tasks: Sequence[Task],
    on_file: Callable[[FileResult], None] | None = None,
    jobs: int = 1,
    paragraphs: bool = True,
) -> RunResult:
    """Check prepared tasks in order (see `run`); each result carries its file's gate."""
    results = []
    for i, result in enumerate(_map(process, list(tasks), jobs)):  # runs the generator to its end
        config = tasks[i].config
        result = replace(
            result,
            fail_level=config.fail_level,
            fail_under=config.fail_under,
            paragraphs=result.paragraphs if paragraphs else (),
        )
        if on_file is not None:
            on_file(result)
        results.append(result)
    return RunResult(tuple(results))


def _read_stdin(source: Source) -> bytes | None:
    try:
        return read_source(source)
    except InputError:
        return None  # the worker reports it, in order, like any unreadable file


def _map(
    function: Callable[[Task], FileResult], tasks: list[Task], jobs: int
) -> Iterator[FileResult]:
    """`map` in this process, or over a pool of `jobs` processes, results in input order."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(function, tasks)
        return
    from multiprocessing import Pool

    # A multiprocessing pool, not concurrent.futures: on Ctrl-C with files still queued, the
    # executor's manager thread fails on the cancelled futures ("InvalidStateError: CANCELLED")
    # while this pool's `terminate` just stops the workers.
    pool = Pool(min(jobs, len(tasks)), initializer=_ignore_interrupts)
    try:
        yield from pool.imap(function, tasks, chunksize=1)
        pool.close()
    except BaseException:
        # Ctrl-C reaches the parent alone (workers ignore it): stop the workers now rather
        # than wait for the files they are on.
        pool.terminate()
        raise
    finally:
        pool.join()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
