"""What reports show besides findings: a row per paragraph (the heatmap), the spans to
highlight (the HTML report) and each sentence with its judgement (JSON, text, HTML)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

from customerlens.documents.model import Document
from customerlens.model import Mark, Paragraph, Sentence
from customerlens.nlp.judgement import LABELS, Judgement
from customerlens.nlp.signals import SentenceSignals
from customerlens.storage import Spool


def paragraphs(
    document: Document, sentences: Iterable[SentenceSignals], detail: bool
) -> Sequence[Paragraph]:
    """Per block: how much it talks about the company, the reader and their benefits. Summed
    as the sentences pass (a paragraph of a million lines is a million sentences)."""
    return Spool(
        _paragraph(document, i, ss, detail)
        for i, ss in groupby(sentences, key=lambda s: s.block)  # sentences come block by block
    ).settled()


def _paragraph(
    document: Document, i: int, sentences: Iterable[SentenceSignals], detail: bool
) -> Paragraph:
    words = self_refs = reader_refs = benefit = 0
    for s in sentences:
        words += s.words
        self_refs += s.self_refs
        reader_refs += s.reader_refs
        benefit += s.benefit
    block = document.blocks[i]
    start, end = block.source_span(0, len(block.text))
    return Paragraph(
        document.position(start)[0],
        document.position(end - 1)[0],
        block.kind,
        words,
        self_refs,
        reader_refs,
        benefit,
        block.text if detail else "",
    )


def marks(document: Document, sentences: Iterable[SentenceSignals]) -> Sequence[Mark]:
    return Spool(
        _mark(document, kind, *document.blocks[sentence.block].source_span(start, end))
        for sentence in sentences
        for kind, start, end in sentence.marks
    ).settled()


def _mark(document: Document, kind: str, start: int, end: int) -> Mark:
    return Mark(kind, *document.position(start), *document.position(end), start, end)


def visible(document: Document) -> tuple[tuple[int, int], ...]:
    """The source spans of an HTML draft that are its copy (the text of its blocks), merged in
    order: the report shows these and leaves the markup around them out. Other formats read
    as written, so none."""
    if document.format != "html":
        return ()
    spans = sorted(
        (start, start + length) for block in document.blocks for _, start, length in block.segments
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def sentence_rows(
    document: Document, sentences: Iterable[SentenceSignals], judgements: Iterable[Judgement]
) -> Sequence[Sentence]:
    """Each sentence's place in the original file and its judgement."""
    return Spool(_row(document, s, j) for s, j in zip(sentences, judgements, strict=True)).settled()


def _row(document: Document, s: SentenceSignals, j: Judgement) -> Sentence:
    block = document.blocks[s.block]
    start, end = block.source_span(s.start, max(s.end, s.start + 1))
    confidence = tuple((label, j.probability(label)) for label in LABELS)
    return Sentence(*document.position(start), *document.position(end), j.labels, confidence)
