"""The JSON report: valid against its schema, byte-identical for equal input, and its summary."""

from __future__ import annotations

import json

import jsonschema  # type: ignore[import-untyped]
import pytest
from reporters_support import (
    GOLDEN,
    LANDING,
    PLAIN,
    RESULT,
    SHORT,
    _check_golden,
)

from customerlens.model import FileResult, RunResult, Score
from customerlens.reporters.base import ReportOptions, get_reporter
from customerlens.reporters.json_report import summarize


@pytest.mark.parametrize(
    ("fmt", "golden", "options"),
    [
        ("json", "report.json", PLAIN),
    ],
)
def test_golden(fmt: str, golden: str, options: ReportOptions) -> None:
    _check_golden(golden, get_reporter(fmt).render(RESULT, options))


def test_json_valid_and_byte_identical() -> None:
    schema = json.loads((GOLDEN / "json-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    reporter = get_reporter("json")
    for result in (RESULT, RunResult(files=()), RunResult(files=(SHORT,))):
        first, second = reporter.render(result, PLAIN), reporter.render(result, PLAIN)
        assert first == second
        jsonschema.validate(json.loads(first), schema, cls=jsonschema.Draft202012Validator)


def test_json_equal_input_equal_bytes() -> None:
    """Neither dict order inside a Score nor the order findings arrive in may leak out."""
    assert LANDING.score is not None
    reordered = Score(
        total=LANDING.score.total,
        pillars=dict(reversed(LANDING.score.pillars.items())),
        counts=dict(reversed(LANDING.score.counts.items())),
    )
    assert reordered == LANDING.score
    twin = FileResult(LANDING.path, LANDING.format, reordered, LANDING.findings[::-1])
    reporter = get_reporter("json")
    assert reporter.render(RunResult((twin,)), PLAIN) == reporter.render(
        RunResult((LANDING,)), PLAIN
    )


def test_summary_numbers() -> None:
    summary = summarize(RESULT)
    assert (summary.files, summary.checked, summary.errors, summary.findings) == (4, 3, 1, 5)
    assert summary.by_level == {"error": 1, "warning": 2, "suggestion": 2}
    assert summary.by_rule == {"CL401": 1, "CL001": 1, "CL101": 2, "CL201": 1}
    assert summary.mean_score == pytest.approx(64.6)  # (48.25 + 81.0) / 2, rounded
    assert summary.lowest == ("site/landing.md", 48.2)  # round-half-even on the binary float
    assert summary.describe() == (
        "4 files (1 not checked), 5 findings (1 error, 2 warnings, 2 suggestions), mean score 64.6"
    )
