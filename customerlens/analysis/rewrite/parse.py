"""Reading the parse for the rewrites: who the subject is, what stands between it and its verb,
and the openers, trailing phrases and people that make a turned-round sentence go wrong."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


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


def person(token: Token) -> bool:
    """A named person or people ("Erin Renny", "our agents") rather than a product."""
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in _PEOPLE


def is_self(token: Token) -> bool:
    """The company: we/us, the brand, or a noun it owns ("our platform")."""
    return token._.cl_ref == "self" or has_self(token)


def has_self(token: Token) -> bool:
    return any(c.dep_ in ("poss", "compound") and c._.cl_ref == "self" for c in token.children)


def is_people(token: Token) -> bool:
    """Whom something is offered to, or who is helped: the reader, us, or people ("our
    customers", "teams", "everyone") — not a thing ("it", "applications") nor a named firm."""
    if token._.cl_ref in ("reader", "self") and token.pos_ == "PRON":
        return True
    if any(c.dep_ == "conj" for c in token.children):
        return False
    lemma = token.lemma_.lower()
    if lemma in _EVERYONE:
        return True
    return lemma in _PEOPLE and (token.tag_ in ("NNS", "NNPS") or has_self(token))


# whoever reads the copy anyway: turned into "you", no audience lost
READERS = frozenset({"everyone", "everybody", "anyone", "anybody", "user", "customer", "client"})


QUANTITIES = frozenset({"many", "most", "more", "few", "fewer", "several", "numerous", "all"})


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


def dangling(doc: Doc, subject: Token) -> bool:
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


def loose_opener(doc: Doc, subject: Token, root: Token) -> bool:
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
        if child.dep_ == "prep" and (
            child.lower_ not in _COMPARING
            or any(g.lower_ in _LINKING for g in child.children)  # "As a result,", "As always,"
        ):
            continue
        if child.dep_ == "advcl" and (
            any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
            or (child.tag_ == "VB" and child.left_edge.i == 0)  # "But don't worry, we'll …"
        ):
            continue
        return True
    return False


_COMPARING = frozenset({"like", "unlike", "than", "as", "besides", "beyond"})
# "as" that links to what came before rather than describing the company
_LINKING = frozenset({"result", "always", "usual", "of", "such", "consequence"})


# "by introducing", "rather than shrinking", "instead of …": the company's own doing
_BY_WAY_OF = frozenset({"by", "than", "instead", "through", "via", "while"})


def leaves_a_doer(verb: Token) -> bool:
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


def third_person(tokens: Iterable[Token]) -> bool:
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


def errs(doc: Doc) -> bool:
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


def on_spine(token: Token, root: Token) -> bool:
    """The token is the main verb or one of the words the shapes rewrite (its complements),
    not a side clause ("But don't worry, we'll send you …")."""
    while token != root:
        if token.dep_ not in ("acomp", "xcomp", "ccomp", "aux", "auxpass"):
            return False
        token = token.head
    return True


def bare(subject: Token) -> bool:
    """The subject is just "we" (no name to keep)."""
    return subject.lower_ in ("we", "us") and subject.n_lefts == 0 and subject.n_rights == 0


def subtree_of(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def between(doc: Doc, subject: Token, verb: Token) -> list[Token] | None:
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


def tense(verb: Token, middle: list[Token] | None, present: str, past: str, ing: str) -> str | None:
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


def be_for_you(middle: list[Token]) -> dict[int, str]:
    """ "is offering" → "are getting": the auxiliary agrees with "you"."""
    return {t.i: same_case(t.text, BE_FOR_YOU[t.lower_]) for t in middle if t.lower_ in BE_FOR_YOU}


def joined_verbs(verb: Token) -> bool:
    """ "We build and ship X": a second verb shares the subject and would lose it."""
    return any(
        c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        for c in verb.children
    )


def same_case(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new
