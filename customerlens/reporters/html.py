"""The HTML report: one self-contained page a copywriter opens in a browser.

Per document: the score and pillar gauges, the original text with line numbers and its self
references, reader references, benefit phrases and flagged spans highlighted, the findings
(on hover, on click, and as a list), and the per-paragraph focus heatmap linked to the text.

Nothing is fetched: CSS and JS are inline, and a Content-Security-Policy forbids every load and
every script but the page's own (by hash). Everything from the draft goes through `html.escape`.
The page needs a detail run (`run(..., detail=True)`) for the text and marks; without them it
still shows the scores, heatmap and findings. Output is deterministic (no clock, no randomness).
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Sequence

from customerlens.model import PILLARS, FileResult, Finding, Paragraph, RunResult, Score, Sentence
from customerlens.model.identity import sorted_findings
from customerlens.model.jsonable import one_line, rounded
from customerlens.reporters import heatmap
from customerlens.reporters.base import ReportOptions
from customerlens.reporters.html_assets import CSS, JS
from customerlens.reporters.html_text import Segment, segments
from customerlens.reporters.json_report import summarize
from customerlens.reporters.text import band_style, count_value
from customerlens.version import __version__

GAUGE_RADIUS = 34
LEGEND = (
    ("mark-self", "us: self reference"),
    ("mark-reader", "them: reader reference"),
    ("mark-benefit", "benefit phrase"),
    ("flag flag-error", "flagged: error"),
    ("flag flag-warning", "flagged: warning"),
    ("flag flag-suggestion", "flagged: suggestion"),
)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _band(value: float | None) -> str:
    return "band-" + band_style(value)


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{rounded(value):.1f}"


def _gauge(total: float | None) -> str:
    """The total as a ring (inline SVG): the arc is the score out of 100."""
    circumference = 2 * 3.141592653589793 * GAUGE_RADIUS
    arc = 0.0 if total is None else max(0.0, min(100.0, rounded(total))) * circumference / 100
    return (
        f'<svg class="gauge {_band(total)}" viewBox="0 0 80 80" role="img" '
        f'aria-label="score {_shown(total)} of 100">'
        f'<circle class="track" cx="40" cy="40" r="{GAUGE_RADIUS}"/>'
        f'<circle class="arc" cx="40" cy="40" r="{GAUGE_RADIUS}" '
        f'stroke-dasharray="{arc:.2f} {circumference:.2f}" transform="rotate(-90 40 40)"/>'
        f'<text x="40" y="44">{_shown(total)}</text></svg>'
    )


def _pillars(score: Score) -> str:
    rows = []
    for name in PILLARS:
        value = score.pillars.get(name)
        width = 0.0 if value is None else max(0.0, min(100.0, rounded(value)))
        rows.append(
            f'<div class="pillar"><span class="pname">{name}</span>'
            f'<span class="pbar"><span class="pfill {_band(value)}" style="width:{width:.1f}%">'
            f'</span></span><span class="pnum {_band(value)}">{_shown(value)}</span></div>'
        )
    return '<div class="pillars">' + "".join(rows) + "</div>"


def _counts(score: Score) -> str:
    chips = [
        f'<span class="chip"><b>{esc(key.replace("_", " "))}</b> {esc(count_value(value))}</span>'
        for key, value in score.counts.items()
        if value is not None and value != []
    ]
    return f'<div class="counts">{"".join(chips)}</div>' if chips else ""


def _overview(file: FileResult) -> str:
    score = file.score
    if score is None:
        return ""
    note = (
        '<p class="note">Too little prose to score.</p>'
        if score.total is None
        else f'<p class="note">Score{esc(score.qualifier)}.</p>'
        if score.qualifier
        else ""
    )
    return (
        f'<div class="overview">{_gauge(score.total)}{_pillars(score)}</div>{note}{_counts(score)}'
    )


def _title(finding: Finding) -> str:
    text = f"{finding.rule} {finding.level.label}: {one_line(finding.message)}"
    rewrite, advice = finding.rewrite, finding.suggestion
    return text + (f"\n✎ {rewrite}" if rewrite else "") + (f"\n→ {advice}" if advice else "")


# A layer of highlighting: what must be equal for neighbours to share an element, and how
# to wrap a group's inner HTML (given its first segment).
Layer = tuple[Callable[[Segment], object], Callable[[Segment, str], str]]


def _wrap(items: Sequence[Segment], layers: Sequence[Layer]) -> str:
    """Nest spans: consecutive segments with an equal key share one element, inside which the
    next layer groups again. Overlapping highlights so become correctly nested HTML."""
    if not layers:
        return "".join(esc(segment.text) for segment in items)
    (key, wrap), rest = layers[0], layers[1:]
    out, start = [], 0
    for i in range(1, len(items) + 1):
        if i == len(items) or key(items[i]) != key(items[start]):
            out.append(wrap(items[start], _wrap(items[start:i], rest)))
            start = i
    return "".join(out)


def _marks(kinds: Sequence[str], inner: str) -> str:
    classes = " ".join(f"mark-{kind}" for kind in kinds)
    return f'<span class="{classes}">{inner}</span>' if kinds else inner


def _layers(doc_id: str, findings: Sequence[Finding]) -> list[Layer]:
    """Findings outermost, then benefit phrases (the widest marks), then self/reader words."""

    def flag(segment: Segment, inner: str) -> str:
        if not segment.findings:
            return inner
        covering = [findings[i] for i in sorted(segment.findings)]
        level = max(f.level for f in covering).label
        ids = " ".join(f"{doc_id}-f{i}" for i in sorted(segment.findings))
        title = "\n".join(_title(f) for f in covering)
        return (
            f'<span class="flag flag-{level}" tabindex="0" data-f="{ids}" '
            f'title="{esc(title)}">{inner}</span>'
        )

    def words(segment: Segment) -> list[str]:
        return sorted(segment.marks - {"benefit"})

    def benefit(segment: Segment) -> list[str]:
        return ["benefit"] if "benefit" in segment.marks else []

    return [
        (lambda s: s.findings, flag),
        (benefit, lambda s, inner: _marks(benefit(s), inner)),
        (words, lambda s, inner: _marks(words(s), inner)),
    ]


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _gutters(sentences: Sequence[Sentence]) -> dict[int, str]:
    """Per source line, the focus the judgement gave the sentences on it (a strip beside the
    text): us (about the company), them (about the reader), even (both) or none."""
    found: dict[int, set[str]] = {}
    for sentence in sentences:
        for line in range(sentence.line, sentence.end_line + 1):
            found.setdefault(line, set()).update(sentence.labels)
    lines = {}
    for line, labels in found.items():
        us, them = "self_focus" in labels, "reader_focus" in labels
        lines[line] = "even" if us and them else "us" if us else "them" if them else "none"
    return lines


def _source(file: FileResult, doc_id: str, findings: Sequence[Finding]) -> str:
    if file.source is None:
        return '<p class="note">The text is not part of this result (run with detail).</p>'
    layers = _layers(doc_id, findings)
    gutters = _gutters(file.sentences)
    rows: list[str] = []
    lines = segments(file.source, findings, file.marks, file.visible)
    for number, line in enumerate(lines, start=1):
        if file.visible and not line:
            # an HTML draft: lines of markup only are left out, a gap marks where
            if not rows or not rows[-1].startswith('<div class="gap">'):
                rows.append('<div class="gap">⋯</div>')
            continue
        focus = gutters.get(number)
        gutter = f'<span class="gut gut-{focus}"></span>' if focus else '<span class="gut"></span>'
        rows.append(
            f'<div class="line" id="{doc_id}-L{number}">'
            f'<a class="ln" href="#{doc_id}-L{number}">{number}</a>{gutter}'
            f'<span class="src">{_wrap(line, layers)}</span></div>'
        )
    return '<div class="source">' + "".join(rows) + "</div>"


def _heatmap(paragraphs: Sequence[Paragraph], doc_id: str) -> str:
    if not paragraphs:
        return ""
    rows = []
    for paragraph in paragraphs:
        us, them = heatmap.split(paragraph, 100)
        bar = (
            f'<span class="hm-us" style="width:{us}%"></span>'
            f'<span class="hm-them" style="width:{them}%"></span>'
            if us + them
            else '<span class="hm-neither"></span>'
        )
        kind = (
            ""
            if paragraph.kind == "paragraph"
            else f'<span class="hm-kind">{esc(paragraph.kind)}</span>'
        )
        title = f' title="{esc(_clip(paragraph.text))}"' if paragraph.text else ""
        rows.append(
            f'<a class="hm-row" href="#{doc_id}-L{paragraph.line}"{title}>'
            f'<span class="hm-lines">{heatmap.line_range(paragraph)}</span>'
            f'<span class="hm-bar">{bar}</span>'
            f'<span class="hm-desc">{esc(heatmap.describe(paragraph))}</span>{kind}</a>'
        )
    keys = "".join(f'<span class="key key-{k}"></span> {k} ' for k in ("us", "them", "neither"))
    return (
        f"<h3>Focus by paragraph <small>{keys.strip()}</small></h3>"
        f'<div class="heatmap">{"".join(rows)}</div>'
    )


def _findings(findings: Sequence[Finding], doc_id: str) -> str:
    if not findings:
        return '<h3>Findings</h3><p class="note">No findings.</p>'
    items = []
    for i, finding in enumerate(findings):
        rewrite, advice = finding.rewrite, finding.suggestion
        suggestion = f'<div class="rewrite">✎ {esc(rewrite)}</div>' if rewrite else ""
        suggestion += f'<div class="sugg">→ {esc(advice)}</div>' if advice else ""
        position = (
            f'<span class="pos">{finding.position}</span>'
            if finding.whole
            else f'<a class="pos" href="#{doc_id}-L{finding.line}">{finding.position}</a>'
        )
        items.append(
            f'<li class="finding level-{finding.level.label}" id="{doc_id}-f{i}">{position} '
            f'<span class="lvl">{finding.level.label}</span> '
            f'<span class="rule">{esc(finding.rule)}</span> '
            f'<span class="pillar-name">{esc(finding.pillar)}</span>'
            f'<div class="msg">{esc(one_line(finding.message))}</div>{suggestion}</li>'
        )
    return f'<h3>Findings ({len(findings)})</h3><ol class="findings">{"".join(items)}</ol>'


def _document(file: FileResult, doc_id: str) -> str:
    head = f'<h2><span class="path">{esc(file.path)}</span>'
    if file.format:
        head += f' <span class="fmt">{esc(file.format)}</span>'
    head += "</h2>"
    if file.error is not None:
        return (
            f'<section class="doc doc-error" id="{doc_id}">{head}'
            f'<p class="error">Not checked: {esc(one_line(file.error))}</p></section>'
        )
    findings = sorted_findings(file)
    return (
        f'<section class="doc" id="{doc_id}">{head}{_overview(file)}<div class="cols">'
        f'<div class="text-col"><h3>Text</h3>{_source(file, doc_id, findings)}</div>'
        f"<aside>{_heatmap(file.paragraphs, doc_id)}{_findings(findings, doc_id)}</aside>"
        "</div></section>"
    )


def _index(result: RunResult) -> str:
    if len(result.files) < 2:
        return ""
    rows = []
    for i, file in enumerate(result.files, start=1):
        total = None if file.score is None else file.score.total
        shown, band = (
            ("error", "band-red") if file.error is not None else (_shown(total), _band(total))
        )
        rows.append(
            f'<tr><td><a href="#d{i}">{esc(file.path)}</a></td>'
            f'<td class="num {band}">{shown}</td>'
            f'<td class="num">{len(file.findings)}</td></tr>'
        )
    return (
        '<table class="index"><thead><tr><th>file</th><th>score</th><th>findings</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    )


class HtmlReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        legend = "".join(f'<span class="{cls}">{label}</span>' for cls, label in LEGEND)
        legend += '<span class="hint">click an underlined span for its findings</span>'
        documents = "".join(
            _document(file, f"d{i}") for i, file in enumerate(result.files, start=1)
        )
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>customerlens report</title><style>{CSS}</style></head><body>"
            f"<header><h1>customerlens <small>{esc(__version__)}</small></h1>"
            f'<p class="summary">{esc(summarize(result).describe())}</p>'
            f'<div class="legend">{legend}</div></header><main>{_index(result)}{documents}</main>'
            '<div class="panel" id="panel" hidden><button type="button" class="close" '
            'aria-label="close">×</button><div class="panel-body"></div></div>'
            f"<script>{JS}</script></body></html>\n"
        )


REPORTER = HtmlReporter()
