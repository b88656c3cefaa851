"""Past one machine: the README recipe — the API inside dask.bag on a real dask.distributed
LocalCluster with two worker processes — gives what the command line gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import run

ROOT = Path(__file__).resolve().parents[1]


def _records(tmp_path: Path) -> list[dict[str, str]]:
    """Six pages as an archive's records would hold them (and as files, for the CLI)."""
    pages = sorted((ROOT / "examples").glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in pages]
    texts += [
        "We are proud to offer the best platform.",
        "Your files, on every device.",
        "Acme ships storage.",
        "",
    ]
    records = []
    for n, text in enumerate(texts):
        (tmp_path / f"item-{n}.md").write_text(text, encoding="utf-8")
        records.append({"id": f"item-{n}", "text": text})
    return records


@pytest.mark.loopback
def test_a_local_cluster_gives_what_the_command_line_gives(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    distributed = pytest.importorskip("distributed")
    import dask.bag as db

    from customerlens import check_records

    records = _records(tmp_path)
    monkeypatch.chdir(tmp_path)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        lines = db.from_sequence(records, npartitions=3).map_partitions(check_records).compute()
        pipelines = client.run(_pipelines_loaded)
    assert sorted(pipelines.values()) == [1, 1]  # two workers, one pipeline each
    by_id = {json.loads(line)["path"]: json.loads(line) for line in lines}
    _, out, _ = run(capsys, "check", *(f"item-{n}.md" for n in range(len(records))), "-f", "json")
    for file in json.loads(out)["files"]:
        name = file["path"].removesuffix(".md")
        assert by_id[name] == {**file, "path": name}, name


def _pipelines_loaded() -> int:
    from customerlens.run import runner

    return len(runner._LINTERS)
