"""Judgement quality: precision, recall and F1 of customerlens against hand-labelled sentences,
next to the naive "we-we calculator" baseline, and how often a rewrite scores higher.

The data set (tests/eval/) has one sentence per line with four boolean labels; a sentence is
linted on its own, as plain text, with the brand names of the site it came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from customerlens.analysis.linter import Analysis, Linter
from customerlens.analysis.scoring import score_document
from customerlens.documents import parse
from customerlens.settings.config import Config

LABELS = ("self_focus", "reader_focus", "benefit", "self_praise")
PRAISE_RULES = frozenset({"CL201", "CL202", "CL204", "CL103"})
TARGETS = {
    "self_focus": {"precision": 0.90, "recall": 0.85},
    "benefit": {"f1": 0.80},
    "self_praise": {"f1": 0.80},
}
BASELINE_MARGIN = 0.10
PAIR_TARGET = 0.95

_SELF = re.compile(r"\b(we|us|our|ours|ourselves)\b|\bwe['’](re|ll|ve|d)\b", re.IGNORECASE)
_READER = re.compile(r"\b(you|your|yours|yourself|yourselves)\b", re.IGNORECASE)


def predict(analysis: Analysis) -> dict[str, bool]:
    """Map a one-sentence analysis to the four labels."""
    found = analysis.found
    sentences = analysis.sentences
    return {
        "self_focus": any(spec.pillar == "them" and spec.level >= 2 for spec, _ in found),
        "reader_focus": any(s.has("reader") for s in sentences),
        "benefit": any(s.benefit for s in sentences),
        "self_praise": any(spec.id in PRAISE_RULES for spec, _ in found),
    }


def baseline(text: str) -> dict[str, bool]:
    """The classic we-we calculator, per sentence: more 'we' than 'you', or the reverse."""
    we, you = len(_SELF.findall(text)), len(_READER.findall(text))
    return {
        "self_focus": we > you,
        "reader_focus": you > we,
        "benefit": you > we,
        "self_praise": we > you,
    }


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, actual: bool) -> Counts:
        return Counts(
            self.tp + (predicted and actual),
            self.fp + (predicted and not actual),
            self.fn + (actual and not predicted),
        )

    def figures(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


class Evaluator:
    """Lints evaluation texts with one Linter per site's brand set."""

    def __init__(self, folder: Path, config: Config) -> None:
        self.folder = folder
        self.config = config
        brands = json.loads((folder / "brands.json").read_text(encoding="utf-8"))
        self.brands: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in brands.items() if not k.startswith("_")
        }
        self._linters: dict[tuple[str, ...], Linter] = {}

    def analyse(self, text: str, source: str) -> Analysis:
        brands = self.brands.get(source.split("/", 1)[0], ())
        if brands not in self._linters:
            self._linters[brands] = Linter(Config(**{**self.config.__dict__, "brands": brands}))
        return self._linters[brands].analyse(parse(text, "sentence.txt", "text"))

    def total(self, text: str, source: str) -> float:
        analysis = self.analyse(text, source)
        score = score_document(
            analysis.sentences,
            analysis.found,
            analysis.readability,
            self.config.weights,
            min_words=0,
        )
        return score.total or 0.0


def _rows(path: Path, split: str) -> list[dict[str, Any]]:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [r for r in rows if split == "all" or r.get("split", split) == split]


def _score(
    rows: Iterable[dict[str, Any]], guess: Callable[[dict[str, Any]], dict[str, bool]]
) -> dict[str, dict[str, float]]:
    counts = {label: Counts() for label in LABELS}
    for row in rows:
        predicted = guess(row)
        counts = {label: counts[label].add(predicted[label], bool(row[label])) for label in LABELS}
    return {label: counts[label].figures() for label in LABELS}


def evaluate(folder: Path, split: str = "test", config: Config | None = None) -> dict[str, Any]:
    """Figures for customerlens and the baseline on one split, and the pairs' outcome."""
    evaluator = Evaluator(folder, config or Config())
    rows = _rows(folder / "sentences.jsonl", split)
    tool = _score(rows, lambda r: predict(evaluator.analyse(r["text"], r["source"])))
    naive = _score(rows, lambda r: baseline(r["text"]))
    pairs = _rows(folder / "pairs.jsonl", "all")
    better = sum(
        evaluator.total(p["after"], p["source"]) > evaluator.total(p["before"], p["source"])
        for p in pairs
    )
    return {
        "split": split,
        "sentences": len(rows),
        "customerlens": tool,
        "baseline": naive,
        "pairs": {
            "count": len(pairs),
            "rewrite_scores_higher": round(better / len(pairs), 3) if pairs else 0.0,
        },
        "failures": failures(tool, naive, better / len(pairs) if pairs else 0.0),
    }


def failures(
    tool: dict[str, dict[str, float]], naive: dict[str, dict[str, float]], pair_share: float
) -> list[str]:
    """Every target the figures miss, in words."""
    missed = [
        f"{label} {measure} {tool[label][measure]:.3f} < {target:.2f}"
        for label, wanted in TARGETS.items()
        for measure, target in wanted.items()
        if tool[label][measure] < target
    ]
    missed += [
        f"{label} F1 {tool[label]['f1']:.3f} is not {BASELINE_MARGIN:.2f} above the baseline's {naive[label]['f1']:.3f}"
        for label in LABELS
        if tool[label]["f1"] < naive[label]["f1"] + BASELINE_MARGIN
    ]
    if pair_share < PAIR_TARGET:
        missed.append(f"rewrites score higher in {pair_share:.1%} of pairs < {PAIR_TARGET:.0%}")
    return missed


def render(report: dict[str, Any]) -> str:
    """The figures as a plain table, targets and misses last."""
    lines = [
        f"split {report['split']}: {report['sentences']} sentences",
        "",
        f"{'label':<14}{'precision':>10}{'recall':>8}{'F1':>7}   {'baseline F1':>11}",
    ]
    for label in LABELS:
        tool, naive = report["customerlens"][label], report["baseline"][label]
        lines.append(
            f"{label:<14}{tool['precision']:>10.3f}{tool['recall']:>8.3f}{tool['f1']:>7.3f}   {naive['f1']:>11.3f}"
        )
    pairs = report["pairs"]
    lines += [
        "",
        f"pairs: the rewrite scores higher in {pairs['rewrite_scores_higher']:.1%} of {pairs['count']}",
    ]
    lines += ["", "targets missed:" if report["failures"] else "every target met"]
    lines += [f"  - {miss}" for miss in report["failures"]]
    return "\n".join(lines)
