"""Where spaCy's time goes: CPU time of each pipe over the sentences customerlens parses.

    python benchmarks/pipes.py [FOLDER] [--runs N] [--every K]

Collects the sentences the trigger filter sends to the pipeline (the same split as the linter),
then times every pipe over them, 2,000 sentences at a time with batch size 64, for spaCy's
pipeline as it loads and for customerlens's (`nlp.load`: the attribute ruler replaced by
fastattrs.py). Runs alternate and each loads a fresh pipeline, so memos start cold as in one lint
run. CPU time (time.process_time), medians over the runs: wall time on a shared machine is noise.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from customerlens.analysis.linter import Linter
from customerlens.documents import load
from customerlens.errors import InputError
from customerlens.nlp import pipeline as nlp_module
from customerlens.run.discovery import discover
from customerlens.settings.config import Config

WINDOW, BATCH = 2_000, 64


def parsed_sentences(folder: Path, every: int) -> list[str]:
    """The sentence texts the linter would hand to `nlp.pipe`, over every `every`th file."""
    linter = Linter(Config())
    texts: list[str] = []
    for source in discover([str(folder)]).files[::every]:
        try:
            document = load(
                Path(str(source.path)).read_bytes(), source.display, source.format, False
            )
        except (InputError, OSError):
            continue
        for batch in linter._batches(document):
            texts += [s.doc.text for s in batch if s.parsed and s.doc is not None]
    return texts


def time_pipes(texts: list[str], fast: bool) -> dict[str, float]:
    import spacy

    nlp_module.load.cache_clear()
    model = nlp_module.resolve_model(None)
    nlp = nlp_module.load(model) if fast else spacy.load(model, exclude=["ner"])
    times = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for low in range(0, len(texts), WINDOW):
        start = time.process_time()
        docs = [nlp.make_doc(text) for text in texts[low : low + WINDOW]]
        times["tokenizer"] += time.process_time() - start
        for name, pipe in nlp.pipeline:
            start = time.process_time()
            docs = (
                list(pipe.pipe(docs, batch_size=BATCH))
                if hasattr(pipe, "pipe")
                else [pipe(d) for d in docs]
            )
            times[name] += time.process_time() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "raw",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="every Kth file only")
    args = parser.parse_args()
    texts = parsed_sentences(args.folder, args.every)
    print(f"{len(texts):,} parsed sentences, {sum(len(t.split()) for t in texts):,} words")
    runs: dict[str, dict[str, list[float]]] = {"spaCy as loaded": {}, "customerlens": {}}
    for _ in range(args.runs):
        for variant, by_pipe in runs.items():
            for name, seconds in time_pipes(texts, variant == "customerlens").items():
                by_pipe.setdefault(name, []).append(seconds)
    for variant, by_pipe in runs.items():
        medians = {name: statistics.median(values) for name, values in by_pipe.items()}
        cells = ", ".join(f"{name} {seconds:.2f}" for name, seconds in medians.items())
        print(f"{variant}: {cells}; total {sum(medians.values()):.2f} s")


if __name__ == "__main__":
    main()
