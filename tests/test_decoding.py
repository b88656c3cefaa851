"""Decoding: what a user gets for each kind of file they may pass in."""

from __future__ import annotations

import codecs

import pytest

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
