"""How long a keystroke's diagnostics take in `customerlens lsp` on a long draft, next to a full
check of the same draft, in one run (medians; run by hand, never from the tests).

    python benchmarks/lsp.py [--words 3000] [--runs 7]

The draft is made of corpus pages (../shared/corpus/landing) up to the word count. "full" is the
first check of the document after the pipeline is loaded; "keystroke" is the check after one
word of one paragraph changed, as the server runs it once typing pauses (plus its 0.3 s
debounce, not counted here). The server re-checks the whole document: the ratio says how much a
per-paragraph cache would have to save.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from customerlens import check_text
from customerlens.lsp import DEBOUNCE

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "landing"


def draft(words: int) -> str:
    parts: list[str] = []
    total = 0
    for page in sorted(CORPUS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        parts.append(text)
        total += len(text.split())
        if total >= words:
            break
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    text = draft(args.words)
    began = time.perf_counter()
    check_text(text, path="draft.md")  # loads the pipeline, as the server's first check does
    load = time.perf_counter() - began
    full, keystroke = [], []
    for run in range(args.runs):
        changed = text.replace(" the ", f" the{'s' * (run + 1)} ", 1)  # one word, one paragraph
        began = time.perf_counter()
        check_text(text + "\n" * (run + 1), path="draft.md")
        full.append(time.perf_counter() - began)
        began = time.perf_counter()
        check_text(changed, path="draft.md")
        keystroke.append(time.perf_counter() - began)
    f, k = statistics.median(full), statistics.median(keystroke)
    print(f"| draft | {len(text.split())} words |")
    print(f"| first check, pipeline load included | {load:.2f} s |")
    print(f"| full check (median of {args.runs}) | {f:.3f} s |")
    print(
        f"| a keystroke's re-check (median of {args.runs}) | {k:.3f} s (+ {DEBOUNCE} s debounce) |"
    )
    print(f"| re-check ÷ full check | {k / f:.2f} |")


if __name__ == "__main__":
    main()
