"""The directive rules: findings about inline directives themselves (CL001, CL002).

They are part of the catalogue like every YAML rule (select, ignore, `rules`, `explain`), but
no rule kind finds them: suppression reports them while it reads the directives.
"""

from __future__ import annotations

UNUSED, MALFORMED = "CL001", "CL002"
META_RULES: dict[str, tuple[str, str]] = {
    UNUSED: (
        "unused-directive",
        (
            "A customerlens directive that suppresses nothing. A stale one would silently hide a"
            " later finding that nobody meant to accept, so remove it."
        ),
    ),
    MALFORMED: (
        "malformed-directive",
        (
            "A customerlens directive that cannot be read (unknown verb or selector, an enable"
            " with no open region, an unclosed comment), so it does not do what its writer meant."
        ),
    ),
}
