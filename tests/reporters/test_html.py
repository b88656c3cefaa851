"""The HTML report: escaping, overlapping highlights, determinism, errors, and a real browser.

Regenerate the golden page with `UPDATE_GOLDEN=1 pytest tests/reporters/test_html.py`, open it in
a browser, then read the diff. The browser tests run Debian's chromium headless (`--dump-dom`,
`--screenshot`) and are skipped only when no `chromium` binary is installed.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import struct
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from cli_support import assert_no_traceback, cli

from customerlens.cli import main
from customerlens.documents.model import Document
from customerlens.model import FileResult, Finding, Level, Mark, Paragraph, RunResult, Score
from customerlens.reporters.base import ReportOptions, get_reporter
from customerlens.reporters.html_text import segments

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "html"
OPTIONS = ReportOptions()
CHROMIUM = shutil.which("chromium")
browser = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary on PATH (apt-get install -y chromium): the browser tests need it",
)
VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source", "wbr"}


def _span(source: str, needle: str, nth: int = 0) -> tuple[int, int, int, int, int, int]:
    """Offsets and 1-based positions of the nth `needle`, with customerlens' own line rules."""
    start = -1
    for _ in range(nth + 1):
        start = source.index(needle, start + 1)
    end = start + len(needle)
    document = Document("x", "text", source, ())
    return (start, end, *document.position(start), *document.position(end))


def _mark(source: str, kind: str, needle: str, nth: int = 0) -> Mark:
    start, end, line, column, end_line, end_column = _span(source, needle, nth)
    return Mark(kind, line, column, end_line, end_column, start, end)


def _finding(
    source: str, rule: str, needle: str, level: Level = Level.WARNING, **extra: str
) -> Finding:
    start, _, line, column, end_line, end_column = _span(source, needle)
    return Finding(
        rule,
        extra.get("pillar", "them"),
        level,
        line,
        column,
        end_line,
        end_column,
        needle,
        extra.get("message", f"'{needle}' puts the company on stage."),
        extra.get("suggestion", "Make the reader the subject."),
        offset=start,
        rewrite=extra.get("rewrite"),
    )


SOURCE = (
    "# We <script>alert(1)</script> are proud\r\n"
    "\r\n"
    'Our team & "friends" help you ship, so you can rest. <img src=x onerror="alert(2)">\n'
    "We\tship fast.\x07\n"
)
DRAFT = FileResult(
    path="site/<b>landing</b>.md",
    format="markdown",
    score=Score(
        total=42.0,
        pillars={"who": 70.0, "care": 55.0, "them": 20.0, "clarity": None},
        counts={"words": 24, "self_refs": 4, "reader_refs": 2, "audiences": ["<teams>"]},
    ),
    findings=(
        _finding(
            SOURCE,
            "CL101",
            "We <script>alert(1)</script> are proud",
            message="'{x}' <i>speaks</i> of itself.\nTwice.",
            suggestion="Say <b>you</b> instead.",
            rewrite="You <em>get</em> it.",
        ),
        _finding(SOURCE, "CL106", "We", level=Level.ERROR),
        _finding(SOURCE, "CL201", "proud", level=Level.SUGGESTION, pillar="care"),
        _finding(SOURCE, "CL105", "are proud\r\n\r\nOur team"),  # crosses lines, overlaps two
    ),
    paragraphs=(
        Paragraph(1, 1, "heading", 6, 1, 0, 0, "We <script>alert(1)</script> are proud"),
        Paragraph(3, 3, "paragraph", 12, 1, 2, 1, 'Our team & "friends" help you ship'),
        Paragraph(4, 4, "paragraph", 3, 1, 0, 0, "We ship fast."),
    ),
    marks=(
        _mark(SOURCE, "self", "We"),
        _mark(SOURCE, "self", "Our"),
        _mark(SOURCE, "reader", "you"),
        _mark(SOURCE, "benefit", "so you can rest"),
        _mark(SOURCE, "reader", "you", nth=1),
        _mark(SOURCE, "self", "We", nth=1),
    ),
    source=SOURCE,
)
BROKEN = FileResult(
    path="docs/broken.html", format="html", error="cannot decode\n<byte> 0xff at 12"
)
RESULT = RunResult((DRAFT, BROKEN))


class Page(HTMLParser):
    """The report parsed: tag counts, attributes, and every text run of the document text with
    the classes (and finding ids) of the elements it sits in. Fails on mis-nested tags."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.runs: list[tuple[str, frozenset[str], frozenset[str]]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        if tag not in VOID:
            self.stack.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        classes = [c for _, attrs in self.stack for c in attrs.get("class", "").split()]
        if "src" not in classes:
            return
        inner = classes[classes.index("src") + 1 :]
        ids = [i for _, attrs in self.stack for i in attrs.get("data-f", "").split()]
        self.runs.append((data, frozenset(inner), frozenset(ids)))

    def runs_of(self, text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
        return [(classes, ids) for data, classes, ids in self.runs if data == text]

    def text(self) -> str:
        return "".join(data for data, _, _ in self.runs)


def _render(result: RunResult = RESULT) -> str:
    return get_reporter("html").render(result, OPTIONS)


def test_draft_text_is_escaped() -> None:
    html = _render()
    page = Page(html)
    assert html.count("<script") == 1  # the page's own
    assert page.tags["img"] == 0 and page.tags["i"] == 0 and page.tags["b"] == 4  # count chips
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert "<script>alert(1)</script>" in page.text()
    assert '<img src=x onerror="alert(2)">' in page.text()
    assert 'Our team & "friends"' in page.text()
    assert "&lt;b&gt;landing&lt;/b&gt;.md" in html  # the path
    assert "&lt;i&gt;speaks&lt;/i&gt; of itself. Twice." in html  # a message, on one line
    assert "Say &lt;b&gt;you&lt;/b&gt; instead." in html
    assert '<div class="rewrite">✎ You &lt;em&gt;get&lt;/em&gt; it.</div>' in html  # apart
    assert "&lt;byte&gt; 0xff" in html and "&lt;teams&gt;" in html


def test_overlapping_highlights_nest() -> None:
    page = Page(_render())
    ids = {f.rule: f"d1-f{i}" for i, f in enumerate(sorted(DRAFT.findings, key=Finding.sort_key))}
    [(we, we_ids), (we_later, _)] = page.runs_of("We")
    assert we >= {"flag", "flag-error", "mark-self"}  # the most severe finding colours the span
    assert we_ids == {ids["CL101"], ids["CL106"]}
    assert we_later == {"mark-self"}
    [(proud, proud_ids)] = page.runs_of("proud")
    assert "flag" in proud and proud_ids == {ids["CL101"], ids["CL201"], ids["CL105"]}
    [(our, our_ids)] = page.runs_of("Our")
    assert our >= {"flag", "mark-self"} and our_ids == {ids["CL105"]}  # the next line of CL105
    [(first_you, _), (benefit_you, _)] = page.runs_of("you")
    assert first_you == {"mark-reader"}
    assert benefit_you == {"mark-benefit", "mark-reader"}  # a reader mark inside a benefit
    assert page.runs_of("so ") == [(frozenset({"mark-benefit"}), frozenset())]


def test_text_lines_round_trip() -> None:
    page = Page(_render())
    shown = page.text().replace("\u2407", "\x07")  # control characters are shown as symbols
    assert shown == "".join(SOURCE.replace("\r\n", "\n").split("\n"))
    for number in range(1, 6):
        assert f'id="d1-L{number}"' in _render()
    assert 'id="d1-L6"' not in _render()


def test_segments_follow_crlf_cr_and_lf() -> None:
    source = "ab\r\ncd\ref\ngh"
    finding = _finding(source, "CL1", "b\r\ncd\ref")
    rows = segments(source, [finding], [_mark(source, "self", "d\ref")])
    assert ["".join(s.text for s in row) for row in rows] == ["ab", "cd", "ef", "gh"]
    assert [(s.text, sorted(s.findings), sorted(s.marks)) for row in rows for s in row] == [
        ("a", [], []),
        ("b", [0], []),
        ("c", [0], []),
        ("d", [0], ["self"]),
        ("ef", [0], ["self"]),
        ("gh", [], []),
    ]


def test_positions_out_of_range_are_clamped() -> None:
    source = "short\n"
    finding = replace(
        _finding(source, "CL1", "short"), line=9, column=40, end_line=12, end_column=1
    )
    rows = segments(source, [finding], [Mark("self", 1, 1, 1, 99, 0, 99)])
    assert "".join(s.text for row in rows for s in row) == "short"


def test_error_file_shows_the_error() -> None:
    page = _render(RunResult((BROKEN,)))
    assert 'class="doc doc-error"' in page
    assert "Not checked: cannot decode &lt;byte&gt; 0xff at 12" in page
    assert "1 file (1 not checked)" in page


def test_without_text_the_scores_and_findings_still_show() -> None:
    bare = replace(DRAFT, source=None, marks=(), paragraphs=())
    page = Page(_render(RunResult((bare,))))
    assert page.runs == []
    html = _render(RunResult((bare,)))
    assert "The text is not part of this result" in html
    assert html.count('class="finding ') == len(DRAFT.findings)


def test_deterministic_and_golden() -> None:
    first, second = _render(), _render()
    assert first == second
    path = GOLDEN / "report.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(first, encoding="utf-8")
    assert first == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_self_contained() -> None:
    html = _render()
    page = Page(html)
    for tag, name, value in page.attrs:
        assert name != "src", tag
        if name == "href":
            assert value.startswith("#"), value
    assert "url(" not in html and "@import" not in html
    [csp] = [v for t, n, v in page.attrs if n == "content" and "default-src" in v]
    assert "default-src 'none'" in csp
    script = re.search(r"<script>(.*)</script>", html, re.DOTALL)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp  # the one script allowed is the page's own


def test_cli_writes_the_report(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "report.html"
    code = main(
        ["check", str(ROOT / "examples" / "self-centred.md"), "--format", "html", "-o", str(target)]
    )
    assert code == 1 and capsys.readouterr().out == ""
    html = target.read_text(encoding="utf-8")
    page = Page(html)
    assert page.runs_of("We")[0][0] >= {"mark-self"}
    assert all(classes >= {"mark-self"} for classes, _ in page.runs_of("Our"))
    assert html.count('class="finding ') >= 10 and "Focus by paragraph" in html
    # the reading grade is about the page: listed at the file, marking no text (not the headline)
    [grade] = re.findall(r'id="([^"]+-f\d+)"><span class="pos">file</span> [^C]*CL401', html)
    flagged = {i for ids in re.findall(r'data-f="([^"]+)"', html) for i in ids.split()}
    assert flagged and grade not in flagged
    source = (ROOT / "examples" / "self-centred.md").read_text(encoding="utf-8")
    assert page.text() == source.replace("\n", "")


HTML_DRAFT = """<!doctype html>
<html><head><title>Acme</title>
<script>window.dataLayer = [];</script>
<style>.hero { color: red; }</style></head>
<body><nav><a href="/">Home</a></nav>
<picture><source srcset="hero.webp" type="image/webp"><img src="hero.png" alt=""></picture>
<main>
<h1>Acme</h1>
<p>We are proud to announce our <b>award-winning</b> platform.</p>
</main></body></html>
"""


def test_an_html_draft_shows_its_copy_not_its_markup(tmp_path: Path, capsys: Any) -> None:
    draft = tmp_path / "page.html"
    draft.write_text(HTML_DRAFT, encoding="utf-8")
    target = tmp_path / "report.html"
    main(["check", str(draft), "--format", "html", "-o", str(target), "--no-cache"])
    html = target.read_text(encoding="utf-8")
    source = html[html.index('<div class="source">') :]
    shown = Page(html).text()
    assert "We are proud to announce our award-winning platform." in shown
    for markup in ("srcset", "dataLayer", ".hero", "<nav", "doctype", "href"):
        assert markup not in shown, markup
    assert '<div class="gap">⋯</div>' in source  # where markup lines were left out
    line = HTML_DRAFT.splitlines().index(
        "<p>We are proud to announce our <b>award-winning</b> platform.</p>"
    )
    assert re.search(f'id="d\\d+-L{line + 1}"', source)  # lines keep their numbers in the file
    assert 'class="flag flag-warning"' in source  # the findings are still highlighted


# --- in a real browser ------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request: anything the page loads shows up here."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, server: tuple[str, list[str]]) -> Path:
    """A report, through the CLI, on a hostile draft: script, event handler, remote resources."""
    base, _ = server
    folder = tmp_path_factory.mktemp("browser")
    draft = folder / "draft.md"
    draft.write_text(
        "# We are proud to launch Acme Cloud\n\n"
        "We offer <script>document.body.dataset.pwned = 'yes'</script> backups. "
        f'Our platform is <img src="{base}/img.png" '
        "onerror=\"document.body.dataset.pwned = 'img'\"> "
        "world-class.\n\n"
        f"![logo]({base}/logo.png) "
        "You get every file back in seconds, so you can sleep at night.\n\n"
        f'<link rel="stylesheet" href="{base}/style.css">\n',
        encoding="utf-8",
    )
    target = folder / "report.html"
    assert main(["check", str(draft), "--format", "html", "-o", str(target), "--exit-zero"]) == 0
    return target


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        # the browser's own chatter never leaves the machine; the local recorder stays reachable
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@browser
def test_browser_renders_highlights_and_runs_no_draft_code(
    report: Path, server: tuple[str, list[str]], tmp_path: Path
) -> None:
    base, requests = server
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    page = Page(dom)
    assert "pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # no handler ran
    assert page.tags["script"] == 1 and page.tags["img"] == 0 and page.tags["link"] == 0
    assert "<script>document.body.dataset.pwned = 'yes'</script>" in page.text()
    assert f'<img src="{base}/img.png"' in page.text()
    assert any("mark-self" in classes for classes, _ in page.runs_of("We"))
    assert all("mark-self" in classes for classes, _ in page.runs_of("Our"))
    assert any("mark-reader" in classes for classes, _ in page.runs_of("You"))
    assert any("flag" in classes for classes, _ in page.runs_of("world-class"))
    assert re.search(r'<div class="panel" id="panel" hidden="?"?>', dom)  # nothing selected yet
    assert requests == []  # the page fetched nothing, not even the draft's own images

    # the recorder does see a page that loads something: the check above can fail
    control = tmp_path / "control.html"
    control.write_text(f'<img src="{base}/control.png">', encoding="utf-8")
    _chromium(tmp_path, "--dump-dom", control.as_uri())
    assert requests == ["/control.png"]
    requests.clear()


@browser
def test_browser_runs_the_page_script(report: Path, tmp_path: Path) -> None:
    """Opening the page at a finding selects it: the script ran despite the strict CSP."""
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri() + "#d1-f0").stdout
    assert 'id="panel" hidden' not in dom
    first = re.search(r'id="d1-f0">.*?<span class="rule">(\w+)</span>', report.read_text("utf-8"))
    assert first is not None
    panel = dom.split('id="panel"', 1)[1]
    assert f'<span class="rule">{first.group(1)}</span>' in panel
    assert re.search(r'class="flag [^"]*current"', dom)


@browser
def test_browser_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", report.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 1600)
    assert len(data) > 30_000  # not a blank page
    print(f"screenshot: {shot}")


# --- escaping, through the command line -----------------------------------------------------------


def test_html_report_escapes_everything_from_the_draft(capsys: Any, tmp_path: Path) -> None:
    name = tmp_path / "x<b>&\"'.txt"
    hostile = (
        "We offer the best </script><script>alert(1)</script> support. "
        'Our <img src=x onerror=alert(2)> world-class & "leading" team. '
        "We are proud of <!-- comment --> ${{7*7}} {{constructor}} `code` \u2028\u2029 "
        "javascript:alert(3).\n"
    )
    name.write_text(hostile, encoding="utf-8")
    code, out, err = cli(
        capsys, "check", str(name), "--format", "html", "--jobs", "1", "--no-cache"
    )
    assert_no_traceback(out, err)
    assert code == 1
    assert "alert(1)" in out  # the draft is shown …
    for raw in (
        "<script>alert(1)",
        "</script><script>",
        "<img src=x onerror",
        "x<b>&",
        "<!-- comment -->",
    ):
        assert raw not in out, raw  # … but never as markup
    assert "&lt;script&gt;alert(1)" in out
