"""What reports show besides findings: a row per paragraph (the heatmap), the spans to
highlight (the HTML report) and each sentence with its judgement (JSON, text, HTML)."""

from __future__ import annotations

from customerlens.documents.model import Document
from customerlens.model import Mark, Paragraph, Sentence
from customerlens.nlp.judgement import LABELS, Judgement
from customerlens.nlp.signals import SentenceSignals


def paragraphs(
    document: Document, sentences: list[SentenceSignals], detail: bool
) -> tuple[Paragraph, ...]:
    """Per block: how much it talks about the company, the reader and their benefits."""
    by_block: dict[int, list[SentenceSignals]] = {}
    for sentence in sentences:
        by_block.setdefault(sentence.block, []).append(sentence)
    rows = []
    for i, ss in sorted(by_block.items()):
        block = document.blocks[i]
        start, end = block.source_span(0, len(block.text))
        rows.append(
            Paragraph(
                document.position(start)[0],
                document.position(end - 1)[0],
                block.kind,
                sum(s.words for s in ss),
                sum(s.self_refs for s in ss),
                sum(s.reader_refs for s in ss),
                sum(s.benefit for s in ss),
                block.text if detail else "",
            )
        )
    return tuple(rows)


def marks(document: Document, sentences: list[SentenceSignals]) -> tuple[Mark, ...]:
    marks = []
    for sentence in sentences:
        block = document.blocks[sentence.block]
        for kind, start, end in sentence.marks:
            s, e = block.source_span(start, end)
            marks.append(Mark(kind, *document.position(s), *document.position(e), s, e))
    return tuple(marks)


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
    document: Document, sentences: list[SentenceSignals], judgements: list[Judgement]
) -> tuple[Sentence, ...]:
    """Each sentence's place in the original file and its judgement."""
    rows = []
    for s, j in zip(sentences, judgements, strict=True):
        block = document.blocks[s.block]
        start, end = block.source_span(s.start, max(s.end, s.start + 1))
        confidence = tuple((label, j.probability(label)) for label in LABELS)
        rows.append(
            Sentence(*document.position(start), *document.position(end), j.labels, confidence)
        )
    return tuple(rows)
