"""Random drafts for property tests through the real command line, and what every report of one
must satisfy.

Random text, Markdown and HTML, with the nasty cases mixed in (CRLF and lone CR, BOMs, emoji,
combining marks, right-to-left text, broken markup, directives, stray control characters).
Whatever the draft:

- no exception and no traceback; the exit code is 0, 1 or 2, and 2 only with one error line;
- every finding's span lies inside the file and its `match` is the source text at
  line:column..end_line:end_column (CRLF, CR and LF end a line; columns are code points; a
  UTF-8 BOM is not counted);
- scores are numbers from 0 to 100, or null.

The real model runs, so the example counts are modest (30; set CUSTOMERLENS_PROPERTY_EXAMPLES
to run more).
"""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from customerlens.cli import main

_BREAK = re.compile(r"\r\n|\r|\n")


# CI runs the same 30 examples every time (derandomized: no flaky failures); setting
# CUSTOMERLENS_PROPERTY_EXAMPLES=500 explores freshly random drafts to hunt for bugs.
HUNT = os.environ.get("CUSTOMERLENS_PROPERTY_EXAMPLES")
SETTINGS = settings(
    max_examples=int(HUNT or 30),
    deadline=None,
    derandomize=not HUNT,
    database=None if not HUNT else settings.default.database,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


PROSE = [
    "We offer the best support. ",
    "We are proud to announce our new platform. ",
    "Our world-class team builds innovative solutions. ",
    "At Acme, we believe in quality. ",
    "You get answers in minutes, so you can ship faster. ",
    "Start your free trial today. ",
    "Small businesses and developers use it to save four hours a week. ",
    "Our customers, clients and prospects love it. ",
    "The newest, shiniest, fastest widget. ",
    "It offers reports, alerts, exports and dashboards. ",
    "Let's build it together. ",
    '"We love it," said one customer. ',
    "We help you grow. ",
    "Acme is the leading provider. ",
    "we ",
    "our ",
    "us ",
    "US ",
    "you ",
    "your ",
    "Acme ",
    "leading ",
    "cutting-edge ",
    "and ",
    "without waiting ",
    "which means ",
    "the ",
    "team ",
    "data ",
    "support ",
]


SEPARATORS = [
    " ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    "\r\r",
    "\t",
    "\x0c",
    "\u00a0",
    "\u2028",
    "\x85",
    "\u3000",
]


NASTY = [
    "\U0001f600",
    "\U0001f469\u200d\U0001f4bb",
    "\U0001f1eb\U0001f1f7",
    "e\u0301",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u202e",
    "\u202b",
    "\u200b",
    "\ufeff",
    "\U00010348",
    "\x0b",
    "\x1b",
    "\u00ad",
    "\ufffd",
    "&amp;",
    "&#x1F600;",
    "&bogus;",
    "\\",
    "…",
    "—",
]


MARKUP = {
    ".md": [
        "# ",
        "## ",
        "\n- ",
        "\n1. ",
        "\n> ",
        "**",
        "_",
        "`",
        "\n```\n",
        "\n~~~\n",
        "---\n",
        "+++\n",
        "\n| a | b |\n|---|---|\n| ",
        " | ",
        "[text](http://example.invalid/x)",
        "![We are proud](img.png)",
        "<!-- customerlens-disable CL101 -->",
        "<!-- customerlens-enable -->",
        "<!-- customerlens-disable-next-line -->",
        "<!-- customerlens-disable-file CL2 -->",
        "<!-- customerlens-disable-next-line CL1 -->",
        "<!-- customerlens-bogus -->",
        "<!-- customerlens-disable CL1",
        "{/* customerlens-disable-next-line CL101 */}",
        "{{< shortcode >}}",
        "{% tag %}",
        "{{ value }}",
        "\nimport X from 'y'\n",
        '<Card title="x" />',
        "\\*",
        "\n    indented code\n",
        "[^1]",
        "\n<div>\n",
        "</div>\n",
        "<!-- a comment -->",
        "<b>",
        "</b>",
    ],
    ".txt": [
        "customerlens-disable CL101\n",
        "customerlens-enable\n",
        "customerlens-disable-next-line\n",
        "- ",
        "1) ",
        "* ",
        "\n\n",
    ],
    ".html": [
        "<p>",
        "</p>",
        "<h1>",
        "</h1>",
        "<li>",
        "<ul>",
        "</ul>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<!--",
        "-->",
        '<img alt="We are proud">',
        "&nbsp;",
        "&#8217;",
        "<br>",
        "<div class='x'>",
        "</div>",
        "<![CDATA[",
        "]]>",
        "<pre>",
        "</pre>",
        "<a href='http://example.invalid'>",
        "</a>",
        "<title>",
        "</title>",
        "<template>",
        "</template>",
        "<svg>",
        "</svg>",
        "<noscript>",
        "<code>",
        "</code>",
        "<",
        ">",
        "</",
        "<!-- customerlens-disable CL101 -->",
        "<!-- customerlens-enable -->",
        "<!doctype html>",
    ],
}


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=6)


def draft(suffix: str) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(PROSE),
        st.sampled_from(PROSE),
        st.sampled_from(SEPARATORS),
        st.sampled_from(MARKUP[suffix]),
        st.sampled_from(NASTY),
        _TEXT,
    )
    return st.lists(piece, max_size=60).map("".join)


def check_draft(
    capsys: pytest.CaptureFixture[str], path: Path, *extra: str
) -> tuple[int, dict[str, Any], str]:
    code = main(["check", str(path), "--format", "json", "--jobs", "1", "--no-cache", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    assert code in (0, 1, 2), (code, err)
    return code, json.loads(out), err


def offset_at(source: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in _BREAK.finditer(source)]
    return starts[line - 1] + column - 1


def assert_report_consistent(code: int, report: dict[str, Any], err: str, source: str) -> None:
    [file] = report["files"]
    if file["error"] is not None:
        assert code == 2 and file["score"] is None and file["findings"] == []
        assert "\n" not in file["error"]
        assert len([line for line in err.splitlines() if file["error"] in line]) == 1
        return
    assert code in (0, 1) and err == ""
    lines = _BREAK.split(source)
    for f in file["findings"]:
        if f["scope"] == "document":  # about the whole file: no span, at its start
            assert (f["line"], f["column"], f["end_line"], f["end_column"], f["match"]) == (
                1,
                1,
                1,
                1,
                "",
            ), f
            continue
        assert 1 <= f["line"] <= f["end_line"] <= len(lines), f
        assert 1 <= f["column"] <= len(lines[f["line"] - 1]) + 1, f
        assert 1 <= f["end_column"] <= len(lines[f["end_line"] - 1]) + 1, f
        start, end = (
            offset_at(source, f["line"], f["column"]),
            offset_at(source, f["end_line"], f["end_column"]),
        )
        assert 0 <= start < end <= len(source), f
        assert source[start:end] == f["match"], (f, source[start:end])
    score = file["score"]
    values = [score["total"], *score["pillars"].values()]
    assert all(v is None or 0 <= v <= 100 for v in values), score
    assert (score["total"] is None) == all(v is None for v in score["pillars"].values())
    for name, count in score["counts"].items():
        if isinstance(count, (int, float)) and name not in ("reading_grade", "reading_ease"):
            assert count >= 0, (name, count)
    summary = report["summary"]
    assert summary["findings"] == len(file["findings"]) == sum(summary["by_level"].values())


def write_draft(folder: Path, suffix: str, text: str, bom: bool) -> Path:
    path = folder / f"draft{suffix}"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


# --- switching rules off adds nothing -------------------------------------------------------------


def _all_rules() -> set[str]:
    from customerlens.checks.loader import load_rules

    return {rule.id for rule in load_rules()}


def _supersedes() -> dict[str, set[str]]:
    from customerlens.checks.loader import load_rules

    return {rule.id: set(rule.supersedes) for rule in load_rules() if rule.supersedes}


SUPERSEDES = _supersedes()
ALL_RULES = sorted(_all_rules())
DIRECTIVE = re.compile(r"customerlens-", re.IGNORECASE)


def spans(file: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {
        (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["match"])
        for f in file["findings"]
    }


def allowed_back(before: set[tuple[Any, ...]], off: set[str]) -> set[str]:
    """Rules whose findings may appear once `off` rules stop replacing them."""
    fired = {f[0] for f in before}
    return {hidden for rule in off & fired for hidden in SUPERSEDES.get(rule, ())}
