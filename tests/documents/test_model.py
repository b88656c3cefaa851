"""Positions as README promises them: 1-based, columns in code points, CRLF, CR and LF all end a
line (and nothing else does: not form feed, not U+2028), whatever the format."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import Any

import pytest
from cli_support import _BREAK, TRIGGER, assert_positions_exact, check_json, trigger_at
from hypothesis import given
from hypothesis import strategies as st

from customerlens.documents.model import KINDS, Block, BlockBuilder, Blocks


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "mixed"])
@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_crlf_and_lone_cr_line_endings_keep_line_and_column_exact(
    capsys: Any, tmp_path: Path, newline: str, suffix: str
) -> None:
    ends = ["\r\n", "\r", "\n", "\r\n"] if newline == "mixed" else [newline] * 4
    lines = ["Hello there, reader.", "", "Some words first. " + TRIGGER, "", "  " + TRIGGER]
    if suffix == ".html":
        lines = [
            "<p>Hello there, reader.</p>",
            "",
            "<p>Some words first. " + TRIGGER,
            "</p>",
            "<p>  " + TRIGGER + "</p>",
        ]
    text = "".join(line + end for line, end in zip(lines, ends + [""])) + ends[0]
    draft = tmp_path / f"draft{suffix}"
    draft.write_bytes(text.encode())
    code, report, _ = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    offset = len("<p>") if suffix == ".html" else 0
    trigger_at(file, 3, offset + 19)
    trigger_at(file, 5, offset + 3)
    assert_positions_exact(text, file)


def test_form_feed_and_unicode_line_separators_do_not_end_a_line(
    capsys: Any, tmp_path: Path
) -> None:
    text = "Intro\x0cpage two.\u2028More\u2029text. " + TRIGGER + "\n"
    draft = tmp_path / "ff.txt"
    draft.write_bytes(text.encode())
    _, report, _ = check_json(capsys, draft)
    [file] = report["files"]
    assert file["error"] is None
    trigger_at(file, 1, text.index("We offer") + 1)
    assert_positions_exact(text, file)


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_emoji_combining_marks_and_right_to_left_text_keep_columns_exact(
    capsys: Any, tmp_path: Path, suffix: str
) -> None:
    prefix = (
        "\U0001f600\U0001f469\u200d\U0001f4bb\U0001f1eb\U0001f1f7 "  # emoji, a ZWJ sequence, a flag
        "e\u0301cole\u0301 \u1100\u1161 "  # combining accents, conjoining Hangul jamo
        # Hebrew, Arabic with bidi controls
        "\u05e9\u05dc\u05d5\u05dd \u202b\u0645\u0631\u062d\u0628\u0627\u202c "
        "\U00010348 "  # outside the Basic Multilingual Plane
    )
    body = f"Welcome. {prefix}{TRIGGER}\n\u05e9\u05dc\u05d5\u05dd {TRIGGER}\n"
    text = body if suffix != ".html" else f"<p>{body}</p>\n"
    draft = tmp_path / f"intl{suffix}"
    draft.write_text(text, encoding="utf-8")
    code, report, _ = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    lines = _BREAK.split(text)
    for line_number, line in enumerate(lines[:2], start=1):
        if TRIGGER in line:
            trigger_at(file, line_number, line.index(TRIGGER) + 1)  # str.index counts code points
    assert_positions_exact(text, file)


def test_line_positions_are_computed_in_linear_time() -> None:
    from customerlens.documents.model import Document

    def cost(newline: str) -> float:
        source = "".join(f"row {i} = some short code{newline}" for i in range(100_000))
        document = Document("long.md", "markdown", source, ())
        start = time.perf_counter()
        assert document.position(len(source) - 1)[0] == 100_000
        return time.perf_counter() - start

    crlf = cost("\r\n")  # both break characters occur: each search stops at the next line
    assert cost("\n") < 0.5 + 10 * crlf
    assert cost("\r") < 0.5 + 10 * crlf


def _built(kind: str, pieces: list[tuple[str, int, bool]]) -> Block | None:
    builder = BlockBuilder(kind)
    for text, source, literal in pieces:
        builder.add(text, source, literal)
    return builder.build()


_BLOCK = st.builds(
    _built,
    st.sampled_from(KINDS),
    st.lists(st.tuples(st.text(max_size=6), st.integers(0, 10**9), st.booleans()), max_size=4),
).filter(lambda block: block is not None)


@given(st.lists(_BLOCK, max_size=30), st.data())
def test_blocks_stored_compactly_are_the_blocks_given(blocks: list[Block], data: Any) -> None:
    """A document's blocks live in shared arrays (a million paragraphs as objects took ~550
    bytes each); each comes back equal, in order, by index, slice and iteration, and after a
    pickle (a spilled result crosses processes)."""
    stored = Blocks(blocks)
    assert len(stored) == len(blocks) and list(stored) == blocks and stored == blocks
    for _ in range(3):  # more reads than kept Block objects: made again, still equal
        i = data.draw(st.integers(-len(blocks), len(blocks) - 1)) if blocks else None
        if i is not None:
            assert stored[i] == blocks[i]
    assert stored[1:-1] == blocks[1:-1]
    assert pickle.loads(pickle.dumps(stored)) == blocks
    ordered = stored.in_source_order()
    assert list(ordered) == sorted(blocks, key=lambda b: b.source_offset(0))
