"""Input files → Documents: decoding, the format table and one parser per format.

Importing this package stays cheap: each parser (and markdown-it) is imported only when a file
of its format is parsed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from itertools import chain
from types import MappingProxyType
from typing import Final

from customerlens.documents.decoding import decode
from customerlens.documents.model import Blocks, Document

FORMATS: Final[Mapping[str, str]] = MappingProxyType(
    {
        ".md": "markdown",
        ".markdown": "markdown",
        ".mdx": "markdown",
        ".txt": "text",
        ".text": "text",
        ".html": "html",
        ".htm": "html",
    }
)


def format_for(path: str) -> str | None:
    """The format of a file from its suffix (case-insensitive); None when unsupported."""
    return FORMATS.get(os.path.splitext(path)[1].lower())


def parse(source: str, path: str, fmt: str, front_matter: bool = False) -> Document:
    """Extract the prose of decoded `source` in format `fmt` ("markdown", "html", "text").

    Front matter is skipped, unless `front_matter`: then the prose values of its copy keys
    (title, description, summary, content…) are read too — some sites keep all their copy there.
    """
    if fmt in ("markdown", "html"):
        from customerlens.documents.html import parse_html
        from customerlens.documents.markdown import markdown_blocks, parse_markdown

        document = (parse_markdown if fmt == "markdown" else parse_html)(source, path)
        if not front_matter:
            return document
        from customerlens.documents.frontmatter import front_matter_blocks

        prose = front_matter_blocks(source, markdown_blocks)
        return dataclasses.replace(document, blocks=Blocks(chain(prose, document.blocks)))
    if fmt == "text":
        from customerlens.documents.plaintext import parse_text

        return parse_text(source, path)
    raise ValueError(f"unknown format {fmt!r}")


def load(data: bytes, path: str, fmt: str, front_matter: bool = False) -> Document:
    """Decode the bytes of a file (see `decoding`) and parse them; raises InputError."""
    return parse(decode(data, path), path, fmt, front_matter)
