"""Decoding: what a user gets for each kind of file they may pass in."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    _BREAK,
    PNG,
    TRIGGER,
    assert_companion_checked,
    assert_one_error,
    assert_positions_exact,
    by_name,
    check_json,
    companion,
    trigger_at,
)

from customerlens.documents import load
from customerlens.documents.decoding import decode
from customerlens.errors import InputError

TEXT = "Café “for you” 🧑‍💻\r\nNext line"


def test_utf8_with_and_without_bom() -> None:
    assert decode(TEXT.encode(), "a.md") == TEXT
    assert decode(codecs.BOM_UTF8 + TEXT.encode(), "a.md") == TEXT


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_utf16_and_utf32_with_a_byte_order_mark(encoding: str) -> None:
    data = (
        ("\ufeff" + TEXT).encode(encoding)
        if encoding[-3:] in ("-le", "-be")
        else TEXT.encode(encoding)
    )
    assert decode(data, "a.md") == TEXT


def test_utf16_without_bom_is_binary_because_of_its_nul_bytes() -> None:
    with pytest.raises(InputError, match="looks like a binary file, not text"):
        decode("Hello".encode("utf-16-le"), "a.md")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00",
        b"%PDF-1.7\n",
        b"text with a \x00 NUL",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_files_are_refused(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "logo.md")
    assert str(caught.value) == "logo.md: looks like a binary file, not text"


def test_windows_1252_files_are_read() -> None:
    assert (
        decode("Caf\xe9 \u201cquoted\u201d \u2013 \u20ac5".encode("cp1252"), "old.txt")
        == "Café “quoted” – €5"
    )


def test_invalid_utf8_names_the_byte_and_offset() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"Good text \x81 here", "bad.md")  # 0x81 is not a cp1252 character either
    assert caught.value.reason == "is not valid UTF-8 (byte 0x81 at offset 10)"
    with pytest.raises(InputError, match=r"byte 0xE9 at offset 3"):
        decode(
            b"Caf\xe9 rings a bell \x07 in a longer line", "bell.md"
        )  # a control rules out cp1252


def test_load_decodes_then_parses() -> None:
    doc = load(codecs.BOM_UTF8 + b"# Hello\r\n", "a.md", "markdown")
    assert doc.source == "# Hello\r\n"
    assert doc.blocks[0].text == "Hello"
    assert doc.position(doc.blocks[0].source_offset(0)) == (1, 3)


# --- through the command line, beside a file that is fine -----------------------------------------


@pytest.mark.parametrize(
    "content",
    [PNG, b"We offer the best\x00 support.\n", b"We offer \x00\x00\x00\x00 " * 100],
    ids=["png-in-x.md", "one-nul", "many-nuls"],
)
def test_binary_content_with_a_text_suffix_is_one_error_line(
    capsys: Any, tmp_path: Path, content: bytes
) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(content)
    code, report, err = check_json(capsys, binary, companion(tmp_path))
    assert code == 2
    assert_one_error(err, "x.md", "looks like a binary file, not text")
    file = by_name(report, "x.md")
    assert (
        file["error"] == "looks like a binary file, not text"
        and file["score"] is None
        and file["findings"] == []
    )
    assert report["summary"]["errors"] == 1
    assert_companion_checked(report)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"We offer caf\xe9 \x81 support.\n",
            "is not valid UTF-8 (byte 0xE9 at offset 12)",
        ),  # 0x81: not cp1252 either
        (
            b"Our team \x1b[31m is \xff here.\n",
            "is not valid UTF-8 (byte 0xFF at offset 18)",
        ),  # a control byte: no fallback
        (b"We offer support\xc3.\n", None),  # a truncated sequence that cp1252 reads (as "Ã")
    ],
    ids=["undefined-in-cp1252", "with-control-byte", "truncated-sequence"],
)
def test_invalid_utf8_is_an_error_naming_the_byte_or_a_declared_cp1252_read(
    capsys: Any, tmp_path: Path, content: bytes, problem: str | None
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    code, report, err = check_json(capsys, bad, companion(tmp_path))
    file = by_name(report, "bad.md")
    if problem is None:  # the documented fallback: every byte is Windows-1252
        assert file["error"] is None and code == 1
        assert_positions_exact(content.decode("cp1252"), file)
    else:
        assert code == 2
        assert_one_error(err, "bad.md", problem)
        assert file["error"] == problem
    assert_companion_checked(report)


def test_windows_1252_text_is_read_without_mojibake(capsys: Any, tmp_path: Path) -> None:
    text = (
        "Caf\u00e9 owners \u2013 \u201cna\u00efve\u201d \u20ac5 plans.\n"
        "We offer the best support for every caf\u00e9.\n"
    )
    legacy = tmp_path / "legacy.md"
    legacy.write_bytes(text.encode("cp1252"))
    code, report, err = check_json(capsys, legacy)
    assert code == 1 and err == ""
    [file] = report["files"]
    trigger_at(file, 2, 1)
    assert_positions_exact(text, file)
    contexts = " ".join(f["context"] for f in file["findings"])
    assert "caf\u00e9" in contexts and "\u00c3" not in contexts  # é, not the mojibake "Ã©"


def test_utf8_with_one_damaged_byte_is_not_read_as_mojibake(capsys: Any, tmp_path: Path) -> None:
    data = (
        "Our caf\u00e9 owners: we offer the best support for every caf\u00e9 in town".encode()
        + b" \xff.\n"
    )
    damaged = tmp_path / "damaged.md"
    damaged.write_bytes(data)
    code, report, err = check_json(capsys, damaged, companion(tmp_path))
    file = by_name(report, "damaged.md")
    if file["error"] is not None:
        assert code == 2
        assert_one_error(err, "damaged.md", "is not valid UTF-8 (byte 0xFF at offset")
    else:
        shown = " ".join(f["match"] + " " + f["context"] for f in file["findings"])
        assert "\u00c3" not in shown, shown
    assert_companion_checked(report)


def test_utf8_bom_is_not_counted_in_columns(capsys: Any, tmp_path: Path) -> None:
    text = "Hello.  " + TRIGGER + "\n"
    bom = tmp_path / "bom.md"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode())
    code, report, _ = check_json(capsys, bom)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    trigger_at(file, 1, 9)
    assert_positions_exact(text, file)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_read_with_exact_positions(
    capsys: Any, tmp_path: Path, encoding: str
) -> None:
    text = "# Plans\r\n\r\nCaf\u00e9 \U0001f600 owners. " + TRIGGER + "\r\n"
    wide = tmp_path / "wide.md"
    wide.write_bytes(("\ufeff" + text).encode(encoding))
    code, report, _ = check_json(capsys, wide)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    trigger_at(file, 3, _BREAK.split(text)[2].index(TRIGGER) + 1)  # 16: the emoji is one column
    assert_positions_exact(text, file)
