"""Shapes where the company speaks about its news or wishes: announce, show, gathered, wish,
recommend, sure (see the package docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from customerlens.analysis.rewrite.offers import provide
from customerlens.analysis.rewrite.parse import (
    bare,
    between,
    errs,
    is_people,
    is_self,
    joined_verbs,
    person,
    tense,
    third_person,
)
from customerlens.analysis.rewrite.render import capital, emit, join, joined, render
from customerlens.nlp.lexicon import load_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# The company's feelings about its news: the same words the signals call a boast.
FEELINGS = load_vocabulary().boast_emotion_lemmas


ANNOUNCE = frozenset(
    {"announce", "introduce", "unveil", "launch", "share", "present", "release", "debut"}
)


# "we've pulled together X": what the page now holds
GATHERED = frozenset({"put", "pull", "compile", "prepare", "assemble"})


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


NEWS_ADVERBS = frozenset({"today", "now", "finally", "officially"})
# "happy to report/say that <news>": the news is the clause
REPORT = frozenset({"report", "say", "confirm"})
# "very happy", "so excited": the feeling's degree goes with the feeling
INTENSIFIERS = frozenset({"very", "really", "so", "super", "extremely", "truly", "incredibly"})


def announce(doc: Doc, root: Token, subject: Token) -> str | None:
    """ "We're proud to announce X" / "We announce X" → "X is here." (or the announced clause)."""
    middle = between(doc, subject, root)
    if middle is None or errs(doc):
        return None
    if root.lemma_ == "be":
        feeling = next(
            (c for c in root.children if c.dep_ == "acomp" and c.lemma_.lower() in FEELINGS), None
        )
        if feeling is None:
            return None
        news = next(
            (
                c
                for c in feeling.children
                if c.dep_ == "xcomp" and c.lemma_.lower() in ANNOUNCE | REPORT | {"bring"}
            ),
            None,
        )
        if news is None:
            return None
        if news.lemma_ == "bring":
            return _brought(doc, root, subject, feeling, news)
        allowed = {
            root: {"nsubj", "acomp", "punct", "npadvmod", "advmod", "prep", "aux"},
            feeling: {"xcomp", "advmod"},
            news: {"aux", "dobj", "ccomp"},
        }
    else:
        if root.lemma_.lower() == "share":
            return None  # "We share your sentiments", "Erin shares her favorites": not news
        if not bare(subject):
            # "Cilium 1.4 introduces X": the product stays, "with Cilium 1.4, you get X"; a
            # person introducing something is not a product the reader gets it with
            if root.tag_ == "VBD" or subject.ent_type_ == "PERSON":
                return None  # "introduced latency"
            return provide(doc, root, subject)
        if root.tag_ not in ("VBP", "VBZ", "VBG") or tense(root, middle, "", "", "") is None:
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
                and not (head != root and child.lower_ in INTENSIFIERS)  # "very happy"
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
    if news.lemma_.lower() in REPORT and objects[0].dep_ != "ccomp":
        return None  # "happy to report that <news>" only: "to say a few words" is no news
    prefix = [t for t in doc if t.i < subject.left_edge.i]
    end = objects[0].right_edge.i + 1
    tail = list(doc[end:])
    if any(not (t.is_punct or t.is_space) for t in tail):
        return None
    if objects[0].dep_ == "ccomp":
        clause = objects[0]
        inner = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if inner is None or is_self(inner):
            return None
        body = [
            t
            for t in clause.subtree
            if not (t.dep_ == "mark" and t.head == clause and t.lower_ == "that")
        ]
        return join(doc, "".join(t.text_with_ws for t in prefix), [joined(body)], tail)
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
    words = [f"here {verb}", joined(span, owner)] if long else [joined(span, owner), f"{verb} here"]
    return join(doc, lead, words, tail)


def _brought(doc: Doc, root: Token, subject: Token, feeling: Token, bring: Token) -> str | None:
    """ "Today, we're excited to bring you X." → "Today, you get X.": what is brought to the
    reader, without the company's feelings."""
    you = [c for c in bring.children if c.dep_ == "dative" and c.lower_ == "you"]
    things = [c for c in bring.children if c.dep_ == "dobj"]
    if len(you) != 1 or len(things) != 1 or things[0].i < you[0].i or things[0].pos_ != "NOUN":
        return None
    if any(c.dep_ not in ("nsubj", "acomp", "punct", "npadvmod", "advmod") for c in root.children):
        return None
    if any(c.i > root.i and c.dep_ in ("npadvmod", "advmod") for c in root.children):
        return None
    if any(c.dep_ != "xcomp" and c.lower_ not in INTENSIFIERS for c in feeling.children):
        return None
    if any(
        t.dep_ == "aux" and t.lower_ not in ("am", "is", "are", "'re", "’re")
        for t in doc[subject.i + 1 : root.i]
    ) or third_person(doc[you[0].i + 1 :]):
        return None
    lead = "".join(t.text_with_ws for t in doc[: subject.left_edge.i])
    return capital(doc, lead + "you get " + doc[you[0].i + 1 :].text)


def shows(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "We'll show you how to add Linkerd …" → "You'll see how to add Linkerd …" ("teach" →
    "learn"): only what is still to come, to the reader ("will show", not "showed")."""
    middle = between(doc, subject, verb)
    if middle is None or verb.tag_ != "VB" or len(middle) < 1 or joined_verbs(verb):
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
    return render(doc, subject, verb, {verb.i: see}, {reader[0].i}, "you")


def gathered(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "We've pulled together some information and resources to help you get started." → "Here is
    some information and resources to help you get started.": what the page now holds."""
    middle = list(doc[subject.i + 1 : verb.i])
    if [t.lower_ for t in middle] not in (["'ve"], ["’ve"], ["have"]):
        return None
    if not bare(subject) or subject.i != 0 or verb.tag_ != "VBN":
        return None
    things = [c for c in verb.children if c.dep_ == "dobj"]
    if len(things) != 1 or things[0].pos_ != "NOUN" or things[0].i < verb.i:
        return None
    if person(things[0]) or is_people(things[0]):
        return None  # "we've put together a team of experts": not something the page holds
    together = any(c.lower_ == "together" for c in verb.children)
    if verb.lemma_ in ("put", "pull", "assemble") and not together:
        return None  # "we've put a lot of work into …"
    drop = {subject.i, verb.i, *(t.i for t in middle)}
    for child in verb.children:
        if child.lower_ in ("together", "up") and child.dep_ in ("advmod", "prt"):
            drop.add(child.i)
        elif child.dep_ not in ("dobj", "advcl", "xcomp", "punct", "nsubj", "aux"):
            return None
    if third_person(t for t in doc if t.i not in drop):
        return None
    verb_for = "are" if things[0].tag_ == "NNS" else "is"
    return emit(doc, {things[0].left_edge.i: f"Here {verb_for} {things[0].left_edge.text}"}, drop)


def wish(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "We'd love to have you join our community!" → "Join our community!"; "we want to say thank
    you for trying X" → "thank you for trying X": the invitation or thanks, without the wish."""
    middle = between(doc, subject, verb)
    if middle is None or not bare(subject) or verb.tag_ not in ("VB", "VBP"):
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
        return emit(doc, {head.i: head.text.lower()}, gone)
    if verb.lemma_ not in ("love", "like") or not any(t.dep_ == "aux" for t in middle):
        return None  # "we'd love …" invites; "we love …" is a feeling
    if head.lemma_ not in ("have", "see"):
        return None
    actions = [c for c in head.children if c.dep_ in ("ccomp", "xcomp")]
    if len(actions) != 1 or any(c.dep_ not in ("aux", "ccomp", "xcomp") for c in head.children):
        return None
    doer = _you_do(actions[0])
    return None if doer is None else emit(doc, {}, gone | {head.i, doer.i})


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


def recommend(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "If you are new, we recommend you start at the beginning." → "If you are new, start at
    the beginning.": the advice itself, addressed to the reader."""
    middle = between(doc, subject, verb)
    if middle != [] or not bare(subject) or verb.tag_ != "VBP":
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
    return emit(doc, {}, {subject.i, verb.i, doer.i} | that)


def sure(doc: Doc, root: Token, subject: Token) -> str | None:
    """ "We are sure you will find a resource that suits you." → "You will find a resource that
    suits you.": the company's certainty about the reader is the reader's news."""
    middle = between(doc, subject, root)
    if middle is None or middle or not bare(subject) or root.tag_ != "VBP":
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
    return emit(doc, {}, gone)


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
