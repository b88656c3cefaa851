"""Drafts and folders for the settings tests: each folder's `.customerlens.toml` holds the one
setting its test is about, and `CASCADE` nests configuration files for the cascade tests."""

from __future__ import annotations

from pathlib import Path

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


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
