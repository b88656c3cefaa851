"""Blank out non-prose regions of a source while keeping every offset where it was.

Parsers never see front matter, template tags or comments: they parse a *masked* copy of the
source of exactly the same length, in which those regions are blanked (line breaks kept, so
line numbers do not move). Any offset found in the masked text is therefore an offset in the
original file. `Masked.add` copies a span into a block without the masked parts, so every
literal character of a block really is in the source.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from customerlens.documents.model import BlockBuilder

# Syntaxes a format asks `mask` to blank out.
TEMPLATES = "templates"  # {{ }} {{{ }}} {% %} {# #}, Hugo {{< >}} {{% %}}; Liquid highlight blocks
COMMENTS = "comments"  # <!-- --> and <![…]>; an unterminated one runs to the end, as in browsers
MDX = "mdx"  # import/export statements, JSX component tags, {/* comments */}

_OPENERS = {
    TEMPLATES: r"\{\{\{|\{\{|\{%|\{#",
    COMMENTS: r"<!--|<!\[",
    MDX: r"\{/\*|</?[A-Z]|^(?:import|export)\b",
}
# Template tags may span lines but not a blank line, so a stray `{{` cannot blank a page.
_PAIRS = {"{{{": "}}}", "{{": "}}", "{%": "%}", "{#": "#}", "{/*": "*/}", "<!--": "-->", "<![": ">"}
_ONE_PARAGRAPH = frozenset({"{{{", "{{", "{%", "{#"})
_BLANK = re.compile(r"\n[ \t]*\n")
# `{{ _("text") }}` (Jinja i18n) keeps its text: it is the button label the reader sees.
_I18N = re.compile(r"\{\{-?\s*_\(\s*(['\"])([^'\"\n]*)\1\s*\)\s*-?\}\}")
_CODE_TAG = re.compile(r"\{%-?\s*(?:highlight|comment)\b")
_CODE_END = re.compile(r"\{%-?\s*end(?:highlight|comment)\s*-?%\}")
_BRACED = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
_JSX = re.compile(
    rf"</?[A-Z][\w.]*(?:(?:\s|{_BRACED})(?:[^<>{{}}\n]|\n(?![ \t]*\n)|{_BRACED}){{0,2000}})?/?>"
)
_ESM = re.compile(
    r"""import\s*['"][^'"\n]*['"];?[ \t]*$"""
    r"""|import\s(?:[^'"\n{]{0,200}?\{[^}]{0,2000}\}|[^'"\n]{0,200}?)"""
    r"""\s*\bfrom\s*['"][^'"\n]*['"];?[ \t]*$"""
    r"|export\s+(?:const|let|var|function|default|class|async)\b(?:(?!\n[ \t]*\n)[\s\S])*",
    re.MULTILINE,
)

FILL = "\ue000"  # a private-use character: never prose, never white space
_FRONT_OPEN = re.compile(r"(---|\+\+\+)[ \t]*\n")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)


@dataclass(frozen=True)
class Masked:
    """A source and its masked copy (same length) with the sorted masked regions."""

    source: str
    text: str
    regions: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(r[0] for r in self.regions))

    def pieces(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Unmasked `(start, end)` runs inside `[start, end)`, in order."""
        regions = self.regions
        pos = start
        for j in range(max(0, bisect.bisect_right(self._starts, start) - 1), len(regions)):
            lo, hi = regions[j]
            if lo >= end:
                break
            if hi <= pos:
                continue
            if lo > pos:
                yield pos, lo
            pos = max(pos, hi)
        if pos < end:
            yield pos, end

    def add(self, builder: BlockBuilder, start: int, end: int) -> None:
        """Add `source[start:end]` without its masked parts. A masked part between two
        letters or digits becomes one space, so `a{{x}}b` does not read as one word."""
        prev = -1
        for lo, hi in self.pieces(start, end):
            if prev >= 0 and self.source[prev - 1].isalnum() and self.source[lo].isalnum():
                builder.add(" ", prev, literal=False)
            builder.add(self.source[lo:hi], lo)
            prev = hi


def mask(
    source: str,
    syntaxes: Iterable[str],
    extra: Iterable[str] = (),
    *,
    markdown: bool = False,
    front_matter: bool = True,
) -> Masked:
    """Mask the `syntaxes` (TEMPLATES, COMMENTS, MDX), every match of the `extra` regular
    expressions (keep them linear: no unbounded scan per match) and the front matter opening
    the source.

    With `markdown`, line breaks are also normalised without moving offsets (CRLF → space +
    LF, lone CR → LF) because markdown-it normalises them itself and token contents would no
    longer be found in the text; fenced code is left alone (a `<!--` in a code sample must not
    blank the prose after it); and a region followed by text on its line is filled with FILL
    instead of spaces (see `_fill`).
    """
    norm = lf_only(source)
    regions = [m.span() for m in re.finditer("\r", source)] if markdown else []
    front = front_matter_end(norm) if front_matter else 0
    if front:
        regions.append((0, front))
    spans = unfenced(norm, front) if markdown else [(front, len(norm))]
    openers = re.compile("|".join(_OPENERS[name] for name in syntaxes), re.MULTILINE)
    for lo, hi in spans:
        regions += _Scanner(norm, hi).scan(openers, lo)
    for pattern in (re.compile(p, re.MULTILINE) for p in extra):
        for lo, hi in spans:
            regions += [m.span() for m in pattern.finditer(norm, lo, hi) if m.end() > m.start()]
    merged = _merge(regions)
    parts: list[str] = []
    pos = 0
    for lo, hi in merged:
        parts.append(norm[pos:lo])
        parts.append(re.sub(r"[^\n]", " ", norm[lo:hi]))
        pos = hi
    parts.append(norm[pos:])
    text = "".join(parts)
    return Masked(source, _fill(text, merged) if markdown else text, tuple(merged))


class _Scanner:
    """Finds the masked regions of one span, left to right, in time linear in its length:
    each closing delimiter is searched for once per stretch of text, not once per opener."""

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end
        self._next: dict[str, tuple[int, int]] = {}  # closer → span of its next occurrence
        self._refused: dict[str, int] = {}  # closer → openers before this offset cannot close

    def scan(self, openers: re.Pattern[str], start: int) -> list[tuple[int, int]]:
        regions: list[tuple[int, int]] = []
        pos = start
        while m := openers.search(self.text, pos, self.end):
            found = self._region(m)
            regions += found
            pos = found[-1][1] if found else m.end()
        return regions

    def _region(self, m: re.Match[str]) -> list[tuple[int, int]]:
        opener, start = m.group(), m.start()
        if opener not in _PAIRS:
            found = (_JSX if opener.startswith("<") else _ESM).match(self.text, start, self.end)
            return [found.span()] if found else []
        end = self._close(_PAIRS[opener], start, m.end(), opener in _ONE_PARAGRAPH)
        if end < 0:
            return [(start, self.end)] if opener.startswith("<!") else []
        if opener == "{{" and (i18n := _I18N.fullmatch(self.text, start, end)):
            return [(start, i18n.start(2)), (i18n.end(2), end)]
        if opener == "{%" and _CODE_TAG.match(self.text, start):
            end = max(end, self._close(_CODE_END.pattern, start, end, False))
        return [(start, end)]

    def _close(self, closer: str, start: int, after: int, one_paragraph: bool) -> int:
        """End of the closer that ends the region opened at `start`, or -1."""
        if start < self._refused.get(closer, -1):
            return -1
        at, end = self._next.get(closer, (-1, -1))
        if at < after:
            if closer == _CODE_END.pattern:
                m = _CODE_END.search(self.text, after, self.end)
                at, end = m.span() if m else (-1, -1)
            else:
                at = self.text.find(closer, after, self.end)
                end = at + len(closer)
            if at < 0:
                self._refused[closer] = self.end
                return -1
            self._next[closer] = (at, end)
        if one_paragraph and (blank := _BLANK.search(self.text, after, at)):
            self._refused[closer] = blank.start()
            return -1
        return end


def _fill(text: str, regions: list[tuple[int, int]]) -> str:
    """Replace the blanks of a region's last line by FILL where text follows on that line:
    blanks there would indent the text (four spaces make a code block) and could not be told
    apart from real spaces when a token is aligned with the source."""
    chars: list[str] | None = None
    for lo, hi in regions:
        eol = text.find("\n", hi)
        if not text[hi : len(text) if eol < 0 else eol].strip():
            continue
        start = max(lo, text.rfind("\n", lo, hi) + 1)
        if start == hi:
            continue
        if chars is None:
            chars = list(text)
        chars[start:hi] = FILL * (hi - start)
    return text if chars is None else "".join(chars)


def front_matter_end(text: str) -> int:
    """End offset of YAML (`---`) or TOML (`+++`) front matter opening the text, else 0.

    An opening fence without a closing one is not front matter (Hugo and Jekyll agree): the
    text is then parsed as ordinary content rather than silently dropped.
    """
    m = _FRONT_OPEN.match(text)
    if not m:
        return 0
    closers = ("---", "...") if m.group(1) == "---" else ("+++",)
    pos = m.end()
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        if text[pos:line_end].rstrip() in closers:
            return line_end
        pos = line_end + 1
    return 0


def lf_only(source: str) -> str:
    """`source` with every line break a single LF, at the same offsets (CRLF → space + LF)."""
    return source.replace("\r\n", " \n").replace("\r", "\n") if "\r" in source else source


def unfenced(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of `text` from `start` that lie outside fenced code blocks."""
    spans: list[tuple[int, int]] = []
    pos = start
    fence = ""
    for m in _FENCE.finditer(text, start):
        run = m.group(1)
        nl = text.find("\n", m.end())
        line_end = len(text) if nl < 0 else nl
        if not fence:
            spans.append((pos, m.start()))
            fence = run
        elif run[0] == fence[0] and len(run) >= len(fence) and not text[m.end() : line_end].strip():
            fence = ""
            pos = line_end
    if not fence:
        spans.append((pos, len(text)))
    return spans


def _merge(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(regions):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
