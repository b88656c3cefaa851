"""Draw whole pages of the shared corpus into `data/judgement/collect/` for labelling.

Pages are drawn at random (fixed seed) among those not already in the first labelled set, and
every sentence of a drawn page is kept in order, so labellers read each one in its page and no
keyword decides what is sampled. Usage: python training/corpus_sentences.py ../shared/corpus
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import spacy

from customerlens.documents import format_for, load
from customerlens.nlp.pipeline import resolve_model

SITES = {
    # site: (kind, target sentences, path filter)
    "linkerd-website": ("developer tools", 150, r""),
    "cilium-io": ("developer tools", 150, r""),
    "elixir-lang-site": ("developer tools", 110, r"_posts/"),
    "gitpod-website": ("developer tools", 110, r""),
    "zulip": ("saas", 170, r""),
    "postmark-templates": ("saas", 110, r"content\.txt$"),
}
MAX_PER_PAGE = 45
OUT = Path(__file__).resolve().parent.parent / "data" / "judgement" / "collect"


def _unit(kind: str, words: int) -> str:
    if kind == "heading":
        return "heading"
    if kind == "item":
        return "list-item"
    return "sentence"


def main(corpus: Path) -> None:
    seen = {
        json.loads(line)["source"] for line in open(OUT.parent / "first-set" / "sentences.jsonl")
    }
    nlp = spacy.load(resolve_model(None), disable=["ner", "lemmatizer"])
    rng = random.Random(20261203)
    for site, (kind, target, pattern) in SITES.items():
        root = corpus / "raw" / site
        pages = sorted(
            p
            for p in root.rglob("*")
            if p.is_file()
            and format_for(str(p))
            and re.search(pattern, str(p))
            and f"{site}/{p.relative_to(root)}" not in seen
        )
        rng.shuffle(pages)
        rows: list[dict[str, object]] = []
        for page in pages:
            if len(rows) >= target:
                break
            fmt = format_for(str(page)) or "text"
            doc = load(page.read_bytes(), str(page), fmt, front_matter=True)
            n = 0
            for block in doc.blocks:
                text = re.sub(r"\s+", " ", block.text).strip()
                for sent in nlp(text).sents:
                    s = sent.text.strip()
                    words = len(s.split())
                    if words < 2 or words > 70 or re.search(r"[{}<>=;$]|\w\(|::|/\w+/", s):
                        continue
                    n += 1
                    rows.append(
                        {
                            "site": site,
                            "kind": kind,
                            "source": f"{site}/{page.relative_to(root)}",
                            "commit": None,
                            "n": n,
                            "text": s,
                            "unit": _unit(block.kind, words),
                        }
                    )
                    if n >= MAX_PER_PAGE:
                        break
                if n >= MAX_PER_PAGE:
                    break
        with open(OUT / f"{site}.jsonl", "w") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(site, len(rows), "sentences from", len({r["source"] for r in rows}), "pages")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
