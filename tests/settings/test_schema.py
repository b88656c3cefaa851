"""Every team setting changes the result, through the command line with the real English model,
and README documents each one.

Each setting test checks one draft twice, with `--isolated` (the defaults) and with the
`.customerlens.toml` next to it, and names what the setting changed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import check, run, with_and_without
from git_support import git, isolate
from settings_support import CALM, TEAM_RULE, write_tree

from customerlens.settings.schema import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_brand_counts_as_we(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "brand/draft.md")
    assert before.code == 0 and before.findings == [] and before.score["counts"]["self_refs"] == 0
    assert after.spans == {("CL101", "warning", 3, 1, "Acme offers")}
    assert after.score["counts"]["self_refs"] == 1
    assert after.score["pillars"]["them"] < before.score["pillars"]["them"]
    assert after.code == 1


def test_audiences_name_the_personas_the_who_pillar_reports(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "audiences/draft.md")
    assert before.rules == ["CL301"] and before.score["counts"]["audiences"] == []
    assert after.findings == [] and after.score["counts"]["audiences"] == ["quilters"]
    assert after.score["pillars"]["who"] > before.score["pillars"]["who"]
    assert (before.code, after.code) == (1, 0)


def test_required_audience_must_be_addressed(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "require-audiences/architects.md")
    assert "CL303" not in before.rules and before.code == 0
    [missing] = after.named("CL303")
    assert "'spec writers'" in missing["message"] and missing["level"] == "warning"
    assert after.code == 1
    addressed = check(capsys, tree / "require-audiences/specifiers.md")
    assert "CL303" not in addressed.rules and addressed.code == 0
    assert "spec writers" in addressed.score["counts"]["audiences"]


def test_an_audience_can_be_required_for_some_paths_only(capsys: Any, tree: Path) -> None:
    assert "CL303" in check(capsys, tree / "require-per-path/landing/architects.md").rules
    assert "CL303" not in check(capsys, tree / "require-per-path/docs/architects.md").rules


def test_benefit_phrases_make_a_sentence_a_benefit(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "benefits/draft.md")
    assert before.score["counts"]["benefit_sentences"] == 0
    assert after.score["counts"]["benefit_sentences"] == 1
    assert after.score["pillars"]["care"] > before.score["pillars"]["care"]
    assert after.score["total"] > before.score["total"]


def test_praise_words_are_flagged_as_self_praise(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "praise/draft.md")
    assert "CL201" not in before.rules
    [praise] = after.named("CL201")
    assert (praise["line"], praise["column"], praise["match"]) == (3, 5, "rockstar")
    assert after.score["pillars"]["care"] < before.score["pillars"]["care"]


def test_allowed_words_are_never_flagged(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "allow/draft.md")
    assert [(f["line"], f["column"], f["match"]) for f in before.named("CL201")] == [
        (3, 5, "innovative")
    ]
    assert "CL201" not in after.rules
    assert after.score["pillars"]["care"] > before.score["pillars"]["care"]


def test_preferred_terms_flag_the_terms_they_replace(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "prefer/draft.md")
    assert "CL404" not in before.rules
    [term] = after.named("CL404")
    assert (term["line"], term["column"], term["match"]) == (3, 7, "client")
    assert "'customer'" in term["suggestion"]
    assert after.score["pillars"]["clarity"] < before.score["pillars"]["clarity"]


def test_a_preferred_term_finding_says_which_term_to_use(capsys: Any, tree: Path) -> None:
    [term] = check(capsys, tree / "prefer/draft.md").named("CL404")
    assert "'customer', not 'client'" in term["message"]
    assert "several names" not in term["message"]
    assert "most used here" not in term["suggestion"]


def test_target_grade(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "target-grade/draft.md")
    assert before.findings == []
    [grade] = after.named("CL401")
    assert "target of 3.0" in grade["message"]
    assert after.score["pillars"]["clarity"] < before.score["pillars"]["clarity"]
    assert (before.code, after.code) == (0, 0)  # a suggestion does not fail by default


def test_confidence(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "confidence/draft.md")
    # By default the judgement is sure the sentence serves the reader: the company-leads
    # finding stays a suggestion and costs nothing. Asking for certainty (1.0) lets it count.
    assert before.named("CL102") and after.named("CL102")
    assert after.score["pillars"]["them"] < before.score["pillars"]["them"]


def test_long_sentence_words(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "long-sentence-words/draft.md")
    assert "CL402" not in before.rules
    long = after.named("CL402")
    assert len(long) >= 3 and all("more than 12" in f["message"] for f in long)
    assert after.score["pillars"]["clarity"] < before.score["pillars"]["clarity"]


def test_long_sentence_count_follows_the_setting(capsys: Any, tree: Path) -> None:
    after = check(capsys, tree / "long-sentence-words/draft.md")
    assert after.score["counts"]["long_sentences"] == len(after.named("CL402"))


def test_fail_level_error_lets_warnings_pass(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "fail-level-error/draft.md")
    assert before.spans == after.spans and "warning" in {f["level"] for f in after.findings}
    assert (before.code, after.code) == (1, 0)


def test_fail_level_suggestion_fails_on_suggestions(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "fail-level-suggestion/draft.md")
    assert before.spans == after.spans == {("CL102", "suggestion", 3, 1, "We help")}
    assert (before.code, after.code) == (0, 1)


def test_fail_under(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "fail-under/draft.md")
    assert before.findings == after.findings == [] and before.score == after.score
    assert after.score["total"] < 99
    assert (before.code, after.code) == (0, 1)


def test_weights(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "weights/draft.md")
    assert before.score["pillars"] == after.score["pillars"]
    assert after.score["total"] == after.score["pillars"]["who"] == 100.0
    assert before.score["total"] < 100.0


def test_select_runs_only_the_named_rules(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "select/draft.md")
    assert {"CL101", "CL103", "CL401"} <= set(before.rules)
    assert after.findings and {f["pillar"] for f in after.findings} == {"care"}
    assert after.spans == {s for s in before.spans if s[0].startswith("CL2")}


def test_ignore_skips_rules_by_id_and_pillar(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "ignore/draft.md")
    assert {"CL101", "CL401"} <= set(before.rules)
    assert after.spans == {
        s for s in before.spans if s[0] != "CL101" and not s[0].startswith("CL4")
    }
    assert after.score["pillars"]["them"] > before.score["pillars"]["them"]


def test_levels_change_a_rules_level_and_so_the_gate(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "levels/draft.md", "--fail-level", "error")
    levels = {(s[0], s[1]) for s in after.spans}
    assert {level for rule, level in levels if rule == "CL101"} == {"error"}
    assert {level for rule, level in levels if rule.startswith("CL2")} == {"suggestion"}
    assert {level for rule, level in levels if rule == "CL103"} == {"warning"}  # untouched
    assert [s[2:] for s in sorted(before.spans)] == [s[2:] for s in sorted(after.spans)]
    assert (before.code, after.code) == (0, 1)


def test_rule_folders_add_the_teams_own_rules(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "folders/draft.md")
    assert before.findings == [] and before.code == 0
    [own] = after.findings
    assert (own["rule"], own["pillar"], own["line"], own["column"]) == ("TEAM001", "care", 3, 1)
    assert own["message"] == "'Hyperflow' is our own jargon; readers do not use it."
    assert own["suggestion"] == "Say what 'Hyperflow' does for the reader."
    assert after.score["pillars"]["care"] < before.score["pillars"]["care"] and after.code == 1


def test_model(capsys: Any, tree: Path) -> None:
    assert check(capsys, tree / "model/draft.md", "--isolated").code == 0
    code, out, err = run(capsys, "check", str(tree / "model/draft.md"))
    assert code == 2 and out == ""
    [line] = err.splitlines()
    assert "'xx_no_such_pipeline' is not installed" in line


def test_include(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "include")
    assert before.paths(tree / "include") == ["notes.txt", "page.md", "site/page.html"]
    assert after.paths(tree / "include") == ["page.md"]


def test_exclude(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "exclude")
    assert before.paths(tree / "exclude") == ["drafts/wip.md", "page.md"] and before.code == 1
    assert after.paths(tree / "exclude") == ["page.md"] and after.code == 0


def test_gitignore_in_a_real_repository(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    repo = write_tree(
        tmp_path / "repo",
        {
            ".gitignore": "generated/\n*.tmp.md\n",
            "pages/home.md": CALM,
            "pages/scratch.tmp.md": CALM,
            "generated/export.md": CALM,
            "sub/.gitignore": "!keep.tmp.md\n",  # a deeper .gitignore re-includes
            "sub/keep.tmp.md": CALM,
        },
    )
    git(repo, "init", "-q", "-b", "main")
    (repo / ".git/info/exclude").write_text("private.md\n", encoding="utf-8")
    (repo / "private.md").write_text(CALM, encoding="utf-8")
    every = [
        "generated/export.md",
        "pages/home.md",
        "pages/scratch.tmp.md",
        "private.md",
        "sub/keep.tmp.md",
    ]
    assert check(capsys, repo, "--isolated").paths(repo) == ["pages/home.md", "sub/keep.tmp.md"]
    (repo / ".customerlens.toml").write_text("[files]\ngitignore = true\n", encoding="utf-8")
    assert check(capsys, repo).paths(repo) == ["pages/home.md", "sub/keep.tmp.md"]
    (repo / ".customerlens.toml").write_text("[files]\ngitignore = false\n", encoding="utf-8")
    assert check(capsys, repo).paths(repo) == every


def test_front_matter(capsys: Any, tree: Path) -> None:
    before, after = with_and_without(capsys, tree / "front-matter/draft.md")
    assert before.findings == [] and before.code == 0
    assert after.findings and {f["line"] for f in after.findings} == {2}  # the title
    assert ("CL201", "warning", 2, 19, "leading provider") in after.spans
    assert after.score["counts"]["words"] > before.score["counts"]["words"] and after.code == 1


def test_overrides_for_blog_and_landing(capsys: Any, tree: Path) -> None:
    site = tree / "overrides"

    def brands_flagged(name: str) -> list[str]:
        return [f["match"] for f in check(capsys, site / name).named("CL101")]

    assert brands_flagged("docs/brands.md") == ["Acme offers"]
    assert brands_flagged("landing/brands.md") == ["Acme offers"]
    assert brands_flagged("blog/2024/brands.md") == []  # the blog may talk about "we"
    docs, landing, blog = (
        check(capsys, site / f"{d}/calm.md") for d in ("docs", "landing", "blog/2024")
    )
    # the blog's override ignores rules: the same number, said to cover the selected rules
    assert blog.score.pop("selected_rules_only") is True
    assert docs.score == landing.score == blog.score and docs.findings == landing.findings == []
    assert docs.score["total"] < 80
    assert (docs.code, landing.code, blog.code) == (0, 1, 0)  # landing pages must reach 80
    assert check(capsys, site / "landing/calm.md", "--isolated").code == 0


def test_every_setting_has_a_test_above() -> None:
    tested = {
        "brand",
        "audiences",
        "rules.require-audiences",
        "vocabulary.benefits",
        "vocabulary.praise",
        "vocabulary.allow",
        "vocabulary.prefer",
        "thresholds.target-grade",
        "thresholds.confidence",
        "thresholds.long-sentence-words",
        "thresholds.fail-level",
        "thresholds.fail-under",
        "thresholds.weights",
        "rules.select",
        "rules.ignore",
        "rules.levels",
        "rules.folders",
        "model",
        "files.include",
        "files.exclude",
        "files.gitignore",
        "files.front-matter",
    }
    assert {".".join(setting.key) for setting in SETTINGS} == tested


# --- the README documents every setting -----------------------------------------------------------


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    return text[start : text.find("\n## ", start + 1)]


def test_readme_documents_every_setting_with_an_example_that_parses(tmp_path: Path) -> None:
    from customerlens.settings import read as configread

    rows = [
        line.split("|")[1:-1]
        for line in readme_section("Configuration").splitlines()
        if line.startswith("| `")
    ]
    examples = {row[0].strip().strip("`"): re.findall(r"`([^`]+)`", row[-1]) for row in rows}
    assert {name.strip("[]") for name in examples if name != "[[overrides]]"} == {
        ".".join(s.key) for s in SETTINGS
    }
    (tmp_path / "style/rules").mkdir(parents=True)
    for name, example in examples.items():
        table, _, _ = name.strip("[]").rpartition(".")
        text = "\n".join(example) + "\n"
        if name.startswith("["):
            text = f"{name}\n{text}"
        elif table:
            text = f"[{table}]\n{text}"
        if name == "rules.require-audiences":
            text = '[audiences]\n"spec writers" = ["specifier"]\n\n' + text
        parsed = configread.parse(
            write_tree(tmp_path, {".customerlens.toml": text}) / ".customerlens.toml"
        )
        assert parsed is not None and (parsed.values or parsed.overrides), name


def test_readme_example_configuration_is_accepted_by_check(capsys: Any, workdir: Path) -> None:
    toml = re.search(r"```toml\n(.*?)```", readme_section("Configuration"), re.DOTALL)
    assert toml is not None
    write_tree(
        workdir,
        {
            ".customerlens.toml": toml[1],
            "style/rules/TEAM001-house-jargon.yml": TEAM_RULE,
            "landing/page.md": CALM,
        },
    )
    outcome = check(capsys, ".")
    assert all("fails the gate: score " in line for line in outcome.err.splitlines())
    assert outcome.paths(workdir) == ["landing/page.md"]
    assert "CL303" in {
        f["rule"] for f in outcome.findings
    }  # landing pages must address site managers
