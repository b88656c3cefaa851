"""Inline suppression: `customerlens-*` directives in a draft keep findings out of its report.

Forms: `<!-- customerlens-VERB [selectors] -->` in Markdown and HTML, also `{/* … */}` in MDX,
and a line of its own in plain text. Verbs: `disable` … `enable` (a region, line-inclusive at both
ends; an unclosed region runs to the end of the file and is not an error), `disable-next-line`
(the first non-blank line after the directive) and `disable-file`. No selectors means every rule.

Writers quote competitors and customers, so a directive is easy to leave behind when the text
changes: one that suppresses nothing is reported as CL001, a malformed one as CL002. Those two
answer only to a `disable-file` that names them, and a CL001 selector is never itself reported
as unused (it would suppress its own report).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from customerlens.documents.model import Document
from customerlens.findings import Finding, Level

UNUSED, MALFORMED = "CL001", "CL002"
META_RULES: dict[str, tuple[str, str]] = {
    UNUSED: (
        "unused-directive",
        "A customerlens directive that suppresses nothing. A stale one would silently hide a "
        "future finding that nobody meant to accept, so remove it.",
    ),
    MALFORMED: (
        "malformed-directive",
        "A customerlens directive that cannot be read (unknown verb or selector, an enable "
        "with no open region, an unclosed comment), so it does not do what its writer meant.",
    ),
}
_META_NAMES = {name: rule for rule, (name, _) in META_RULES.items()}
PREFIX = "customerlens-"
REGION, ENABLE, NEXT_LINE, FILE = "disable", "enable", "disable-next-line", "disable-file"
VERBS = (REGION, ENABLE, NEXT_LINE, FILE)

_HTML = re.compile(r"<!--\s*(?P<body>customerlens-[\s\S]*?)\s*(?P<end>-->|\Z)")
_MDX = re.compile(r"\{/\*\s*(?P<body>customerlens-[\s\S]*?)\s*(?P<end>\*/\}|\Z)")
_LINE = re.compile(r"^[ \t]*(?P<body>customerlens-[^\n]*?)[ \t]*$", re.MULTILINE)
_FORMS = {"markdown": (_HTML, _MDX), "html": (_HTML,), "text": (_LINE,)}
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")

Resolve = Callable[[str], "set[str] | None"]


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

    def label(self, selectors: Sequence[str] | None = None) -> str:
        chosen = self.selectors if selectors is None else selectors
        return " ".join((PREFIX + self.verb, ",".join(chosen))).strip()

    def finding(self, rule: str, message: str, suggestion: str = "") -> Finding:
        return Finding(rule, "meta", Level.WARNING, self.line, self.column, self.end_line,
                       self.end_column, self.text, message, suggestion, offset=self.offset)


@dataclass(frozen=True)
class Suppression:
    kept: tuple[bool, ...]  # one per input finding, in order
    extra: tuple[Finding, ...]  # CL001/CL002 findings, sorted by position


@dataclass(frozen=True)
class _Scope:
    """Lines `first..last` where the rules of one selector of a disabling directive are off."""

    directive: Directive
    selector: str | None  # None: every rule
    rules: frozenset[str] | None
    first: int
    last: int

    def covers(self, finding: Finding) -> bool:
        if not self.first <= finding.line <= self.last:
            return False
        if self.rules is None:
            return finding.rule not in META_RULES
        return finding.rule in self.rules


