"""Train the judgement (customerlens/nlp/judgement.npz) from the labelled set, reproducibly.

    python training/train_judgement.py VECTORS.npz            # search on dev, then fit
    python training/train_judgement.py VECTORS.npz --refit    # the recorded choices, fit again

VECTORS.npz is the distilled wordpiece table from training/distil_vectors.py (only its first
`--dims` principal components ship), or the shipped judgement.npz itself, which carries them:
a team retrains on its own labels without distilling again. Each labelled sentence is linted on
its own with its site's seller names — exactly as `customerlens evaluate` reads it — and turned
into features by `customerlens.nlp.judgement`; one L2-regularised logistic regression per label
is fitted by full-batch Adam from zeros (no random state at all: equal data, equal model). The
regularisation and each label's threshold are chosen on the dev split and recorded in
training/judgement.json; the shipped model is then fitted on train + dev. The test split is
never read here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from customerlens.evaluation import Evaluator, load_rows
from customerlens.nlp.judgement import GRAMMAR, HASH_BUCKETS, LABELS, Judge, pack, unpack

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "judgement"
# L2 strength for the dense features (meaning, grammar, rules) and for the hashed words, which
# are many and sparse and overfit first; each label takes the pair that does best on dev.
PENALTIES = tuple((dense, words) for dense in (3e-4, 1e-3, 3e-3) for words in (3e-3, 1e-2, 3e-2))
STEPS = 400


def fit(x: np.ndarray, y: np.ndarray, penalty: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression by full-batch Adam, positives weighted to balance the classes."""
    w, b = np.zeros(x.shape[1]), 0.0
    pos = max(y.mean(), 1e-3)
    weight = np.where(y > 0, 0.5 / pos, 0.5 / (1 - pos))
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    for step in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-np.clip(x @ w + b, -30, 30)))
        error = (p - y) * weight / len(y)
        grad_w = x.T @ error + penalty * w
        grad_b = float(error.sum())
        m_w = 0.9 * m_w + 0.1 * grad_w
        v_w = 0.999 * v_w + 0.001 * grad_w**2
        m_b = 0.9 * m_b + 0.1 * grad_b
        v_b = 0.999 * v_b + 0.001 * grad_b**2
        rate = 0.05 * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        w -= rate * m_w / (np.sqrt(v_w) + 1e-8)
        b -= rate * m_b / (np.sqrt(v_b) + 1e-8)
    return w, b


def f1(predicted: np.ndarray, actual: np.ndarray) -> float:
    tp = float((predicted & actual).sum())
    return 2 * tp / (predicted.sum() + actual.sum()) if predicted.sum() + actual.sum() else 0.0


def best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The threshold (0.20–0.90) with the best F1 on these sentences."""
    scored = [(f1(p >= t, y), t) for t in np.arange(0.20, 0.91, 0.025)]
    return max(scored, key=lambda s: (s[0], -abs(s[1] - 0.5)))[::-1]


def matrix(judge: Judge, evaluator: Evaluator, rows: list[dict[str, Any]]) -> np.ndarray:
    out = []
    for row in rows:
        analysis = evaluator.analyse(row["text"], row["site"])
        rules = {spec.id for spec, _ in analysis.found}
        brands = evaluator.brands.get(row["site"], ())
        out.append(judge.features(row["text"], analysis.sentences, rules, brands))
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors", type=Path)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--out", type=Path, default=ROOT / "customerlens" / "nlp" / "judgement.npz")
    parser.add_argument("--refit", action="store_true", help="reuse training/judgement.json")
    parser.add_argument("--record", type=Path, default=ROOT / "training" / "judgement.json")
    args = parser.parse_args()
    recorded = json.loads(args.record.read_text()) if args.refit else None
    table = np.load(args.vectors)
    rules = sorted(_sentence_rules())
    judge = Judge(
        {
            "pieces": table["pieces"],
            "vectors": table["vectors"][:, : args.dims].astype(np.float16),
            "rules": np.array(rules),
            "weights": np.zeros((len(LABELS), args.dims + GRAMMAR + len(rules) + HASH_BUCKETS)),
            "bias": np.zeros(len(LABELS)),
            "thresholds": np.full(len(LABELS), 0.5),
        }
    )
    evaluator = Evaluator(DATA, judge=judge)
    train, dev = load_rows(DATA, "train"), load_rows(DATA, "dev")
    x_train, x_dev = matrix(judge, evaluator, train), matrix(judge, evaluator, dev)
    report: dict[str, Any] = recorded or {
        "dims": args.dims, "train": len(train), "dev": len(dev), "labels": {}
    }  # fmt: skip
    weights, biases, thresholds = [], [], []
    for label in LABELS:
        y_train = np.array([bool(r[label]) for r in train], dtype=float)
        y_dev = np.array([bool(r[label]) for r in dev])
        if recorded:
            chosen = recorded["labels"][label]
            penalty, threshold = tuple(chosen["penalty"]), chosen["threshold"]
        else:
            trials = []
            for pair in PENALTIES:
                w, b = fit(x_train, y_train, _penalty(x_train.shape[1], pair))
                p = 1 / (1 + np.exp(-(x_dev @ w + b)))
                threshold, score = best_threshold(p, y_dev)
                trials.append((round(float(score), 3), pair, round(float(threshold), 3)))
            score, penalty, threshold = max(trials)
            report["labels"][label] = {
                "dev_f1": score,
                "penalty": penalty,
                "threshold": threshold,
                "trials": [(s, p) for s, p, _ in trials],
            }
            print(label, report["labels"][label])
        x_all = np.vstack([x_train, x_dev])
        y_all = np.concatenate([y_train, y_dev.astype(float)])
        w, b = fit(x_all, y_all, _penalty(x_all.shape[1], penalty))
        weights.append(w)
        biases.append(b)
        thresholds.append(threshold)
    np.savez(  # not compressed: float16 vectors barely shrink, and loading stays fast
        args.out,
        pieces=pack(unpack(table["pieces"])),
        vectors=table["vectors"][:, : args.dims].astype(np.float16),
        rules=np.array(rules),
        weights=np.array(weights, dtype=np.float32),
        bias=np.array(biases, dtype=np.float32),
        thresholds=np.array(thresholds, dtype=np.float32),
    )
    if not recorded:
        args.record.write_text(json.dumps(report, indent=1) + "\n")


def _penalty(size: int, pair: tuple[float, float]) -> np.ndarray:
    penalty = np.full(size, pair[0])
    penalty[size - HASH_BUCKETS :] = pair[1]
    return penalty


def _sentence_rules() -> set[str]:
    from customerlens.checks.kinds import KINDS
    from customerlens.checks.loader import load_rules

    return {spec.id for spec in load_rules(()) if KINDS[spec.kind].SENTENCE_SCOPE}


if __name__ == "__main__":
    main()
