"""Lint one Document: parse its blocks, read the signals, run the rules, score it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

import numpy

from customerlens import nlp as nlp_module
from customerlens import rewrite, suppress
from customerlens.checks.context import DocContext, Env, Hit, Segment, Settings
from customerlens.checks.engine import collect, compile_rules, settle
from customerlens.checks.kinds import KINDS
from customerlens.checks.loader import catalogue, load_rules
from customerlens.checks.selection import matches, select_rules
from customerlens.checks.spec import RuleSpec
from customerlens.config import Config
from customerlens.documents.model import Document
from customerlens.findings import META, FileResult, Finding, Mark, Paragraph
from customerlens.readability import Readability, measure
from customerlens.scoring import score_document
from customerlens.signals import Annotator, SentenceSignals
from customerlens.triggers import Inflector, Triggers, base_verbs, signal_anchors
from customerlens.vocabulary import load_vocabulary

BATCH_SIZE = 64
WINDOW = 2_000  # sentences analysed together before their Docs are let go
CHUNK = 100_000  # characters handed to the tokenizer at once (spaCy refuses > 1,000,000)
LONG_RUN = 200  # characters without white space handed to the tokenizer at once
_LONG_RUN = re.compile(r"\S{%d,}" % LONG_RUN)
MAX_SENTENCE = 5_000  # a longer "sentence" is a wall of text with no stops: read it in pieces
_WHITESPACE = re.compile(r"\s")
_EMPTY = numpy.zeros((0,), dtype="f")
_NO_READABILITY = Readability(0.0, 0.0, 0, 0, 0)  # sentence rules never read it
_NO_WORDS: frozenset[str] = frozenset()

SentenceKey = tuple[int, int, int]  # (block, start, end) of a sentence in its block
_NO_PROPOSALS: Mapping[SentenceKey, rewrite.Proposal] = {}


class Linter:
    """Holds the pipeline and compiled rules; create once, lint many documents.

    `optimize=False` parses every sentence; the default parses only those whose words can
    trigger a rule or a signal (see triggers.py). Results are the same either way.
    """

    def __init__(self, config: Config, optimize: bool = True) -> None:
        from spacy.pipeline import Sentencizer

        self.config = config
        self.nlp = nlp_module.load(nlp_module.resolve_model(config.model))
        self.sentencizer = Sentencizer()
        vocabulary = load_vocabulary().with_team(config)
        verbs = base_verbs(self.nlp)
        self.annotator = Annotator(self.nlp, vocabulary, verbs)
        self.rewriter = rewrite.Rewriter(self.nlp, self.annotator)
        self.catalogue = load_rules(config.rule_folders)
        specs = select_rules(self.catalogue, config.select, config.ignore, config.levels)
        # The directive rules (CL001, CL002) obey select and ignore like any other.
        meta = [s for s in catalogue(config.rule_folders) if s.pillar == META]
        self.meta_rules = {s.id for s in select_rules(meta, config.select, config.ignore)}
        self.active = frozenset(spec.id for spec in specs) | self.meta_rules
        env = Env(self.nlp, vocabulary, Inflector(self.nlp))
        self.rules = compile_rules(specs, env)
        anchors = signal_anchors(vocabulary, self.annotator.audience_names, env.inflector)
        for spec in specs:
            anchors.update(KINDS[spec.kind].anchors(spec.params, env))
        anchors.everything |= not optimize
        self.triggers = Triggers(anchors, verbs)
        self.settings = Settings(
            config.target_grade, config.long_sentence_words, config.require_personas, config.prefer
        )
        self.allowed = tuple(" ".join(a.lower().split()) for a in config.allow)
        # Words that document rules count across the whole text (e.g. terminology).
        self.watched = frozenset(w for spec in specs for w in KINDS[spec.kind].watched(spec.params, self.settings))

    def segments(self, document: Document) -> list[Segment]:
        """Every sentence of the document as a Segment (with its Doc)."""
        return [segment for batch in self._batches(document) for segment in batch]

    def _batches(self, document: Document) -> Iterator[list[Segment]]:
        """Split every block into sentences and analyse each as its own Doc — parsed when its
        words can trigger something, only tokenized otherwise — WINDOW sentences at a time, so
        a huge document never holds all its Docs at once."""
        pending: list[tuple[int, str, int, str, bool]] = []
        index = 0
        for i, block in enumerate(document.blocks):
            for offset, chunk in _pieces(block.text):
                for sent in self.sentencizer(self.nlp.make_doc(chunk)).sents:
                    for piece_offset, text in _chunks(sent.text, MAX_SENTENCE):
                        stripped = text.strip()
                        if stripped:
                            start = offset + sent.start_char + piece_offset + len(text) - len(text.lstrip())
                            span = sent if len(text) == len(sent.text) else sent.doc.char_span(
                                start - offset, start - offset + len(stripped), alignment_mode="expand")
                            pending.append((i, block.kind, start, stripped, self.triggers.needs_parse(span)))
                    if len(pending) >= WINDOW:
                        yield self._analyse_window(pending, index)
                        index += len(pending)
                        pending = []
        if pending:
            yield self._analyse_window(pending, index)

    def _analyse_window(self, pending: list[tuple[int, str, int, str, bool]], first: int) -> list[Segment]:
        parsed = iter(self.nlp.pipe((p[3] for p in pending if p[4]), batch_size=BATCH_SIZE))
        segments = []
        for index, (block, kind, start, text, needs_parse) in enumerate(pending, first):
            doc = next(parsed) if needs_parse else self.nlp.make_doc(text)
            signals = self.annotator.annotate(doc, block, index, kind, start)
            if needs_parse:
                doc.tensor = _EMPTY  # the rules read tags and arcs, never the vectors: free them
            words = frozenset(t.lower_ for t in doc)
            watched = () if self.watched.isdisjoint(words) else tuple(  # most sentences have none: skip a second pass
                (t.lower_, start + t.idx, start + t.idx + len(t.text)) for t in doc if t.lower_ in self.watched)
            segments.append(Segment(block, start, doc, needs_parse, signals, words, watched))
        return segments

    def analyse(self, document: Document) -> Analysis:
        """Read the signals of every sentence and run the rules: sentence rules window by
        window while the Docs exist, document rules at the end on the signals alone."""
        local = [r for r in self.rules if KINDS[r.spec.kind].SENTENCE_SCOPE]
        whole = [r for r in self.rules if not KINDS[r.spec.kind].SENTENCE_SCOPE]
        hits = []
        kept: list[Segment] = []
        prose: list[str] = []
        proposals: dict[SentenceKey, rewrite.Proposal] = {}
        for batch in self._batches(document):
            found = collect(local, DocContext(document, batch, _NO_READABILITY, self.settings))
            proposals.update(_proposals(document, batch, found))
            hits += found
            prose += [s.doc.text for s in batch if s.doc is not None and not s.signals.heading]
            kept += [replace(s, doc=None, words=_NO_WORDS) for s in batch]  # keep signals only
        ctx = DocContext(document, kept, measure(prose, self.settings.long_sentence_words), self.settings)
        hits += collect(whole, ctx)
        found = [(spec, hit) for spec, hit in settle(hits) if not self._allowed(document, hit)]
        return Analysis(document, ctx.sentences, found, ctx.readability, proposals)

    def _allowed(self, document: Document, hit: Hit) -> bool:
        """A team's allowed words are never flagged: a short span containing one is dropped."""
        if not self.allowed:
            return False
        words = " ".join(document.blocks[hit.block].text[hit.start : hit.end].lower().split())
        if words.count(" ") > 4:
            return False
        return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", words) for a in self.allowed)

    def lint(self, document: Document, detail: bool = False) -> FileResult:
        """Findings (after inline directives) and the score of one document; with `detail`,
        also its text, paragraph texts and highlight marks (for the HTML report)."""
        analysis = self.analyse(document)
        pairs = sorted(
            ((_finding(document, spec, hit, self.rewriter, analysis.proposals), (spec, hit)) for spec, hit in analysis.found),
            key=lambda p: p[0].sort_key(),
        )
        suppression = suppress.apply(document.source, document.format, [f for f, _ in pairs], self._resolve, self.active)
        kept = [pair for pair, keep in zip(pairs, suppression.kept) if keep]
        found = [p for _, p in kept]
        score = score_document(analysis.sentences, found, analysis.readability, self.config.weights)
        meta = [f for f in suppression.extra if f.rule in self.meta_rules]
        findings = sorted([f for f, _ in kept] + meta, key=Finding.sort_key)
        return FileResult(
            document.path, document.format, score, tuple(findings),
            paragraphs=_paragraphs(document, analysis.sentences, detail),
            marks=_marks(document, analysis.sentences) if detail else (),
            source=document.source if detail else None,
        )

    def _resolve(self, selector: str) -> set[str] | None:
        """The rule ids an inline directive's selector names (None: no such rule)."""
        ids = {spec.id for spec in self.catalogue if matches(spec, selector)}
        return ids or None


@dataclass(frozen=True)
class Analysis:
    """What the linter learned about one document, before it becomes findings and a score."""

    document: Document
    sentences: list[SentenceSignals]
    found: list[tuple[RuleSpec, Hit]]
    readability: Readability
    proposals: Mapping[SentenceKey, rewrite.Proposal]  # read from the Docs while they existed


def _proposals(document: Document, batch: list[Segment], found: list[tuple[RuleSpec, Hit]]) -> dict[SentenceKey, rewrite.Proposal]:
    """The rewrite proposal of every sentence a rule of rewrite.RULES flagged in `batch`, read
    from the Doc the window still holds instead of parsing the sentence again for its finding
    (that second parse was a quarter of the CPU time). It is the same reading: the Doc was parsed
    from exactly the text `Rewriter.suggest` would parse and tagged by the same Annotator. Any
    other sentence (only tokenized, or cut differently) is left to the Rewriter to parse."""
    docs = {(s.block, s.offset): s.doc for s in batch if s.parsed and s.doc is not None}
    proposals: dict[SentenceKey, rewrite.Proposal] = {}
    for spec, hit in found:
        sentence = hit.sentence
        if spec.id not in rewrite.RULES or sentence is None:
            continue
        key = (hit.block, sentence.start, sentence.end)
        doc = docs.get((hit.block, sentence.start))
        if doc is None or key in proposals:
            continue
        if doc.text == document.blocks[hit.block].text[sentence.start : sentence.end].strip():
            proposals[key] = rewrite.propose(doc)
    return proposals


def _paragraphs(document: Document, sentences: list[SentenceSignals], detail: bool) -> tuple[Paragraph, ...]:
    """Per block: how much it talks about the company, the reader and their benefits."""
    by_block: dict[int, list[SentenceSignals]] = {}
    for sentence in sentences:
        by_block.setdefault(sentence.block, []).append(sentence)
    rows = []
    for i, ss in sorted(by_block.items()):
        block = document.blocks[i]
        start, end = block.source_span(0, len(block.text))
        rows.append(Paragraph(
            document.position(start)[0], document.position(end - 1)[0], block.kind,
            sum(s.words for s in ss), sum(s.self_refs for s in ss), sum(s.reader_refs for s in ss),
            sum(s.benefit for s in ss), block.text if detail else "",
        ))
    return tuple(rows)


def _marks(document: Document, sentences: list[SentenceSignals]) -> tuple[Mark, ...]:
    marks = []
    for sentence in sentences:
        block = document.blocks[sentence.block]
        for kind, start, end in sentence.marks:
            s, e = block.source_span(start, end)
            marks.append(Mark(kind, *document.position(s), *document.position(e), s, e))
    return tuple(marks)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """`text` in pieces the tokenizer can take: at most CHUNK characters, and a run with no
    white space (a wall of "&&&&" or emoji, which spaCy strips one character at a time, in
    quadratic time) cut into LONG_RUN slices of its own."""
    position = 0
    for run in _LONG_RUN.finditer(text):
        for offset, piece in _chunks(text[position : run.start()], CHUNK):
            yield position + offset, piece
        for start in range(run.start(), run.end(), LONG_RUN):
            yield start, text[start : min(start + LONG_RUN, run.end())]
        position = run.end()
    for offset, piece in _chunks(text[position:], CHUNK):
        yield position + offset, piece


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """`text` in pieces of at most `size` characters, cut at white space where possible, so a
    20 MB paragraph is read in bounded steps instead of refused."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


class _Fields(dict[str, object]):
    """Message fields; an unknown `{name}` stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _finding(
    document: Document, spec: RuleSpec, hit: Hit, rewriter: rewrite.Rewriter | None = None,
    proposals: Mapping[SentenceKey, rewrite.Proposal] = _NO_PROPOSALS,
) -> Finding:
    block = document.blocks[hit.block]
    start, end = block.source_span(hit.start, max(hit.end, hit.start + 1))
    line, column = document.position(start)
    end_line, end_column = document.position(end)
    prose = block.text[hit.start : hit.end]
    fields = _Fields(hit.values, match=" ".join(prose.split()))
    sentence = hit.sentence
    context_start, context_end = (sentence.start, sentence.end) if sentence else (hit.start, hit.end)
    # White space is flattened one character for one, so the span keeps its place.
    context = _WHITESPACE.sub(" ", block.text[context_start:context_end])
    suggestion = spec.suggestion.format_map(fields)
    if rewriter is not None and sentence is not None:  # a concrete rewrite of the sentence, where one is honest
        proposal = proposals.get((hit.block, context_start, context_end))
        suggestion = rewriter.suggest(spec.id, block.text[context_start:context_end], suggestion, proposal)
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
        scope="document" if hit.whole else "text",
    )
