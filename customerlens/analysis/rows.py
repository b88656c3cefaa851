"""What people-facing reports show besides findings: a row per paragraph (the heatmap) and
the spans to highlight (the HTML report)."""

from __future__ import annotations

from customerlens.documents.model import Document
from customerlens.model import Mark, Paragraph
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
