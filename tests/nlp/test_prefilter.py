"""The trigger filter never changes a result: the sentences it lets skip the parser give the same
findings and scores, byte for byte, as parsing everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from customerlens.analysis.linter import Linter
from customerlens.documents import format_for, load, parse
from customerlens.settings.config import Config

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures" / "documents", ROOT / "examples")
    for p in folder.iterdir()
    if p.is_file() and format_for(p.name)
)


BRANDS = ("Acme", "Gitpod", "Linkerd", "Buoyant", "Zulip", "Postmark", "Cilium")
CONFIGS = {"default": Config(), "brands": Config(brands=BRANDS)}


@pytest.fixture(scope="module")
def linters() -> dict[str, tuple[Linter, Linter]]:
    """name → (filtered, parse-everything) linters for each configuration."""
    return {name: (Linter(cfg), Linter(cfg, optimize=False)) for name, cfg in CONFIGS.items()}


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
