"""Results as plain JSON data: the one shape every machine format and `compare` build on.

Scores are rounded here, once, so a score reads the same in every format.
"""

from __future__ import annotations

import re
from typing import Any, overload

from customerlens.model import PILLARS, FileResult, Finding, Fix, Score, Sentence
from customerlens.model.identity import sorted_findings


@overload
def rounded(value: float) -> float: ...


@overload
def rounded(value: float | None) -> float | None: ...


def rounded(value: float | None) -> float | None:
    """A score as every format shows it: one decimal (+ 0.0 turns -0.0 into 0.0)."""
    return None if value is None else round(value, 1) + 0.0


def one_line(text: str) -> str:
    """Messages may quote a span that crosses lines; line-based formats need one line."""
    return re.sub(r"\s*\n\s*", " ", text.strip())


def score_data(score: Score) -> dict[str, Any]:
    return {
        "total": rounded(score.total),
        "short": score.short,
        **({"selected_rules_only": True} if score.selected else {}),
        "pillars": {name: rounded(score.pillars.get(name)) for name in PILLARS},
        "counts": {key: score.counts[key] for key in sorted(score.counts)},  # as the scorer rounded
    }


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "pillar": finding.pillar,
        "level": finding.level.label,
        "scope": finding.scope,  # "document": about the whole file, at line 1 with no span
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "match": finding.match,
        "message": finding.message,
        "suggestion": finding.advice(),
        "context": finding.context,
        **({"fix": fix_data(finding.fix)} if finding.fix else {}),
    }


def fix_data(fix: Fix) -> dict[str, Any]:
    return {
        "line": fix.line,
        "column": fix.column,
        "end_line": fix.end_line,
        "end_column": fix.end_column,
        "replacement": fix.replacement,
    }


def file_data(file: FileResult) -> dict[str, Any]:
    return {
        "path": file.path,
        "format": file.format,
        "error": None if file.error is None else one_line(file.error),
        "score": None if file.score is None else score_data(file.score),
        "findings": [finding_data(finding) for finding in sorted_findings(file)],
        "sentences": [sentence_data(sentence) for sentence in file.sentences],
        **({"note": file.note} if file.note else {}),
    }


def sentence_data(sentence: Sentence) -> dict[str, Any]:
    return {
        "line": sentence.line,
        "column": sentence.column,
        "end_line": sentence.end_line,
        "end_column": sentence.end_column,
        "labels": list(sentence.labels),
        "confidence": dict(sentence.confidence),
    }
