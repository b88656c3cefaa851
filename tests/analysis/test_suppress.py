"""Inline suppression directives: forms, selectors, unused and malformed reports, positions."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_support import TRIGGER, assert_no_traceback, check, cli
from cli_support import run as run_fast
from drafts_support import assert_report_consistent, check_draft, spans
from hypothesis import given
from hypothesis import strategies as st

from customerlens.analysis.suppress import (
    META_RULES,
    Directive,
    Suppression,
    apply,
    parse_directives,
)
from customerlens.model import Finding, Level

# A fake catalogue: id → (name, pillar); selectors resolve as `checks.selection` does.
CATALOGUE = {
    "CL101": ("company-as-subject", "them"),
    "CL102": ("we-we", "them"),
    "CL201": ("feature-list", "care"),
    "CL202": ("jargon", "clarity"),
}
RULES = sorted(CATALOGUE)


def resolve(selector: str) -> set[str] | None:
    named = {rule for rule, (name, pillar) in CATALOGUE.items() if selector in (name, pillar)}
    return (named | {rule for rule in CATALOGUE if rule.startswith(selector)}) or None


def found(rule: str, line: int) -> Finding:
    return Finding(rule, "them", Level.WARNING, line, 1, line, 3, "We", "message", "")


def run(source: str, *findings: Finding, fmt: str = "markdown") -> Suppression:
    return apply(source, fmt, findings, resolve)


def meta_rules(result: Suppression) -> list[str]:
    return [f.rule for f in result.extra]


def span(item: Directive | Finding) -> tuple[int, int, int, int]:
    return item.line, item.column, item.end_line, item.end_column


def md(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# --- the forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "written"),
    [
        ("markdown", "<!-- customerlens-disable-next-line CL101, CL102 -->"),
        ("markdown", "{/* customerlens-disable-next-line CL101,CL102 */}"),
        ("html", "<!--customerlens-disable-next-line CL101 CL102-->"),
        ("text", "customerlens-disable-next-line CL101,CL102"),
    ],
)
def test_each_form_is_read_with_its_exact_position(fmt: str, written: str) -> None:
    source = f"Intro.\n  {written}  \nWe offer it.\n"
    (directive,), problems = parse_directives(source, fmt)
    assert problems == []
    assert (directive.verb, directive.selectors) == ("disable-next-line", ("CL101", "CL102"))
    assert span(directive) == (2, 3, 2, 3 + len(written))
    assert directive.text == written
    assert source[directive.offset :].startswith(written)
    assert run(source, found("CL101", 3), found("CL102", 3), fmt=fmt).kept == (False, False)


@pytest.mark.parametrize(
    ("fmt", "written"),
    [
        ("html", "{/* customerlens-disable */}"),
        ("text", "<!-- customerlens-disable -->"),
        ("text", "Read about customerlens-disable in the manual."),
    ],
)
def test_a_form_of_another_format_is_no_directive(fmt: str, written: str) -> None:
    assert parse_directives(f"{written}\nWe offer it.\n", fmt) == ([], [])


def test_a_comment_may_span_lines_and_next_line_counts_from_its_end() -> None:
    source = md("<!--", "  customerlens-disable-next-line CL101", "-->", "We offer it.")
    (directive,), _ = parse_directives(source, "markdown")
    assert span(directive) == (1, 1, 3, 4)
    assert run(source, found("CL101", 4)).kept == (False,)


def test_region_covers_both_directive_lines_and_what_lies_between() -> None:
    source = md(
        "We start.",
        "We too. <!-- customerlens-disable CL101 -->",
        "We offer it.",
        "We end. <!-- customerlens-enable -->",
        "We again.",
    )
    result = run(source, *(found("CL101", line) for line in range(1, 6)))
    assert result.kept == (True, False, False, False, True)
    assert result.extra == ()


def test_enable_with_ids_reopens_only_those() -> None:
    source = md(
        "<!-- customerlens-disable CL101,CL102 -->",
        "<!-- customerlens-enable CL101 -->",
        "We offer it.",
    )
    assert run(source, found("CL101", 3), found("CL102", 3)).kept == (True, False)


def test_enable_by_prefix_closes_the_regions_it_covers() -> None:
    source = md("<!-- customerlens-disable CL101 -->", "x", "<!-- customerlens-enable CL1 -->", "x")
    result = run(source, found("CL101", 2), found("CL101", 4))
    assert result.kept == (False, True)
    assert result.extra == ()


def test_a_region_never_closed_runs_to_the_end_without_complaint() -> None:
    source = md("<!-- customerlens-disable -->", "", "We offer it.", "", "We did.")
    result = run(source, found("CL101", 3), found("CL202", 5))
    assert result.kept == (False, False)
    assert result.extra == ()


def test_next_line_skips_blank_lines_and_covers_one_line_only() -> None:
    source = md("<!-- customerlens-disable-next-line -->", "", "   ", "We offer it.", "We did.")
    assert run(source, found("CL101", 4), found("CL101", 5), found("CL101", 1)).kept == (
        False,
        True,
        True,
    )


def test_a_document_finding_is_covered_only_by_what_reaches_the_end_of_the_file() -> None:
    """The reading grade has no line: a directive beside the headline cannot silence it, the
    file directive and a region left open to the end can."""
    grade = Finding(
        "CL202", "clarity", Level.SUGGESTION, 1, 1, 1, 1, "", "grade", "", scope="document"
    )
    headline = md("<!-- customerlens-disable-next-line CL202 -->", "# We offer it", "", "Text.")
    closed = md(
        "<!-- customerlens-disable CL202 -->", "# We offer it", "<!-- customerlens-enable -->"
    )
    assert run(headline, grade).kept == (True,)
    assert run(closed, grade).kept == (True,)
    assert run(md("Text.", "<!-- customerlens-disable CL202 -->", "More."), grade).kept == (False,)
    assert run(md("Text.", "<!-- customerlens-disable-file CL202 -->"), grade).kept == (False,)


def test_file_level_disable_applies_everywhere_even_above_it() -> None:
    source = md("We offer it.", "", "<!-- customerlens-disable-file CL2 -->", "", "We list.")
    result = run(source, found("CL201", 1), found("CL202", 5), found("CL101", 5))
    assert result.kept == (False, False, True)


@pytest.mark.parametrize(
    ("selector", "suppressed"),
    [
        ("CL101", {"CL101"}),
        ("CL1", {"CL101", "CL102"}),
        ("company-as-subject", {"CL101"}),
        ("them", {"CL101", "CL102"}),
        ("CL101,feature-list", {"CL101", "CL201"}),
    ],
)
def test_selectors_name_ids_prefixes_names_and_pillars(selector: str, suppressed: set[str]) -> None:
    source = md(f"<!-- customerlens-disable-next-line {selector} -->", "We offer it.")
    result = run(source, *(found(rule, 2) for rule in RULES))
    assert {rule for rule, kept in zip(RULES, result.kept) if not kept} == suppressed


# --- unused directives -------------------------------------------------------------------------


def test_a_directive_that_suppresses_nothing_is_reported_where_it_stands() -> None:
    written = "<!-- customerlens-disable-next-line CL101 -->"
    source = f"Intro.\n\n  {written}\nYou get it.\n"
    (unused,) = run(source, found("CL202", 4)).extra
    assert (unused.rule, unused.pillar, unused.level) == ("CL001", "meta", Level.WARNING)
    assert (span(unused), unused.match) == ((3, 3, 3, 48), written)
    assert unused.offset == source.index(written)
    assert unused.message == (
        "customerlens-disable-next-line CL101 suppresses nothing here; remove it"
    )


def test_each_unused_id_of_a_partly_used_directive_is_reported() -> None:
    source = md("<!-- customerlens-disable CL101,CL102,CL201 -->", "We offer it.")
    result = run(source, found("CL102", 2))
    assert result.kept == (False,)
    assert [(f.rule, f.message, f.suggestion) for f in result.extra] == [
        (
            "CL001",
            f"'{rule}' in customerlens-disable CL101,CL102,CL201 suppresses nothing here; "
            + "remove it from the list",
            "customerlens-disable CL102",
        )
        for rule in ("CL101", "CL201")
    ]


def test_next_line_at_the_end_of_the_file_is_unused() -> None:
    result = run(md("x", "<!-- customerlens-disable-next-line -->"))
    assert meta_rules(result) == ["CL001"]


# --- malformed directives ----------------------------------------------------------------------


def test_an_unknown_verb_is_reported_with_the_likely_fix() -> None:
    written = "<!-- customerlens-disabel CL101 -->"
    directives, (problem,) = parse_directives(md("x", written, "We offer it."), "markdown")
    assert directives == []
    assert (problem.rule, problem.line, problem.column, problem.match) == ("CL002", 2, 1, written)
    assert "unknown directive 'customerlens-disabel'" in problem.message
    assert problem.suggestion == "customerlens-disable CL101"
    assert run(md(written, "We offer it."), found("CL101", 2)).kept == (True,)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            md("<!-- customerlens-disable-next-line CL999 -->", "x"),
            "unknown rule or selector 'CL999' (see `customerlens rules`)",
        ),
        (md("x", "<!-- customerlens-enable -->"), "'customerlens-enable' closes no open"),
        (
            md("<!-- customerlens-disable CL1 -->", "x", "<!-- customerlens-enable CL101 -->"),
            "'customerlens-enable CL101' closes no open customerlens-disable region",
        ),
        (
            md("<!-- customerlens-disable-next-line unused-directive -->", "x"),
            "'unused-directive' can only be disabled for the whole file",
        ),
        (md("x", "<!-- customerlens-disable CL101", "", "x"), "comment is never closed"),
    ],
)
def test_malformed_directives_are_findings(source: str, message: str) -> None:
    result = run(source, found("CL101", 2))
    malformed = [f for f in result.extra if f.rule == "CL002"]
    assert len(malformed) == 1 and message in malformed[0].message, result.extra


def test_known_selectors_of_a_directive_still_work_beside_an_unknown_one() -> None:
    result = run(md("<!-- customerlens-disable-next-line CL999,CL101 -->", "x"), found("CL101", 2))
    assert result.kept == (False,)
    assert meta_rules(result) == ["CL002"]


def test_an_unclosed_comment_reports_only_its_first_line() -> None:
    (problem,) = parse_directives(md("<!-- customerlens-disable", "", "Not prose."), "markdown")[1]
    assert (problem.match, span(problem)) == ("<!-- customerlens-disable", (1, 1, 1, 26))


# --- meta rules --------------------------------------------------------------------------------


def test_meta_findings_escape_everything_but_a_file_disable_naming_them() -> None:
    typo = "<!-- customerlens-disabel -->"
    assert meta_rules(run(md("<!-- customerlens-disable-file -->", typo, "x"))) == [
        "CL001",
        "CL002",
    ]
    for selector in ("CL002", "malformed-directive"):
        source = md(f"<!-- customerlens-disable-file {selector} -->", typo)
        assert run(source).extra == ()


def test_unused_reports_can_be_silenced_for_the_file_and_that_is_never_itself_unused() -> None:
    source = md("<!-- customerlens-disable-file CL001 -->", "<!-- customerlens-disable CL101 -->")
    assert run(source).extra == ()
    assert run(md("<!-- customerlens-disable-file CL001 -->")).extra == ()


def test_an_unused_meta_disable_is_reported() -> None:
    assert meta_rules(run(md("<!-- customerlens-disable-file CL002 -->"))) == ["CL001"]


def test_meta_rules_are_described() -> None:
    assert {rule: name for rule, (name, _) in META_RULES.items()} == {
        "CL001": "unused-directive",
        "CL002": "malformed-directive",
    }


# --- fenced code and line breaks ---------------------------------------------------------------


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_directives_in_fenced_code_are_examples(fence: str) -> None:
    source = md(
        "Write this:",
        f"{fence}markdown",
        "<!-- customerlens-disable-file -->",
        {"```": "~~~", "~~~": "```", "````": "```"}[fence],  # does not close the fence
        "<!-- customerlens-disabel -->",
        fence,
        "<!-- customerlens-disable-next-line CL101 -->",
        "We offer it.",
    )
    directives, problems = parse_directives(source, "markdown")
    assert [(d.verb, d.line) for d in directives] == [("disable-next-line", 7)]
    assert problems == []
    assert run(source, found("CL101", 8), found("CL101", 1)).kept == (False, True)


def test_fences_mean_nothing_outside_markdown() -> None:
    source = md("```", "customerlens-disable-file", "```")
    assert [d.verb for d in parse_directives(source, "text")[0]] == ["disable-file"]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_positions_follow_crlf_and_cr_line_breaks(newline: str) -> None:
    written = "<!-- customerlens-disable-next-line CL101 -->"
    source = newline.join(["Intro.", "", f"é {written}", "We.", ""])
    (directive,), _ = parse_directives(source, "markdown")
    assert (span(directive), directive.text) == ((3, 3, 3, 48), written)
    assert directive.offset == source.index("<!--")
    assert run(source, found("CL101", 4), found("CL101", 3)).kept == (False, True)
    text = newline.join(["Intro.", "customerlens-disable-next-line", "", "We."])
    assert run(text, found("CL101", 4), fmt="text").kept == (False,)
    (typo,) = run(newline.join(["x", " customerlens-disabel"]), fmt="text").extra
    assert (span(typo), typo.match) == ((2, 2, 2, 22), "customerlens-disabel")


# --- properties --------------------------------------------------------------------------------

SELECTORS = ["CL101", "CL102", "CL2", "them", "company-as-subject", "CL999", "CL002"]
VERBS = ["disable", "enable", "disable-next-line", "disable-file", "disabel"]


@dataclass(frozen=True)
class Draft:
    """A draft of prose lines and directive lines, and findings on some lines."""

    items: tuple[tuple[str, tuple[str, ...]] | None, ...]  # None: a prose line
    newline: str
    findings: tuple[Finding, ...]

    def source(self) -> str:
        lines = [
            f"<!-- customerlens-{item[0]} {','.join(item[1])} -->" if item else "We offer it."
            for item in self.items
        ]
        return self.newline.join(lines) + self.newline


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    directive = st.tuples(
        st.sampled_from(VERBS), st.lists(st.sampled_from(SELECTORS), max_size=3).map(tuple)
    )
    items = draw(st.lists(st.none() | directive, min_size=1, max_size=14))
    rule = st.sampled_from([*RULES, "CL001", "CL002"])
    line = st.integers(1, len(items))
    findings = draw(st.lists(st.builds(found, rule, line), max_size=10))
    return Draft(tuple(items), draw(st.sampled_from(["\n", "\r\n", "\r"])), tuple(findings))


@given(drafts())
def test_suppression_only_removes_and_only_adds_meta_findings(draft: Draft) -> None:
    source = draft.source()
    result = apply(source, "markdown", draft.findings, resolve)
    assert len(result.kept) == len(draft.findings)
    assert all(f.rule in META_RULES and f.pillar == "meta" for f in result.extra)
    assert list(result.extra) == sorted(result.extra, key=Finding.sort_key)
    for f in result.extra:
        assert source[f.offset :].startswith(f.match) and f.match.startswith(("<!--", "{/*"))
    if not any(draft.items):
        assert all(result.kept) and result.extra == ()


@given(drafts(), st.data())
def test_disabling_more_never_keeps_more(draft: Draft, data: st.DataObject) -> None:
    disabling = [
        i
        for i, item in enumerate(draft.items)
        if item and item[0].startswith("disable") and item[1]
    ]
    if not disabling:
        return
    i = data.draw(st.sampled_from(disabling))
    verb, selectors = draft.items[i] or ("", ())
    more = data.draw(st.lists(st.sampled_from(SELECTORS), min_size=1, max_size=3))
    wider = Draft(
        (*draft.items[:i], (verb, (*selectors, *more)), *draft.items[i + 1 :]),
        draft.newline,
        draft.findings,
    )
    before = apply(draft.source(), "markdown", draft.findings, resolve).kept
    after = apply(wider.source(), "markdown", draft.findings, resolve).kept
    assert all(b or not a for b, a in zip(before, after))


# --- through the command line ---------------------------------------------------------------------


RESTORE = "You can restore any version in seconds, so your team never loses a day of work."
MD = f"# Backups for design studios\n\n{{d}}We copy every file to three places.\n\n{RESTORE}\n"
HTML = (
    "<html><body><h1>Backups for design studios</h1>\n"
    f"{{d}}<p>We copy every file to three places.</p>\n<p>{RESTORE}</p>\n</body></html>\n"
)


TEXT = MD.replace("# ", "")


@pytest.mark.parametrize(
    ("name", "template", "directive"),
    [
        ("next-line.md", MD, "<!-- customerlens-disable-next-line CL101 -->\n"),
        ("region.md", MD, "<!-- customerlens-disable CL101 -->\n{d}<!-- customerlens-enable -->\n"),
        ("by-pillar.md", MD, "<!-- customerlens-disable-next-line them -->\n"),
        ("file.md", MD, "<!-- customerlens-disable-file company-as-subject -->\n"),
        ("next-line.mdx", MD, "{/* customerlens-disable-next-line CL101 */}\n"),
        ("next-line.html", HTML, "<!-- customerlens-disable-next-line CL101 -->\n"),
        ("next-line.txt", TEXT, "customerlens-disable-next-line CL101\n"),
        ("file.txt", TEXT, "customerlens-disable-file CL1\n"),
    ],
)
def test_each_directive_form_removes_the_finding(
    capsys: Any, tmp_path: Path, name: str, template: str, directive: str
) -> None:
    plain, directed = tmp_path / f"plain-{name}", tmp_path / name
    plain.write_text(template.format(d=""), encoding="utf-8")
    if "{d}" in directive:  # a region: open above the sentence, close below it
        opening, closing = directive.split("{d}")
        text = template.format(d=opening).replace("places.\n", "places.\n" + closing, 1)
        text = text.replace("places.</p>\n", "places.</p>\n" + closing, 1)
    else:
        text = template.format(d=directive)
    directed.write_text(text, encoding="utf-8")
    before, after = check(capsys, plain, "--isolated"), check(capsys, directed, "--isolated")
    assert [f["match"] for f in before.named("CL101")] == ["We copy"] and before.code == 1
    assert after.findings == [] and after.code == 0
    assert after.score["pillars"]["them"] > before.score["pillars"]["them"]  # no longer weighed


def test_unused_and_malformed_directives_are_meta_findings(capsys: Any, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Backups for design studios\n\n"
        "<!-- customerlens-disable-next-line CL101 -->\n"
        "We copy every file to three places.\n\n"
        "<!-- customerlens-disable-next-line CL201 -->\n"
        "You can restore any version in seconds, so your team never loses a day of work.\n\n"
        "<!-- customerlens-disabel CL101 -->\n"
        "We check each copy every night.\n\n"
        "<!-- customerlens-disable-next-line CL999 -->\n"
        "Start your free trial today.\n",
        encoding="utf-8",
    )
    outcome = check(capsys, draft, "--isolated")
    meta = [
        (f["rule"], f["pillar"], f["level"], f["line"], f["column"], f["match"])
        for f in outcome.findings
        if f["pillar"] == "meta"
    ]
    assert meta == [
        ("CL001", "meta", "warning", 6, 1, "<!-- customerlens-disable-next-line CL201 -->"),
        ("CL002", "meta", "warning", 9, 1, "<!-- customerlens-disabel CL101 -->"),
        ("CL002", "meta", "warning", 12, 1, "<!-- customerlens-disable-next-line CL999 -->"),
    ]
    unused, misspelt, unknown = (f for f in outcome.findings if f["pillar"] == "meta")
    assert "suppresses nothing" in unused["message"]
    assert misspelt["suggestion"] == "customerlens-disable CL101"
    assert "'CL999'" in unknown["message"]
    # the misspelt directive suppresses nothing: its sentence is still reported
    assert [(f["line"], f["match"]) for f in outcome.named("CL101")] == [(10, "We check")]
    assert outcome.code == 1
    summary = json.loads(
        run_fast(capsys, "check", str(draft), "--isolated", "--format", "json")[1]
    )["summary"]
    assert summary["by_rule"]["CL001"] == 1 and summary["by_rule"]["CL002"] == 2


def test_meta_findings_can_be_silenced_for_a_file(capsys: Any, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "<!-- customerlens-disable-file CL001 -->\n# Backups for design studios\n\n"
        "<!-- customerlens-disable-next-line CL201 -->\n"
        "You can restore any version in seconds, so your team never loses a day of work.\n",
        encoding="utf-8",
    )
    outcome = check(capsys, draft, "--isolated")
    assert outcome.findings == [] and outcome.code == 0


def test_the_meta_rules_can_be_explained(capsys: Any) -> None:
    code, out, _ = run_fast(capsys, "explain", "CL001")
    assert code == 0 and "unused-directive" in out


@pytest.mark.parametrize(
    ("directive", "reason"),
    [
        ("<!-- customerlens-disabel CL101 -->", "unknown directive"),
        ("<!-- customerlens-disable CL999 -->", "unknown rule or selector 'CL999'"),
        ("<!-- customerlens-enable CL101 -->", "closes no open"),
        ("<!-- customerlens-disable CL101", "never closed"),
    ],
    ids=["unknown-verb", "unknown-rule", "enable-without-disable", "unclosed-comment"],
)
def test_a_directive_error_is_reported_at_its_line_and_column(
    capsys: Any, tmp_path: Path, directive: str, reason: str
) -> None:
    """Directive problems are findings (CL002) at the directive's exact position, never a crash."""
    text = f"# Plans for you\n\nIntro text for you.\n\n  {directive}\n\n{TRIGGER}\n"
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "check", str(draft), "--format", "json", "--jobs", "1")
    assert_no_traceback(out, err)
    assert code == 1
    [file] = json.loads(out)["files"]
    problems = [f for f in file["findings"] if f["rule"] == "CL002"]
    assert len(problems) == 1, file["findings"]
    assert (problems[0]["line"], problems[0]["column"]) == (5, 3)
    assert reason in problems[0]["message"]
    assert problems[0]["match"].startswith(directive.split()[0])


def test_an_ignored_rule_leaves_its_directives_alone(capsys: Any, draft_dir: Path) -> None:
    """A directive for a rule that is switched off is not 'unused': removing it would bring the
    finding back on the next full run."""
    path = draft_dir / "draft.md"
    path.write_text(
        "# Plans for you\n\n<!-- customerlens-disable-next-line CL101 -->\nWe offer the best "
        "support.\n",
        encoding="utf-8",
    )
    _, report, _ = check_draft(capsys, path)
    before = spans(report["files"][0])
    _, report, _ = check_draft(capsys, path, "--ignore", "CL101")
    after = spans(report["files"][0])
    assert after <= before, after - before


@pytest.mark.parametrize("selector", ["CL1", "them"])
def test_an_ignored_rule_leaves_directives_naming_it_among_others_alone(
    capsys: Any, draft_dir: Path, selector: str
) -> None:
    path = draft_dir / "draft.md"
    path.write_text(
        f"# Plans for you\n\n<!-- customerlens-disable-next-line {selector} -->\n"
        "We offer the best support.\n",
        encoding="utf-8",
    )
    _, report, _ = check_draft(capsys, path)
    before = spans(report["files"][0])
    _, report, _ = check_draft(capsys, path, "--ignore", "CL101")
    after = spans(report["files"][0])
    assert after <= before, after - before


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_an_unclosed_directive_ends_at_its_line_break(
    capsys: Any, draft_dir: Path, newline: str
) -> None:
    """Found by the span property: with CRLF the span of an unclosed directive took in the CR."""
    text = (
        f"Intro for you.{newline}<!-- customerlens-disable CL1{newline}"
        f"We offer the best support.{newline}"
    )
    path = draft_dir / "draft.md"
    path.write_bytes(text.encode())
    code, report, err = check_draft(capsys, path)
    assert_report_consistent(code, report, err, text)
    [problem] = [f for f in report["files"][0]["findings"] if f["rule"] == "CL002"]
    assert (problem["line"], problem["column"], problem["end_line"], problem["end_column"]) == (
        2,
        1,
        2,
        30,
    )


@pytest.mark.parametrize(
    ("suffix", "directive"),
    [
        (".md", "<!-- customerlens-disable-next-line -->"),
        (".md", "<!-- customerlens-disable -->"),
        (".md", "<!-- customerlens-disable-file -->"),
        (".txt", "customerlens-disable-next-line"),
        (".html", "<!-- customerlens-disable -->"),
    ],
)
def test_a_directive_without_selectors_that_suppresses_nothing_is_reported_as_unused(
    capsys: Any, draft_dir: Path, suffix: str, directive: str
) -> None:
    """Found by the span property with the draft '<!-- customerlens-disable-next-line -->'."""
    text = f"{directive}\nYou get answers in minutes.\n"
    path = draft_dir / f"draft{suffix}"
    path.write_text(text, encoding="utf-8")
    code, report, err = check_draft(capsys, path)
    assert_report_consistent(code, report, err, text)
    assert [f["rule"] for f in report["files"][0]["findings"]].count("CL001") == 1


@pytest.mark.parametrize(
    ("fmt", "shape"),
    [
        ("markdown", "<!-- customerlens-disable{}"),
        ("markdown", "{{/* customerlens-disable{}"),
        ("text", "customerlens-disable{}x"),
    ],
)
def test_reading_directives_grows_linearly(fmt: str, shape: str) -> None:
    """A directive followed by a long run of spaces: before, 74 s for 80k (quadratic). The
    growth from 4k to 16k spaces is measured as a ratio, not against a clock: linear is ~4,
    quadratic ~16."""

    def seconds(spaces: int) -> float:
        source = shape.format(" " * spaces)
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            for _ in range(20):
                parse_directives(source, fmt)
            best = min(best, time.perf_counter() - began)
        return best

    assert seconds(16_000) / seconds(4_000) < 9


DISABLE_FILE = "<!-- customerlens-disable-file -->"


@pytest.mark.parametrize(
    ("name", "draft"),
    [
        ("inline.md", f"Add `{DISABLE_FILE}` to a page to silence it.\n\n"),
        ("indented.md", f"To silence a page:\n\n    {DISABLE_FILE}\n\n"),
        ("quoted.md", f"> ```html\n> {DISABLE_FILE}\n> ```\n\n"),
        ("front.md", f"---\ntitle: Docs\nnote: '{DISABLE_FILE}'\n---\n\n"),
        ("pre.html", f"<pre><code>{DISABLE_FILE}</code></pre>\n"),
        ("script.html", f"<script>var help = '{DISABLE_FILE}';</script>\n"),
        ("block.md", f"<pre>\n{DISABLE_FILE}\n</pre>\n\n"),
    ],
)
def test_a_directive_shown_in_code_is_an_example_not_a_directive(
    name: str, draft: str, tmp_path: Path, capsys: Any
) -> None:
    """A docs page that explains the tool must not silence itself. Before, each of these
    turned 5 findings into 0 and exit 1 into 0."""
    page = f"{TRIGGER}\n" if name.endswith(".md") else f"<p>{TRIGGER}</p>\n"
    path = tmp_path / name
    path.write_text(draft + page, encoding="utf-8")
    code, out, _ = run_fast(capsys, "check", str(path), "-f", "json")
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1 and {f["rule"] for f in findings} >= {"CL101"}
    assert not [f for f in findings if f["rule"] in ("CL001", "CL002")]  # nor reported as one
    written = tmp_path / ("real" + path.suffix)
    written.write_text(f"{DISABLE_FILE}\n\n{page}", encoding="utf-8")
    code, out, _ = run_fast(capsys, "check", str(written), "-f", "json")
    assert (code, json.loads(out)["files"][0]["findings"]) == (0, [])  # in prose it works
