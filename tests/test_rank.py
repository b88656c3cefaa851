"""`customerlens rank`: headline and tagline variants ordered by how they read for the reader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_support import run
from hypothesis import given
from hypothesis import strategies as st

from customerlens.rank import variants
from customerlens.settings.config import Config

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [
    json.loads(line)
    for line in (ROOT / "data/judgement/pairs.jsonl").read_text(encoding="utf-8").splitlines()
    if line
]


def test_real_short_rewrites_rank_above_their_originals(tmp_path: Path) -> None:
    """The published or accepted rewrites of headlines and taglines (data/judgement/pairs.jsonl,
    3–15 words): ranked against its original, the rewrite comes first in at least 90%."""
    from customerlens.rank import rank

    short = [p for p in PAIRS if len(p["before"].split()) <= 15]
    first = 0
    for pair in short:
        brands = tuple(json.loads((ROOT / "data/judgement/brands.json").read_text())[pair["site"]])
        ranked = rank(f"{pair['before']}\n{pair['after']}\n", "pair.txt", Config(brands=brands))
        first += ranked[0].text == " ".join(pair["after"].split())
    assert len(short) >= 50 and first / len(short) >= 0.9, f"{first} of {len(short)}"


def test_ranking_on_the_command_line_with_reasons(capsys: Any, tmp_path: Path) -> None:
    draft = tmp_path / "headlines.txt"
    draft.write_text(
        "We are proud to announce Acme Sync 2.0\n"
        "The leading, award-winning storage platform\n"
        "Your files, on every device, in a minute\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "rank", str(draft), "-f", "json", "--brand", "Acme")
    assert (code, err) == (0, "")
    ranked = json.loads(out)["variants"]
    assert [v["line"] for v in ranked][0] == 3 and [v["rank"] for v in ranked] == [1, 2, 3]
    assert ranked[0]["reason"].startswith("lifts it: speaks to the reader")
    announce = next(v for v in ranked if v["line"] == 1)
    assert announce["reason"].startswith("sinks it: 'We are' is the company congratulating")
    assert all(v["short"] for v in ranked) and ranked[0]["score"] > announce["score"]
    code, text, _ = run(capsys, "rank", str(draft), "--brand", "Acme", "--no-color")
    assert code == 0 and text.index("Your files") < text.index("We are proud")


def test_rank_reads_standard_input_and_refuses_nothing_to_rank(
    capsys: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Try it free\nWe ship it\n")))
    code, out, _ = run(capsys, "rank", "-", "-f", "json")
    assert code == 0 and [v["text"] for v in json.loads(out)["variants"]][0] == "Try it free"
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    code, out, err = run(capsys, "rank", str(empty))
    assert (code, out) == (2, "") and err.strip().endswith(
        "no variants to rank (one per line or per paragraph)"
    )
    code, _, err = run(capsys, "rank", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file or directory" in err and len(err.splitlines()) == 1


def test_paragraph_variants_when_blank_lines_part_them() -> None:
    assert variants("Headline one\nHeadline two\n") == [(1, "Headline one"), (2, "Headline two")]
    assert variants("We are proud\nof our office.\n\nYou can now\nwork from Berlin.\n") == [
        (1, "We are proud of our office."),
        (4, "You can now work from Berlin."),
    ]


@given(st.lists(st.sampled_from(["", "Try it", "We ship", "  ", "Your files"]), max_size=12))
def test_every_written_line_is_in_exactly_one_variant(lines: list[str]) -> None:
    found = variants("\n".join(lines))
    words = " ".join(text for _, text in found).split()
    assert words == " ".join(lines).split()
    assert [line for line, _ in found] == sorted({line for line, _ in found})
