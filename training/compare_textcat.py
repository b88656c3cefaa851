"""Measure spaCy's own text classifier on the same split, for the choice of architecture.

    python training/compare_textcat.py OUT_FOLDER

Trains a `textcat_multilabel` (spaCy's efficiency config: a bag-of-words + CNN ensemble with its
own tok2vec, no vectors) on the train split with `spacy train` and prints dev F1 per label at the
best threshold, as train_judgement.py reports for the shipped judgement. Not part of the build.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import DocBin

from customerlens.evaluation import load_rows
from customerlens.nlp.judgement import LABELS

DATA = Path(__file__).resolve().parent.parent / "data" / "judgement"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    for split in ("train", "dev"):
        docs = DocBin()
        for row in load_rows(DATA, split):
            doc = nlp.make_doc(row["text"])
            doc.cats = {label: float(bool(row[label])) for label in LABELS}
            docs.add(doc)
        docs.to_disk(out / f"{split}.spacy")
    config = out / "config.cfg"
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", "en",
         "--pipeline", "textcat_multilabel", "--optimize", "efficiency", "--force"],
        check=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out / "model"),
         "--paths.train", str(out / "train.spacy"), "--paths.dev", str(out / "dev.spacy"),
         "--system.seed", "0", "--training.max_epochs", "15"],
        check=True,
    )  # fmt: skip
    trained = spacy.load(out / "model" / "model-best")
    dev = load_rows(DATA, "dev")
    probabilities = np.array([[doc.cats[label] for label in LABELS] for doc in
                              trained.pipe(row["text"] for row in dev)])  # fmt: skip
    for k, label in enumerate(LABELS):
        truth = np.array([bool(row[label]) for row in dev])
        best = max(
            (2 * (p & truth).sum() / (p.sum() + truth.sum()), t)
            for t in np.arange(0.05, 0.95, 0.05)
            for p in [probabilities[:, k] >= t]
        )
        print(f"{label}: dev F1 {best[0]:.3f} at threshold {best[1]:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
