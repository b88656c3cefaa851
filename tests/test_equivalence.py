"""Speed tricks never change a result (issue 6): the trigger filter, worker processes and the
result cache give the same findings and scores, byte for byte, as the plain way."""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from customerlens.analysis.linter import Linter
from customerlens.cli import main
from customerlens.documents import format_for, load, parse
from customerlens.model import FileResult
from customerlens.run.cache import ResultCache
from customerlens.settings.config import Config

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures" / "documents", ROOT / "examples")
    for p in folder.iterdir()
    if p.is_file() and format_for(p.name)
)
SMALL = [str(ROOT / "examples" / "self-centred.md"), str(ROOT / "examples" / "reader-focused.md")]
BRANDS = ("Acme", "Gitpod", "Linkerd", "Buoyant", "Zulip", "Postmark", "Cilium")
CONFIGS = {"default": Config(), "brands": Config(brands=BRANDS)}

Check = Callable[..., tuple[int, str]]


@pytest.fixture(scope="module")
def linters() -> dict[str, tuple[Linter, Linter]]:
    """name → (filtered, parse-everything) linters for each configuration."""
    return {name: (Linter(cfg), Linter(cfg, optimize=False)) for name, cfg in CONFIGS.items()}


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]) -> Check:
    """`customerlens check … --format json` in-process: (exit code, report)."""

    def run(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(["check", *argv, "--format", "json"])
        return code, capsys.readouterr().out

    return run


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty result cache for this test only."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CUSTOMERLENS_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# (a) the trigger filter ------------------------------------------------------------------------


@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_filter_changes_nothing_on_real_documents(linters: Any, path: Path, config: str) -> None:
    document = load(path.read_bytes(), str(path), format_for(path.name) or "text")
    fast, full = linters[config]
    assert fast.lint(document, detail=True) == full.lint(document, detail=True)


def test_the_filter_is_really_on(linters: Any) -> None:
    """Guard against a vacuous comparison: some sentences skip the parser, and without the
    filter none do."""
    fast, full = linters["brands"]
    document = parse(
        "We offer support. The weather in Lisbon was mild in March.\n", "draft.txt", "text"
    )
    assert [s.parsed for s in fast.segments(document)] == [True, False]
    assert all(s.parsed for s in full.segments(document))


SENTENCES = [
    "We offer 24/7 support.",
    "We help you ship faster.",
    "We are proud to announce our new office.",
    "At Acme, we believe storage should be simple.",
    "Acme is the leading provider of cloud storage.",
    "Install Acme on every laptop.",
    "Acme's team works around the clock.",
    "Gitpod ships on Fridays.",
    "Our team of engineers works around the clock.",
    "Start your free trial today.",
    "Please just try it for a week.",
    "Carefully install the agent on every node.",
    "Then restart the server.",
    "You get answers in minutes.",
    "Your files sync in under a second, so you never lose work.",
    "It helps teams cut costs without hiring.",
    "Save hours every week.",
    "That means fewer outages.",
    "No more late nights.",
    "Set it up in 5 minutes.",
    "Peace of mind comes standard.",
    "Backups run automatically.",
    "It makes it easy to audit access.",
    "We ship the newest, fastest, most reliable storage engine on the market.",
    "The most powerful, simplest and cheapest plan wins.",
    "Our award-winning platform is world-class.",
    "It offers replication, encryption, audit logs and single sign-on.",
    "The platform includes backups, alerts, dashboards and reports.",
    "Developers and small businesses love the dashboard.",
    "Our customers love it.",
    "Security teams sleep well.",
    "Customers, clients and prospects all ask the same question.",
    '"We switched in a day," says Maria.',
    "Let's get started.",
    "We all want faster builds.",
    "The US office opened in 2019.",
    "In this post we will configure the cluster.",
    "The weather in Lisbon was mild in March.",
    "Replication runs every hour across three regions.",
    "Thanks!",
    "Built for speed.",
    "This sentence keeps going with many words about the storage engine and the replication and the"
    " encryption and the audit logs and the single sign-on and the regions and the offices for a "
    "long time.",
]


def render(blocks: list[tuple[str, list[str]]], fmt: str) -> str:
    """Blocks (heading, paragraph or list) as a Markdown, plain-text or HTML draft."""
    out = []
    for kind, sentences in blocks:
        text = " ".join(sentences)
        if fmt == "html":
            items = "".join(f"<li>{s}</li>" for s in sentences)
            out.append(
                {
                    "heading": f"<h1>{text}</h1>",
                    "paragraph": f"<p>{text}</p>",
                    "list": f"<ul>{items}</ul>",
                }[kind]
            )
        elif kind == "list":
            out.append("\n".join(f"- {s}" for s in sentences))
        else:
            out.append(f"# {text.rstrip('.')}" if kind == "heading" and fmt == "markdown" else text)
    return "\n\n".join(out) + "\n"


drafts = st.tuples(
    st.lists(
        st.tuples(
            st.sampled_from(["heading", "paragraph", "list"]),
            st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["markdown", "text", "html"]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts)
@example(
    ([("heading", ["We are proud to announce our new office."]), ("list", SENTENCES)], "markdown")
)
@example(([("paragraph", SENTENCES)], "text"))
def test_filter_changes_nothing_on_generated_drafts(
    linters: Any, draft: tuple[list[Any], str]
) -> None:
    blocks, fmt = draft
    document = parse(render(blocks, fmt), f"draft.{fmt[:4]}", fmt)
    fast, full = linters["brands"]
    assert fast.lint(document, detail=True) == full.lint(document, detail=True)


@pytest.mark.parametrize(
    ("config", "text"),
    [
        (Config(brands=("Acme-Cloud",)), "Acme-Cloud runs the network in twelve regions."),
        (
            Config(personas={"hosters": ("self-hoster",)}),
            "Self-hosters run the server in twelve regions.",
        ),
    ],
    ids=["hyphenated-brand", "hyphenated-audience"],
)
def test_filter_with_hyphenated_team_words(config: Config, text: str) -> None:
    document = parse(
        f"{text} The logs stay small and the nights stay quiet for a long time.\n",
        "draft.txt",
        "text",
    )
    assert Linter(config).lint(document) == Linter(config, optimize=False).lint(document)


# (b) worker processes ---------------------------------------------------------------------------


def test_two_workers_give_the_same_report_as_one(check: Check) -> None:
    paths = [str(p) for p in DOCUMENTS]
    one = check(*paths, "--jobs", "1", "--no-cache")
    two = check(*paths, "--jobs", "2", "--no-cache")
    assert one == two
    assert one[1].count('"path"') >= len(paths)


# (c) the result cache ----------------------------------------------------------------------------


def test_cold_warm_and_no_cache_reports_are_identical(
    check: Check, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = check(*SMALL, "--jobs", "1")
    assert len(entries(cache)) == len(SMALL)

    def refuse(*args: Any, **kwargs: Any) -> FileResult:
        raise AssertionError("a warm run must not lint")

    with monkeypatch.context() as patch:
        patch.setattr(Linter, "lint", refuse)
        warm = check(*SMALL, "--jobs", "1")
    assert warm == cold
    assert check(*SMALL, "--jobs", "1", "--no-cache") == cold


def test_results_cached_by_workers_are_read_back_identically(check: Check, cache: Path) -> None:
    cold = check(*SMALL, "--jobs", "2")
    assert len(entries(cache)) == len(SMALL)
    assert check(*SMALL, "--jobs", "1") == cold == check(*SMALL, "--jobs", "2")


# (d) damaged entries -----------------------------------------------------------------------------


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00not a pickle\xff" * 3,
    "wrong type": lambda data: pickle.dumps({"path": "x"}),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_entry_is_ignored_and_rewritten(check: Check, cache: Path, damage: str) -> None:
    cold = check(SMALL[0], "--jobs", "1")
    [entry] = entries(cache)
    entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    assert check(SMALL[0], "--jobs", "1") == cold
    assert [p.name for p in entries(cache)] == [entry.name]  # no temp file left behind
    assert ResultCache(cache).get(entry.name, SMALL[0]) is not None  # rewritten whole


@pytest.mark.parametrize("length", [2**62, 2**63 + 5], ids=["memory", "overflow"])
def test_an_entry_with_a_damaged_frame_header_is_ignored(
    check: Check, cache: Path, length: int
) -> None:
    cold = check(SMALL[0], "--jobs", "1")
    [entry] = entries(cache)
    data = entry.read_bytes()
    entry.write_bytes(
        data[:3] + struct.pack("<Q", length) + data[11:]
    )  # protocol 5: FRAME + 8-byte length
    assert check(SMALL[0], "--jobs", "1") == cold


# (e) what invalidates ----------------------------------------------------------------------------


def test_a_changed_brand_invalidates(check: Check, cache: Path) -> None:
    plain = check(*SMALL, "--jobs", "1")
    branded = check(*SMALL, "--jobs", "1", "--brand", "Acme")
    assert branded != plain
    assert branded == check(*SMALL, "--jobs", "1", "--brand", "Acme", "--no-cache")
    assert len(entries(cache)) == 2 * len(SMALL)
    assert check(*SMALL, "--jobs", "1") == plain


TEAM_RULE = """\
id: TEAM001
name: house-words
kind: phrase
pillar: care
level: {level}
message: "'{{match}}' is a house word."
description: >
  Words the team has agreed not to use.
params:
  phrases: [{phrase}]
examples:
  bad: ["The {phrase} is ready."]
  good: ["Your files are ready."]
"""


def test_a_changed_rule_file_invalidates(check: Check, cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "team" / "rules"
    rules.mkdir(parents=True)
    rule = rules / "TEAM001-house-words.yml"
    config = tmp_path / "team" / ".customerlens.toml"
    config.write_text('[rules]\nfolders = ["rules"]\n', encoding="utf-8")
    args = (*SMALL, "--jobs", "1", "--config", str(config))
    reports = []
    for level, phrase in [("warning", "storage"), ("warning", "Berlin"), ("suggestion", "Berlin")]:
        rule.write_text(TEAM_RULE.format(level=level, phrase=phrase), encoding="utf-8")
        reports.append(check(*args))
        assert reports[-1] == check(*args, "--no-cache")
        assert f'"match": "{phrase}"' in reports[-1][1]
    assert len(set(reports)) == 3


def test_a_rule_file_changed_between_runs_in_one_process(
    check: Check, cache: Path, tmp_path: Path
) -> None:
    (tmp_path / "rules").mkdir()
    rule = tmp_path / "rules" / "TEAM001-house-words.yml"
    config = tmp_path / ".customerlens.toml"
    config.write_text('[rules]\nfolders = ["rules"]\n', encoding="utf-8")
    for phrase in ("storage", "Berlin"):
        rule.write_text(TEAM_RULE.format(level="warning", phrase=phrase), encoding="utf-8")
        report = check(SMALL[0], "--jobs", "1", "--config", str(config))[1]
    assert '"match": "Berlin"' in report and '"match": "storage"' not in report


def test_the_key_covers_content_format_config_model_and_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import customerlens.nlp.pipeline
    import customerlens.run.cache

    keys = ResultCache(tmp_path)
    base = keys.key(b"We offer support.", "markdown", Config())
    assert keys.key(b"We offer support.", "markdown", Config()) == base
    changed = [
        keys.key(b"We offer support!", "markdown", Config()),
        keys.key(b"We offer support.", "text", Config()),
        keys.key(b"We offer support.", "markdown", Config(brands=("Acme",))),
        keys.key(b"We offer support.", "markdown", Config(target_grade=9.0)),
    ]
    monkeypatch.setattr(customerlens.nlp.pipeline, "model_version", lambda model: f"{model}-9.9.9")
    changed.append(keys.key(b"We offer support.", "markdown", Config()))
    monkeypatch.undo()
    monkeypatch.setattr(customerlens.run.cache, "__version__", "99.0")
    changed.append(keys.key(b"We offer support.", "markdown", Config()))
    assert len({base, *changed}) == len(changed) + 1


# (f) --no-cache ---------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_cache_stores_nothing(check: Check, cache: Path, jobs: str) -> None:
    check(*SMALL, "--jobs", jobs, "--no-cache")
    assert entries(cache) == []
    assert not os.path.exists(cache) or not any(cache.iterdir())
