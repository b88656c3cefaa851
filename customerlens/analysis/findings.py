"""From a rule's hit to a Finding: its exact place in the original file, its message and its
suggestion (with the rewrite read from the sentence's parse where one is honest)."""

from __future__ import annotations

import re

from customerlens.analysis import rewrite
from customerlens.checks.context import Hit, Segment
from customerlens.checks.spec import RuleSpec
from customerlens.documents.model import Document
from customerlens.model import Finding, Fix

_WHITESPACE = re.compile(r"\s")
SentenceKey = tuple[int, int, int]  # (block, start, end) of a sentence in its block


def proposals(
    document: Document, batch: list[Segment], found: list[tuple[RuleSpec, Hit]]
) -> dict[SentenceKey, rewrite.Proposal]:
    """The rewrite proposal of every sentence a rewriting rule flagged in `batch`, read
    from the Doc the window still holds instead of parsing the sentence again for its finding
    (that second parse was a quarter of the CPU time). It is the same reading: the Doc was parsed
    from exactly the text `Rewriter.suggest` would parse and tagged by the same Annotator. Any
    other sentence (only tokenized, or cut differently) is left to the Rewriter to parse."""
    docs = {(s.block, s.offset): s.doc for s in batch if s.parsed and s.doc is not None}
    proposals: dict[SentenceKey, rewrite.Proposal] = {}
    for spec, hit in found:
        sentence = hit.sentence
        if not spec.rewrites or sentence is None:
            continue
        key = (hit.block, sentence.start, sentence.end)
        doc = docs.get((hit.block, sentence.start))
        if doc is None or key in proposals:
            continue
        if doc.text == document.blocks[hit.block].text[sentence.start : sentence.end].strip():
            proposals[key] = rewrite.propose(doc)
    return proposals


class _Fields(dict[str, object]):
    """Message fields; an unknown `{name}` stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make_finding(
    document: Document,
    spec: RuleSpec,
    hit: Hit,
    rewriter: rewrite.Rewriter | None = None,
    proposal: rewrite.Proposal | None = None,
) -> Finding:
    """The finding of `hit`; `proposal`, when given, is what the parse of the hit's sentence
    offers (read from the Doc of its window), else a rewriting rule parses it again."""
    if hit.whole:
        return _document_finding(spec, hit)
    block = document.blocks[hit.block]
    start, end = block.source_span(hit.start, max(hit.end, hit.start + 1))
    line, column = document.position(start)
    end_line, end_column = document.position(end)
    prose = block.text[hit.start : hit.end]
    fields = _Fields(hit.values, match=" ".join(prose.split()))
    sentence = hit.sentence
    context_start, context_end = (
        (sentence.start, sentence.end) if sentence else (hit.start, hit.end)
    )
    # White space is flattened one character for one, so the span keeps its place.
    context = _WHITESPACE.sub(" ", block.text[context_start:context_end])
    suggestion = spec.suggestion.format_map(fields)
    rewritten = None
    if rewriter is not None and sentence is not None and spec.rewrites:
        # a concrete rewrite of the sentence, where one is honest
        rewritten, suggestion = rewriter.suggest(
            block.text[context_start:context_end], suggestion, proposal
        )
    fix = _fix(document, hit.block, context_start, context_end, rewritten)
    return Finding(
        rule=spec.id,
        pillar=spec.pillar,
        level=spec.level,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=document.source[start:end],
        message=spec.message.format_map(fields),
        suggestion=suggestion,
        context=context,
        context_start=hit.start - context_start,
        context_end=min(hit.end, context_end) - context_start,
        offset=start,
        rewrite=rewritten,
        fix=fix,
    )


def _fix(document: Document, index: int, start: int, end: int, rewritten: str | None) -> Fix | None:
    """The rewrite as an edit of the sentence's source, only when the source holds the sentence
    exactly as read (no inline markup, entity or line break inside, which it would destroy)."""
    if rewritten is None:
        return None
    block = document.blocks[index]
    text = block.text[start:end]
    first = start + len(text) - len(text.lstrip())
    last = first + len(text.strip())
    source_start, source_end = block.source_span(first, last)
    if document.source[source_start:source_end] != block.text[first:last]:
        return None
    return Fix(*document.position(source_start), *document.position(source_end), rewritten)


def _document_finding(spec: RuleSpec, hit: Hit) -> Finding:
    """A finding about the whole document has no span: it sits at the file (line 1, no
    context), so no report underlines the headline as if that were the hard-to-read part."""
    fields = _Fields(hit.values, match="")
    return Finding(
        rule=spec.id,
        pillar=spec.pillar,
        level=spec.level,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        match="",
        message=spec.message.format_map(fields),
        suggestion=spec.suggestion.format_map(fields),
        scope="document",
    )
