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
  Whom it is offered to drops out ("to our customers", "you with"), or leads as "As a small
  business, you get …" (only after a bare "we", in the present: "will provide funds to members"
  would widen a programme into a promise).
- **have / comes with** — a named product, in the present: "Zulip has a set of analytics …" /
  "Umami comes with reporting …" → "With Zulip, you get …"; never "we have", people, or what a
  company keeps ("offices", "experience", "no interest").
- **support** — a thing, in the present: "Thunderbird also supports X." → "With Thunderbird,
  you can also use X."
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
- **gathered** — "We've pulled together X …" → "Here is X …" (nothing before "we").
- **wish** — "we'd love to have you join X!" → "Join X!" ("get involved" too); "we want to say
  thank you for X" → "thank you for X".
- **sure** — "We are sure (that) you will X" → "You will X".
- **recommend** — "we recommend (that) you X" → "X" (the advice itself; never a negation).
- **announce** — "We are proud/excited/… to announce X" and "We announce X" → "X is here." ("Here
  is X" when X carries a clause; "our X" → "the X"); "… to announce that <clause>" → the clause.

Refused (the rule's advice, or for a belief the words to drop), each because readers rejected it
or it would change the facts: beliefs and opinions; feelings with no news; questions and
headings asking ("How we …"); negations; perfect tenses (but "gathered") and the simple past
("you got" addresses a reader who was not there); "do" emphasis; future help/let ("will help you
ship" promises more); verbs sharing the subject; a subject with an apposition or a clause; an
opening participle or an opener describing or comparing the company ("Even better than X, our
apps …", "Unlike other apps, Zulip …") — it would dangle on "you"; a trailing phrase whose doer
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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from customerlens.nlp.lexicon import load_vocabulary

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from customerlens.nlp.signals import Annotator

PROVIDE = frozenset(
    {"offer", "provide", "deliver", "give", "send", "supply", "include", "feature", "bring"}
)
# verbs that mean "transmit" or "perform" as often as "provide": only with a recipient ("send you
# X")
HANDED = frozenset({"deliver", "give", "send", "bring"})
ENABLE = frozenset({"let", "allow", "enable", "empower"})
HELP = frozenset({"help"})
ENSURE = frozenset({"ensure", "guarantee"})
# The company's feelings about its news: the same words the signals call a boast.
FEELINGS = load_vocabulary().boast_emotion_lemmas
ANNOUNCE = frozenset(
    {"announce", "introduce", "unveil", "launch", "share", "present", "release", "debut"}
)
BELIEVE = frozenset({"believe", "think", "feel"})
# "we've pulled together X": what the page now holds
GATHERED = frozenset({"put", "pull", "compile", "gather", "collect", "assemble", "prepare"})
NEWS_WRAPPERS = frozenset(
    {
        "launch",
        "release",
        "introduction",
        "arrival",
        "debut",
        "availability",
    }
)
# news that "is here" would misreport: events, bodies, deeds (created, planned, completed)
NOT_HERE = frozenset(
    {
        "day",
        "week",
        "conference",
        "summit",
        "meetup",
        "event",
        "webinar",
        "workshop",
        "hackathon",
        "committee",
        "board",
        "council",
        "foundation",
        "creation",
        "completion",
        "formation",
        "round",
        "funding",
        "partnership",
        "acquisition",
    }
)
MODALS = frozenset(
    {"can", "will", "'ll", "’ll", "could", "may", "might", "would", "'d", "’d", "should", "must"}
)
BE_FOR_YOU = {
    "is": "are",
    "am": "are",
    "'m": "'re",
    "’m": "’re",
    "'s": "'re",
    "’s": "’re",
    "was": "were",
}
MIDDLE_ADVERBS = frozenset(
    {
        "also",
        "now",
        "always",
        "still",
        "even",
        "already",
        "just",
        "really",
        "only",
        "automatically",
        "quickly",
        "easily",
        "often",
        "usually",
        "today",
    }
)
NEWS_ADVERBS = frozenset({"today", "now", "finally", "officially"})
# pronouns of the people helped, as the reader's
THEIRS = {"their": "your", "theirs": "yours", "them": "you", "themselves": "yourselves"}
SUBJECT_INNER = frozenset(
    {
        "poss",
        "det",
        "amod",
        "compound",
        "nmod",
        "prep",
        "pobj",
        "nummod",
        "cc",
        "conj",
        "case",
        "punct",
        "quantmod",
        "advmod",
        "npadvmod",
    }
)


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
    if any(t.dep_ == "neg" and _on_spine(t.head, root) for t in doc):
        return None  # "We don't charge fees": turning a negation around is not a word swap
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or not _is_self(subject) or subject.i > root.i:
        return None
    if any(t.tag_ in ("WRB", "WP", "WDT") and t.head == root for t in doc[: subject.i]):
        return None  # "How we support your AI initiatives:": a heading asking, not a claim
    if _dangling(doc, subject) or _loose_opener(doc, subject, root):
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
        or not _is_self(subject)
        or subject.i > root.i
    ):
        return None
    middle = _middle(doc, subject, root)
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


# --- the shapes -------------------------------------------------------------------------------


def _provide(doc: Doc, verb: Token, subject: Token) -> str | None:
    middle = _middle(doc, subject, verb)
    form = _tense(verb, middle, "get", "got", "getting")
    if middle is None or form is None or _joined_verbs(verb) or verb.tag_ == "VBD":
        return None
    drop: set[int] = set()
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if len(objects) != 1:
        return None
    thing = objects[0]
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ == "conj" for t in thing.subtree):
        return None  # "offer X and host Y": a verb parsed into the object
    if any(t._.cl_ref == "self" for t in thing.subtree if t.dep_ == "poss" and t.head == thing):
        return None  # "we provide our internal infrastructure": the company's own, not the reader's
    recipient = False
    people: list[Token] = []  # whom it is given to, kept as the reader addressed
    if _is_people(thing):  # "We provide you with X" / "We provide teams with X"
        with_ = [
            c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" and c.i > thing.i
        ]
        given = next((g for w in with_[:1] for g in w.children if g.dep_ == "pobj"), None)
        if given is None or given.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        drop |= _subtree(thing) | {with_[0].i}
        recipient = True
        people.append(thing)
    elif thing.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None  # "we offer this", "we provide it"
    for child in verb.children:
        if child.dep_ == "prt":
            return None  # "brings X up to", "gives up": a phrasal verb means something else
        if (
            child.dep_ == "prep"
            and child.lower_ == "with"
            and thing.pos_ == "PROPN"
            and not recipient
        ):
            return None  # "provided DigitalOcean with insights": the object is someone else
        if child.dep_ == "dative" and child.lower_ != "to":
            if not _is_people(child):
                return None
            drop |= _subtree(child)
            recipient = True
            people.append(child)
        elif (
            child.dep_ in ("prep", "dative") and child.lower_ in ("to", "for") and child.i > verb.i
        ):
            target = next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is not None and _is_people(target):
                drop |= _subtree(child)
                recipient = True
                people.append(target)
            elif child.lower_ == "to":
                return None  # "We bring X to the edge": nothing the reader "gets to"
        elif child.dep_ in ("ccomp", "xcomp", "oprd", "attr", "acomp", "agent"):
            return None
    if verb.lemma_.lower() in HANDED and not recipient:
        return None  # "we deliver SMSes", "we send them on the network"
    replace = {verb.i: form, **_be_for_you(middle)}
    return _render(doc, subject, verb, replace, drop, _addressed("you", people))


def _enable(doc: Doc, verb: Token, subject: Token) -> str | None:
    return _complement(doc, verb, subject, can=True)


def _help(doc: Doc, verb: Token, subject: Token) -> str | None:
    return _complement(doc, verb, subject, can=False)


def _complement(doc: Doc, verb: Token, subject: Token, can: bool) -> str | None:
    """ "X lets/helps <someone> (to) do Y" → "(With X,) you (can) do Y"."""
    middle = _middle(doc, subject, verb)
    if middle is None or _joined_verbs(verb) or verb.tag_ not in ("VBZ", "VBP", "VB"):
        return None
    modals = [t for t in middle if t.dep_ == "aux"]
    if verb.tag_ == "VB" and not (len(modals) == 1 and modals[0].lower_ == "can" and not can):
        return None  # only "can help you X" → "you can X"; "will help you X" claims too much
    done = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if not done and len(objects) == 1:  # "enables teams to ship", parsed as a clause on "teams"
        done = [
            c
            for c in objects[0].children
            if c.dep_ in ("relcl", "acl") and any(a.lower_ == "to" for a in c.children)
        ]
    if len(done) != 1 or done[0].tag_ != "VB":
        return None
    action = done[0]
    helped = next((c for c in action.children if c.dep_ == "nsubj"), None)
    if helped is None:
        helped = next((c for c in objects if c.i < action.i), None)
    if helped is None or helped.i > action.i or not _is_people(helped):
        return None  # "enables it to operate", "lets applications talk": not the reader's doing
    if _is_self(helped):
        return None  # "Tetragon allows us to block …": a customer speaking, not a promise
    if any(c.i > action.i for c in objects):
        return None
    inside = _subtree(action) if action.i in _subtree(helped) else set()
    drop = (_subtree(helped) - inside) | {
        t.i for t in action.children if t.dep_ == "aux" and t.lower_ == "to"
    }
    drop |= {t.i for t in modals}
    replace = {
        verb.i: "",
        **{t.i: _same_case(t.text, THEIRS[t.lower_]) for t in action.subtree if t.lower_ in THEIRS},
    }
    # "lets you …" / "can help you …" → "you can …"
    reader = "you can" if can or modals else "you"
    addressed = _addressed(reader, [helped])
    if not can and _bare(subject):
        # "We help you ship faster" → "With our help, you ship faster": without the help it
        # would be a bare claim about the reader (data/rewrites/, f31)
        addressed = f"with our help, {reader}" if addressed == reader else None
    return _render(doc, subject, verb, replace, drop, addressed)


def _addressed(reader: str, people: list[Token]) -> str | None:
    """`reader` ("you", "you can"), led by the audience the sentence named, so the rewrite keeps
    whom it was for: "We help small businesses grow." → "As a small business, you grow."; None
    when the audience cannot be kept word for word."""
    audiences = {_audience(person) for person in people} - {""}
    if None in audiences or len(audiences) > 1:
        return None
    return f"as {audiences.pop()}, {reader}" if audiences else reader


def _audience(helped: Token) -> str | None:
    """The people helped as one reader ("small businesses" → "a small business"), so a rewrite
    addressing "you" keeps whom the sentence was for; "" when they are the reader already ("you",
    "our customers", "everyone"); None when the phrase cannot be made singular word for word."""
    if helped.pos_ == "PRON" or _has_self(helped) or helped.lemma_.lower() in _READERS:
        return ""
    words = sorted(helped.subtree, key=lambda t: t.i)
    if helped.tag_ != "NNS" or any(
        t != helped
        and (t.dep_ not in ("amod", "compound") or t.head != helped or t.lower_ in _QUANTITIES)
        for t in words
    ):
        return None  # "many teams", "teams that ship": no sure singular
    phrase = " ".join([t.text for t in words if t != helped] + [helped.lemma_])
    vowel = phrase[0].lower() in "aeio" or (phrase[0].lower() == "u" and phrase[1:2] not in "sn")
    return ("an " if vowel else "a ") + phrase


def _ensure(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Our tools ensure that you can X" → "With our tools, you can X"."""
    middle = _middle(doc, subject, verb)
    if middle is None or _tense(verb, middle, "", "", "") is None or middle or _joined_verbs(verb):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(clauses) != 1 or any(c.dep_ not in ("nsubj", "ccomp", "punct") for c in verb.children):
        return None
    clause = clauses[0]
    inner = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if inner is None or _is_self(inner) or clause.i < verb.i:
        return None
    drop = {t.i for t in clause.children if t.dep_ == "mark" and t.lower_ == "that"}
    return _render(doc, subject, verb, {verb.i: ""}, drop, "")


def _announce(doc: Doc, root: Token, subject: Token) -> str | None:
    """ "We're proud to announce X" / "We announce X" → "X is here." (or the announced clause)."""
    middle = _middle(doc, subject, root)
    if middle is None or _errs(doc):
        return None
    if root.lemma_ == "be":
        feeling = next(
            (c for c in root.children if c.dep_ == "acomp" and c.lemma_.lower() in FEELINGS), None
        )
        if feeling is None:
            return None
        news = next(
            (c for c in feeling.children if c.dep_ == "xcomp" and c.lemma_.lower() in ANNOUNCE),
            None,
        )
        if news is None:
            return None
        allowed = {
            root: {"nsubj", "acomp", "punct", "npadvmod", "advmod", "prep", "aux"},
            feeling: {"xcomp", "advmod"},
            news: {"aux", "dobj", "ccomp"},
        }
    else:
        if root.lemma_.lower() == "share":
            return None  # "We share your sentiments", "Erin shares her favorites": not news
        if not _bare(subject):
            # "Cilium 1.4 introduces X": the product stays, "with Cilium 1.4, you get X"; a
            # person introducing something is not a product the reader gets it with
            if root.tag_ == "VBD" or subject.ent_type_ == "PERSON":
                return None  # "introduced latency"
            return _provide(doc, root, subject)
        if root.tag_ not in ("VBP", "VBZ", "VBG") or _tense(root, middle, "", "", "") is None:
            return None
        news = root
        allowed = {root: {"nsubj", "aux", "punct", "npadvmod", "advmod", "prep", "dobj", "ccomp"}}
    for head, deps in allowed.items():
        for child in head.children:
            if child.dep_ not in deps:
                return None
            if (
                child.dep_ in ("advmod", "prep", "npadvmod")
                and child.i > subject.i
                and child.lower_ not in NEWS_ADVERBS
            ):
                return None  # "We are also announcing …", "proud to announce X to the world"
    if any(t.dep_ == "aux" and t.lower_ != "to" and t.head == news and news != root for t in doc):
        return None
    if any(
        t.dep_ == "aux" and t.lower_ not in ("am", "is", "are", "'re", "’re", "'m", "’m")
        for t in middle
    ):
        return None
    objects = [c for c in news.children if c.dep_ in ("dobj", "ccomp")]
    if len(objects) != 1 or objects[0].i < news.i:
        return None
    prefix = [t for t in doc if t.i < subject.left_edge.i]
    end = objects[0].right_edge.i + 1
    tail = list(doc[end:])
    if any(not (t.is_punct or t.is_space) for t in tail):
        return None
    if objects[0].dep_ == "ccomp":
        clause = objects[0]
        inner = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if inner is None or _is_self(inner):
            return None
        body = [
            t
            for t in clause.subtree
            if not (t.dep_ == "mark" and t.head == clause and t.lower_ == "that")
        ]
        return _join(doc, "".join(t.text_with_ws for t in prefix), [_text(body)], tail)
    thing = _unwrap(objects[0])
    if thing.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None  # "we're excited to introduce a" (a cut sentence), "to share this"
    if thing != objects[0] and any(c.dep_ in ("conj", "cc") for c in thing.children):
        return None  # "the availability of X as well as the certification of X": no one subject
    named = [objects[0], thing, *(c for c in thing.children if c.dep_ == "appos")]
    if any({t.lemma_.lower(), t.lower_.removesuffix("s")} & NOT_HERE for t in named):
        # "the first-ever Linkerd Day is here", "the creation of the Steering Committee": an
        # event, a body or a deed is not a thing the reader now has (data/rewrites/)
        return None
    span = sorted(thing.subtree, key=lambda t: t.i)
    plural = thing.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in thing.children)
    long = any(t.text == "," or t.dep_ in ("relcl", "acl", "appos") for t in span)
    verb = "are" if plural else "is"
    lead = "".join(t.text_with_ws for t in prefix)
    if long and prefix:
        # "Today, here is X, which …", "In this release, here is X": two readers found every
        # lead-in before "here is" unnatural (data/rewrites/): the advice, not a rewrite
        return None
    # "our new release" → "the new release": the news, not the company, is the subject now
    owner = {t.i: "the" for t in thing.children if t.dep_ == "poss" and t.lower_ == "our"}
    words = [f"here {verb}", _text(span, owner)] if long else [_text(span, owner), f"{verb} here"]
    return _join(doc, lead, words, tail)


def _have(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Zulip has a powerful set of analytics" → "With Zulip, you get a powerful set of …": only
    a named product, in the present; "we have offices", "our team has experience" stay theirs."""
    things = [c for c in verb.children if c.dep_ == "dobj"]
    if (
        _bare(subject)
        or _person(subject)
        or verb.tag_ != "VBZ"
        or len(things) != 1
        or things[0].lemma_.lower() in _OWNED
        or any(c.lower_ == "no" for c in things[0].children)  # "has no interest in …"
        or any(c.dep_ == "aux" for c in verb.children)
    ):
        return None
    return _provide(doc, verb, subject)


# what a company has for itself, not for the reader
_OWNED = frozenset(
    {
        "office",
        "employee",
        "staff",
        "team",
        "member",
        "customer",
        "user",
        "partner",
        "investor",
        "experience",
        "history",
        "year",
        "goal",
        "mission",
        "vision",
        "value",
        "policy",
        "condition",
        "problem",
        "issue",
        "plan",
        "representation",
        "headquarters",
        "revenue",
        "footprint",
        "interest",
    }
)


def _come_with(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Umami comes with reporting that …" → "With Umami, you get reporting that …": a named
    product, in the present ("we come with experience" is the company's own)."""
    middle = _middle(doc, subject, verb)
    with_ = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    if (
        middle is None
        or any(t.dep_ == "aux" for t in middle)
        or verb.tag_ != "VBZ"
        or _bare(subject)
        or _person(subject)
        or len(with_) != 1
        or with_[0].i != verb.i + 1
        or any(c.dep_ not in ("nsubj", "prep", "advmod", "punct") for c in verb.children)
    ):
        return None
    thing = next((g for g in with_[0].children if g.dep_ == "pobj"), None)
    if thing is None or thing.pos_ not in ("NOUN", "PROPN") or _is_people(thing):
        return None
    return _render(doc, subject, verb, {verb.i: "get"}, {with_[0].i}, "you")


def _protect(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Mozilla VPN protects you from tracking …" → "With Mozilla VPN, you are protected from
    tracking …": only the reader protected, in the present."""
    middle = _middle(doc, subject, verb)
    you = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "you"]
    if (
        middle != []
        or verb.tag_ != "VBZ"
        or _bare(subject)
        or _person(subject)
        or len(you) != 1
        or _joined_verbs(verb)
        or any(c.dep_ not in ("nsubj", "dobj", "prep", "advcl", "punct") for c in verb.children)
    ):
        return None
    return _render(doc, subject, verb, {verb.i: "are protected"}, {you[0].i}, "you")


def _support(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Thunderbird also supports the Do Not Track option." → "With Thunderbird, you can also use
    the Do Not Track option."; only a thing, in the present ("supports agencies" is help)."""
    middle = _middle(doc, subject, verb)
    things = [c for c in verb.children if c.dep_ == "dobj"]
    if (
        middle is None
        or any(t.dep_ == "aux" for t in middle)
        or verb.tag_ not in ("VBZ", "VBP")
        or _joined_verbs(verb)
        or len(things) != 1
        or things[0].pos_ not in ("NOUN", "PROPN")
        or _is_people(things[0])
        or things[0].ent_type_ in ("ORG", "PERSON", "NORP")
        or any(c._.cl_ref == "reader" for c in things[0].children)  # "supports your initiatives"
        or any(c.dep_ not in ("nsubj", "dobj", "advmod", "punct", "prep") for c in verb.children)
    ):
        return None
    return _render(doc, subject, verb, {verb.i: "use"}, set(), "you can")


def _make_easy(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Fleet makes it easy to get your data in" → "With Fleet, you can easily get your data in";
    "We make it easy for you to switch." → "You can easily switch." """
    middle = _middle(doc, subject, verb)
    if middle is None or middle or verb.tag_ not in ("VBZ", "VBP"):
        return None
    easy = next((c for c in verb.children if c.lower_ in _EASILY and c.i > verb.i), None)
    it = next((c for c in (easy.children if easy else ()) if c.lower_ == "it"), None)
    if it is None or easy is None or it.i > easy.i or _joined_verbs(verb):
        return None
    actions = [c for c in easy.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VB"]
    if len(actions) != 1 or any(c not in (it, *actions) for c in easy.children):
        return None
    action = actions[0]
    drop = {it.i, easy.i}
    for child in action.children:
        if child.dep_ == "aux" and child.lower_ == "to":
            drop.add(child.i)
        elif child.dep_ == "mark" and child.lower_ == "for":
            drop.add(child.i)
        elif child.dep_ == "nsubj" and child.i < action.i:
            if child._.cl_ref != "reader":
                return None  # "makes it easy for teams to …": whom it is for would be lost
            drop.add(child.i)
    if any(c.dep_ not in ("nsubj", "punct") for c in verb.children if c != easy):
        return None
    return _render(doc, subject, verb, {verb.i: _EASILY[easy.lower_]}, drop, "you can")


_EASILY = {"easy": "easily", "easier": "more easily", "quick": "quickly"}


def _show(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "We'll show you how to add Linkerd …" → "You'll see how to add Linkerd …" ("teach" →
    "learn"): only what is still to come, to the reader ("will show", not "showed")."""
    middle = _middle(doc, subject, verb)
    if middle is None or verb.tag_ != "VB" or len(middle) < 1 or _joined_verbs(verb):
        return None
    if not any(t.dep_ == "aux" and t.lower_ in ("will", "'ll", "’ll") for t in middle):
        return None
    reader = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ == "you"]
    shown = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp") and c not in reader]
    if len(reader) != 1 or len(shown) != 1 or shown[0].i < reader[0].i:
        return None
    if any(c.dep_ in ("prep", "advcl", "dative") for c in verb.children):
        return None
    see = "see" if verb.lemma_ == "show" else "learn"
    return _render(doc, subject, verb, {verb.i: see}, {reader[0].i}, "you")


def _gathered(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "We've pulled together some information and resources to help you get started." → "Here is
    some information and resources to help you get started.": what the page now holds."""
    middle = list(doc[subject.i + 1 : verb.i])
    if [t.lower_ for t in middle] not in (["'ve"], ["’ve"], ["have"]):
        return None
    if not _bare(subject) or subject.i != 0 or verb.tag_ != "VBN":
        return None
    things = [c for c in verb.children if c.dep_ == "dobj"]
    if len(things) != 1 or things[0].pos_ != "NOUN" or things[0].i < verb.i:
        return None
    drop = {subject.i, verb.i, *(t.i for t in middle)}
    for child in verb.children:
        if child.lower_ in ("together", "up") and child.dep_ in ("advmod", "prt"):
            drop.add(child.i)
        elif child.dep_ not in ("dobj", "advcl", "punct", "nsubj", "aux"):
            return None
    if _third_person(t for t in doc if t.i not in drop):
        return None
    verb_for = "are" if things[0].tag_ == "NNS" else "is"
    return _emit(doc, {things[0].left_edge.i: f"Here {verb_for} {things[0].left_edge.text}"}, drop)


def _wish(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "We'd love to have you join our community!" → "Join our community!"; "we want to say thank
    you for trying X" → "thank you for trying X": the invitation or thanks, without the wish."""
    middle = _middle(doc, subject, verb)
    if middle is None or not _bare(subject) or verb.tag_ not in ("VB", "VBP"):
        return None
    wanted = [c for c in verb.children if c.dep_ == "xcomp"]
    if len(wanted) != 1 or any(
        c.dep_ not in ("nsubj", "aux", "xcomp", "punct", "advcl", "prep", "advmod")
        or (c.dep_ in ("prep", "advmod", "advcl") and c.i > verb.i)
        for c in verb.children
    ):
        return None
    to = [c for c in wanted[0].children if c.dep_ == "aux" and c.lower_ == "to"]
    gone = {subject.i, verb.i, *(t.i for t in middle), *(t.i for t in to)}
    head = wanted[0]
    if head.lemma_ == "say":  # "to say thank you"
        gone.add(head.i)
        head = next((c for c in head.children if c.dep_ in ("xcomp", "dobj", "ccomp")), head)
    if head.lemma_ == "thank" and any(
        c.dep_ == "dobj" and c.lower_ == "you" for c in head.children
    ):
        if verb.lemma_ not in ("want", "like"):
            return None
        return _emit(doc, {head.i: head.text.lower()}, gone)
    if verb.lemma_ not in ("love", "like") or not any(t.dep_ == "aux" for t in middle):
        return None  # "we'd love …" invites; "we love …" is a feeling
    if head.lemma_ not in ("have", "see"):
        return None
    actions = [c for c in head.children if c.dep_ in ("ccomp", "xcomp")]
    if len(actions) != 1 or any(c.dep_ not in ("aux", "ccomp", "xcomp") for c in head.children):
        return None
    doer = _you_do(actions[0])
    return None if doer is None else _emit(doc, {}, gone | {head.i, doer.i})


def _you_do(action: Token) -> Token | None:
    """The "you" of a bare verb ("you join", "you get involved") that can stand as an
    imperative once "you" goes; None for anything else (a tense, a modal, a negation)."""
    passive = action.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ == "get" for c in action.children
    )
    if action.tag_ not in ("VB", "VBP") and not passive:
        return None
    if any(c.dep_ in ("aux", "neg") for c in action.children):
        return None
    doer = next((c for c in action.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return doer if doer is not None and doer.lower_ == "you" and doer.i < action.i else None


def _recommend(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "If you are new, we recommend you start at the beginning." → "If you are new, start at
    the beginning.": the advice itself, addressed to the reader."""
    middle = _middle(doc, subject, verb)
    if middle != [] or not _bare(subject) or verb.tag_ != "VBP":
        return None
    actions = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if len(actions) != 1 or any(
        c.dep_ not in ("nsubj", "ccomp", "punct", "advcl", "prep")
        or (c.dep_ in ("advcl", "prep") and c.i > verb.i)
        for c in verb.children
    ):
        return None
    doer = _you_do(actions[0])
    if doer is None:
        return None
    that = {c.i for c in actions[0].children if c.dep_ == "mark" and c.lower_ == "that"}
    return _emit(doc, {}, {subject.i, verb.i, doer.i} | that)


def _be(doc: Doc, root: Token, subject: Token) -> str | None:
    """The copula: an announcement, "X is available", or "we are sure that you …"."""
    return (
        _announce(doc, root, subject) or _available(doc, root, subject) or _sure(doc, root, subject)
    )


def _available(doc: Doc, root: Token, subject: Token) -> str | None:
    """ "Free Relay is available in most countries." → "You can get Free Relay in most
    countries.": a named product, in the present."""
    middle = _middle(doc, subject, root)
    if middle is None or middle or root.tag_ not in ("VBZ", "VBP") or _bare(subject):
        return None
    if _person(subject) or _is_people(subject):
        return None  # "our agents are available to answer calls": people, not a thing to get
    state = next((c for c in root.children if c.dep_ == "acomp"), None)
    if (
        state is None
        or state.lower_ != "available"
        or any(c.dep_ != "prep" for c in state.children)
    ):
        return None
    adverbs = [c for c in root.children if c.dep_ == "advmod" and c.lower_ in MIDDLE_ADVERBS]
    if any(
        c.dep_ not in ("nsubj", "acomp", "punct", "prep", "advmod", "npadvmod")
        or (c.dep_ == "advmod" and c not in adverbs)
        for c in root.children
    ):
        return None
    span = sorted(subject.subtree, key=lambda t: t.i)
    drop = {root.i, state.i, *(t.i for t in adverbs), *(t.i for t in span[1:])}
    for prep in state.children:  # "available to you": the reader is the subject now
        if prep.lower_ in ("to", "for") and any(
            g._.cl_ref == "reader" and g.dep_ == "pobj" for g in prep.children
        ):
            drop |= _subtree(prep)
    if _third_person(t for t in doc if t.i not in drop and t not in span):
        return None
    owner = _text(span)
    if span[0].tag_ in ("PRP$", "DT"):
        owner = owner[:1].lower() + owner[1:]
    lead = " ".join(["you can", *(a.lower_ for a in adverbs), "get", owner])
    return _emit(doc, {span[0].i: lead}, drop)


def _sure(doc: Doc, root: Token, subject: Token) -> str | None:
    """ "We are sure you will find a resource that suits you." → "You will find a resource that
    suits you.": the company's certainty about the reader is the reader's news."""
    middle = _middle(doc, subject, root)
    if middle is None or middle or not _bare(subject) or root.tag_ != "VBP":
        return None
    state = next((c for c in root.children if c.dep_ == "acomp"), None)
    if state is None or state.lower_ not in ("sure", "confident", "certain"):
        return None
    clauses = [c for c in (*root.children, *state.children) if c.dep_ == "ccomp"]
    if len(clauses) != 1 or any(
        c.dep_ not in ("nsubj", "acomp", "ccomp", "punct") for c in root.children
    ):
        return None
    clause = clauses[0]
    doer = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if doer is None or doer._.cl_ref != "reader":
        return None
    gone = {subject.i, root.i, state.i}
    gone |= {c.i for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"}
    return _emit(doc, {}, gone)


def _person(token: Token) -> bool:
    """A named person or people ("Erin Renny", "our agents") rather than a product."""
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in _PEOPLE


# shape name, the lemmas of the main verb it starts from, the builder
_SHAPES = (
    ("provide", PROVIDE, _provide),
    ("enable", ENABLE, _enable),
    ("help", HELP, _help),
    ("ensure", ENSURE, _ensure),
    ("announce", ANNOUNCE, _announce),
    ("be", frozenset({"be"}), _be),
    ("have", frozenset({"have"}), _have),
    ("support", frozenset({"support"}), _support),
    ("come with", frozenset({"come"}), _come_with),
    ("protect", frozenset({"protect"}), _protect),
    ("make easy", frozenset({"make"}), _make_easy),
    ("show", frozenset({"show", "teach"}), _show),
    ("gathered", GATHERED, _gathered),
    ("wish", frozenset({"love", "like", "want"}), _wish),
    ("recommend", frozenset({"recommend", "suggest"}), _recommend),
)


# --- parse helpers ----------------------------------------------------------------------------


def _is_self(token: Token) -> bool:
    """The company: we/us, the brand, or a noun it owns ("our platform")."""
    return token._.cl_ref == "self" or _has_self(token)


def _has_self(token: Token) -> bool:
    return any(c.dep_ in ("poss", "compound") and c._.cl_ref == "self" for c in token.children)


def _is_people(token: Token) -> bool:
    """Whom something is offered to, or who is helped: the reader, us, or people ("our
    customers", "teams", "everyone") — not a thing ("it", "applications") nor a named firm."""
    if token._.cl_ref in ("reader", "self") and token.pos_ == "PRON":
        return True
    if any(c.dep_ == "conj" for c in token.children):
        return False
    lemma = token.lemma_.lower()
    if lemma in _EVERYONE:
        return True
    return lemma in _PEOPLE and (token.tag_ in ("NNS", "NNPS") or _has_self(token))


# whoever reads the copy anyway: turned into "you", no audience lost
_READERS = frozenset({"everyone", "everybody", "anyone", "anybody", "user", "customer", "client"})
_QUANTITIES = frozenset({"many", "most", "more", "few", "fewer", "several", "numerous", "all"})
_EVERYONE = frozenset({"everyone", "everybody", "anyone", "anybody"})
_PEOPLE = frozenset(
    {
        "customer",
        "user",
        "client",
        "team",
        "developer",
        "engineer",
        "member",
        "business",
        "company",
        "organization",
        "organisation",
        "people",
        "person",
        "operator",
        "admin",
        "administrator",
        "maintainer",
        "contributor",
        "collaborator",
        "teammate",
        "colleague",
        "reader",
        "subscriber",
        "buyer",
        "shopper",
        "student",
        "learner",
        "beginner",
        "founder",
        "manager",
        "marketer",
        "designer",
        "writer",
        "creator",
        "partner",
        "startup",
        "enterprise",
        "agency",
        "freelancer",
        "owner",
        "professional",
        "employee",
        "folk",
    }
)


def _dangling(doc: Doc, subject: Token) -> bool:
    """An opening participle or infinitive whose doer is the company ("By relying on X, we …",
    "To do this, we …") would dangle once the reader is the subject."""
    for token in doc[: subject.left_edge.i]:
        subjectless = token.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children
        )
        if subjectless and (
            token.tag_ in ("VBG", "VBN")
            or any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children)
        ):
            return True
    return False


def _loose_opener(doc: Doc, subject: Token, root: Token) -> bool:
    """An opener that describes or compares the company ("Even better than Zulip on the web, our
    apps …", "Unlike other chat apps, Zulip …") would describe the reader once they are the
    subject: two readers rejected every one (data/rewrites/). Time, place, condition and plain
    adverbs stay ("Today,", "On both days,", "If you …,")."""
    for child in root.children:
        if child.i >= subject.left_edge.i or child.dep_ in ("punct", "cc", "npadvmod", "mark"):
            continue
        if child.dep_ == "advmod" and not (
            child.tag_ in ("RBR", "JJR", "RBS", "JJS")
            or any(g.lower_ in _COMPARING for g in child.children)
        ):
            continue  # "Today,", "Regardless of your choice,"
        if child.dep_ == "prep" and child.lower_ not in _COMPARING:
            continue
        if child.dep_ == "advcl" and (
            any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
            or (child.tag_ == "VB" and child.left_edge.i == 0)  # "But don't worry, we'll …"
        ):
            continue
        return True
    return False


_COMPARING = frozenset({"like", "unlike", "than", "as", "besides", "beyond"})
# "by introducing", "rather than shrinking", "instead of …": the company's own doing
_BY_WAY_OF = frozenset({"by", "than", "instead", "through", "via", "while"})


def _leaves_a_doer(verb: Token) -> bool:
    """A trailing phrase whose doer was the company ("gives you more control by introducing X",
    "rather than shrinking them", "to give the best platform", "— auto-capturing events") would be
    done by the reader once they are the subject. A purpose for the reader stays ("send you an
    email to let you know …")."""
    for child in verb.rights:
        if child.lower_ in _BY_WAY_OF and any(g.dep_ == "pcomp" for g in child.children):
            return True
        if child.dep_ == "advcl" and not any(
            g.dep_ in ("nsubj", "nsubjpass", "mark") for g in child.children
        ):
            if child.tag_ != "VB" or not any(t._.cl_ref == "reader" for t in child.subtree):
                return True
    return False


def _third_person(tokens: Iterable[Token]) -> bool:
    """People named in the third person ("a way for the public", "two service levels for
    partners", "enables users to …") would stand beside "you": readers rejected every one."""
    for token in tokens:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or any(c.dep_ == "poss" for c in token.children):
            continue
        if token.dep_ == "pobj" and token.head.lower_ not in ("for", "to"):
            continue  # "keynotes from interesting people": who gives it, not whom it is for
        if lemma in _GROUPS or (lemma in _PEOPLE and token.tag_ == "NNS"):
            return True
    return False


# people named as one group, in the singular
_GROUPS = frozenset({"public", "talent", "staff", "end-user", "candidate", "applicant"})


def _errs(doc: Doc) -> bool:
    """A slip a rewrite would copy: a singular noun with no article after "as" ("as member of"),
    which a copy editor would reject in the rewrite (data/rewrites/, r03)."""
    return any(
        t.dep_ == "pobj"
        and t.head.lower_ == "as"
        and t.tag_ == "NN"
        and not any(c.dep_ in ("det", "poss", "nummod") for c in t.children)
        and any(c.dep_ == "prep" for c in t.children)
        for t in doc
    )


def _on_spine(token: Token, root: Token) -> bool:
    """The token is the main verb or one of the words the shapes rewrite (its complements),
    not a side clause ("But don't worry, we'll send you …")."""
    while token != root:
        if token.dep_ not in ("acomp", "xcomp", "ccomp", "aux", "auxpass"):
            return False
        token = token.head
    return True


def _bare(subject: Token) -> bool:
    """The subject is just "we" (no name to keep)."""
    return subject.lower_ in ("we", "us") and subject.n_lefts == 0 and subject.n_rights == 0


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _middle(doc: Doc, subject: Token, verb: Token) -> list[Token] | None:
    """The tokens between the subject and its verb, when they are only auxiliaries and the
    adverbs that can stay ("also", "now"); None for anything else (a clause, "do", "have")."""
    if not _plain_subject(subject):
        return None
    middle = list(doc[subject.right_edge.i + 1 : verb.i])
    for token in middle:
        low = token.lower_
        if token.dep_ == "aux" and (low in MODALS or token.lemma_ == "be"):
            continue
        if token.dep_ == "advmod" and low in MIDDLE_ADVERBS and token.head == verb:
            continue
        return None
    return middle


def _plain_subject(subject: Token) -> bool:
    """ "We", "Acme", "our award-winning platform": no clause, apposition or list of owners."""
    span = list(subject.subtree)
    if any(t.dep_ not in SUBJECT_INNER for t in span if t is not subject):
        return False
    if any(c.dep_ in ("conj", "cc") for c in subject.children):
        return False
    return all(t.text in ("-", "–", "'s", "’s") for t in span if t.dep_ == "punct")


def _tense(
    verb: Token, middle: list[Token] | None, present: str, past: str, ing: str
) -> str | None:
    """The verb's tense carried over to a new verb: offer/offers → get, offered → got, (will)
    offer → get, (are) offering → getting. None for perfect, "do" and anything unusual."""
    if middle is None:
        return None
    auxes = [t for t in middle if t.dep_ == "aux"]
    if verb.tag_ in ("VBZ", "VBP") and not auxes:
        return present
    if verb.tag_ == "VBD" and not auxes:
        return past
    if verb.tag_ == "VB" and len(auxes) == 1 and auxes[0].lower_ in MODALS:
        return present
    if verb.tag_ == "VBG" and len(auxes) == 1 and auxes[0].lemma_ == "be":
        return ing
    return None


def _be_for_you(middle: list[Token]) -> dict[int, str]:
    """ "is offering" → "are getting": the auxiliary agrees with "you"."""
    return {t.i: _same_case(t.text, BE_FOR_YOU[t.lower_]) for t in middle if t.lower_ in BE_FOR_YOU}


def _joined_verbs(verb: Token) -> bool:
    """ "We build and ship X": a second verb shares the subject and would lose it."""
    return any(
        c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        for c in verb.children
    )


def _unwrap(thing: Token) -> Token:
    """ "the launch of Gitpod.io" announces Gitpod.io."""
    if thing.lemma_.lower() not in NEWS_WRAPPERS:
        return thing
    extra = [
        c for c in thing.children if c.dep_ not in ("det", "prep")
    ]  # "a preview release of X" stays
    of = [c for c in thing.children if c.dep_ == "prep" and c.lower_ == "of"]
    if extra or len(of) != 1 or any(c.dep_ == "prep" and c.lower_ != "of" for c in thing.children):
        return thing
    return next((g for g in of[0].children if g.dep_ == "pobj"), thing)


# --- rendering --------------------------------------------------------------------------------


def _render(
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
    if reader is None or _leaves_a_doer(verb) or _errs(doc):
        return None
    span = sorted(subject.subtree, key=lambda t: t.i)
    named = not _bare(subject)
    if reader.startswith("as ") and (
        named or any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)
    ):
        # "With PostHog, as a software team, you …": stacked openers read badly; "As a community
        # member, you will get funds" widens a programme into a promise to every reader
        return None
    if _third_person(t for t in doc if t.i not in drop and t.i not in {s.i for s in span}):
        return None
    if named and any(t.lower_ == "with" and t.head == verb and t.i < span[0].i for t in doc):
        return None  # "With its extension, Linkerd …": a second "with" would stack up
    starts = span[0].i == 0
    if named:
        owner = _text(span)
        # "Our platform" → "with our platform"
        if starts and span[0].tag_ in ("PRP$", "DT", "PRP"):
            owner = owner[:1].lower() + owner[1:]
        lead = f"with {owner}, {reader}".rstrip().rstrip(",") if reader else f"with {owner},"
    else:
        lead = reader
    return _emit(doc, {**replace, span[0].i: lead}, drop | {t.i for t in span[1:]})


def _emit(doc: Doc, replace: dict[int, str], drop: set[int]) -> str:
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
    return _capital(doc, "".join(text + space for text, space in pieces).strip())


def _join(doc: Doc, lead: str, words: list[str], tail: list[Token]) -> str:
    end = "".join(t.text_with_ws for t in tail).strip()
    return _capital(doc, f"{lead}{' '.join(words)}{end}".strip())


def _text(tokens: Iterable[Token], replace: dict[int, str] | None = None) -> str:
    listed = sorted(tokens, key=lambda t: t.i)
    out = ""
    for n, token in enumerate(listed):
        out += (replace or {}).get(token.i, token.text)
        if n + 1 < len(listed):
            out += token.whitespace_ if listed[n + 1].i == token.i + 1 else " "
    return out


def _capital(doc: Doc, text: str) -> str:
    """Upper-case the first letter unless the sentence started in lower case ("18F can help" →
    "With 18F, …")."""
    first = doc.text.lstrip().lstrip(_OPENING)[:1]
    at = len(text) - len(text.lstrip(_OPENING))  # "(you can …" → "(You can …"
    if not first.islower() and text[at : at + 1].islower():
        return text[:at] + text[at].upper() + text[at + 1 :]
    return text


_OPENING = "([\"'“‘¿¡ "


def _same_case(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new
