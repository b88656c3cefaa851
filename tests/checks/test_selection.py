"""Switching rules off (`--ignore`, `--select`) never adds a finding, on random drafts — except
the findings of a rule that the switched-off rule `supersedes` (CL103 replaces CL101/CL102 in its
sentence; with CL103 off, those come back, as they should)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from drafts_support import (
    ALL_RULES,
    DIRECTIVE,
    SETTINGS,
    allowed_back,
    check_draft,
    draft,
    spans,
    write_draft,
)
from hypothesis import assume, given
from hypothesis import strategies as st


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_ignoring_a_rule_never_adds_findings(capsys: Any, draft_dir: Path, suffix: str) -> None:
    @SETTINGS
    @given(text=draft(suffix), data=st.data())
    def run(text: str, data: st.DataObject) -> None:
        path = write_draft(draft_dir, suffix, text, bom=False)
        _, report, _ = check_draft(capsys, path)
        [file] = report["files"]
        assume(file["error"] is None and file["findings"])
        before = spans(file)
        found = sorted(
            {f[0] for f in before}
        )  # mostly rules that fired; any rule at all now and then
        rule = st.one_of(st.sampled_from(found), st.sampled_from(found), st.sampled_from(ALL_RULES))
        ignored = data.draw(st.lists(rule, min_size=1, max_size=2, unique=True))
        args = [a for rule in ignored for a in ("--ignore", rule)]
        _, report, _ = check_draft(capsys, path, *args)
        after = spans(report["files"][0])
        back = allowed_back(before, set(ignored))
        assert not {f for f in after if f[0] in ignored}
        assert {f for f in after - before if f[0] not in back} == set(), (ignored, after - before)

    run()


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_selecting_a_subset_of_rules_never_adds_findings(
    capsys: Any, draft_dir: Path, suffix: str
) -> None:
    from customerlens.checks.loader import load_rules

    pillar_of = {rule.id: rule.pillar for rule in load_rules()}
    all_rules = sorted(pillar_of)

    @SETTINGS
    @given(text=draft(suffix), data=st.data())
    def run(text: str, data: st.DataObject) -> None:
        assume(not DIRECTIVE.search(text))
        path = write_draft(draft_dir, suffix, text, bom=False)
        _, report, _ = check_draft(capsys, path)
        [file] = report["files"]
        assume(file["error"] is None)
        before = spans(file)
        chosen = data.draw(
            st.lists(
                st.sampled_from(all_rules + ["CL1", "CL2", "them", "care"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        args = [a for rule in chosen for a in ("--select", rule)]
        _, report, _ = check_draft(capsys, path, *args)
        after = spans(report["files"][0])
        selected = {
            r for r in all_rules if any(r.startswith(c) or pillar_of[r] == c for c in chosen)
        }
        assert {f[0] for f in after} <= selected, (chosen, after)
        back = allowed_back(before, set(all_rules) - selected)
        assert {f for f in after - before if f[0] not in back} == set(), (chosen, after - before)

    run()
