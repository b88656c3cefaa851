"""Who speaks, who is addressed, who benefits: the per-sentence signals rules and scores use.

This is where customerlens reads grammar instead of counting words. Each token that refers to
the company or to the reader is tagged (`token._.cl_ref`), so rule patterns can name it; then
each sentence gets a small record of facts: is the company the subject, is the reader addressed
(or told what to do), does it state a benefit, is it someone else's quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from customerlens.documents.model import HEADING
from customerlens.nlp.lexicon import Vocabulary
from customerlens.nlp.prefilter import Inflector, imperative_verb

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# First words of a question that leaves out "do you"/"are you": "Need help?", "Ready to start?"
QUESTION_OPENERS = frozenset(
    {
        "need",
        "want",
        "looking",
        "ready",
        "tired",
        "new",
        "curious",
        "interested",
        "stuck",
        "struggling",
        "wondering",
        "sick",
        "worried",
        "bored",
    }
)
CLAUSE_DEPTH = 8  # heads climbed to find the subject of a subjectless verb
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "i", "me", "my"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OPENERS = frozenset({"“", "„", "«", '"'})
_CLOSERS = frozenset({"”", "»", '"'})

# The names rules may use in `when:`/`unless:`, each a question about one sentence.
CONDITIONS: tuple[str, ...] = (
    "reader",
    "self",
    "benefit",
    "quoted",
    "heading",
    "self_subject",
    "reader_subject",
    "imperative",
    "self_regarding",
    "boasting",
)


@dataclass(frozen=True)
class SentenceSignals:
    """Facts about one sentence of a block; `start`/`end` are character offsets in the block."""

    block: int
    index: int  # position of the sentence in the document, from 0
    start: int
    end: int
    words: int
    self_refs: int
    reader_refs: int
    imperative: (
        bool  # an instruction or an elliptical question to the reader ("Start …", "Need help?")
    )
    self_subject: bool
    reader_subject: bool
    self_regarding: bool
    benefit: bool
    boasting: bool
    quoted: bool
    heading: bool
    opens_with_self: bool
    audiences: tuple[str, ...]
    # What to highlight for people: (kind, start, end) in the block, kind one of
    # "self", "reader", "benefit".
    marks: tuple[tuple[str, int, int], ...] = ()

    def has(self, condition: str) -> bool:
        """Answer one of CONDITIONS."""
        if condition == "reader":
            return self.reader_refs > 0 or self.imperative
        if condition == "self":
            return self.self_refs > 0
        return bool(getattr(self, condition))


class Annotator:
    """Compiled matchers for one pipeline and vocabulary; reused for every document."""

    def __init__(self, nlp: Language, vocab: Vocabulary, verbs: frozenset[str]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Token

        if not Token.has_extension("cl_ref"):
            Token.set_extension("cl_ref", default="")
        self.vocab = vocab
        self.verbs = verbs
        self.inclusive = Matcher(nlp.vocab, validate=True)
        self.inclusive.add("inclusive", list(vocab.inclusive_patterns))
        self.benefit = Matcher(nlp.vocab, validate=True)
        self.benefit.add("benefit", list(vocab.benefit_patterns))
        self.brands = PhraseMatcher(nlp.vocab, attr="LOWER")
        if vocab.brands:
            self.brands.add("brand", [nlp.make_doc(brand) for brand in vocab.brands])
        self.brand_words = frozenset(w.lower() for brand in vocab.brands for w in brand.split())
        # By surface form: the lemmatizer misreads some ("installing" → "instal").
        inflect = Inflector(nlp)
        self.adoption_forms = frozenset(
            f for lemma in vocab.adoption_lemmas for f in inflect.forms(lemma)
        )
        # Audience terms match on lower-case text in singular and plural: lemmatizing a lone
        # word out of context is unreliable ("specifier" → "specifi").
        self.audience = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.audience_names: dict[str, str] = {}
        for label, terms in [
            ("audience", vocab.audience_lemmas),
            *((f"persona:{p}", t) for p, t in vocab.personas.items()),
        ]:
            variants = _with_plurals(terms)
            self.audience.add(label, [nlp.make_doc(variant) for variant in variants])
            self.audience_names.update(
                {v: " ".join(t.lower().split()) for t in terms for v in _with_plurals([t])}
            )

    def annotate(self, doc: Doc, block: int, index: int, kind: str, offset: int) -> SentenceSignals:
        """Tag the references in `doc` — one sentence, starting at `offset` in block `block` —
        and return its signals."""
        quoted = _quoted_tokens(doc)
        if not doc.has_annotation("TAG"):
            # Not parsed: the trigger filter saw no reference, audience or benefit word in it.
            asks = _asks_reader(doc)
            return SentenceSignals(
                block,
                index,
                offset,
                offset + len(doc.text),
                _word_count(doc),
                0,
                0,
                asks,
                False,
                asks,
                False,
                False,
                False,
                bool(quoted),
                kind == HEADING,
                False,
                (),
            )
        quoted |= self._customer_speaks(doc)
        brand_starts = self._tag_references(doc, quoted)
        return self._sentence(doc[:], block, index, kind, offset, quoted, brand_starts)

    def _customer_speaks(self, doc: Doc) -> set[int]:
        """The first-person words of a customer who adopts or thanks the brand ("we moved to
        @zulip", "we switched to Linkerd", "we'd like to thank the Cilium team"): that "we" is
        not the company's."""
        first = {t.i for t in doc if t.lower_ in FIRST_PERSON}
        if not first:
            return set()
        if any(t.lower_.startswith("@") and t.lower_[1:] in self.brand_words for t in doc):
            return first
        for _, start, end in self.brands(doc):
            verb = _governing_verb(doc[start:end].root)
            if (
                verb is not None
                and verb.lower_ in self.adoption_forms
                and _first_person_subject(verb)
            ):
                return first
        return set()

    def _tag_references(self, doc: Doc, quoted: set[int]) -> set[int]:
        words = self.vocab
        for token in doc:
            low = token.lower_
            if low in words.reader_words:
                token._.cl_ref = "reader"
            elif low in words.self_words and not _is_country(token):
                token._.cl_ref = "self"
        brand_starts: set[int] = set()
        for _, start, end in self.brands(doc):
            span = doc[start:end]
            role = (
                "self"
                if _plays_subject(span.root) and not self._names_audience(span.root)
                else "brand"
            )
            for token in span:
                token._.cl_ref = role
            if role == "self":
                brand_starts.add(start)
        for _, start, end in self.inclusive(doc):
            for token in doc[start:end]:
                if token._.cl_ref == "self":
                    token._.cl_ref = "inclusive"
        for i in quoted:
            if doc[i]._.cl_ref:
                doc[i]._.cl_ref = "quoted"
        return brand_starts

    def _names_audience(self, brand: Token) -> bool:
        """ "Linkerd users", "Zulip admins": the brand names the audience, not the company."""
        return brand.dep_ == "compound" and brand.head.lower_ in self.vocab.brand_user_words

    def _audiences(self, doc: Doc) -> list[str]:
        found = []
        for match_id, start, end in self.audience(doc):
            span = doc[start:end]
            if _belongs_to_someone(span.root):
                continue  # "our customers", "the founders": particular people, not the audience
            label = doc.vocab.strings[match_id]
            name = (
                label.split(":", 1)[1]
                if label.startswith("persona:")
                else self.audience_names.get(span.text.lower(), span.text.lower())
            )
            found.append(name)
        return found

    def _sentence(
        self,
        sent: Span,
        block: int,
        index: int,
        kind: str,
        offset: int,
        quoted: set[int],
        brand_starts: set[int],
    ) -> SentenceSignals:
        self_tokens = [t for t in sent if t._.cl_ref == "self"]
        reader_tokens = [
            t for t in sent if t._.cl_ref in ("reader", "inclusive")
        ]  # "let's", "we all": the reader takes part
        self_refs = sum(
            1 for t in self_tokens if t.lower_ in self.vocab.self_words or t.i in brand_starts
        )
        imperative = _is_imperative(sent, self.verbs) or _asks_reader(sent)
        self_subjects = [t for t in self_tokens if _plays_subject(t)]
        content = [t for t in sent if not (t.is_punct or t.is_space)]
        benefits = self.benefit(sent.doc)
        marks = sorted(
            [("self", offset + t.idx, offset + t.idx + len(t.text)) for t in self_tokens]
            + [("reader", offset + t.idx, offset + t.idx + len(t.text)) for t in reader_tokens]
            + [
                (
                    "benefit",
                    offset + sent.doc[a].idx,
                    offset + sent.doc[b - 1].idx + len(sent.doc[b - 1].text),
                )
                for _, a, b in benefits
            ],
            key=lambda m: (m[1], m[2]),
        )
        return SentenceSignals(
            block=block,
            index=index,
            start=offset + sent.start_char,
            end=offset + sent.end_char,
            words=len(content),
            self_refs=self_refs,
            reader_refs=len(reader_tokens),
            imperative=imperative,
            self_subject=bool(self_subjects),
            reader_subject=imperative
            or any(_plays_subject(t) and _in_main_clause(t) for t in reader_tokens),
            self_regarding=any(self._regards_self(t) for t in self_subjects),
            benefit=bool(benefits),
            boasting=any(self._boasts(t) for t in self_subjects),
            quoted=bool(quoted),
            heading=kind == HEADING,
            opens_with_self=bool(content) and any(t.i - content[0].i < 3 for t in self_subjects),
            audiences=tuple(self._audiences(sent.doc)),
            marks=tuple(marks),
        )

    def _regards_self(self, subject: Token) -> bool:
        """The company is the subject of a self-regarding predicate ("we are proud")."""
        verb = _predicate(subject)
        lemmas = self.vocab.self_regarding_lemmas
        if verb.lemma_.lower() in lemmas:
            return True
        return any(
            child.lemma_.lower() in lemmas
            for child in verb.children
            if child.dep_ in ("acomp", "attr", "xcomp", "dobj", "oprd", "ccomp")
        )

    def _boasts(self, subject: Token) -> bool:
        """The company announces its own news with an emotion: "we are proud to announce",
        "we're happy to report that …", "we're excited that …"."""
        verb = _predicate(subject)
        emotions = self.vocab.boast_emotion_lemmas
        feeling = [verb] + [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")]
        return any(
            child.dep_ == "ccomp" or (child.dep_ == "xcomp" and self._announces(child))
            for word in feeling
            if word.lemma_.lower() in emotions
            for child in word.children
        )

    def _announces(self, verb: Token) -> bool:
        """ "… to announce", "… to share", "… to be trusted", "… to have reached": news."""
        lemmas = self.vocab.announce_lemmas
        return verb.lemma_.lower() in lemmas or any(
            c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in ("be", "have")
            for c in verb.children
        )


def _with_plurals(terms: Iterable[str]) -> list[str]:
    """Each term as given and with its last word in the plural ("writer" → "writers")."""
    out: list[str] = []
    for term in terms:
        term = " ".join(term.lower().split())
        if term.endswith("y") and not term.endswith(("ay", "ey", "oy", "uy")):
            plural = term[:-1] + "ies"
        elif term.endswith(("s", "x", "ch", "sh")):
            plural = term + "es"
        else:
            plural = term + "s"
        out.extend(dict.fromkeys([term, plural]))
    return out


def _belongs_to_someone(noun: Token) -> bool:
    """ "Our customers", "the founders", "our team of engineers": particular people."""
    if any(_specific(child) for child in noun.children):
        return True
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.lower_ == "of"
        and head.head is not head
    ):
        return any(_specific(child) for child in head.head.children)
    return False


def _specific(modifier: Token) -> bool:
    """A determiner or possessor that points at particular people rather than a readership."""
    if modifier.dep_ == "poss":
        return bool(modifier._.cl_ref != "reader")
    return modifier.dep_ == "det" and modifier.lower_ in ("the", "this", "that", "these", "those")


def _predicate(subject: Token) -> Token:
    """The verb a subject (or the possessor/compound of one: "our team ships") belongs to."""
    verb = subject.head
    while verb.dep_ in ("poss", "compound") and verb.head is not verb:
        verb = verb.head.head if verb.dep_ == "poss" else verb.head
    return verb


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object a noun is: "use [Linkerd]", "moved to [Zulip]", "the [Cilium] team"."""
    node = noun
    while node.dep_ == "compound" and node.head is not node:
        node = node.head
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    elif node.dep_ != "dobj":
        return None
    return node.head if node.head.pos_ == "VERB" else None


def _first_person_subject(verb: Token) -> bool:
    """The verb's subject, or the subject of the clause a subjectless verb hangs in ("we'd like
    to thank", "we are happy with the results of installing"), is "we" or "I"."""
    node = verb
    for _ in range(CLAUSE_DEPTH):
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
        if subjects or node.head is node:
            return any(c.lower_ in FIRST_PERSON for c in subjects)
        node = node.head
    return False


def _plays_subject(token: Token) -> bool:
    """The token is a subject, or the possessor/compound of one ("our team ships", "Acme Cloud")."""
    node = token
    for _ in range(3):
        if node.dep_ in SUBJECT_DEPS:
            return True
        if node.dep_ not in ("poss", "compound", "amod", "det") or node.head is node:
            return False
        node = node.head
    return False


def _in_main_clause(token: Token) -> bool:
    """The token hangs off the sentence root (or a verb joined to it), not a subordinate clause."""
    node = token
    while (
        node.dep_ in ("poss", "compound", "amod", "det", "nsubj", "nsubjpass")
        and node.head is not node
    ):
        node = node.head
        if node.dep_ in ("ROOT", "conj") or node.head is node:
            return node.dep_ != "conj" or node.head.dep_ == "ROOT"
    return node.dep_ == "ROOT"


def _word_count(doc: Doc) -> int:
    return sum(1 for t in doc if not (t.is_punct or t.is_space))


def _is_country(token: Token) -> bool:
    return token.text in ("US", "U.S.", "U.S") and token.pos_ == "PROPN"


def _is_imperative(sent: Span, verbs: frozenset[str]) -> bool:
    """The sentence tells the reader to do something ("Start your trial", "Please run …"):
    its root is the base-form verb that opens it, with no subject."""
    root = sent.root
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    verb = imperative_verb(words, verbs)
    if root.tag_ != "VB" or verb is None or verb.i != root.i:
        return False
    return not any(child.dep_ in SUBJECT_DEPS for child in root.children)


def _closes_straight(token: Token) -> bool:
    """A straight quote glued to the word before it and followed by a space or the end
    (`… shaped up."`) closes a quote opened in an earlier sentence."""
    doc = token.doc
    return (
        token.text == '"'
        and token.i > 0
        and not doc[token.i - 1].whitespace_
        and (token.i == len(doc) - 1 or bool(token.whitespace_))
    )


def _asks_reader(words: Doc | Span) -> bool:
    """An elliptical question to the reader, "(Do you) need help getting started?", "(Are you)
    tired of slow builds?". Read from the words alone, so it holds whether or not the sentence
    was parsed."""
    content = [
        t for t in words if not (t.is_punct or t.is_space) and t.lower_ not in ("p.s.", "ps")
    ]
    return bool(content) and words[-1].text == "?" and content[0].lower_ in QUESTION_OPENERS


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indices of tokens inside double quotes: someone else's words (a customer, a user).

    Each sentence is analysed alone, so a quote may open in one sentence and close in a later
    one: an opening mark never closed quotes the rest of the sentence, a closing mark never
    opened quotes everything before it. Curly and straight marks may be mixed.
    """
    inside: set[int] = set()
    start: int | None = None
    for token in doc:
        text = token.text
        if start is None and text in _OPENERS and not _closes_straight(token):
            start = token.i + 1
        elif text in _CLOSERS:
            inside.update(range(0 if start is None else start, token.i))
            start = None
    if start is not None:
        inside.update(range(start, len(doc)))
    return inside
