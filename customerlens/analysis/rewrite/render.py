"""Writing a rewrite out: the subject turned into the reader, words swapped or left out, the
original's capitalisation kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from customerlens.analysis.rewrite.parse import (
    MODALS,
    bare,
    errs,
    leaves_a_doer,
    third_person,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def render(
    doc: Doc,
    subject: Token,
    verb: Token,
    replace: dict[int, str],
    drop: set[int],
    reader: str | None,
) -> str | None:
    """The sentence with the subject turned into the reader (`reader`, or nothing) — "with
    <subject>," kept in front when it is more than "we" — tokens in `replace` swapped and `drop`
    left out; None when `reader` is (no sure way to address the reader)."""
    if reader is None or leaves_a_doer(verb) or errs(doc):
        return None
    span = sorted(subject.subtree, key=lambda t: t.i)
    named = not bare(subject)
    if reader.startswith("as ") and (
        named or any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)
    ):
        # "With PostHog, as a software team, you …": stacked openers read badly; "As a community
        # member, you will get funds" widens a programme into a promise to every reader
        return None
    if third_person(t for t in doc if t.i not in drop and t.i not in {s.i for s in span}):
        return None
    if named and any(t.lower_ == "with" and t.head == verb and t.i < span[0].i for t in doc):
        return None  # "With its extension, Linkerd …": a second "with" would stack up
    starts = span[0].i == 0
    if named:
        owner = joined(span)
        # "Our platform" → "with our platform"
        if starts and span[0].tag_ in ("PRP$", "DT", "PRP"):
            owner = owner[:1].lower() + owner[1:]
        lead = f"with {owner}, {reader}".rstrip().rstrip(",") if reader else f"with {owner},"
    else:
        lead = reader
    return emit(doc, {**replace, span[0].i: lead}, drop | {t.i for t in span[1:]})


def emit(doc: Doc, replace: dict[int, str], drop: set[int]) -> str:
    """The sentence with the tokens in `replace` swapped ("" drops a word and its space) and
    those in `drop` left out, capitalised as the original."""
    pieces: list[tuple[str, str]] = []
    for token in doc:
        if token.i in drop:
            if pieces:
                pieces[-1] = (pieces[-1][0], token.whitespace_)
            continue
        text = replace.get(token.i, token.text)
        if text == "":
            if pieces and not token.whitespace_:
                pieces[-1] = (pieces[-1][0], "")
            continue
        pieces.append((text, token.whitespace_))
    return capital(doc, "".join(text + space for text, space in pieces).strip())


def join(doc: Doc, lead: str, words: list[str], tail: list[Token]) -> str:
    end = "".join(t.text_with_ws for t in tail).strip()
    return capital(doc, f"{lead}{' '.join(words)}{end}".strip())


def joined(tokens: Iterable[Token], replace: dict[int, str] | None = None) -> str:
    listed = sorted(tokens, key=lambda t: t.i)
    out = ""
    for n, token in enumerate(listed):
        out += (replace or {}).get(token.i, token.text)
        if n + 1 < len(listed):
            out += token.whitespace_ if listed[n + 1].i == token.i + 1 else " "
    return out


def capital(doc: Doc, text: str) -> str:
    """Upper-case the first letter unless the sentence started in lower case ("18F can help" →
    "With 18F, …")."""
    first = doc.text.lstrip().lstrip(_OPENING)[:1]
    at = len(text) - len(text.lstrip(_OPENING))  # "(you can …" → "(You can …"
    if not first.islower() and text[at : at + 1].islower():
        return text[:at] + text[at].upper() + text[at + 1 :]
    return text


_OPENING = "([\"'“‘¿¡ "
