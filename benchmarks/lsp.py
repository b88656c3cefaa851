"""How long a keystroke's diagnostics take in `customerlens lsp` on a long draft, next to a full
check of the same draft, in one run (medians; run by hand, never from the tests).

    python benchmarks/lsp.py [--words 3000] [--runs 7]

The draft is made of corpus pages (../shared/corpus/landing) up to the word count. "full" is the
first check of the document after the pipeline is loaded; "keystroke" is the check after one
word of one paragraph changed, as the server runs it once typing pauses (plus its 0.3 s
debounce, not counted here). The server keeps parsed sentences, so a re-check parses only the
sentences that changed; the rest of the check (signals, rules, judgement, score) runs again on
the whole document.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from customerlens import Config, check_text
from customerlens.analysis import linter
from customerlens.lsp import DEBOUNCE, PARSES_KEPT

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
    whole = Config(brands=("Full check",))  # its Linter keeps no parses: every check parses all
    check_text(text, path="draft.md", config=whole)
    linter.KEEP_PARSES = PARSES_KEPT  # the server's Linter, made by the next first check
    began = time.perf_counter()
    check_text(text, path="draft.md")
    load = time.perf_counter() - began  # the pipeline is loaded already: a first, full parse
    full, keystroke = [], []
    for run in range(args.runs):
        changed = text.replace(" the ", f" the{'s' * (run + 1)} ", 1)  # one word, one paragraph
        began = time.perf_counter()
        check_text(changed, path="draft.md", config=whole)
        full.append(time.perf_counter() - began)
        check_text(text, path="draft.md")  # the document as it was before the keystroke
        began = time.perf_counter()
        check_text(changed, path="draft.md")
        keystroke.append(time.perf_counter() - began)
    f, k = statistics.median(full), statistics.median(keystroke)
    print(f"| draft | {len(text.split())} words |")
    print(f"| the server's first check of the draft | {load:.2f} s |")
    print(f"| full check (median of {args.runs}) | {f:.3f} s |")
    print(
        f"| a keystroke's re-check (median of {args.runs}) | {k:.3f} s (+ {DEBOUNCE} s debounce) |"
    )
    print(f"| re-check ÷ full check | {k / f:.2f} |")


if __name__ == "__main__":
    main()
