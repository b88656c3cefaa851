"""Inline suppression: `customerlens-*` directives in a draft keep findings out of its report.

Forms: `<!-- customerlens-VERB [selectors] -->` in Markdown and HTML, also `{/* … */}` in MDX,
and a line of its own in plain text. Verbs: `disable` … `enable` (a region, inclusive of both
directives' lines; an unclosed region runs to the end of the file and is not an error),
`disable-next-line` (the first non-blank line after the directive) and `disable-file`. No
selectors means every rule. `enable` without selectors closes every open region; with selectors
it closes the regions whose rules they all cover (`enable CL1` closes `disable CL101`, but
`enable CL101` does not close `disable CL1`: that is reported).

Writers quote competitors and customers, and a directive is easily left behind when the text
changes: one that suppresses nothing is reported as CL001, a malformed one as CL002. These two
answer only to a `disable-file` that names them, and a CL001 selector is never reported as
unused (it would suppress its own report).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from customerlens.checks.meta import MALFORMED, META_RULES, UNUSED
from customerlens.documents.code import code_spans, inside
from customerlens.documents.masking import lf_only
from customerlens.documents.model import Document
from customerlens.model import Finding, Level

_META_NAMES = {name: rule for rule, (name, _) in META_RULES.items()}
PREFIX = "customerlens-"
REGION, ENABLE, NEXT_LINE, FILE = "disable", "enable", "disable-next-line", "disable-file"
VERBS = (REGION, ENABLE, NEXT_LINE, FILE)

# Linear: no optional white space meets a lazy body (that backtracks quadratically on a long run
# of spaces); the body's trailing white space is split away with the selectors.
_HTML = re.compile(r"<!--\s*(?P<body>customerlens-[\s\S]*?)(?P<end>-->|\Z)")
_MDX = re.compile(r"\{/\*\s*(?P<body>customerlens-[\s\S]*?)(?P<end>\*/\}|\Z)")
_LINE = re.compile(r"^[ \t]*(?P<body>customerlens-[^\n]*)", re.MULTILINE)
_NON_BLANK = re.compile(r"\S")
_FORMS = {"markdown": (_HTML, _MDX), "html": (_HTML,), "text": (_LINE,)}

Resolve = Callable[[str], set[str] | None]
Rules = frozenset[str] | None  # None: every rule but the meta ones


@dataclass(frozen=True)
class Directive:
    """One directive as written; positions are 1-based, `end_column` exclusive."""

    verb: str
    selectors: tuple[str, ...]
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    text: str

    def finding(self, rule: str, message: str, suggestion: str = "") -> Finding:
        return Finding(
            rule,
            "meta",
            Level.WARNING,
            self.line,
            self.column,
            self.end_line,
            self.end_column,
            self.text,
            message,
            suggestion,
            offset=self.offset,
        )


@dataclass(frozen=True)
class Suppression:
    kept: tuple[bool, ...]  # one per input finding, in order
    extra: tuple[Finding, ...]  # CL001/CL002 findings, sorted by position


@dataclass(frozen=True)
class _Scope:
    """Lines `first..last` where the rules of one selector of a disabling directive are off."""

    directive: Directive
    selector: str | None  # None: the directive named no selector
    rules: Rules
    first: int
    last: int
    lines: int  # the file's last line

    def covers(self, finding: Finding) -> bool:
        # A finding about the whole document has no line of its own: only a scope that reaches
        # the end of the file (the file directive, a region never closed) covers it.
        if finding.whole and self.last < self.lines:
            return False
        if not finding.whole and not self.first <= finding.line <= self.last:
            return False
        return finding.rule not in META_RULES if self.rules is None else finding.rule in self.rules


def parse_directives(source: str, fmt: str) -> tuple[list[Directive], list[Finding]]:
    """Directives in `source` (format "markdown", "html" or "text"), and CL002 findings for
    the ones that cannot be read. One written in code or front matter (as the parsers read the
    document: inline code, code blocks, `<pre>`, `<script>`…) is an example, not a directive."""
    return _directives(Document("", fmt, source, ()))


def _directives(document: Document) -> tuple[list[Directive], list[Finding]]:
    source, fmt = document.source, document.format
    norm = lf_only(source)
    found = sorted((m for form in _FORMS[fmt] for m in form.finditer(norm)), key=re.Match.start)
    code = code_spans(source, fmt) if found else []
    directives: list[Directive] = []
    problems: list[Finding] = []
    for m in found:
        start = m.end() - len(m.group().lstrip())  # without a plain-text line's indent
        if inside(code, start):
            continue
        line, column = document.position(start)
        unclosed = m.groupdict().get("end") == ""  # the comment runs to the end of the file
        end = norm.find("\n", start) if unclosed and "\n" in norm[start:] else m.end()
        end = start + len(source[start:end].rstrip(" \t\r"))  # nor a CRLF's CR or trailing blanks
        verb, *selectors = re.split(r"[\s,]+", m.group("body"))
        d = Directive(
            verb.removeprefix(PREFIX),
            tuple(s for s in selectors if s),
            line,
            column,
            *document.position(end),
            start,
            source[start:end],
        )
        if unclosed:
            problems.append(
                d.finding(
                    MALFORMED,
                    "directive comment is never closed, so the "
                    "rest of the file is hidden from the linter",
                )
            )
        elif d.verb not in VERBS:
            close = difflib.get_close_matches(d.verb, VERBS, n=1)
            hint = _label(close[0], d.selectors) if close else ""
            choices = ", ".join(PREFIX + v for v in VERBS)
            problems.append(
                d.finding(MALFORMED, f"unknown directive '{PREFIX}{d.verb}' (use {choices})", hint)
            )
        else:
            directives.append(d)
    return directives, problems


def apply(
    source: str,
    fmt: str,
    findings: Iterable[Finding],
    resolve: Resolve,
    active: frozenset[str] | None = None,
) -> Suppression:
    """Which `findings` survive the directives in `source`, plus CL001/CL002 findings about the
    directives. `resolve` maps a selector to the rule ids it names (None: unknown selector);
    `active` are the rules that ran — a directive for a rule switched off is not "unused".
    `findings` are read once, in order (a huge document's wait on disk)."""
    document = Document("", fmt, source, ())  # its line starts serve both steps
    directives, malformed = _directives(document)
    scopes, problems = _scopes(directives, document, resolve)
    used: set[_Scope] = set()

    def free(finding: Finding) -> bool:
        """Whether no scope covers `finding`; the scopes that do are marked used."""
        covering = [s for s in scopes if s.covers(finding)]
        used.update(covering)
        return not covering

    kept = tuple(free(f) for f in findings)
    extra = [f for f in (*malformed, *problems) if free(f)]
    extra += [f for f in _unused(scopes, used, active) if not any(s.covers(f) for s in scopes)]
    return Suppression(kept, tuple(sorted(extra, key=Finding.sort_key)))


def _scopes(
    directives: Sequence[Directive], document: Document, resolve: Resolve
) -> tuple[list[_Scope], list[Finding]]:
    """The lines each selector of a disabling directive covers; CL002 for what cannot apply."""
    lines = document.position(len(document.source))[0] if directives else 0
    scopes: list[_Scope] = []
    problems: list[Finding] = []
    open_regions: list[int] = []  # indexes into `scopes`
    for d in directives:
        named: list[tuple[str | None, Rules]] = [] if d.selectors else [(None, None)]
        for selector in d.selectors:
            rules = _resolve(selector, resolve)
            if rules is None:
                problems.append(
                    d.finding(
                        MALFORMED,
                        f"unknown rule or selector '{selector}' (see `customerlens rules`)",
                    )
                )
            elif rules & META_RULES.keys() and d.verb != FILE:
                problems.append(
                    d.finding(
                        MALFORMED,
                        f"'{selector}' can only be disabled for "
                        f"the whole file, with {PREFIX}{FILE}",
                    )
                )
            else:
                named.append((selector, rules))
        if d.verb == ENABLE:
            if named:
                closing = [i for i in open_regions if _closes(named, scopes[i].rules)]
                if not closing:
                    problems.append(
                        d.finding(
                            MALFORMED,
                            f"'{_label(d.verb, d.selectors)}' "
                            f"closes no open {PREFIX}{REGION} region",
                        )
                    )
                for i in closing:
                    open_regions.remove(i)
                    scopes[i] = dataclasses.replace(scopes[i], last=d.line)
            continue
        if d.verb == NEXT_LINE:
            first = last = _next_line(document, d.end_line)
        else:
            first, last = (d.line if d.verb == REGION else 1), lines
        if d.verb == REGION:
            open_regions += range(len(scopes), len(scopes) + len(named))
        scopes += [_Scope(d, selector, rules, first, last, lines) for selector, rules in named]
    return scopes, problems


def _closes(named: Sequence[tuple[str | None, Rules]], region: Rules) -> bool:
    """Whether an enable naming `named` ends a region disabling `region`."""
    if named[0][0] is None:
        return True
    named_rules = frozenset().union(*(r for _, r in named if r is not None))
    return region is not None and region <= named_rules


def _unused(
    scopes: Sequence[_Scope], used: set[_Scope], active: frozenset[str] | None
) -> list[Finding]:
    """CL001 per directive that suppressed nothing, or per unused selector when some did."""
    by_directive: dict[Directive, list[_Scope]] = {}
    for scope in scopes:
        by_directive.setdefault(scope.directive, []).append(scope)
    found: list[Finding] = []
    for d, own in by_directive.items():
        idle = [
            s
            for s in own
            # judged only when every rule it names ran: one switched off cannot be "unused"
            if s not in used
            and s.rules != frozenset({UNUSED})
            and (active is None or s.rules is None or s.rules <= active)
        ]
        if len(idle) == len(own):
            found.append(
                d.finding(
                    UNUSED, f"{_label(d.verb, d.selectors)} suppresses nothing here; remove it"
                )
            )
            continue
        rest = [s for s in d.selectors if s not in {i.selector for i in idle}]
        found += [
            d.finding(
                UNUSED,
                f"'{s.selector}' in {_label(d.verb, d.selectors)} "
                "suppresses nothing here; remove it from the list",
                _label(d.verb, rest),
            )
            for s in idle
        ]
    return found


def _resolve(selector: str, resolve: Resolve) -> Rules:
    """The rules a selector names; the meta rules are known here, by id or name only."""
    meta = _META_NAMES.get(selector, selector)
    if meta in META_RULES:
        return frozenset({meta})
    rules = resolve(selector)
    return None if rules is None else frozenset(rules).difference(META_RULES)


def _label(verb: str, selectors: Sequence[str]) -> str:
    return f"{PREFIX}{verb} {','.join(selectors)}".rstrip()


def _next_line(document: Document, after: int) -> int:
    """The 1-based number of the first non-blank line after line `after`; 0 if none."""
    if after >= document.position(len(document.source))[0]:
        return 0
    m = _NON_BLANK.search(document.source, document.offset(after + 1, 1))
    return document.position(m.start())[0] if m else 0
