"""Concrete rewrites of self-centred sentences, built from the parse.

A rewrite keeps the sentence's own words, object, tense and final punctuation and changes only
who is on stage. Only shapes that can be turned around honestly and grammatically are claimed;
every shape is tested on real corpus sentences (tests/analysis/test_rewrite.py), and every
rewrite two readers rejected (data/rewrites/) is never proposed again.

Shapes that get a rewrite (the company — we, the brand, "our X" — is the subject of the main
verb; a named subject stays as "with X,"):

- **provide** — offer, provide, supply, include, feature (deliver, give, send, bring only to
  someone) + an object: "We offer 24/7 support." → "You get 24/7 support."; "Our platform
  provides X." → "With our platform, you get X."; "Linkerd 2.1 introduces X" reads the same.
  Whom it is offered to drops out ("to our customers", "you with") unless counted ("to over
  10,000 customers"), or leads as "As a small business, you get …" (only after a bare "we", in
  the present: "will provide funds to members" would widen a programme into a promise).
- **have / comes with** — a named product, in the present: "Zulip has a set of analytics …" /
  "Umami comes with reporting …" → "With Zulip, you get …"; "has" only for something offered
  (a feature, a set, a plan …): "has offices", "has certain prerequisites", "has a new CEO" stay.
- **support** — a feature-like thing, in the present: "Thunderbird also supports the Do Not
  Track option." → "With Thunderbird, you can also use the Do Not Track option."; not a cause
  ("supports open source") nor a platform ("supports Windows" is not "you can use Windows").
- **available** — "Free Relay is available in most countries." → "You can get Free Relay in
  most countries."
- **make easy** — "Fleet makes it easy to X" → "With Fleet, you can easily X"; "for you" drops.
- **protect** — "X protects you from Y" → "With X, you are protected from Y".
- **enable** — let, allow, enable, empower + people + a verb, in the present: "Login.gov allows
  you to configure X" → "With Login.gov, you can configure X".
- **help** — help + people + a verb, present or "can": "18F can help you decide" → "With 18F,
  you can decide"; after "we" the help stays: "We help you ship faster." → "With our help, you
  ship faster." (without it, two readers found a bare claim).
- **ensure** — ensure + a clause about someone else: "Our tools ensure that you can move …" →
  "With our tools, you can move …".
- **show** — "We'll show you how to X" → "You'll see how to X" ("teach" → "learn").
- **gathered** — "We've pulled/put together, compiled, prepared X …" → "Here is X …" (nothing
  before "we"; never people: "a team of experts").
- **wish** — "we'd love to have you join X!" → "Join X!" ("get involved" too); "we want to say
  thank you for X" → "thank you for X".
- **sure** — "We are sure (that) you will X" → "You will X".
- **recommend** — "we recommend (that) you X" → "X" (the advice itself; never a negation).
- **announce** — "We are (very) proud/excited/… to announce X" and "We announce X" → "X is
  here." ("Here is X" when X carries a clause; "our X" → "the X"); "… to announce/report/say that
  <clause>" → the clause; "… to bring you X" → "you get X".

Refused (the rule's advice, or for a belief the words to drop), each because readers rejected it
or it would change the facts: beliefs and opinions; feelings with no news; questions and
headings asking ("How we …"); negations; perfect tenses (but "gathered") and the simple past
("you got" addresses a reader who was not there); "do" emphasis; future help/let ("will help you
ship" promises more); verbs sharing the subject; a subject with an apposition or a clause; an
opening participle or an opener describing or comparing the company ("Even better than X, our
apps …", "Unlike other apps, Zulip …", "As a leader in X, we …") — it would dangle on "you"
("As a result," and other linking openers stay); a trailing phrase whose doer
was the company ("by introducing X", "rather than shrinking them", "to give …", ", presenting
…"); people left in the third person beside "you" ("a way for the public", "for partners",
"enables users to"); testimonials ("X allows us to …": a customer speaking, not a promise);
stacked openers ("With PostHog, as a team, …"); "is here" for events, bodies and deeds ("Linkerd
Day", "the creation of a committee") and for "share"; a person as the subject; things rather
than people helped; objects the company owns; phrasal verbs; and main verbs about the company
alone ("We have offices in Berlin", "Our team will handle the migration"); a slip the rewrite
would copy ("as member of").

A rewrite is a field of its own on the finding (`Finding.rewrite`), next to the rule's advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from customerlens.analysis.rewrite.news import (
    ANNOUNCE,
    GATHERED,
    announce,
    gathered,
    recommend,
    shows,
    sure,
    wish,
)
from customerlens.analysis.rewrite.offers import (
    ENABLE,
    ENSURE,
    HELP,
    PROVIDE,
    available,
    come_with,
    enable,
    ensure,
    has,
    helps,
    make_easy,
    protect,
    provide,
    supports,
)
from customerlens.analysis.rewrite.parse import between, dangling, is_self, loose_opener, on_spine

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from customerlens.nlp.signals import Annotator


BELIEVE = frozenset({"believe", "think", "feel"})


class Rewriter:
    """Suggestions for the findings of one linter.

    The linter hands over the `Proposal` it read from a flagged sentence's Doc while the Doc
    existed (see `Linter.analyse`); only without one is the sentence parsed and annotated again,
    as its own Doc exactly as the linter read it, since by the time findings are built the linter
    has let its Docs go."""

    def __init__(self, nlp: Language, annotator: Annotator) -> None:
        self.nlp = nlp
        self.annotator = annotator

    def suggest(
        self, sentence: str, advice: str, proposal: Proposal | None = None
    ) -> tuple[str | None, str]:
        """(rewrite or None, suggestion) of a finding of a rule that `rewrites` on `sentence`;
        `proposal` must come from the parse of `sentence.strip()` when given."""
        if not sentence.strip():
            return None, advice
        if proposal is None:
            doc = self.nlp(sentence.strip())
            self.annotator.annotate(doc, 0, 0, "paragraph", 0)
            proposal = propose(doc)
        return proposal.suggestion(advice)


@dataclass(frozen=True)
class Proposal:
    """What a sentence's parse offers a rewriting rule's finding on it: a rewrite, else a hint, else
    nothing (the rule's own advice). It holds no Doc, so it outlives the linter's window."""

    rewrite: str | None = None
    hint: str | None = None

    def suggestion(self, advice: str) -> tuple[str | None, str]:
        """(the rewrite, `advice`), else (None, the hint), else (None, `advice`)."""
        if self.rewrite is not None:
            return self.rewrite, advice
        return None, self.hint or advice


def propose(doc: Doc) -> Proposal:
    """The Proposal of one annotated sentence Doc; an unparsed Doc has nothing to offer."""
    if not doc.has_annotation("DEP"):
        return Proposal()
    found = rewrite(doc)
    if found is not None:
        return Proposal(rewrite=found)
    return Proposal(hint=hint(doc))


def rewrite(doc: Doc) -> str | None:
    """The sentence (one parsed, annotated Doc) turned towards the reader, or None."""
    words = [t for t in doc if not t.is_space]
    if not words or words[-1].text in ("?", "？"):
        return None
    root = doc[:].root
    if any(t.dep_ == "neg" and on_spine(t.head, root) for t in doc):
        return None  # "We don't charge fees": turning a negation around is not a word swap
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or not is_self(subject) or subject.i > root.i:
        return None
    if any(t.tag_ in ("WRB", "WP", "WDT") and t.head == root for t in doc[: subject.i]):
        return None  # "How we support your AI initiatives:": a heading asking, not a claim
    if dangling(doc, subject) or loose_opener(doc, subject, root):
        return None
    lemma = "be" if root.lemma_ == "be" else root.lemma_.lower()
    for _name, lemmas, build in _SHAPES:
        if lemma in lemmas:
            text = build(doc, root, subject)
            return text or None
    return None


def hint(doc: Doc) -> str | None:
    """For a belief ("At Acme, we believe that …"): which words to drop. A belief has no honest
    rewrite (the claim stays the company's), so this names the words instead."""
    root = doc[:].root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if (
        root.lemma_.lower() not in BELIEVE
        or subject is None
        or not is_self(subject)
        or subject.i > root.i
    ):
        return None
    middle = between(doc, subject, root)
    if middle is None or any(t.dep_ == "aux" for t in middle) or root.tag_ not in ("VBP", "VBZ"):
        return None
    said = [
        c
        for c in root.children
        if c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "in" and root.lemma_ == "believe")
    ]
    if not said or said[0].i < root.i:
        return None
    start = subject.left_edge.i
    opener = [c for c in root.children if c.dep_ == "prep" and c.i < start]
    if (
        len(opener) == 1
        and opener[0].i == 0
        and any(t._.cl_ref in ("self", "brand") for t in opener[0].subtree)
    ):
        start = 0  # "At Acme, we believe": the company's name goes too
    end = root.i + 1
    if said[0].dep_ == "ccomp" and doc[end].lower_ == "that" and doc[end].dep_ == "mark":
        end += 1
    return f'Drop "{doc[start:end].text}" and lead with what the reader gets from it.'


def _be(doc: Doc, root: Token, subject: Token) -> str | None:
    """The copula: an announcement, "X is available", or "we are sure that you …"."""
    return announce(doc, root, subject) or available(doc, root, subject) or sure(doc, root, subject)


# shape name, the lemmas of the main verb it starts from, the builder
_SHAPES = (
    ("provide", PROVIDE, provide),
    ("enable", ENABLE, enable),
    ("help", HELP, helps),
    ("ensure", ENSURE, ensure),
    ("announce", ANNOUNCE, announce),
    ("be", frozenset({"be"}), _be),
    ("have", frozenset({"have"}), has),
    ("support", frozenset({"support"}), supports),
    ("come with", frozenset({"come"}), come_with),
    ("protect", frozenset({"protect"}), protect),
    ("make easy", frozenset({"make"}), make_easy),
    ("show", frozenset({"show", "teach"}), shows),
    ("gathered", GATHERED, gathered),
    ("wish", frozenset({"love", "like", "want"}), wish),
    ("recommend", frozenset({"recommend", "suggest"}), recommend),
)
