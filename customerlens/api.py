"""The Python API: check copy from a program — a CMS hook, a notebook, a Dask job — and get
the typed results the reporters use (`FileResult`, `RunResult`: frozen, picklable).

    from customerlens import check_text, check_paths, Config

    result = check_text("We are proud to offer the best platform.", config=Config(brands=("Acme",)))
    result.score.total, [f.rule for f in result.findings]

Importing customerlens loads no spaCy: the pipeline is loaded by the first check, once per
process and configuration, and reused by every later call.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from customerlens.documents import format_for
from customerlens.model import FileResult, RunResult
from customerlens.model.jsonable import file_data
from customerlens.run.discovery import Source, discover
from customerlens.run.runner import Task, run, run_tasks
from customerlens.settings.config import Config
from customerlens.settings.resolve import ConfigResolver

__all__ = ["Config", "check_paths", "check_records", "check_text"]


def check_text(
    text: str, path: str = "draft.md", config: Config | None = None, *, detail: bool = False
) -> FileResult:
    """Check `text` as if it were the file `path`, whose suffix decides the format (`.md`,
    `.mdx`, `.html`, `.txt`; anything else reads as Markdown). With no `config`, the
    configuration files that would apply to `path` do, as on the command line; a `Config`
    is used as given. `detail` keeps the text and highlight marks (as the HTML report needs)."""
    fmt = format_for(path) or "markdown"
    if config is None:
        config = ConfigResolver().resolve(Path(os.path.abspath(path))).config
    task = Task(Source(path, None, fmt), config, text.encode("utf-8"), detail=detail)
    return run_tasks([task]).files[0]


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    config: Config | None = None,
    *,
    jobs: int = 1,
    detail: bool = False,
) -> RunResult:
    """Check files and folders (walked as the command line walks them), each with the
    configuration files that apply to it, or every one with `config`. A path that cannot be
    read is a result with an `error`, never an exception; `jobs` > 1 spreads files over worker
    processes."""
    found = discover([os.fspath(p) for p in paths])
    errors = tuple(FileResult(e.path, error=e.reason) for e in found.errors)
    if config is None:
        resolver = ConfigResolver()
        sources = [s for s in found.files if resolver.included(Path(s.path or s.display))]
        result = run(sources, resolver, jobs=jobs, detail=detail)
    else:
        tasks = [Task(s, config, detail=detail) for s in found.files]
        result = run_tasks(tasks, jobs=jobs)
    return RunResult(errors + result.files)


def check_records(
    records: Iterable[Mapping[str, str]],
    config: Config | None = None,
    *,
    id_key: str = "id",
    text_key: str = "text",
    suffix: str = ".md",
) -> list[str]:
    """JSON lines, one per record (`{"id": …, "text": …}`), each the shape of a file in
    `check --format json` with the record's id as its path (the id plus `suffix` decides the
    format). Made for a partition of a large archive: `dask.bag.map_partitions` or Spark's
    `mapPartitions` — each worker process loads the pipeline once, on its first record."""
    lines = []
    for record in records:
        name = str(record[id_key])
        result = check_text(record[text_key], path=name + suffix, config=config)
        lines.append(json.dumps({**file_data(result), "path": name}, ensure_ascii=False))
    return lines
