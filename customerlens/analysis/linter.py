"""Lint one Document: parse its blocks, read the signals, run the rules, score it."""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from heapq import merge
from typing import TYPE_CHECKING

import numpy

from customerlens.analysis import rewrite, suppress
from customerlens.analysis.findings import make_finding
from customerlens.analysis.findings import proposals as sentence_proposals
from customerlens.analysis.rows import marks, paragraphs, sentence_rows, visible
from customerlens.analysis.scoring import score_document
from customerlens.analysis.textpieces import chunks, pieces
from customerlens.checks.context import DocContext, Env, Hit, Segment
from customerlens.checks.engine import collect, compile_rules, settle
from customerlens.checks.kinds import KINDS
from customerlens.checks.kinds.judged import JudgedCheck
from customerlens.checks.loader import catalogue, load_rules
from customerlens.checks.selection import matches, select_rules
from customerlens.checks.spec import RuleSpec
from customerlens.documents.model import Document
from customerlens.model import META, FileResult, Finding, Level
from customerlens.nlp import judgement
from customerlens.nlp import pipeline as nlp_module
from customerlens.nlp.judgement import Judge, Judgement
from customerlens.nlp.lexicon import load_vocabulary
from customerlens.nlp.prefilter import Inflector, Triggers, base_verbs, signal_anchors
from customerlens.nlp.readability import Readability, Tally
from customerlens.nlp.signals import Annotator, SentenceSignals
from customerlens.settings.config import Config
from customerlens.storage import Spool, sorted_spool

if TYPE_CHECKING:
    from spacy.tokens import Doc

BATCH_SIZE = 64
KEEP_PARSES = 0  # parsed sentences a Linter keeps for the next check (the language server sets it)
BATCH_CHARS = 16_000  # at most this much text in one parser batch (~100 typical sentences)
WINDOW = 2_000  # sentences analysed together before their Docs are let go…
WINDOW_CHARS = 100_000  # …or fewer, when they hold this much text (a parsed Doc is heavy)
MAX_SENTENCE = 5_000  # a longer "sentence" is a wall of text with no stops: read it in pieces
_EMPTY = numpy.zeros((0,), dtype="f")
_NO_READABILITY = Readability(0.0, 0.0, 0, 0, 0)  # sentence rules never read it
_NO_WORDS: frozenset[str] = frozenset()


class Linter:
    """Holds the pipeline and compiled rules; create once, lint many documents.

    `optimize=False` parses every sentence; the default parses only those whose words can
    trigger a rule or a signal (see triggers.py). Results are the same either way.
    """

    def __init__(self, config: Config, optimize: bool = True, judge: Judge | None = None) -> None:
        from spacy.pipeline import Sentencizer

        self.config = config
        self.judge = judge or judgement.load()
        self.nlp = nlp_module.load(nlp_module.resolve_model(config.model))
        self.sentencizer = Sentencizer()
        vocabulary = load_vocabulary().with_team(config)
        verbs = base_verbs(self.nlp)
        self.annotator = Annotator(self.nlp, vocabulary, verbs)
        self.rewriter = rewrite.Rewriter(self.nlp, self.annotator)
        self.catalogue = load_rules(config.rule_folders)
        selected = select_rules(self.catalogue, config.select, config.ignore, config.levels)
        # Every rule runs: the judgement reads which rules fired, and a judged rule speaks only
        # where no rule of its pillar did, so neither may depend on what a user selected.
        # select and ignore decide which findings are reported.
        specs = select_rules(self.catalogue, (), (), config.levels)
        # The directive rules (CL001, CL002) obey select and ignore like any other.
        meta = [s for s in catalogue(config.rule_folders) if s.pillar == META]
        self.meta_rules = {s.id for s in select_rules(meta, config.select, config.ignore)}
        self.active = frozenset(spec.id for spec in selected) | self.meta_rules
        env = Env(self.nlp, vocabulary, Inflector(self.nlp))
        self.rules = compile_rules(specs, env)
        self.judged = [r for r in self.rules if r.spec.kind == "judged"]
        anchors = signal_anchors(vocabulary, self.annotator.audience_names, env.inflector)
        for spec in specs:
            anchors.update(KINDS[spec.kind].anchors(spec.params, env))
        anchors.everything |= not optimize
        self.triggers = Triggers(anchors, verbs)
        self.allowed = frozenset(" ".join(a.lower().split()) for a in config.allow)
        # Parsed sentences kept by text (0: none). The language server keeps thousands: a long
        # draft is re-checked at every pause in typing, and most of its sentences did not change.
        self.keep_parses = KEEP_PARSES
        self.parses: OrderedDict[str, Doc] = OrderedDict()
        # Words that document rules count across the whole text (e.g. terminology).
        self.watched = frozenset(
            w for spec in specs for w in KINDS[spec.kind].watched(spec.params, self.config)
        )

    def segments(self, document: Document) -> list[Segment]:
        """Every sentence of the document as a Segment (with its Doc)."""
        return [segment for batch in self._batches(document) for segment in batch]

    def _batches(self, document: Document) -> Iterator[list[Segment]]:
        """Split every block into sentences and analyse each as its own Doc — parsed when its
        words can trigger something, only tokenized otherwise — WINDOW sentences at a time, so
        a huge document never holds all its Docs at once."""
        pending: list[tuple[int, str, int, str, bool]] = []
        index = size = 0
        for i, block in enumerate(document.blocks):
            for offset, chunk in pieces(block.text):
                for sent in self.sentencizer(self.nlp.make_doc(chunk)).sents:
                    for piece_offset, text in chunks(sent.text, MAX_SENTENCE):
                        stripped = text.strip()
                        if stripped:
                            start = (
                                offset
                                + sent.start_char
                                + piece_offset
                                + len(text)
                                - len(text.lstrip())
                            )
                            span = (
                                sent
                                if len(text) == len(sent.text)
                                else sent.doc.char_span(
                                    start - offset,
                                    start - offset + len(stripped),
                                    alignment_mode="expand",
                                )
                            )
                            pending.append(
                                (i, block.kind, start, stripped, self.triggers.needs_parse(span))
                            )
                            size += len(stripped)
                    if len(pending) >= WINDOW or size >= WINDOW_CHARS:
                        yield self._analyse_window(pending, index)
                        index += len(pending)
                        pending, size = [], 0
        if pending:
            yield self._analyse_window(pending, index)

    def _parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Parsed Docs, in order. With `keep_parses` (the language server), a sentence parsed
        before is taken from memory, so a keystroke re-parses only the sentence it changed."""
        if not self.keep_parses:
            yield from self._parse_batches(texts)
            return
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self.parses]
        for text, doc in zip(missing, self._parse_batches(missing), strict=True):
            self.parses[text] = doc
        for text in texts:
            self.parses.move_to_end(text)
            yield self.parses[text]
        while len(self.parses) > self.keep_parses:
            self.parses.popitem(last=False)  # the least recently used

    def _parse_batches(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Parsed Docs, BATCH_SIZE sentences to a batch — fewer when they are long: the
        parser's memory grows with the words of a batch (64 walls of 500 words took 330 MB)."""
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and (len(batch) >= BATCH_SIZE or size + len(text) > BATCH_CHARS):
                yield from self.nlp.pipe(batch, batch_size=len(batch))
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield from self.nlp.pipe(batch, batch_size=len(batch))

    def _analyse_window(
        self, pending: list[tuple[int, str, int, str, bool]], first: int
    ) -> list[Segment]:
        parsed = self._parse(p[3] for p in pending if p[4])
        segments = []
        for index, (block, kind, start, text, needs_parse) in enumerate(pending, first):
            doc = next(parsed) if needs_parse else self.nlp.make_doc(text)
            signals = self.annotator.annotate(doc, block, index, kind, start)
            if needs_parse:
                doc.tensor = _EMPTY  # the rules read tags and arcs, never the vectors: free them
            words = frozenset(t.lower_ for t in doc)
            watched = (
                ()
                if self.watched.isdisjoint(words)
                else tuple(  # most sentences have none: skip a second pass
                    (t.lower_, start + t.idx, start + t.idx + len(t.text))
                    for t in doc
                    if t.lower_ in self.watched
                )
            )
            segments.append(Segment(block, start, doc, needs_parse, signals, words, watched))
        return segments

    def analyse(self, document: Document) -> Analysis:
        """Read the signals of every sentence and run the rules: sentence rules window by
        window while the Docs exist, document rules at the end on the signals alone. What
        grows with the sentences (their signals, hits, proposals, judgements) waits in
        spools: on disk past a window, so a million-sentence input stays in bounded memory."""
        local = [r for r in self.rules if KINDS[r.spec.kind].SENTENCE_SCOPE]
        whole = [r for r in self.rules if not KINDS[r.spec.kind].SENTENCE_SCOPE]
        hits: Spool[tuple[RuleSpec, Hit]] = Spool()
        kept: Spool[Segment] = Spool()
        tally = Tally(self.config.long_sentence_words)
        proposals: Spool[rewrite.Proposal | None] = Spool()  # by sentence index
        for batch in self._batches(document):
            window = collect(local, DocContext(document, batch, _NO_READABILITY, self.config))
            offered = sentence_proposals(document, batch, window)
            proposals.extend(offered.get((s.block, s.signals.start, s.signals.end)) for s in batch)
            hits.extend(window)
            tally.add(s.doc.text for s in batch if s.doc is not None and not s.signals.heading)
            kept.extend(replace(s, doc=None, words=_NO_WORDS) for s in batch)  # signals only
        ctx = DocContext(document, kept, tally.result(), self.config)
        hits.extend(collect(whole, ctx))
        found = Spool((spec, hit) for spec, hit in settle(hits) if not self._allowed(document, hit))
        judgements = self._judge(document, ctx.sentences, found)
        weighed = Spool(
            (spec, hit)
            for spec, hit in self._weigh(document, ctx.sentences, judgements, found)
            if spec.id in self.active
        )
        return Analysis(document, ctx.sentences, weighed, ctx.readability, proposals, judgements)

    def _weigh(
        self,
        document: Document,
        sentences: Sequence[SentenceSignals],
        judgements: Sequence[Judgement],
        found: Iterable[tuple[RuleSpec, Hit]],
    ) -> Iterator[tuple[RuleSpec, Hit]]:
        """The rules and the judgement together: a `them` finding in a sentence the judgement
        is sure is about the reader becomes a suggestion that does not count; a sentence it is
        sure of that no rule of the pillar flagged gets the judged rules' finding."""
        confident = self.config.confidence
        pillars = sorted({rule.spec.pillar for rule in self.judged})
        flagged = bytearray(len(sentences))  # a bit per pillar the judged rules speak for
        for spec, hit in found:
            sentence = hit.sentence
            judgement = judgements[sentence.index] if sentence is not None else None
            if (
                spec.pillar == "them"
                and not hit.whole
                and judgement is not None
                and judgement.reader_focus >= confident
                and "self_focus" not in judgement.labels
            ):
                spec, hit = replace(spec, level=Level.SUGGESTION), replace(hit, scale=0.0)
            if sentence is not None and not hit.whole and spec.pillar in pillars:
                flagged[sentence.index] |= 1 << pillars.index(spec.pillar)
            yield spec, hit
        for rule in self.judged:
            check = rule.check
            assert isinstance(check, JudgedCheck)
            bit = 1 << pillars.index(rule.spec.pillar)
            for s, j in zip(sentences, judgements, strict=True):
                if flagged[s.index] & bit or not check.sure(s, j):
                    continue
                text = document.blocks[s.block].text[s.start : s.end]
                yield rule.spec, check.hit(s, self.judge.weighed(text, check.label))

    def _judge(
        self,
        document: Document,
        sentences: Sequence[SentenceSignals],
        found: Iterable[tuple[RuleSpec, Hit]],
    ) -> Spool[Judgement]:
        """The judgement of every sentence, from its text, its signals and the rules it fired."""
        # the rules each sentence fired, as an index into `fired` (a few distinct sets)
        fired: list[frozenset[str]] = [frozenset()]
        which = array("I", bytes(4 * len(sentences)))
        known: dict[frozenset[str], int] = {frozenset(): 0}
        for spec, hit in found:
            if hit.sentence is not None and not hit.whole:
                i = hit.sentence.index
                rules = fired[which[i]] | {spec.id}
                if rules not in known:
                    known[rules] = len(fired)
                    fired.append(rules)
                which[i] = known[rules]
        return Spool(
            self.judge.judge(
                document.blocks[s.block].text[s.start : s.end],
                (s,),
                fired[which[s.index]],
                self.config.brands,
            )
            for s in sentences
        )

    def _allowed(self, document: Document, hit: Hit) -> bool:
        """A team's allowed words are never flagged: a short span containing one is dropped."""
        if not self.allowed:
            return False
        words = " ".join(document.blocks[hit.block].text[hit.start : hit.end].lower().split())
        if words.count(" ") > 4:
            return False
        return any(piece in self.allowed for piece in _word_bounded(words))

    def lint(self, document: Document, detail: bool = False) -> FileResult:
        """Findings (after inline directives) and the score of one document; with `detail`,
        also its text, paragraph texts and highlight marks (for the HTML report)."""
        analysis = self.analyse(document)
        proposals = analysis.proposals
        pairs = sorted_spool(
            (
                (
                    make_finding(
                        document,
                        spec,
                        hit,
                        self.rewriter,
                        proposals[hit.sentence.index] if hit.sentence is not None else None,
                    ),
                    (spec, hit),
                )
                for spec, hit in analysis.found
            ),
            key=lambda p: p[0].sort_key(),
        )
        suppression = suppress.apply(
            document.source, document.format, (f for f, _ in pairs), self._resolve, self.active
        )
        found = Spool(p for p, keep in zip(pairs, suppression.kept, strict=True) if keep)
        score = score_document(
            analysis.sentences,
            (pair for _, pair in found),
            analysis.readability,
            analysis.judgements,
            self.config.weights,
        )
        if self.config.select or self.config.ignore:
            score = replace(score, selected=True)
        meta = [f for f in suppression.extra if f.rule in self.meta_rules]
        findings = Spool(merge((f for f, _ in found), meta, key=Finding.sort_key))
        return FileResult(
            document.path,
            document.format,
            score,
            findings.settled(),
            paragraphs=paragraphs(document, analysis.sentences, detail),
            marks=marks(document, analysis.sentences) if detail else (),
            source=document.source if detail else None,
            visible=visible(document) if detail else (),
            sentences=sentence_rows(document, analysis.sentences, analysis.judgements),
        )

    def _resolve(self, selector: str) -> set[str] | None:
        """The rule ids an inline directive's selector names (None: no such rule)."""
        ids = {spec.id for spec in self.catalogue if matches(spec, selector)}
        return ids or None


@dataclass(frozen=True)
class Analysis:
    """What the linter learned about one document, before it becomes findings and a score.
    Its sequences may be spools: read them in order (or index them), never all at once."""

    document: Document
    sentences: Sequence[SentenceSignals]
    found: Sequence[tuple[RuleSpec, Hit]]
    readability: Readability
    # by sentence index: what its parse offers a rewriting rule (read while the Docs existed)
    proposals: Sequence[rewrite.Proposal | None]
    judgements: Sequence[Judgement]  # one per sentence, in the same order


def _word_bounded(text: str) -> Iterator[str]:
    """Every piece of `text` with no word character just outside it ("leading edge", and
    "edge" in "leading-edge"): an allowed term matches a span when it is one of these, one set
    lookup each, so thousands of allowed terms cost what one does (before: a scan per term)."""
    word = [bool(_WORD.match(c)) for c in text]
    starts = [p for p in range(len(text)) if p == 0 or not word[p - 1]]
    ends = [q for q in range(1, len(text) + 1) if q == len(text) or not word[q]]
    for start in starts:
        for end in ends:
            if end > start:
                yield text[start:end]


_WORD = re.compile(r"\w")
