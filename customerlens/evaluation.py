"""Judgement quality: precision, recall and F1 of customerlens against hand-labelled sentences,
next to the naive "we-we calculator", the rules alone, and what two people agree on; and how
often a rewrite scores higher than its original.

The data set (data/judgement/, see its GUIDE.md) has one sentence per line with four boolean
labels, its site and a split by site. A sentence is linted on its own, as plain text, with the
seller names of its site (brands.json), as a new user would configure them.
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
from customerlens.errors import CustomerLensError
from customerlens.nlp.judgement import LABELS, Judge
from customerlens.settings.config import Config

SPLITS = ("train", "dev", "test", "all")
HUMAN_SHARE = 0.90  # the tool's F1 must reach this share of the two passes' F1
FLOORS = {"self_focus": ("precision", 0.80), "benefit": ("recall", 0.80)}
COUNTER_MARGIN = 0.15
PAIR_TARGET = 0.95

_SELF = re.compile(r"\b(we|us|our|ours|ourselves)\b|\bwe['’](re|ll|ve|d)\b", re.IGNORECASE)
_READER = re.compile(r"\b(you|your|yours|yourself|yourselves)\b", re.IGNORECASE)


def counter(text: str) -> dict[str, bool]:
    """The classic we-we calculator, per sentence: more 'we' than 'you', or the reverse."""
    we, you = len(_SELF.findall(text)), len(_READER.findall(text))
    return {
        "self_focus": we > you,
        "reader_focus": you > we,
        "benefit": you > we,
        "self_praise": we > you,
    }


def rules_only(analysis: Analysis) -> dict[str, bool]:
    """What the rules and signals say without the learned judgement (for comparison)."""
    found = analysis.found
    return {
        "self_focus": any(spec.pillar == "them" and spec.level >= 2 for spec, _ in found),
        "reader_focus": any(s.has("reader") for s in analysis.sentences),
        "benefit": any(s.benefit for s in analysis.sentences),
        "self_praise": any(spec.pillar == "care" and spec.id != "CL203" for spec, _ in found),
    }


def judged(analysis: Analysis) -> dict[str, bool]:
    """customerlens's answer: a label holds when the judgement gives it to any sentence."""
    return {label: any(label in j.labels for j in analysis.judgements) for label in LABELS}


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
    """Lints evaluation texts with one Linter per site's seller names."""

    def __init__(
        self, folder: Path, config: Config | None = None, judge: Judge | None = None
    ) -> None:
        self.config = config or Config()
        self.judge = judge
        brands = json.loads(_read(folder / "brands.json"))
        self.brands: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in brands.items() if not k.startswith("_")
        }
        self._linters: dict[tuple[str, ...], Linter] = {}

    def analyse(self, text: str, site: str) -> Analysis:
        brands = self.brands.get(site, ())
        if brands not in self._linters:
            config = Config(**{**self.config.__dict__, "brands": brands})
            self._linters[brands] = Linter(config, judge=self.judge)
        return self._linters[brands].analyse(parse(text, "sentence.txt", "text"))

    def total(self, text: str, site: str) -> float:
        analysis = self.analyse(text, site)
        score = score_document(
            analysis.sentences,
            analysis.found,
            analysis.readability,
            analysis.judgements,
            self.config.weights,
        )
        return score.total or 0.0


def load_rows(folder: Path, split: str) -> list[dict[str, Any]]:
    """The labelled sentences of one split ("all": every split)."""
    rows = [json.loads(line) for line in _read(folder / "sentences.jsonl").splitlines() if line]
    return [r for r in rows if split == "all" or r.get("split") == split]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CustomerLensError(
            f"{path}: cannot read the evaluation set ({exc.strerror or exc}); a folder with "
            "sentences.jsonl, pairs.jsonl, brands.json and agreement.json is needed"
        ) from None


def _score(
    rows: Iterable[dict[str, Any]], guess: Callable[[dict[str, Any]], dict[str, bool]]
) -> dict[str, dict[str, float]]:
    counts = {label: Counts() for label in LABELS}
    for row in rows:
        predicted = guess(row)
        counts = {label: counts[label].add(predicted[label], bool(row[label])) for label in LABELS}
    return {label: counts[label].figures() for label in LABELS}


def evaluate(folder: Path, split: str = "test", config: Config | None = None) -> dict[str, Any]:
    """Figures for customerlens, the rules alone, the counter and people, on one split."""
    if split not in SPLITS:
        raise CustomerLensError(f"--split: choose from {', '.join(SPLITS)}, not {split!r}")
    evaluator = Evaluator(folder, config)
    rows = load_rows(folder, split)
    analyses = {r["id"]: evaluator.analyse(r["text"], r["site"]) for r in rows}
    tool = _score(rows, lambda r: judged(analyses[r["id"]]))
    rules = _score(rows, lambda r: rules_only(analyses[r["id"]]))
    naive = _score(rows, lambda r: counter(r["text"]))
    people = json.loads(_read(folder / "agreement.json")).get(split, {})
    pairs = [json.loads(line) for line in _read(folder / "pairs.jsonl").splitlines() if line]
    better = [
        evaluator.total(p["after"], p["site"]) > evaluator.total(p["before"], p["site"])
        for p in pairs
    ]
    short = [b for p, b in zip(pairs, better, strict=True) if len(p["before"].split()) <= 15]
    share = sum(better) / len(better) if better else 0.0
    return {
        "split": split,
        "sentences": len(rows),
        "customerlens": tool,
        "rules": rules,
        "counter": naive,
        "people": people,
        "pairs": {
            "count": len(pairs),
            "rewrite_scores_higher": round(share, 3),
            "short": len(short),
            "short_rewrite_scores_higher": round(sum(short) / len(short), 3) if short else 0.0,
        },
        "failures": failures(tool, naive, people, share),
    }


def failures(
    tool: dict[str, dict[str, float]],
    naive: dict[str, dict[str, float]],
    people: dict[str, dict[str, float]],
    pair_share: float,
) -> list[str]:
    """Every target the figures miss, in words."""
    missed = []
    for label in LABELS:
        f1 = tool[label]["f1"]
        if label in people and f1 < HUMAN_SHARE * people[label]["f1"]:
            ceiling = people[label]["f1"]
            missed.append(
                f"{label} F1 {f1:.3f} < {HUMAN_SHARE:.0%} of people's {ceiling:.3f}"
                f" ({HUMAN_SHARE * ceiling:.3f})"
            )
        if f1 < naive[label]["f1"] + COUNTER_MARGIN:
            missed.append(
                f"{label} F1 {f1:.3f} is not {COUNTER_MARGIN:.2f} above the counter's"
                f" {naive[label]['f1']:.3f}"
            )
    for label, (measure, floor) in FLOORS.items():
        if tool[label][measure] < floor:
            missed.append(f"{label} {measure} {tool[label][measure]:.3f} < {floor:.2f}")
    if pair_share < PAIR_TARGET:
        missed.append(f"rewrites score higher in {pair_share:.1%} of pairs < {PAIR_TARGET:.0%}")
    return missed


def render(report: dict[str, Any]) -> str:
    """The figures as a plain table, targets and misses last."""
    lines = [
        f"split {report['split']}: {report['sentences']} sentences",
        "",
        f"{'label':<14}{'precision':>10}{'recall':>8}{'F1':>7}"
        f"{'rules F1':>10}{'counter F1':>12}{'people F1':>11}{'kappa':>7}",
    ]
    for label in LABELS:
        tool = report["customerlens"][label]
        people = report["people"].get(label, {})
        lines.append(
            f"{label:<14}{tool['precision']:>10.3f}{tool['recall']:>8.3f}{tool['f1']:>7.3f}"
            f"{report['rules'][label]['f1']:>10.3f}{report['counter'][label]['f1']:>12.3f}"
            f"{people.get('f1', float('nan')):>11.3f}{people.get('kappa', float('nan')):>7.3f}"
        )
    pairs = report["pairs"]
    lines += [
        "",
        f"pairs: the rewrite scores higher in {pairs['rewrite_scores_higher']:.1%} of"
        f" {pairs['count']} ({pairs['short_rewrite_scores_higher']:.1%} of {pairs['short']} short)",
        "",
        "targets missed:" if report["failures"] else "every target met",
    ]
    lines += [f"  - {miss}" for miss in report["failures"]]
    return "\n".join(lines)
