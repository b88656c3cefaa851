"""Configuration files: the cascade, overrides, flags, validation errors, file selection,
starter."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from customerlens.errors import ConfigError
from customerlens.model import Level
from customerlens.settings import read as configread
from customerlens.settings import schema as configschema
from customerlens.settings.config import Config
from customerlens.settings.resolve import ConfigResolver, describe, starter_toml


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def resolve(path: Path, **kwargs: Any) -> Config:
    return ConfigResolver(**kwargs).resolve(path).config


# --- the cascade -------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/.customerlens.toml ← a/pyproject.toml [tool.customerlens] ← a/b/.customerlens.toml;
    x/pyproject.toml has no table, so x/ falls through to the root."""
    write(tmp_path / ".customerlens.toml", 'brand = ["Root"]\n')
    write(
        tmp_path / "a/pyproject.toml",
        '[project]\nname = "a"\n\n[tool.customerlens]\nbrand = ["A"]\n',
    )
    write(tmp_path / "a/b/.customerlens.toml", 'brand = ["B"]\n')
    write(tmp_path / "x/pyproject.toml", '[project]\nname = "x"\n')
    return tmp_path


@pytest.mark.parametrize(
    ("checked", "brand", "config_file"),
    [
        ("post.md", "Root", ".customerlens.toml"),
        ("a/post.md", "A", "a/pyproject.toml"),
        ("a/deeper/post.md", "A", "a/pyproject.toml"),
        ("a/b/post.md", "B", "a/b/.customerlens.toml"),
        ("a/b/c/d/post.md", "B", "a/b/.customerlens.toml"),
        ("x/post.md", "Root", ".customerlens.toml"),
    ],
)
def test_the_nearest_configuration_wins(
    tree: Path, checked: str, brand: str, config_file: str
) -> None:
    resolved = ConfigResolver().resolve(tree / checked)
    assert resolved.config.brands == (brand,)
    assert resolved.files == (tree / config_file,)
    assert resolved.config.root == (tree / config_file).parent


def test_nearest_wins_whole_without_merging_parents(tree: Path) -> None:
    write(tree / ".customerlens.toml", 'brand = ["Root"]\n[thresholds]\ntarget-grade = 11\n')
    assert resolve(tree / "a/b/post.md").target_grade == Config().target_grade


def test_dot_file_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.customerlens]\nbrand = ["Py"]\n')
    write(tmp_path / ".customerlens.toml", 'brand = ["Dot"]\n')
    assert resolve(tmp_path / "post.md").brands == ("Dot",)


def test_each_file_is_parsed_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    real_parse = configread.parse

    def counting_parse(path: Path) -> configread.ConfigFile | None:
        parsed.append(path)
        return real_parse(path)

    monkeypatch.setattr("customerlens.settings.resolve.parse", counting_parse)
    resolver = ConfigResolver()
    for name in ("a/b/1.md", "a/b/2.md", "a/b/c/3.md", "a/4.md", "5.md", "x/6.md"):
        resolver.resolve(tree / name)
    assert sorted(parsed) == sorted(
        [
            tree / "a/b/.customerlens.toml",
            tree / "a/pyproject.toml",
            tree / ".customerlens.toml",
            tree / "x/pyproject.toml",
        ]
    )


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    resolved = ConfigResolver(isolated=True).resolve(tmp_path / "post.md")
    assert resolved.config == Config()
    assert resolved.files == ()
    assert set(resolved.origins.values()) == {"default"}


def test_isolated_ignores_every_file(tree: Path) -> None:
    assert resolve(tree / "a/b/post.md", isolated=True) == Config()


def test_explicit_config_replaces_the_search(tree: Path) -> None:
    explicit = write(tree / "elsewhere/team.toml", 'brand = ["Team"]\n')
    resolved = ConfigResolver(explicit=explicit).resolve(tree / "a/b/post.md")
    assert resolved.config.brands == ("Team",)
    assert resolved.files == (explicit,)


def test_explicit_pyproject_needs_the_table(tree: Path) -> None:
    with pytest.raises(ConfigError, match=r"x/pyproject.toml: has no \[tool.customerlens\] table"):
        ConfigResolver(explicit=tree / "x/pyproject.toml")


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        ConfigResolver(explicit=tmp_path / "missing.toml")


def test_config_and_isolated_conflict(tree: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be used together"):
        ConfigResolver(explicit=tree / ".customerlens.toml", isolated=True)


def test_stdin_resolves_from_the_working_folder(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / "a/b")
    assert resolve(Path.cwd() / "stdin.md").brands == ("B",)


# --- overrides and flags -----------------------------------------------------------------------

OVERRIDES = """\
brand = ["Acme"]
[audiences]
"spec writers" = ["specifier"]
[thresholds]
fail-under = 50
weights = { them = 0.5 }
[rules]
ignore = ["CL402"]
levels = { CL102 = "warning" }

[[overrides]]
paths = ["blog/**"]
rules = { ignore = ["CL104"], levels = { CL101 = "suggestion" } }
thresholds = { weights = { care = 0.1 } }

[[overrides]]
paths = ["landing/**", "*.landing.md"]
thresholds = { fail-under = 80, fail-level = "suggestion" }
rules = { require-audiences = ["spec writers"] }

[[overrides]]
paths = ["landing/final/**"]
thresholds.fail-under = 90
"""


@pytest.fixture
def overridden(tmp_path: Path) -> Path:
    write(tmp_path / ".customerlens.toml", OVERRIDES)
    return tmp_path


def test_override_lists_add_and_tables_merge(overridden: Path) -> None:
    resolved = ConfigResolver().resolve(overridden / "blog/2024/post.md")
    config = resolved.config
    assert config.ignore == ("CL402", "CL104")
    assert config.levels == {"CL102": Level.WARNING, "CL101": Level.SUGGESTION}
    assert config.weights == {"them": 0.5, "care": 0.1, "who": 0.20, "clarity": 0.15}
    assert config.fail_under == 50
    cfg = str(overridden / ".customerlens.toml")
    assert resolved.origins["ignore"] == f"{cfg}:8, override blog/** ({cfg}:13)"
    assert resolved.origins["fail_under"] == f"{cfg}:5"


def test_override_single_values_replace(overridden: Path) -> None:
    resolved = ConfigResolver().resolve(overridden / "landing/pricing.md")
    assert resolved.config.fail_under == 80
    assert resolved.config.fail_level is Level.SUGGESTION
    assert resolved.config.require_personas == ("spec writers",)
    assert resolved.config.ignore == ("CL402",)
    cfg = str(overridden / ".customerlens.toml")
    assert resolved.origins["fail_under"] == f"override landing/**, *.landing.md ({cfg}:18)"


def test_later_overrides_win(overridden: Path) -> None:
    assert resolve(overridden / "landing/final/home.md").fail_under == 90
    assert resolve(overridden / "docs/home.landing.md").fail_under == 80


def test_files_matching_no_override_keep_the_file_values(overridden: Path) -> None:
    config = resolve(overridden / "docs/guide.md")
    assert (config.fail_under, config.ignore, config.require_personas) == (50, ("CL402",), ())


def test_overrides_match_paths_relative_to_the_config_root(overridden: Path) -> None:
    explicit = overridden / ".customerlens.toml"
    outside = overridden.parent / f"{overridden.name}-other/blog/post.md"
    assert resolve(outside, explicit=explicit).ignore == ("CL402",)


def test_flags_beat_files_and_overrides(overridden: Path) -> None:
    flags = {"fail_under": 10.0, "brands": ("Flag",), "ignore": ()}
    resolved = ConfigResolver(flags=flags).resolve(overridden / "landing/final/home.md")
    assert (resolved.config.fail_under, resolved.config.brands, resolved.config.ignore) == (
        10.0,
        ("Flag",),
        (),
    )
    assert resolved.origins["fail_under"] == "flag --fail-under"
    assert resolved.origins["brands"] == "flag --brand"


# --- every setting arrives in Config ------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "field", "expected"),
    [
        ('model = "en_core_web_md"', "model", "en_core_web_md"),
        (
            'brand = ["Acme", "Acme Cloud", "our platform"]',
            "brands",
            ("Acme", "Acme Cloud", "our platform"),
        ),
        (
            '[audiences]\n"spec writers" = ["spec writer", "specifier"]',
            "personas",
            {"spec writers": ("spec writer", "specifier")},
        ),
        ('[vocabulary]\nbenefits = ["peace of mind"]', "benefit_phrases", ("peace of mind",)),
        ('[vocabulary]\npraise = ["rockstar"]', "praise_phrases", ("rockstar",)),
        ('[vocabulary]\nallow = ["leading"]', "allow", ("leading",)),
        (
            '[vocabulary]\nprefer = { customer = ["client", "user"] }',
            "prefer",
            {"customer": ("client", "user")},
        ),
        ("[thresholds]\ntarget-grade = 10", "target_grade", 10.0),
        ("[thresholds]\nlong-sentence-words = 25", "long_sentence_words", 25),
        ('[thresholds]\nfail-level = "error"', "fail_level", Level.ERROR),
        ("[thresholds]\nfail-under = 60.5", "fail_under", 60.5),
        (
            "[thresholds]\nweights = { who = 1, clarity = 0 }",
            "weights",
            {"them": 0.35, "care": 0.30, "who": 1.0, "clarity": 0.0},
        ),
        ('[rules]\nselect = ["them", "CL2*"]', "select", ("them", "CL2*")),
        ('[rules]\nignore = ["CL402"]', "ignore", ("CL402",)),
        ('[rules]\nlevels = { CL102 = "Error" }', "levels", {"CL102": Level.ERROR}),
        (
            '[audiences]\nops = ["operator"]\n[rules]\nrequire-audiences = ["ops"]',
            "require_personas",
            ("ops",),
        ),
        ('[files]\ninclude = ["**/*.md"]', "include", ("**/*.md",)),
        ('[files]\nexclude = ["drafts/**"]', "exclude", ("drafts/**",)),
        ("[files]\ngitignore = false", "respect_gitignore", False),
    ],
)
def test_each_setting_arrives(tmp_path: Path, toml: str, field: str, expected: Any) -> None:
    write(tmp_path / ".customerlens.toml", toml + "\n")
    resolved = ConfigResolver().resolve(tmp_path / "post.md")
    assert getattr(resolved.config, field) == expected
    leaf = next(s.key[-1] for s in configschema.SETTINGS if s.field == field)
    line = next(
        n
        for n, text in enumerate(toml.splitlines(), 1)
        if text.startswith((f"{leaf} ", f"[{leaf}]"))
    )
    assert resolved.origins[field] == f"{tmp_path / '.customerlens.toml'}:{line}"


def test_rule_folders_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "style/rules").mkdir(parents=True)
    write(
        tmp_path / ".customerlens.toml",
        '[rules]\nfolders = ["style/rules", "./style/../style/rules/"]\n',
    )
    assert resolve(tmp_path / "docs/post.md").rule_folders == (tmp_path / "style/rules",)


def test_pyproject_dotted_keys_arrive(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        "[tool.customerlens]\nthresholds.fail-under = 70\n[tool.customerlens.rules]\nignore = "
        '["CL1"]\n',
    )
    config = resolve(tmp_path / "post.md")
    assert (config.fail_under, config.ignore) == (70.0, ("CL1",))


# --- validation errors: the file, the line, the key, a "did you mean" ---------------------------


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        (
            'brand = ["Acme"]\n[thresholds]\nfail-undr = 60\n',
            3,
            "unknown key 'thresholds.fail-undr' (did you mean 'fail-under'?)",
        ),
        ('brnd = ["Acme"]\n', 1, "unknown key 'brnd' (did you mean 'brand'?)"),
        (
            "fail-under = 60\n",
            1,
            "unknown key 'fail-under' (did you mean 'thresholds.fail-under'?)",
        ),
        ("[override]\n", 1, "unknown key 'override' (did you mean 'overrides'?)"),
        ("[colours]\n", 1, "unknown key 'colours'"),
        ('brand = "Acme"\n', 1, "'brand' must be a list of strings, not a string"),
        ('brand = ["Acme", 3]\n', 1, "'brand' must be a list of strings; 3 is a number"),
        ('brand = ["Acme", " "]\n', 1, "'brand' holds an empty string"),
        ('vocabulary = ["x"]\n', 1, "'vocabulary' must be a table, not a list"),
        (
            '[thresholds]\ntarget-grade = "eight"\n',
            2,
            "'thresholds.target-grade' must be a number, not a string",
        ),
        (
            "[thresholds]\ntarget-grade = true\n",
            2,
            "'thresholds.target-grade' must be a number, not true/false",
        ),
        (
            "[thresholds]\nfail-under = 120\n",
            2,
            "'thresholds.fail-under' must be from 0 to 100, not 120",
        ),
        (
            "[thresholds]\nlong-sentence-words = 0\n",
            2,
            "'thresholds.long-sentence-words' must be a whole number of 1 or more",
        ),
        (
            '[thresholds]\nfail-level = "warn"\n',
            2,
            "'thresholds.fail-level' must be one of suggestion, warning, error, not 'warn' (did "
            "you mean 'warning'?)",
        ),
        (
            '[rules]\nlevels = { CL101 = "warning", CL102 = "loud" }\n',
            2,
            "'rules.levels.CL102' must be one of suggestion, warning, error, not 'loud'",
        ),
        (
            "[thresholds]\nweights = { thme = 0.5 }\n",
            2,
            "'thresholds.weights.thme' has no pillar 'thme' (pillars: who, care, them, clarity) "
            "(did you mean 'them'?)",
        ),
        (
            "[thresholds]\nweights = { them = -1 }\n",
            2,
            "'thresholds.weights.them' must be 0 or more, not -1",
        ),
        (
            "[thresholds]\nweights = { them = 0, care = 0, who = 0, clarity = 0 }\n",
            2,
            "'thresholds.weights' are all zero",
        ),
        (
            '[files]\nexclude = [\n  "drafts/**",\n  "old/[ab",\n]\n',
            4,
            "'files.exclude' has a bad glob 'old/[ab': '[' is never closed",
        ),
        ('[files]\ninclude = ["docs\\\\"]\n', 2, "'files.include' has a bad glob 'docs\\\\'"),
        ('[rules]\nselect = ["CL[2"]\n', 2, "'rules.select' has a bad glob 'CL[2'"),
        (
            '[files]\ngitignore = "yes"\n',
            2,
            "'files.gitignore' must be true or false, not a string",
        ),
        (
            '[audiences]\n"spec writers" = []\n',
            2,
            "'audiences.\"spec writers\"' needs at least one term",
        ),
        (
            '[rules]\nfolders = ["style/rules"]\n',
            2,
            "'rules.folders' names 'style/rules', which is not a folder",
        ),
        (
            '[audiences]\n"spec writers" = ["specifier"]\n[rules]\nrequire-audiences = ["spec '
            'writer"]\n',
            4,
            "names an unknown audience 'spec writer' (did you mean 'spec writers'?)",
        ),
        (
            '[rules]\nrequire-audiences = ["ops"]\n',
            2,
            "unknown audience 'ops' (define it under [audiences])",
        ),
        (
            'model = "x"\n[[overrides]]\nrules = { ignore = ["CL1"] }\n',
            2,
            "'overrides[0]' needs 'paths', the globs of the files it applies to",
        ),
        (
            '[[overrides]]\npaths = ["a/**"]\n[[overrides]]\npaths = ["blog/[x"]\n',
            4,
            "'overrides[1].paths' has a bad glob 'blog/[x'",
        ),
        ("[[overrides]]\npaths = []\n", 2, "'overrides[0].paths' is empty"),
        (
            '[[overrides]]\npaths = ["a/**"]\nmodel = "x"\n',
            3,
            "'overrides[0].model' cannot be set per path, only for the whole file",
        ),
        (
            '[[overrides]]\npaths = ["a/**"]\n\n[[overrides]]\npaths = ["b/**"]\nthresholds = { '
            "fail-undr = 1 }\n",
            6,
            "unknown key 'overrides[1].thresholds.fail-undr' (did you mean 'fail-under'?)",
        ),
        (
            '[[overrides]]\npaths = ["a/**"]\nrules = { require-audiences = ["ops"] }\n',
            3,
            "unknown audience 'ops'",
        ),
        ("overrides = 3\n", 1, "'overrides' must be an array of tables: [[overrides]]"),
        ('brand = ["Acme"]\nmodel =\n', 2, "invalid TOML: Invalid value"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path: Path, toml: str, line: int, message: str) -> None:
    write(tmp_path / ".customerlens.toml", toml)
    with pytest.raises(ConfigError) as caught:
        ConfigResolver().resolve(tmp_path / "post.md")
    assert str(caught.value).startswith(f"{tmp_path / '.customerlens.toml'}:{line}: ")
    assert message in str(caught.value)


def test_pyproject_errors_point_into_pyproject(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "p"\n\n[tool.customerlens.thresholds]\nfail-undr = 60\n',
    )
    with pytest.raises(
        ConfigError,
        match=re.escape(f"{tmp_path / 'pyproject.toml'}:5: unknown key 'thresholds.fail-undr'"),
    ):
        ConfigResolver().resolve(tmp_path / "post.md")


def test_pyproject_overrides_resolve_and_report_lines(tmp_path: Path) -> None:
    pyproject = (
        '[tool.customerlens]\nbrand = ["Acme"]\n\n'
        '[[tool.customerlens.overrides]]\npaths = ["blog/**"]\nbrand = ["Acme Blog"]\n'
    )
    write(tmp_path / "pyproject.toml", pyproject)
    resolved = ConfigResolver().resolve(tmp_path / "blog/post.md")
    assert resolved.config.brands == ("Acme", "Acme Blog")
    where = tmp_path / "pyproject.toml"
    assert resolved.origins["brands"] == f"{where}:2, override blog/** ({where}:6)"
    write(
        tmp_path / "pyproject.toml",
        pyproject + '\n[[tool.customerlens.overrides]]\npaths = ["x/**"]\nfiles = {}\n',
    )
    with pytest.raises(
        ConfigError, match=re.escape(f"{where}:10: 'overrides[1].files' cannot be set per path")
    ):
        ConfigResolver().resolve(tmp_path / "post.md")


def test_errors_show_paths_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "site/.customerlens.toml", "brnd = []\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^site/.customerlens.toml:1: unknown key 'brnd'"):
        ConfigResolver().resolve(Path("site/post.md"))


# --- which files are checked ---------------------------------------------------------------------


def test_include_and_exclude_are_relative_to_the_config_root(tmp_path: Path) -> None:
    write(
        tmp_path / ".customerlens.toml",
        '[files]\ninclude = ["docs/**/*.md", "*.txt"]\nexclude = ["docs/drafts/", '
        '"!docs/drafts/keep.md"]\n',
    )
    resolver = ConfigResolver()
    checks = {
        "docs/a.md": True,
        "docs/deep/b.md": True,
        "docs/a.html": False,
        "notes/c.txt": True,
        "docs/drafts/x.md": False,
        "docs/drafts/keep.md": True,
        "blog/a.md": False,
    }
    assert {name: resolver.included(tmp_path / name) for name in checks} == checks


def git_repo(path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def test_gitignore_is_honoured_like_git(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    write(repo / ".gitignore", "build/\n*.tmp.md\n")
    write(repo / "site/.gitignore", "secret.md\n!keep.tmp.md\n")
    write(repo / "site/.customerlens.toml", "")
    write(repo / ".git/info/exclude", "local.md\n")
    names = [
        "site/a.md",
        "site/build/a.md",
        "site/x.tmp.md",
        "site/keep.tmp.md",
        "site/secret.md",
        "site/local.md",
        "site/sub/secret.md",
    ]
    for name in names:
        write(repo / name, "text\n")
    resolver = ConfigResolver()
    got = {name: resolver.included(repo / name) for name in names}
    assert got == {
        "site/a.md": True,
        "site/build/a.md": False,
        "site/x.tmp.md": False,
        "site/keep.tmp.md": True,
        "site/secret.md": False,
        "site/local.md": False,
        "site/sub/secret.md": False,
    }
    ignored = subprocess.run(
        ["git", "-C", str(repo), "check-ignore", "--no-index", *names],
        check=False,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert sorted(ignored) == sorted(name for name, kept in got.items() if not kept)


def test_an_ignored_folder_cannot_be_reincluded(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    write(repo / ".gitignore", "drafts/\n")
    write(repo / "drafts/.gitignore", "!final.md\n")
    assert not ConfigResolver().included(repo / "drafts/final.md")


def test_gitignore_can_be_turned_off(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    write(repo / ".gitignore", "*.md\n")
    assert not ConfigResolver().included(repo / "post.md")
    write(repo / ".customerlens.toml", "[files]\ngitignore = false\n")
    assert ConfigResolver().included(repo / "post.md")


def test_gitignore_outside_a_repository_is_read_from_the_config_root(tmp_path: Path) -> None:
    write(tmp_path / "site/.customerlens.toml", "")
    write(tmp_path / "site/.gitignore", "out/\n")
    resolver = ConfigResolver()
    assert not resolver.included(tmp_path / "site/out/a.md")
    assert resolver.included(tmp_path / "site/in/a.md")


# --- the starter file and describe ---------------------------------------------------------------


def uncommented(starter: str) -> str:
    """The starter with every example setting switched on."""
    return re.sub(r"(?m)^# (?=\[|[\w\"-][\w\" -]*= )", "", starter)


def test_starter_resolves_to_the_defaults(tmp_path: Path) -> None:
    write(tmp_path / ".customerlens.toml", starter_toml())
    assert resolve(tmp_path / "post.md") == replace(Config(), root=tmp_path)


def test_starter_examples_are_valid_and_set_every_setting(tmp_path: Path) -> None:
    (tmp_path / "style/rules").mkdir(parents=True)
    text = uncommented(starter_toml())
    parsed = configread.parse(write(tmp_path / ".customerlens.toml", text))
    assert parsed is not None
    assert set(parsed.values) == {s.field for s in configschema.SETTINGS}
    assert [o.paths for o in parsed.overrides] == [("blog/**",), ("landing/**",)]
    assert resolve(tmp_path / "landing/home.md").fail_under == 80


def test_starter_documents_every_setting() -> None:
    text = starter_toml()
    for setting in configschema.SETTINGS:
        leaf = re.escape(setting.key[-1])
        assert re.search(rf"(?m)^(# {leaf} = |\[{leaf}\]$)", text), setting.key


def test_describe_shows_values_and_origins(overridden: Path) -> None:
    resolved = ConfigResolver(flags={"model": "en_core_web_md"}).resolve(
        overridden / "blog/post.md"
    )
    text = describe(resolved)
    cfg = str(overridden / ".customerlens.toml")
    assert f'brand = ["Acme"]  # {cfg}:1\n' in text
    assert f'audiences = {{ "spec writers" = ["specifier"] }}  # {cfg}:2\n' in text
    assert f'ignore = ["CL402", "CL104"]  # {cfg}:8, override blog/** ({cfg}:13)\n' in text
    assert 'model = "en_core_web_md"  # flag --model\n' in text
    assert "long-sentence-words = 30  # default\n" in text
    assert "\n[thresholds]\n" in text
    assert tomllib.loads(text)["thresholds"]["fail-under"] == 50


def test_describe_without_a_config_file(tmp_path: Path) -> None:
    text = describe(ConfigResolver(isolated=True).resolve(tmp_path / "post.md"))
    assert text.startswith("# effective configuration (no configuration file)\n")
    assert "# model is not set  # default\n" in text
