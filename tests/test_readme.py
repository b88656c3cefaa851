"""README's example output is the tool's real output, so the examples cannot go stale.

A console or text block in README that starts with `$ customerlens …` is preceded by an HTML
comment saying how it runs:

- `<!-- example: repository -->` — in the checkout (the commands work on `examples/`);
- `<!-- example: files=A,B -->` — in an empty folder holding the README blocks marked
  `<!-- file: A -->`, `<!-- file: B -->` (a draft, a configuration, a team rule);
- `<!-- example: illustrative -->` — not run (it needs a site or a history the checkout lacks).

Each `$ ` line runs (report printed as when piped: no colour, 100 columns), and what follows it up
to the next `$ ` line must be its standard output then standard error. A line that is only `…`
stands for any number of lines.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from customerlens.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(
    r"^<!-- (?P<kind>example|file): (?P<how>[^>]*?) -->\n```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.M | re.S,
)
COMMAND_BLOCK = re.compile(r"^```(?:console|text)\n\$ customerlens", re.M)


@dataclass(frozen=True)
class Example:
    line: int  # in README, for the test id
    how: str
    body: str


def _blocks(kind: str) -> list[Example]:
    return [
        Example(README.count("\n", 0, m.start()) + 1, m["how"].strip(), m["body"])
        for m in FENCE.finditer(README)
        if m["kind"] == kind
    ]


EXAMPLES = [e for e in _blocks("example") if e.how != "illustrative"]
FILES = {e.how: e.body for e in _blocks("file")}


def test_every_command_example_says_how_it_runs() -> None:
    commands = len(COMMAND_BLOCK.findall(README))
    assert commands == len(_blocks("example")) and len(EXAMPLES) >= 5


def _matches(expected: list[str], actual: list[str]) -> bool:
    """`expected` equals `actual`, a line `…` matching any run of lines (none included)."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "…" else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def _runs(body: str) -> list[tuple[list[str], list[str]]]:
    """(argv, expected lines) per `$ customerlens` line of a block."""
    runs: list[tuple[list[str], list[str]]] = []
    for line in body.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            runs.append((shlex.split(line[2:])[1:], []))
        else:
            runs[-1][1].append(line.rstrip())
    return runs


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"README.md:{e.line}" for e in EXAMPLES])
def test_readme_example_is_the_real_output(
    example: Example, tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(tmp_path / "cache"))
    if example.how == "repository":
        monkeypatch.chdir(ROOT)
    else:
        names = example.how.removeprefix("files=").split(",")
        for name in names:
            (tmp_path / "site" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "site" / name).write_text(FILES[name], encoding="utf-8")
        monkeypatch.chdir(tmp_path / "site")
    for argv, expected in _runs(example.body):
        main(argv)
        out, err = capsys.readouterr()
        actual = [line.rstrip() for line in (out + err).rstrip("\n").split("\n")]
        assert _matches(expected, actual), "\n".join(
            [f"README.md:{example.line}: `{shlex.join(argv)}` printed:", *actual]
        )


def test_a_stale_example_fails() -> None:
    assert _matches(["a", "…", "d"], ["a", "b", "c", "d"]) and _matches(["a", "…"], ["a"])
    assert not _matches(["a", "score 25.8"], ["a", "score 29.1"])
    assert not _matches(["a"], ["a", "b"])  # nothing unshown without a `…`
