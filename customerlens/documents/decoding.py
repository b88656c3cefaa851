"""Bytes → text, with one predictable policy.

- UTF-8 is the default; a UTF-8 byte-order mark is removed.
- UTF-16 and UTF-32 are decoded only when the file starts with their byte-order mark.
- A file with a NUL byte, a known binary signature (PNG, JPEG, GIF, PDF, ZIP, gzip) or more
  than 10% control characters in its first 4 KB is rejected: "looks like a binary file, not
  text".
- Bytes that are not valid UTF-8 are read as Windows-1252 (cp1252: old Word and Windows
  exports) only when every byte decodes in cp1252 and there is no control character besides
  tab, line feed, carriage return and form feed. Otherwise the file is rejected with the first
  bad byte and its offset: "is not valid UTF-8 (byte 0xE9 at offset 120)".

Nothing is normalised: offsets in the returned text are what findings are reported against.
"""

from __future__ import annotations

import codecs
import re

from customerlens.errors import InputError

BINARY = "looks like a binary file, not text"
_WIDE_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
)
_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A valid multi-byte UTF-8 sequence: a file that has one is UTF-8 with damage, not cp1252 —
# reading it as cp1252 would turn every "é" into "Ã©" (silent mojibake).
_UTF8_SEQUENCE = re.compile(
    rb"[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}"
)
_SAMPLE = 4096
_MAX_CONTROL_SHARE = 0.1


def decode(data: bytes, path: str) -> str:
    """Decode a file's bytes into text, or raise InputError saying why it is not text."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"is not valid {encoding} ({exc.reason})") from exc
            if "\x00" in text:
                raise InputError(path, BINARY)
            return text
    data = data.removeprefix(codecs.BOM_UTF8)
    sample = data[:_SAMPLE]
    if (
        b"\x00" in data
        or data.startswith(_SIGNATURES)
        or len(_CONTROLS.findall(sample)) > _MAX_CONTROL_SHARE * len(sample)
    ):
        raise InputError(path, BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not _CONTROLS.search(data) and not _UTF8_SEQUENCE.search(data):
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        bad = data[exc.start]
        raise InputError(
            path, f"is not valid UTF-8 (byte 0x{bad:02X} at offset {exc.start})"
        ) from exc
