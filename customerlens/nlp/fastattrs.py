"""An exact, faster stand-in for a pipeline's attribute_ruler, which also sets the lemmas (issue 6).

spaCy's AttributeRuler runs a Matcher over every Doc, and en_core_web_sm's rules use IN, NOT_IN
and REGEX predicates that spaCy evaluates in Python for every token: ~20 µs a token, as much as
the parser. Yet those rules only test TAG, LOWER, DEP and IS_SPACE of a token (or of its
neighbour, for a few two-token rules), without operators, so what they set on a token follows
from those values: it is worked out once per distinct combination, then looked up.

The rule lemmatizer that runs next is just as pure, its lemma a function of (ORTH, POS, MORPH),
so this component also sets the lemmas it would set: by the lemmatizer's own code on a first
sight (with its word lists as sets, see `_with_index_sets`), from a memo after. The lemmatizer stays
in the pipeline (triggers.py reads its tables)
and finds nothing left to do.

`install` swaps it in only when every rule has a shape understood here and the next pipe is
spaCy's own rule lemmatizer; otherwise the pipeline stays as it is, so another model never
gets different results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy
from spacy.attrs import IDS  # type: ignore[import-not-found]  # a compiled module without stubs
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from thinc.types import Ints2d

FACTORY = "customerlens_fast_attributes"
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"
READ = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what a rule may test
WRITE = ("POS", "MORPH", "TAG", "DEP", "LEMMA")  # what a rule may set
COLUMNS = (*READ, "ORTH", *WRITE)  # one to_array call reads all a token needs
_ORTH, _FIRST_WRITE = len(READ), len(READ) + 1
_POS, _MORPH, _LEMMA = (WRITE.index(a) for a in ("POS", "MORPH", "LEMMA"))
_COLUMN_OF = {IDS[a]: WRITE.index(a) for a in WRITE}  # normalized attr id → WRITE column

Test = tuple[int, bool, int]  # (position in READ, is a regex, index of the set or regex test)
Class = tuple[frozenset[int], tuple[bool, ...]]  # (set tests a value is in, regex results)
Sets = tuple[tuple[int, int], ...]  # (WRITE column, value), later ones win
T = TypeVar("T")
LEMMA_MEMO = 200_000  # (word, POS, morphology) → lemma entries kept at most
_get: Callable[[dict[int, int], int], int | None] = dict.get  # the class id of a value, if seen


class Unsupported(Exception):
    """A rule or pipe that this module cannot reproduce exactly."""


@dataclass(frozen=True)
class _Pattern:
    """A multi-token pattern: the tests of each of its tokens, and the token its rule sets."""

    rule: int
    tokens: tuple[tuple[Test, ...], ...]
    target: int


@dataclass(frozen=True)
class _Token:
    """What the rules make of one combination of the READ values of a token."""

    rules: tuple[int, ...]  # single-token rules that match, in order
    sets: Sets  # what they set, merged
    starts: tuple[int, ...]  # multi-token patterns whose first token matches
    fits: frozenset[tuple[int, int]]  # (multi-token pattern, position) this token matches


@dataclass
class _Attribute:
    """The tests on one READ attribute: IN sets (== is a set of one, NOT_IN a negated set) and
    regexes, and the class of every value seen (values alike for every test share one)."""

    sets: list[tuple[frozenset[int], bool]]  # (values, negated)
    regexes: list[str]
    members: dict[int, frozenset[int]]  # value → the set tests that list it
    classes: dict[int, int]  # value → class id
    known: list[Class]  # class id → class


class FastAttributes:
    """Sets exactly what `ruler` and then `lemmatizer` would set (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = _with_index_sets(lemmatizer)
        self._strings = ruler.vocab.strings
        self._attributes = [_Attribute([], [], {}, {}, []) for _ in READ]
        self._single: list[tuple[int, tuple[Test, ...]]] = []
        self._multi: list[_Pattern] = []
        self._sets: list[Sets] = []
        entries: list[dict[str, Any]] = ruler.patterns
        for rule, (entry, attrs) in enumerate(zip(entries, ruler.attrs, strict=True)):
            self._sets.append(_sets(attrs))
            for pattern in entry["patterns"]:
                target = entry["index"] if entry["index"] >= 0 else len(pattern) + entry["index"]
                if not pattern or not 0 <= target < len(pattern):
                    raise Unsupported(f"rule {rule}: index {entry['index']} of {pattern}")
                tokens = tuple(self._compile(token) for token in pattern)
                if len(tokens) == 1:
                    self._single.append((rule, tokens[0]))
                else:
                    self._multi.append(_Pattern(rule, tokens, target))
        for attribute in self._attributes:
            listed: dict[int, set[int]] = {}
            for i, (values, _) in enumerate(attribute.sets):
                for value in values:
                    listed.setdefault(value, set()).add(i)
            attribute.members = {value: frozenset(tests) for value, tests in listed.items()}
        self._classes = [attribute.classes for attribute in self._attributes]
        self._tokens: dict[tuple[int | None, ...], _Token] = {}  # READ class ids → _Token
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) → LEMMA

    def _compile(self, token: dict[str, Any]) -> tuple[Test, ...]:
        """The tests of one token pattern, as the Matcher reads it; Unsupported for any other
        shape (operators, extension or other attributes, other predicates)."""
        tests = []
        for attr, value in token.items():
            if attr not in READ:
                raise Unsupported(f"attribute {attr!r} in {token}")
            attribute = self._attributes[READ.index(attr)]
            operator, operand = (
                next(iter(value.items()))
                if isinstance(value, dict) and len(value) == 1
                else ("==", value)
            )
            if attr == "IS_SPACE" and operator == "==" and isinstance(operand, bool):
                values = frozenset({int(operand)})
            elif attr == "IS_SPACE":
                raise Unsupported(f"value {value!r} in {token}")
            elif operator == "==" and isinstance(operand, str):
                values = frozenset({self._strings.add(operand)})
            elif (
                operator in ("IN", "NOT_IN")
                and isinstance(operand, list)
                and all(isinstance(v, str) for v in operand)
            ):
                values = frozenset(get_string_id(v) for v in operand)
            elif operator == "REGEX" and isinstance(operand, str):
                tests.append((READ.index(attr), True, _index(attribute.regexes, operand)))
                continue
            else:
                raise Unsupported(f"value {value!r} in {token}")
            tests.append(
                (READ.index(attr), False, _index(attribute.sets, (values, operator == "NOT_IN")))
            )
        return tuple(tests)

    def __call__(self, doc: Doc) -> Doc:
        """Read every token's values in one array, look up what the rules set, write it back in
        one array; then lemmatize, from the memo, or by the lemmatizer for forms not seen yet."""
        if not len(doc):
            return doc
        rows: list[list[int]] = doc.to_array(list(COLUMNS)).tolist()
        known = self._tokens
        tokens = [
            known.get(tuple(map(_get, self._classes, row))) or self._token(row) for row in rows
        ]
        extra = self._multi_matches(tokens) if self._multi else {}
        lemmas = self._lemmas
        misses = []
        for i, (row, token) in enumerate(zip(rows, tokens)):
            values = row[_FIRST_WRITE:]
            for column, value in (
                token.sets if i not in extra else self._merge(token.rules + extra[i])
            ):
                values[column] = value
            if not values[_LEMMA]:
                key = (row[_ORTH], values[_POS], values[_MORPH])
                values[_LEMMA] = lemmas.get(key, 0)
                if not values[_LEMMA]:
                    misses.append((i, key))
            rows[i] = values
        doc.from_array(list(WRITE), cast(Ints2d, numpy.array(rows, dtype="uint64")))
        for i, key in misses:
            # The lemmatizer's own step; memoized unless it warns about a missing POS.
            word = doc[i]
            word.lemma_ = self.lemmatizer.lemmatize(word)[0]
            if key[1]:
                if len(lemmas) >= LEMMA_MEMO:
                    lemmas.clear()  # bounded memory on huge drafts; a miss only costs time
                lemmas[key] = word.lemma
        return doc

    def _token(self, row: list[int]) -> _Token:
        """What the rules make of a token with these READ values (memoized by their classes)."""
        key = tuple(
            self._class(attribute, value) for attribute, value in zip(self._attributes, row)
        )
        found = self._tokens.get(key)
        if found is None:
            classes = [a.known[c] for a, c in zip(self._attributes, key)]

            def fits(tests: tuple[Test, ...]) -> bool:
                return all(
                    self._passes(classes[attr], regex, i, self._attributes[attr])
                    for attr, regex, i in tests
                )

            rules = tuple(rule for rule, tests in self._single if fits(tests))
            found_in = frozenset(
                (p, j)
                for p, pattern in enumerate(self._multi)
                for j, tests in enumerate(pattern.tokens)
                if fits(tests)
            )
            starts = tuple(p for p, j in sorted(found_in) if j == 0)
            found = self._tokens[key] = _Token(rules, self._merge(rules), starts, found_in)
        return found

    def _class(self, attribute: _Attribute, value: int) -> int:
        """The class id of `value` for `attribute`, made on a first sight."""
        found = attribute.classes.get(value)
        if found is None:
            text = self._strings[value] if attribute.regexes else ""
            klass = (
                attribute.members.get(value, frozenset()),
                tuple(re.search(r, text) is not None for r in attribute.regexes),
            )
            found = attribute.classes[value] = _index(attribute.known, klass)
        return found

    @staticmethod
    def _passes(klass: Class, regex: bool, i: int, attribute: _Attribute) -> bool:
        """Test `i` of `attribute` on a value of this class, as the Matcher's predicate would."""
        if regex:
            return klass[1][i]
        return (i in klass[0]) != attribute.sets[i][1]

    def _multi_matches(self, tokens: list[_Token]) -> dict[int, tuple[int, ...]]:
        """token index → the multi-token rules that set it, from every match in the Doc."""
        extra: dict[int, tuple[int, ...]] = {}
        for start, token in enumerate(tokens):
            for p in token.starts:
                pattern = self._multi[p]
                if start + len(pattern.tokens) <= len(tokens) and all(
                    (p, j) in tokens[start + j].fits for j in range(1, len(pattern.tokens))
                ):
                    target = start + pattern.target
                    extra[target] = extra.get(target, ()) + (pattern.rule,)
        return extra

    def _merge(self, rules: tuple[int, ...]) -> Sets:
        """What these rules set, applied in rule order as the AttributeRuler does."""
        merged: dict[int, int] = {}
        for rule in sorted(rules):
            merged.update(self._sets[rule])
        return tuple(merged.items())


def _index(items: list[T], item: T) -> int:
    """The position of `item` in `items`, appended if new."""
    if item not in items:
        items.append(item)
    return items.index(item)


def _sets(attrs: dict[Any, Any]) -> Sets:
    """A rule's normalized attributes as WRITE columns; Unsupported for anything else."""
    if not all(isinstance(v, int) for v in attrs.values()) or not set(attrs) <= set(_COLUMN_OF):
        raise Unsupported(f"attributes {attrs}")
    return tuple((_COLUMN_OF[attr], value) for attr, value in attrs.items())


def _with_index_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A twin of `lemmatizer` whose lemma_index word lists are sets. The rule lemmatizer only
    asks whether a form is `in` its POS's list, which takes ~100 µs for the 57k nouns and no
    time in a set: same code, same answers (the words are strings)."""
    tables: dict[str, dict[Any, Any]] = {
        name: lemmatizer.lookups.get_table(name, {})
        for name in ("lemma_index", "lemma_exc", "lemma_rules")
    }
    index = tables["lemma_index"]
    if not all(
        isinstance(words, list) and all(isinstance(w, str) for w in words)
        for words in index.values()
    ):
        raise Unsupported("a lemma_index table that is not lists of words")
    tables["lemma_index"] = {pos: frozenset(words) for pos, words in index.items()}
    twin = type(lemmatizer)(lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode="rule")
    twin.lookups = Lookups()
    for name, table in tables.items():
        twin.lookups.add_table(name, table)
    return twin


@Language.factory(FACTORY)
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """The component for `nlp`'s attribute ruler and lemmatizer; Unsupported if they are not
    an AttributeRuler followed directly by spaCy's rule lemmatizer (that does not overwrite)."""
    names = nlp.pipe_names
    ruler = nlp.get_pipe(RULER) if RULER in names else None
    after = names[names.index(RULER) + 1] if RULER in names[:-1] else None
    lemmatizer = nlp.get_pipe(LEMMATIZER) if after == LEMMATIZER else None
    if (
        not isinstance(ruler, AttributeRuler)
        or type(ruler) is not AttributeRuler
        or len(ruler.matcher) != len(ruler.attrs)
    ):
        raise Unsupported(f"{RULER}: {type(ruler).__name__}")
    if (
        not isinstance(lemmatizer, Lemmatizer)
        or type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer)
        or lemmatizer.mode != "rule"
        or lemmatizer.overwrite
    ):
        raise Unsupported(f"no rule {LEMMATIZER} right after {RULER}")
    return FastAttributes(ruler, lemmatizer)


def install(nlp: Language) -> bool:
    """Replace `nlp`'s attribute ruler by the fast component when it is exact; False, with the
    pipeline untouched, otherwise."""
    try:
        nlp.add_pipe(FACTORY, after=RULER)
    except Unsupported:
        return False
    nlp.remove_pipe(RULER)
    return True
