"""Shapes where the reader gets or can do something: provide, have, comes with, support,
available, protect, make easy, enable, help, ensure (see the package docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from customerlens.analysis.rewrite.parse import (
    MIDDLE_ADVERBS,
    QUANTITIES,
    READERS,
    bare,
    be_for_you,
    between,
    has_self,
    is_people,
    is_self,
    joined_verbs,
    person,
    same_case,
    subtree_of,
    tense,
    third_person,
)
from customerlens.analysis.rewrite.render import emit, joined, render

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


PROVIDE = frozenset(
    {"offer", "provide", "deliver", "give", "send", "supply", "include", "feature", "bring"}
)


# verbs that mean "transmit" or "perform" as often as "provide": only with a recipient ("send you
# X")
HANDED = frozenset({"deliver", "give", "send", "bring"})


ENABLE = frozenset({"let", "allow", "enable", "empower"})


HELP = frozenset({"help"})


ENSURE = frozenset({"ensure", "guarantee"})


# pronouns of the people helped, as the reader's
THEIRS = {"their": "your", "theirs": "yours", "them": "you", "themselves": "yourselves"}


def provide(doc: Doc, verb: Token, subject: Token) -> str | None:
    middle = between(doc, subject, verb)
    form = tense(verb, middle, "get", "got", "getting")
    if middle is None or form is None or joined_verbs(verb) or verb.tag_ == "VBD":
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
    if is_people(thing):  # "We provide you with X" / "We provide teams with X"
        with_ = [
            c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" and c.i > thing.i
        ]
        given = next((g for w in with_[:1] for g in w.children if g.dep_ == "pobj"), None)
        if given is None or given.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        drop |= subtree_of(thing) | {with_[0].i}
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
            if not is_people(child):
                return None
            drop |= subtree_of(child)
            recipient = True
            people.append(child)
        elif (
            child.dep_ in ("prep", "dative") and child.lower_ in ("to", "for") and child.i > verb.i
        ):
            target = next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is not None and is_people(target):
                drop |= subtree_of(child)
                recipient = True
                people.append(target)
            elif child.lower_ == "to":
                return None  # "We bring X to the edge": nothing the reader "gets to"
        elif child.dep_ in ("ccomp", "xcomp", "oprd", "attr", "acomp", "agent"):
            return None
    if verb.lemma_.lower() in HANDED and not recipient:
        return None  # "we deliver SMSes", "we send them on the network"
    replace = {verb.i: form, **be_for_you(middle)}
    if any(t.like_num for person in people for t in person.subtree):
        return None  # "to over 10,000 customers": the number is a fact the reader would lose
    return render(doc, subject, verb, replace, drop, _addressed("you", people))


def enable(doc: Doc, verb: Token, subject: Token) -> str | None:
    return _complement(doc, verb, subject, can=True)


def helps(doc: Doc, verb: Token, subject: Token) -> str | None:
    return _complement(doc, verb, subject, can=False)


def _complement(doc: Doc, verb: Token, subject: Token, can: bool) -> str | None:
    """ "X lets/helps <someone> (to) do Y" → "(With X,) you (can) do Y"."""
    middle = between(doc, subject, verb)
    if middle is None or joined_verbs(verb) or verb.tag_ not in ("VBZ", "VBP", "VB"):
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
    if helped is None or helped.i > action.i or not is_people(helped):
        return None  # "enables it to operate", "lets applications talk": not the reader's doing
    if is_self(helped):
        return None  # "Tetragon allows us to block …": a customer speaking, not a promise
    if any(c.i > action.i for c in objects):
        return None
    inside = subtree_of(action) if action.i in subtree_of(helped) else set()
    drop = (subtree_of(helped) - inside) | {
        t.i for t in action.children if t.dep_ == "aux" and t.lower_ == "to"
    }
    drop |= {t.i for t in modals}
    replace = {
        verb.i: "",
        **{t.i: same_case(t.text, THEIRS[t.lower_]) for t in action.subtree if t.lower_ in THEIRS},
    }
    # "lets you …" / "can help you …" → "you can …"
    reader = "you can" if can or modals else "you"
    addressed = _addressed(reader, [helped])
    if not can and bare(subject):
        # "We help you ship faster" → "With our help, you ship faster": without the help it
        # would be a bare claim about the reader (data/rewrites/, f31)
        addressed = f"with our help, {reader}" if addressed == reader else None
    return render(doc, subject, verb, replace, drop, addressed)


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
    if helped.pos_ == "PRON" or has_self(helped) or helped.lemma_.lower() in READERS:
        return ""
    words = sorted(helped.subtree, key=lambda t: t.i)
    if helped.tag_ != "NNS" or any(
        t != helped
        and (t.dep_ not in ("amod", "compound") or t.head != helped or t.lower_ in QUANTITIES)
        for t in words
    ):
        return None  # "many teams", "teams that ship": no sure singular
    phrase = " ".join([t.text for t in words if t != helped] + [helped.lemma_])
    vowel = phrase[0].lower() in "aeio" or (phrase[0].lower() == "u" and phrase[1:2] not in "sn")
    return ("an " if vowel else "a ") + phrase


def ensure(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Our tools ensure that you can X" → "With our tools, you can X"."""
    middle = between(doc, subject, verb)
    if middle is None or tense(verb, middle, "", "", "") is None or middle or joined_verbs(verb):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(clauses) != 1 or any(c.dep_ not in ("nsubj", "ccomp", "punct") for c in verb.children):
        return None
    clause = clauses[0]
    inner = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if inner is None or is_self(inner) or clause.i < verb.i:
        return None
    drop = {t.i for t in clause.children if t.dep_ == "mark" and t.lower_ == "that"}
    return render(doc, subject, verb, {verb.i: ""}, drop, "")


def has(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Zulip has a powerful set of analytics" → "With Zulip, you get a powerful set of …": only
    a named product, in the present, and something offered ("we have offices", "Linkerd has
    certain prerequisites" stay theirs)."""
    things = [_counted(c) for c in verb.children if c.dep_ == "dobj"]
    if (
        bare(subject)
        or person(subject)
        or verb.tag_ != "VBZ"
        or len(things) != 1
        or things[0].lemma_.lower() not in _OFFERED
        or any(c.lower_ == "no" for c in things[0].children)  # "has no interest in …"
        or any(c.dep_ == "aux" for c in verb.children)
    ):
        return None
    return provide(doc, verb, subject)


def _counted(thing: Token) -> Token:
    """ "millions of downloads" counts downloads: the noun after "of" of a quantity."""
    if thing.lemma_.lower() not in _AMOUNTS:
        return thing
    of = next((c for c in thing.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in of.children if g.dep_ == "pobj"), thing) if of else thing


_AMOUNTS = frozenset({"million", "thousand", "hundred", "billion", "dozen", "lot", "number", "ton"})


# what a product has for the reader to use: "has offices", "has certain prerequisites", "has a
# new CEO" are the company's own, or the reader's burden
_OFFERED = frozenset(
    {"feature", "set", "tool", "toolkit", "integration", "option", "mode", "plan", "tier"}
    | {"support", "library", "collection", "api", "app", "dashboard", "template", "guide"}
    | {"documentation", "editor", "interface", "extension", "plugin", "setting", "shortcut"}
    | {"search", "filter", "view", "report", "workflow", "version", "trial", "warranty"}
)


def come_with(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Umami comes with reporting that …" → "With Umami, you get reporting that …": a named
    product, in the present ("we come with experience" is the company's own)."""
    middle = between(doc, subject, verb)
    with_ = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    if (
        middle is None
        or any(t.dep_ == "aux" for t in middle)
        or verb.tag_ != "VBZ"
        or bare(subject)
        or person(subject)
        or len(with_) != 1
        or with_[0].i != verb.i + 1
        or any(c.dep_ not in ("nsubj", "prep", "advmod", "punct") for c in verb.children)
    ):
        return None
    thing = next((g for g in with_[0].children if g.dep_ == "pobj"), None)
    if thing is None or thing.pos_ not in ("NOUN", "PROPN") or is_people(thing):
        return None
    return render(doc, subject, verb, {verb.i: "get"}, {with_[0].i}, "you")


def protect(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Mozilla VPN protects you from tracking …" → "With Mozilla VPN, you are protected from
    tracking …": only the reader protected, in the present."""
    middle = between(doc, subject, verb)
    you = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "you"]
    if (
        middle != []
        or verb.tag_ != "VBZ"
        or bare(subject)
        or person(subject)
        or len(you) != 1
        or joined_verbs(verb)
        or any(c.dep_ not in ("nsubj", "dobj", "prep", "advcl", "punct") for c in verb.children)
    ):
        return None
    return render(doc, subject, verb, {verb.i: "are protected"}, {you[0].i}, "you")


def supports(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Thunderbird also supports the Do Not Track option." → "With Thunderbird, you can also use
    the Do Not Track option."; only a thing, in the present ("supports agencies" is help)."""
    middle = between(doc, subject, verb)
    things = [c for c in verb.children if c.dep_ == "dobj"]
    if (
        middle is None
        or any(t.dep_ == "aux" for t in middle)
        or verb.tag_ not in ("VBZ", "VBP")
        or joined_verbs(verb)
        or len(things) != 1
        or things[0].pos_ not in ("NOUN", "PROPN")
        or is_people(things[0])
        or things[0].ent_type_ in ("ORG", "PERSON", "NORP")
        or any(c._.cl_ref == "reader" for c in things[0].children)  # "supports your initiatives"
        or any(c.dep_ not in ("nsubj", "dobj", "advmod", "punct", "prep") for c in verb.children)
        or not _technical(things[0])
    ):
        return None
    return render(doc, subject, verb, {verb.i: "use"}, set(), "you can")


def _technical(thing: Token) -> bool:
    """Something a product supports and the reader uses ("attachment forwarding", "the Do Not
    Track option"), not a cause the company backs ("open source", "diversity") nor a platform it
    runs on ("supports Windows and Linux" is not "you can use Windows")."""
    return thing.pos_ == "NOUN" and (
        any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in thing.children)
        or thing.lemma_.lower() in _TECHNICAL
    )


_TECHNICAL = frozenset(
    {"format", "protocol", "option", "feature", "integration", "standard", "plugin", "extension"}
    | {"mode", "method", "key", "forwarding", "sign-on", "login", "payment", "export", "import"}
)


def make_easy(doc: Doc, verb: Token, subject: Token) -> str | None:
    """ "Fleet makes it easy to get your data in" → "With Fleet, you can easily get your data in";
    "We make it easy for you to switch." → "You can easily switch." """
    middle = between(doc, subject, verb)
    if middle is None or middle or verb.tag_ not in ("VBZ", "VBP"):
        return None
    easy = next((c for c in verb.children if c.lower_ in _EASILY and c.i > verb.i), None)
    it = next((c for c in (easy.children if easy else ()) if c.lower_ == "it"), None)
    if it is None or easy is None or it.i > easy.i or joined_verbs(verb):
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
    return render(doc, subject, verb, {verb.i: _EASILY[easy.lower_]}, drop, "you can")


_EASILY = {"easy": "easily", "easier": "more easily", "quick": "quickly"}


def available(doc: Doc, root: Token, subject: Token) -> str | None:
    """ "Free Relay is available in most countries." → "You can get Free Relay in most
    countries.": a named product, in the present."""
    middle = between(doc, subject, root)
    if middle is None or middle or root.tag_ not in ("VBZ", "VBP") or bare(subject):
        return None
    if person(subject) or is_people(subject):
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
            drop |= subtree_of(prep)
    if third_person(t for t in doc if t.i not in drop and t not in span):
        return None
    owner = joined(span)
    if span[0].tag_ in ("PRP$", "DT"):
        owner = owner[:1].lower() + owner[1:]
    lead = " ".join(["you can", *(a.lower_ for a in adverbs), "get", owner])
    return emit(doc, {span[0].i: lead}, drop)
