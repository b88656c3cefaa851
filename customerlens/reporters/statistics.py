"""The `--statistics` table: how many findings each rule and each pillar produced.

For deciding what to fix first across a site, or which rule to tune: the most frequent rule leads,
and every pillar is listed, a quiet one as 0.
"""

from __future__ import annotations

from collections import Counter

from customerlens.model import PILLARS, RunResult
from customerlens.reporters.base import ReportOptions
from customerlens.reporters.json_report import summarize


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned text columns and a right-aligned count in the last one."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row[:-1], widths)), row[-1].rjust(widths[-1])]
        )
        for row in [header, *rows]
    ]


class StatisticsReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        summary = summarize(result)
        names = {rule_id: spec.name for rule_id, spec in options.rules().items()}
        pillar_of = {f.rule: f.pillar for f in result.findings}
        by_rule = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
        by_pillar = Counter(f.pillar for f in result.findings)
        lines = _table(
            ("rule", "name", "pillar", "findings"),
            [(rule, names.get(rule, ""), pillar_of[rule], str(n)) for rule, n in by_rule],
        )
        lines.append("")
        lines += _table(("pillar", "findings"), [(p, str(by_pillar[p])) for p in PILLARS])
        lines += ["", summary.describe()]
        return "\n".join(line.rstrip() for line in lines) + "\n"


REPORTER = StatisticsReporter()
