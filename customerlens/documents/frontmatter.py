"""Prose held in YAML front matter (page titles, descriptions, hero and card copy).

Static-site landing pages often keep all their copy in front matter (`title:`, `description:`,
`params.hero.content: |-`, FAQ `question:`/`answer:` lists), with no body at all. String values
under the keys in `PROSE_KEYS` (at any depth, case-insensitive) are parsed as Markdown and
mapped back to the file: each character of the value is aligned with the YAML source of the
scalar, so findings point into the front matter. Values equal to one already taken are skipped
(`title` repeated as `params.hero.title` would double-count). TOML front matter is masked but
not read. Front matter that is not valid YAML yields no prose rather than an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import yaml

from customerlens.documents.masking import front_matter_end, lf_only
from customerlens.documents.model import HEADING, Block, BlockBuilder

# fmt: off
PROSE_KEYS = frozenset({
    "title", "subtitle", "headline", "heading", "subheading", "tagline", "question", "stat",
    "metatitle", "ogtitle", "description", "summary", "excerpt", "ogsummary",
    "ogdescription", "metadescription", "intro", "lead", "teaser", "blurb", "content",
    "body", "text", "answer", "quote", "caption",
})
# fmt: on
_HEADINGS = ("title", "head", "question", "stat", "tagline")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WINDOW = 32


def front_matter_blocks(source: str, parse: Callable[[str], Sequence[Block]]) -> list[Block]:
    """Blocks for the prose values of the YAML front matter opening `source`. `parse` turns a
    value (Markdown) into blocks whose offsets index the value."""
    norm = lf_only(source)
    end = front_matter_end(norm)
    if not end or not source.startswith("---"):
        return []
    body_start = norm.index("\n") + 1
    body_end = norm.rfind("\n", 0, end) + 1
    try:
        root = yaml.compose(source[body_start:body_end], Loader=_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    blocks: list[Block] = []
    seen: set[str] = set()
    for key, node in _prose_scalars(root):
        value = node.value.strip()
        if not value or value in seen:
            continue
        seen.add(value)
        offsets = _align(node, source, body_start)
        heading = any(word in key for word in _HEADINGS)
        for block in parse(node.value):
            blocks.append(_remap(block, source, offsets, HEADING if heading else block.kind))
    return blocks


def _prose_scalars(root: yaml.Node | None) -> list[tuple[str, yaml.ScalarNode]]:
    """(key, string scalar) pairs under prose keys, in document order; iterative, and each
    node is visited once, so aliases cannot blow up."""
    found: list[tuple[str, yaml.ScalarNode]] = []
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    seen: set[int] = set()
    while stack:
        key, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [
                (k.value.lower(), v) for k, v in reversed(node.value) if isinstance(k.value, str)
            ]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(key, v) for v in reversed(node.value)]
        elif key in PROSE_KEYS and node.tag == "tag:yaml.org,2002:str":
            assert isinstance(node, yaml.ScalarNode)
            found.append((key, node))
    return found


def _align(node: yaml.ScalarNode, source: str, base: int) -> list[int]:
    """Source offset of each character of the scalar's value: where the same character is
    found just ahead in the YAML text (quotes, indentation, folding and escapes skipped), else
    the current position."""
    start, end = base + node.start_mark.index, base + node.end_mark.index
    if node.style in ("|", ">"):
        start = source.find("\n", start, end) + 1 or start
    offsets: list[int] = []
    cursor = start
    for ch in node.value:
        if ch.isspace() and cursor < end and source[cursor].isspace():
            found = cursor  # a folded line break: the space stands for it
        else:
            found = source.find(ch, cursor, min(cursor + _WINDOW, end))
        if found >= 0:
            cursor = found + 1
        offsets.append(found if found >= 0 else min(cursor, len(source) - 1))
    return offsets


def _remap(block: Block, source: str, offsets: list[int], kind: str) -> Block:
    builder = BlockBuilder(kind)
    for t, s, n in block.segments:
        for k in range(n):
            ch = block.text[t + k]
            at = offsets[min(s + k, len(offsets) - 1)]
            builder.add(ch, at, literal=source[at] == ch)
    remapped = builder.build()
    assert remapped is not None  # the block's text is not blank, and every character is kept
    return remapped
