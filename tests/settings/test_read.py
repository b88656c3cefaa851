"""Reading a configuration file: an error is one line naming the file, the line and the key
(with a "did you mean"), exits 2 and prints no partial report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import assert_no_traceback, cli, drafts, run
from settings_support import CALM, write, write_tree

from customerlens.errors import ConfigError
from customerlens.settings.resolve import ConfigResolver


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
            "'thresholds.weights.them' must be from 0 to 1000, not -1",
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
        # bad character ranges: before, exit 3 from inside the matcher
        ('[files]\nexclude = ["[z-a]"]\n', 2, "has a bad glob '[z-a]': bad character range z-a"),
        ('[rules]\nignore = ["CL[z-a]"]\n', 2, "has a bad glob 'CL[z-a]': bad character range"),
        ('[[overrides]]\npaths = ["[z-a]"]\n', 2, "'overrides[0].paths' has a bad glob '[z-a]'"),
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


# --- through the command line ---------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("toml", "line", "reason"),
    [
        ('brand = ["Acme"]\n[thresholds\ntarget-grade = 9\n', 2, "invalid TOML"),
        ('brand = ["Acme"]\n\n[thresholds]\ntarget-grade = "high"\n', 4, "target-grade"),
        ('brand = ["Acme"]\n[rules]\nselect = ["CL1"]\ncolour = "red"\n', 4, "unknown key"),
        ('brand = ["Acme"]\n[rules]\nignore = ["CL101", "CL999"]\n', 3, "CL999"),
        ("brand = 'Acme\n", 1, "invalid TOML"),
    ],
    ids=["toml-syntax", "bad-value", "unknown-key", "unknown-rule", "unclosed-string"],
)
def test_a_configuration_error_names_file_and_line_and_prints_no_partial_report(
    capsys: Any, tmp_path: Path, toml: str, line: int, reason: str
) -> None:
    site = drafts(tmp_path / "site")
    team = site / "blog"
    (team / ".customerlens.toml").write_text(toml, encoding="utf-8")  # only blog/ is misconfigured
    report = tmp_path / "report.json"
    for jobs in ("1", "2"):
        code, out, err = cli(
            capsys, "check", str(site), "--format", "json", "--jobs", jobs, "--output", str(report)
        )
        assert_no_traceback(out, err)
        assert code == 2 and out == "" and not report.exists()
        [message] = [x for x in err.splitlines() if ".customerlens.toml" in x]
        assert f".customerlens.toml:{line}:" in message and reason in message, message
    code, out, err = cli(
        capsys,
        "check",
        str(site / "self-centred.md"),
        "--config",
        str(team / ".customerlens.toml"),
        "--format",
        "json",
    )
    assert code == 2 and out == "" and f".customerlens.toml:{line}:" in err


def test_nesting_too_deep_for_the_toml_reader_is_one_line(tmp_path: Path) -> None:
    """Arrays nested 5,000 deep: before, a RecursionError and exit 3."""
    write(tmp_path / ".customerlens.toml", "[files]\nexclude = " + "[" * 5000 + "]" * 5000)
    with pytest.raises(ConfigError) as caught:
        ConfigResolver().resolve(tmp_path / "post.md")
    assert (
        str(caught.value) == f"{tmp_path / '.customerlens.toml'}: invalid TOML: nested too deeply"
    )


def test_a_file_a_thousand_folders_deep_finds_its_configuration(tmp_path: Path) -> None:
    """The upward search is a loop: before, a RecursionError at ~990 levels."""
    write(tmp_path / ".customerlens.toml", 'brand = ["Acme"]\n')
    deep, made = tmp_path, []
    for _ in range(1000):  # one by one: pathlib's own mkdir(parents=True) recurses too
        deep = deep / "d"
        deep.mkdir()
        made.append(deep)
    try:
        resolver = ConfigResolver()
        assert resolver.resolve(deep / "post.md").config.brands == ("Acme",)
        assert resolver.included(deep / "post.md")
    finally:  # removed here, bottom up: shutil.rmtree (and so pytest's clean-up) recurses
        for folder in reversed(made):
            folder.rmdir()
