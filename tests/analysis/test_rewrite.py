"""Rewrites built from the parse (customerlens/analysis/rewrite/), run through the real linter
and model.

Every quoted sentence below is a verbatim excerpt of public website copy from the project's shared
marketing corpus (`source` is <repo-short-name>/<path in that repository>, the scheme of
data/judgement/SOURCES.md, which lists each repository, its snapshot commit and its licence).
Licences: linkerd-website, zulip and elixir-lang-site text — Apache-2.0; gitpod-website — MIT,
© 2021 Gitpod; postmark-templates — MIT, © 2015 Wildbit; cilium-io content — CC BY 4.0,
© cilium.io contributors, https://github.com/cilium/cilium.io. The expected rewrites are ours.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from customerlens.checks.loader import load_rules
from customerlens.cli import main
from customerlens.documents import parse
from customerlens.model import Finding, Level
from customerlens.settings.config import Config

RULES = frozenset(spec.id for spec in load_rules(()) if spec.rewrites)

BRANDS = ("Acme", "Cilium", "Gitpod", "Hubble", "Linkerd", "Tetragon", "Zulip")

# (source, sentence, rewrite): each shape the module claims, on real copy.
CORPUS_REWRITES = [
    # provide: offer/provide/include/feature/give/send + an object → "you get"
    (
        "postmark-templates/templates-inlined/basic-full/welcome/content.html",
        "We also offer live chat during business hours.",
        "You also get live chat during business hours.",
    ),
    (
        "postmark-templates/templates-inlined/basic-full/trial-expired/content.html",
        "But don't worry, we'll send you another email before that happens.",
        "But don't worry, you'll get another email before that happens.",
    ),
    (
        "zulip/templates/corporate/for/open-source.html",
        "Zulip offers dozens of features for moderating discussions.",
        "With Zulip, you get dozens of features for moderating discussions.",
    ),
    (
        "gitpod-website/src/routes/blog/when-code-reviews-lgtm.md",
        "Gitpod gives you a full development environment with a single click for any pull request "
        "on GitHub.",
        "With Gitpod, you get a full development environment with a single click for any pull "
        "request on GitHub.",
    ),
    (
        "cilium-io/src/posts/2018-12-10-cilium-14-preview/index.md",
        "Cilium 1.4 is introducing the concept of global services based on standard Kubernetes "
        "services.",
        "With Cilium 1.4, you are getting the concept of global services based on standard "
        "Kubernetes services.",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/"
        "2018/1208-service-profiles-for-per-route-metrics/index.md",
        "Linkerd 2.1 introduces the concept of a service profile.",
        "With Linkerd 2.1, you get the concept of a service profile.",
    ),
    # have / comes with (a named product, in the present) → "with X, you get"
    (
        "zulip/templates/corporate/features.html",
        "Zulip has a powerful set of analytics available to help you see how your organization "
        "communicates.",
        "With Zulip, you get a powerful set of analytics available to help you see how your "
        "organization communicates.",
    ),
    # gathered: "we've pulled together X" → "Here is X"
    (
        "postmark-templates/templates-inlined/basic-full/welcome/content.txt",
        "We’ve pulled together some information and resources to help you get started.",
        "Here is some information and resources to help you get started.",
    ),
    # show: "we'll show you X" → "you'll see X"
    (
        "linkerd-website/linkerd.io/content/blog/2020/0323-serverless-service-mesh-with-knative/"
        "index.md",
        "We'll show you how to add Linkerd to your Knative installation.",
        "You'll see how to add Linkerd to your Knative installation.",
    ),
    # wish: the invitation or the thanks without the wish
    (
        "linkerd-website/linkerd.io/content/blog/2019/0918-happy-birthday-linkerd/index.md",
        "If you have feature requests, questions, or comments, we'd love to have you join our "
        "rapidly-growing community!",
        "If you have feature requests, questions, or comments, join our rapidly-growing community!",
    ),
    (
        "linkerd-website/linkerd.io/content/faq/_index.md",
        "We'd love to have you get involved!",
        "Get involved!",
    ),
    (
        "postmark-templates/templates-inlined/basic-full/trial-expiring/content.txt",
        "Regardless of your choice, we want to say thank you for trying [Product Name].",
        "Regardless of your choice, thank you for trying [Product Name].",
    ),
    # sure: "we are sure (that) you …" → the clause about the reader
    (
        "elixir-lang-site/learning.markdown",
        "We are sure you will find a resource that suits your pace and goals.",
        "You will find a resource that suits your pace and goals.",
    ),
    # enable: let/allow + someone + a verb → "you can"
    (
        "gitpod-website/src/routes/blog/build-a-webhook-for-google-assistant.md",
        "Gitpod allows you to configure start tasks in the .gitpod.yml file.",
        "With Gitpod, you can configure start tasks in the .gitpod.yml file.",
    ),
    (
        "cilium-io/src/posts/2021-05-20-cilium-110/index.md",
        "Cilium now allows users to specify an egress NAT policy, such that egress traffic for the "
        "selected pods will be masqueraded with a consistent, user-defined IP address.",
        "With Cilium, you can now specify an egress NAT policy, such that egress traffic for the "
        "selected pods will be masqueraded with a consistent, user-defined IP address.",
    ),
    # help: help + someone + a verb → "you …" ("can help" → "you can")
    (
        "cilium-io/src/posts/2024-08-19-hubble-for-network-security-p2/index.md",
        "When applications misbehave, Hubble can help you pinpoint the root cause.",
        "When applications misbehave, with Hubble, you can pinpoint the root cause.",
    ),
    # ensure: ensure that <clause> → the clause
    (
        "zulip/templates/corporate/for/open-source.html",
        "Our high quality export and import tools ensure that you can always move from Zulip Cloud "
        "hosting to your own servers.",
        "With our high quality export and import tools, you can always move from Zulip Cloud "
        "hosting to your own servers.",
    ),
    # announce: "we are proud/excited/happy to announce X"
    #   → "X is here" / "Here is X" / the clause
    (
        "cilium-io/src/posts/2018-08-21-cilium12/index.md",
        "We are excited to announce the Cilium 1.2 release.",
        "The Cilium 1.2 release is here.",
    ),
    (
        "gitpod-website/src/routes/blog/gitpod-online-ide.md",
        "After over one year of intensive work, we are proud to announce the public Beta of "
        "Gitpod.",
        "After over one year of intensive work, the public Beta of Gitpod is here.",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2021/0930-announcing-linkerd-2-11/index.md",
        "Today we're very happy to announce the release of Linkerd 2.11.",
        "Today Linkerd 2.11 is here.",
    ),
    # "happy to report that <news>" → the news
    (
        "linkerd-website/linkerd.io/content/blog/2024/1205-announcing-linkerd-2.17/index.md",
        "We're delighted to report that the CNCF is hosting Linkerd Day at Kubecon London next "
        "April!",
        "The CNCF is hosting Linkerd Day at Kubecon London next April!",
    ),
    # "excited to bring you X" → "you get X"
    (
        "gitpod-website/src/routes/blog/open-vsx-in-gitpod.md",
        "Today, we're excited to bring you Open VSX support in Gitpod as well.",
        "Today, you get Open VSX support in Gitpod as well.",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2019/0820-announcing-linkerd-2-5/index.md",
        "Today we're happy to announce the release of Linkerd 2.5!",
        "Today Linkerd 2.5 is here!",
    ),
    (
        "gitpod-website/src/routes/blog/gitpod-open-source-sustainability-fund.md",
        "Today we are announcing five things:",
        "Today five things are here:",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2022/0727-linkerd-hero/index.md",
        "We are excited to announce this month's Linkerd Hero: Dominik Táskai.",
        "Here is this month's Linkerd Hero: Dominik Táskai.",
    ),
    (
        "gitpod-website/src/routes/blog/gitlab-support.md",
        "We are happy to announce that you can finally enjoy Gitpod's frictionless ready-to-code "
        "dev environments on GitLab as well.",
        "You can finally enjoy Gitpod's frictionless ready-to-code dev environments on GitLab as "
        "well.",
    ),
    (
        "elixir-lang-site/_posts/2025-02-26-elixir-openchain-certification.markdown",
        "We are pleased to share that the Elixir project now complies with OpenChain (ISO/IEC "
        "5230), an international standard for open source license compliance.",
        "The Elixir project now complies with OpenChain (ISO/IEC 5230), an international standard "
        "for open source license compliance.",
    ),
]

# (source, sentence, why): flagged, but no honest rewrite —
# the suggestion stays the rule's advice.
CORPUS_HINTS = [
    (
        "gitpod-website/src/routes/blog/next-chapter-for-gitpod.md",
        "We did not need to raise money and actually did not plan for it.",
        "negation",
    ),
    (
        "postmark-templates/templates-inlined/basic-full/trial-expiring/content.html",
        "Is there anything we can do to help?",
        "question",
    ),
    (
        "gitpod-website/src/routes/blog/visual-studio-online-vs-gitpod.md",
        "We actually started the project together with Ericsson and are still among the most "
        "active contributors.",
        "two verbs share the subject",
    ),
    (
        "gitpod-website/src/routes/blog/gitpod-launch.md",
        "We maintain a developer friendly docker image that includes all the commonly used tools "
        "and version managers.",
        "a verb about the company alone",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2021/1228-linkerd-service-account-tokens/index.md",
        "By relying on service accounts, we can provide on-by-default mutual TLS with zero config "
        "for all meshed pods, the moment you install Linkerd.",
        "the opening participle would dangle",
    ),
    (
        "elixir-lang-site/_posts/2021-02-03-social-messaging-with-elixir-at-community.markdown",
        # (closing quote dropped: inside the quote a customer speaks, and that is not flagged)
        "On the other hand, we deliver SMSes in coordination with partners who impose different "
        "restrictions on volumes, rate limiting, etc.",
        "deliver without a recipient means transmit",
    ),
    (
        "cilium-io/src/posts/2024-01-26-cilium-empowering-the-enterprise/index.md",
        "Cilium's unique architecture enables it to operate directly within the Linux kernel, "
        "resulting in substantial performance improvements.",
        "the one enabled is a thing, not the reader",
    ),
    (
        "postmark-templates/templates-inlined/basic-full/welcome/content.html",
        "We’re thrilled to have you on board.",
        "a feeling with no news",
    ),
    (
        "cilium-io/src/posts/2023-01-25-hetzner/index.md",
        "Since we are a cloud provider, we provide our core internal infrastructure on bare metal "
        "servers.",
        "the object is the company's own",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2026/0623-announcing-linkerd-2.20/index.md",
        "Linkerd 2.20 brings our maximum supported Kubernetes versions up to 1.35 and our maximum "
        "supported Gateway API version up to 1.5.1.",
        "a phrasal verb",
    ),
    (
        "cilium-io/src/posts/"
        "30-09-2017-cilium-v010-and-v011-released-double-the-fun-two-updates-in-one/index.md",
        "In Cilium v0.11, we provided L7 policy examples in our Mesos Getting Started Guide.",
        "the simple past addresses a reader who was not there",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2024/0221-announcing-linkerd-2.15/index.md",
        "Today we're happy to announce the release of Linkerd 2.15, which adds support for "
        "workloads outside of Kubernetes.",
        "a lead-in before 'here is' reads unnaturally",
    ),
    (
        "linkerd-website/linkerd.io/content/blog/2020/0504-linkerd-gsoc-2020/index.md",
        "We are excited to announce that Linkerd is participating in the Google Summer of Code "
        "(GSoC) program again this year as a mentor organization!",
        "the announced clause is about the company again",
    ),
    (
        "zulip/templates/corporate/features.html",
        "Even better than Zulip on the web, our desktop apps offer native notifications and "
        "support for multiple Zulip accounts.",
        "an opener comparing the company would dangle on the reader",
    ),
    (
        "zulip/templates/corporate/hello.html",
        "Unlike other chat apps, Zulip lets you read and respond to every message in context, no "
        "matter when it was sent.",
        "a comparison with other products would dangle on the reader",
    ),
    (
        "elixir-lang-site/_posts/2025-06-02-elixir-outreach-stipend-for-speakers.markdown",
        "We will provide funds to community members to speak in-person about anything related to "
        "Elixir and the Erlang VM.",
        "a programme for some people would become a promise to every reader",
    ),
    (
        "cilium-io/src/posts/2025-04-15-tetragon-user-story-social-network/index.md",
        "Tetragon allows us to block activities at runtime, which becomes crucial when managing a "
        "large number of violations.",
        "a customer speaking (us): a testimonial is not a promise",
    ),
    (
        "zulip/templates/corporate/for/communities.md",
        "Zulip’s topic-based threading helps us manage simultaneous discussions with clarity, "
        "ensuring the right people can pay attention to the right messages.",
        "a customer speaking about what the product did for them",
    ),
]

# The sentence shapes a rewrite is built for, on our own sentences (not corpus copy).
REWRITTEN_SHAPES = [
    ("We offer 24/7 support.", "You get 24/7 support."),
    ("As always, we offer free shipping.", "As always, you get free shipping."),
    ("We provide you with a dedicated account manager.", "You get a dedicated account manager."),
    ("We offer 24/7 support to our customers.", "You get 24/7 support."),
    ("Acme is offering a free trial.", "With Acme, you are getting a free trial."),
    # the audience the sentence named stays, as the reader addressed
    ("We let teams ship faster.", "As a team, you can ship faster."),
    ("We help you manage their clusters.", "With our help, you manage your clusters."),
    ("We offer 24/7 support to small businesses.", "As a small business, you get 24/7 support."),
    ("We provide developers with a free tier.", "As a developer, you get a free tier."),
    ("We offer users a free tier.", "You get a free tier."),
    # help from "we" stays as "our help": without it the rewrite is a bare claim
    ("We help everyone learn faster.", "With our help, you learn faster."),
    ("We help you ship faster.", "With our help, you ship faster."),
    ("We can help you grow your business!", "With our help, you can grow your business!"),
    ("We are proud to announce our new release.", "The new release is here."),
    # a named product, in the present
    ("Acme is available in most countries.", "You can get Acme in most countries."),
    ("Acme is now available to you on iOS.", "You can now get Acme on iOS."),
    ("Acme also supports single sign-on.", "With Acme, you can also use single sign-on."),
    (
        "We've compiled a list of the best tools for you.",
        "Here is a list of the best tools for you.",
    ),
    ("Acme makes it easy to move your files.", "With Acme, you can easily move your files."),
    ("We make it easy for you to switch.", "You can easily switch."),
    ("Acme comes with a free plan.", "With Acme, you get a free plan."),
    ("Acme protects you from phishing.", "With Acme, you are protected from phishing."),
    ("We want to thank you for your support.", "Thank you for your support."),
    # recommend: the advice itself
    (
        "We recommend that you enable two-factor authentication.",
        "Enable two-factor authentication.",
    ),
    ("We're excited to share our roadmap!", "The roadmap is here!"),
]
# Shapes with no honest rewrite: the finding keeps the rule's advice.
ADVICE_ONLY = [
    "We don't charge fees.",
    "We offered our customers a discount.",  # the simple past: "you got" was not the reader
    "Do we offer support?",
    "Our team will handle the migration.",
    "We build and ship storage engines.",
    "We have offices in Berlin, Lisbon and Austin.",
    # "will help" would become a promise: "you will ship"
    "Our platform will help teams ship faster.",
    # no sure singular for the audience, and dropping it would change whom the copy is for
    "We help many teams grow.",
    "We help teams that ship daily move faster.",
    # "With our help, as a small business, you …": openers would stack up
    "We help small businesses grow.",
    "Our platform lets teams ship faster.",
    # the doer of a trailing phrase would become the reader
    "Acme gives you more control by introducing folders.",
    # what the company has or is for itself; people, not a product; the past
    "Acme has offices in Berlin.",
    "Acme has no interest in your data.",
    "Acme has millions of downloads.",
    "We provide world-class support to over 10,000 customers.",  # the number would be lost
    "Acme has a new CEO.",
    "Acme has certain prerequisites, such as Kubernetes.",  # the reader's burden, not an offer
    "Acme supports diversity.",  # a cause the company backs, not something the reader uses
    "Acme supports Windows, macOS and Linux.",  # platforms it runs on: not "you can use Windows"
    "As a leader in storage, we offer the best backups.",  # the opener describes the company
    "We've put together a team of experts.",
    "Our agents are available to answer calls.",
    "Acme supports small businesses.",
    "We showed you how to deploy it.",
    "We love VS Code.",
    "We recommend that you not share your password.",  # a negation
    "We are happy to report a few numbers.",  # a report is news only as a clause
    # a third person beside "you"
    "Acme provides a simple way for the public to sign in.",
]


@pytest.fixture(scope="module")
def brand_linter() -> Any:
    from customerlens.analysis.linter import Linter

    return Linter(Config(brands=BRANDS))


def _flagged(linter: Any, sentence: str) -> Finding:
    result = linter.lint(parse(sentence, "draft.txt", "text"))
    found = [f for f in result.findings if f.rule in RULES]
    assert found, f"not flagged by {sorted(RULES)}: {sentence}"
    return found[0]


@pytest.mark.parametrize(
    ("source", "sentence", "expected"), CORPUS_REWRITES, ids=[r[2][:40] for r in CORPUS_REWRITES]
)
def test_corpus_sentences_get_exact_rewrites(
    brand_linter: Any, source: str, sentence: str, expected: str
) -> None:
    finding = _flagged(brand_linter, sentence)
    assert finding.rewrite == expected
    assert finding.suggestion  # the rule's advice comes with the rewrite


@pytest.mark.parametrize(
    ("source", "sentence", "why"), CORPUS_HINTS, ids=[r[2] for r in CORPUS_HINTS]
)
def test_corpus_sentences_without_an_honest_rewrite_keep_the_advice(
    brand_linter: Any, source: str, sentence: str, why: str
) -> None:
    finding = _flagged(brand_linter, sentence)
    assert finding.rewrite is None
    assert finding.suggestion  # the rule's general advice


def test_a_belief_gets_a_hint_naming_the_words_to_drop(brand_linter: Any) -> None:
    # gitpod-website/src/routes/blog/next-chapter-for-gitpod.md
    sentence = (
        "We believe that by 2023 ephemeral cloud-based development environments will be as "
        "common as CI/CD is today."
    )
    finding = _flagged(brand_linter, sentence)
    assert (
        finding.suggestion == 'Drop "We believe that" and lead with what the reader gets from it.'
    )
    ours = _flagged(brand_linter, "At Acme, we believe in quality.")
    assert (
        ours.suggestion == 'Drop "At Acme, we believe" and lead with what the reader gets from it.'
    )


# (sentence, rule, words the advice must hold, canned words it must not): the advice is built
# from the sentence, never an example about some other product.
ADVICE_FITS = [
    (
        "We are Acme, the leading provider of cloud storage.",
        "CL101",
        "'We are'",
        ("You get", "e.g."),
    ),
    (
        # postmark-templates/templates-inlined/basic-full/trial-expired/content.html
        "But don't worry, we'll send you another email before that happens.",
        "CL102",
        "'you'",
        ("ship faster", "e.g."),
    ),
    (
        "We are proud to be trusted by thousands of organizations.",
        "CL103",
        "'We are'",
        ("X is here", "e.g."),
    ),
]


@pytest.mark.parametrize(("sentence", "rule", "holds", "canned"), ADVICE_FITS)
def test_advice_is_built_from_the_sentence(
    brand_linter: Any, sentence: str, rule: str, holds: str, canned: tuple[str, ...]
) -> None:
    result = brand_linter.lint(parse(sentence, "draft.txt", "text"))
    [finding] = [f for f in result.findings if f.rule == rule]
    assert holds in finding.suggestion and "{" not in finding.suggestion
    assert not any(word in finding.suggestion for word in canned), finding.suggestion


@pytest.mark.parametrize(("sentence", "expected"), REWRITTEN_SHAPES)
def test_each_shape_gets_its_rewrite_and_the_rewrite_is_not_flagged(
    linter: Any, lint_text: Any, sentence: str, expected: str
) -> None:
    assert _flagged(linter, sentence).rewrite == expected
    again = lint_text(expected, "draft.txt")
    assert not [
        f.rule for f in again.findings if f.rule in RULES
    ]  # the rewrite is not flagged itself


@pytest.mark.parametrize("sentence", ADVICE_ONLY)
def test_shapes_without_an_honest_rewrite_get_none(linter: Any, sentence: str) -> None:
    assert _flagged(linter, sentence).rewrite is None


def test_a_sentence_over_several_lines_is_rewritten_on_one(lint_text: Any) -> None:
    result = lint_text(
        "Some intro text that says nothing much.\n\nWe offer round-the-clock support\nfor every "
        "plan.\n"
    )
    [finding] = [f for f in result.findings if f.rule == "CL101"]
    assert (
        finding.advice().splitlines()[0]
        == "Rewrite: You get round-the-clock support for every plan."
    )
    assert (finding.line, finding.column) == (3, 1)


def _finding(rewrite: str | None, suggestion: str) -> Finding:
    return Finding(
        "CL101", "them", Level.WARNING, 1, 1, 1, 3, "We", "m", suggestion, rewrite=rewrite
    )


def test_one_text_field_carries_the_rewrite_then_the_advice() -> None:
    assert _finding("You get X.", "Advice.").advice() == "Rewrite: You get X.\nAdvice."
    assert _finding(None, "Advice.").advice() == "Advice."
    assert _finding("You get\nX.", "").advice() == "Rewrite: You get X."


def _run(capsys: Any, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


DRAFT = "We offer 24/7 support. We have offices in Berlin, Lisbon and Austin.\n"


def test_json_carries_the_rewrite_in_suggestion(tmp_path: Path, capsys: Any) -> None:
    import json

    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    code, out = _run(capsys, "check", str(draft), "--format", "json", "--select", "CL101")
    findings = {f["context"]: f for f in json.loads(out)["files"][0]["findings"]}
    offer = findings["We offer 24/7 support."]["suggestion"]
    assert offer == (
        "Rewrite: You get 24/7 support.\n"
        "Turn 'We offer' around: make the reader the subject and say what they get or can do."
    )
    offices = findings["We have offices in Berlin, Lisbon and Austin."]["suggestion"]
    assert offices == (
        "Turn 'We have' around: make the reader the subject and say what they get or can do."
    )
    assert code == 1


def test_show_rewrites_prints_them_under_each_finding(tmp_path: Path, capsys: Any) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    before = draft.read_bytes()
    _, shown = _run(
        capsys, "check", str(draft), "--show-rewrites", "--no-color", "--select", "CL101"
    )
    _, plain = _run(
        capsys, "check", str(draft), "--format", "text", "--no-color", "--select", "CL101"
    )
    assert "✎ You get 24/7 support." in shown
    # the default report keeps the advice only
    assert "✎" not in plain and "Rewrite:" not in plain
    lines = shown.splitlines()
    at = next(i for i, line in enumerate(lines) if "✎ You get 24/7 support." in line)
    assert "»We offer« 24/7 support." in "\n".join(lines[at - 4 : at])  # under its own finding
    assert shown.count("→ Turn ") == 2 and shown.count("✎") == 1
    assert draft.read_bytes() == before  # never rewrites the user's file


JUDGED = Path(__file__).resolve().parents[2] / "data" / "rewrites"

# Judged acceptable, no longer proposed verbatim on purpose (id: why).
CHANGED = {
    "f33": "a trailing participle ('…, presenting options') is refused: it may be the company's",
}


def _judged(prefix: str) -> list[tuple[dict[str, Any], bool]]:
    """(sample item, acceptable after the third reading) of data/rewrites/<prefix>*."""
    items = [
        json.loads(line) for line in (JUDGED / f"{prefix}sample.jsonl").read_text().splitlines()
    ]
    judged = {
        j["id"]: j["acceptable"]
        for j in map(json.loads, (JUDGED / f"{prefix}judged.jsonl").read_text().splitlines())
    }
    return [(item, judged[item["id"]]) for item in items]


def _rewrites(linter: Any, sentence: str) -> set[str]:
    result = linter.lint(parse(sentence, "draft.txt", "text"))
    return {f.rewrite for f in result.findings if f.rewrite and f.rule in RULES}


def _check_judged(item: dict[str, Any], acceptable: bool, rewrites: set[str]) -> None:
    """A rewrite judged unacceptable is never proposed again verbatim; an acceptable one still
    is, unless it is listed in CHANGED."""
    if not acceptable:
        assert item["rewrite"] not in rewrites, item["id"]
    elif item["id"] not in CHANGED:
        assert item["rewrite"] in rewrites, item["id"]
    else:
        assert item["rewrite"] not in rewrites, (
            f"{item['id']} is proposed again: drop it from CHANGED"
        )


def test_no_rewrite_judged_unacceptable_comes_back() -> None:
    """data/rewrites/: 60 rewrites of real corpus sentences, judged by two readers (no
    configuration, as the sample was drawn)."""
    from customerlens.analysis.linter import Linter

    plain = Linter(Config())
    judged = _judged("")
    assert len(judged) == 60
    for item, acceptable in judged:
        _check_judged(item, acceptable, _rewrites(plain, item["sentence"]))


def test_no_fresh_rewrite_judged_unacceptable_comes_back() -> None:
    """data/rewrites/fresh-*: 38 rewrites of labelled-set sentences (each site's brand names
    configured), judged out of sample."""
    from customerlens.analysis.linter import Linter

    brands = json.loads((JUDGED.parent / "judgement" / "brands.json").read_text())
    linters: dict[str, Any] = {}
    judged = _judged("fresh-")
    assert len(judged) == 38
    for item, acceptable in judged:
        site = item["site"]
        if site not in linters:
            linters[site] = Linter(Config(brands=tuple(brands.get(site, ()))))
        _check_judged(item, acceptable, _rewrites(linters[site], item["sentence"]))


def test_the_held_out_figure_describes_the_tool_today() -> None:
    """data/rewrites/heldout-*: every rewrite the tool proposes on 27 pages it was never
    developed on (12 sites, each brand configured), judged after the rewriter was finished:
    6 of 8 acceptable. The figure holds only while these are exactly what it proposes; a change
    to them (h04 and h08 were rejected) needs a new held-out set, judged again."""
    from customerlens.analysis.linter import Linter

    judged = _judged("heldout-")
    assert len(judged) == 8 and sum(acceptable for _, acceptable in judged) == 6
    for item, _ in judged:
        linter = Linter(Config(brands=tuple(item["brand"])))
        assert item["rewrite"] in _rewrites(linter, item["sentence"]), item["id"]
