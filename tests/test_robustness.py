"""The bad-input matrix (issue 7), each case through the real command line.

For every input a content repository may hold, the run gives either a correct result or exactly
one line on stderr naming the file and the problem, never a traceback; the other files of the
same run are still checked and reported; and the exit code is the documented one (2 when an
input could not be read). Big inputs are generated at test time into `tmp_path`.

Positions are checked the way README promises: 1-based, columns in code points, CRLF, CR and LF
all end a line (and nothing else does: not form feed, not U+2028), a UTF-8 BOM is not counted.
"""

from __future__ import annotations

import base64
import codecs
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from customerlens.cli import main

# A companion file in every run: it must still be checked and reported whatever its neighbour is.
COMPANION_TEXT = "We offer the best support.\n"
TRIGGER = "We offer the best support."  # CL101 flags "We offer" at the sentence's first column
_BREAK = re.compile(r"\r\n|\r|\n")


# --------------------------------------------------------------------------------------- helpers


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_json(
    capsys: pytest.CaptureFixture[str], *paths: str | Path, extra: tuple[str, ...] = ()
) -> tuple[int, dict[str, Any], str]:
    """`customerlens check PATHS --format json --jobs 1`; the report parsed; no traceback."""
    code, out, err = cli(
        capsys, "check", *map(str, paths), "--format", "json", "--jobs", "1", *extra
    )
    assert_no_traceback(out, err)
    return code, json.loads(out), err


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream, stream
        assert "internal error" not in stream, stream


def error_lines(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def assert_one_error(err: str, name: str, problem: str) -> None:
    """Exactly one stderr line names the file, and it says what is wrong."""
    lines = error_lines(err, name)
    assert len(lines) == 1, err
    assert problem in lines[0], lines[0]


def by_name(report: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [f for f in report["files"] if Path(f["path"]).name == name or f["path"] == name]
    return found


def companion(tmp_path: Path) -> Path:
    path = tmp_path / "companion.md"
    path.write_text(COMPANION_TEXT, encoding="utf-8")
    return path


def assert_companion_checked(report: dict[str, Any]) -> None:
    file = by_name(report, "companion.md")
    assert file["error"] is None and file["score"] is not None
    assert any(
        f["rule"] == "CL101" and (f["line"], f["column"]) == (1, 1) for f in file["findings"]
    )


def line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in _BREAK.finditer(source)]


def source_at(source: str, finding: dict[str, Any]) -> str:
    """The source text between a finding's (line, column) and (end_line, end_column)."""
    starts = line_starts(source)
    start = starts[finding["line"] - 1] + finding["column"] - 1
    end = starts[finding["end_line"] - 1] + finding["end_column"] - 1
    return source[start:end]


def assert_positions_exact(source: str, file: dict[str, Any]) -> None:
    """Every finding's `match` is the source text at its line:column span (BOM removed)."""
    source = source.removeprefix("\ufeff")
    lines = _BREAK.split(source)
    assert file["findings"]
    for finding in file["findings"]:
        assert 1 <= finding["line"] <= finding["end_line"] <= len(lines)
        assert source_at(source, finding) == finding["match"], finding
        first = finding["match"]
        first = _BREAK.split(first)[0]
        assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith(first)


def trigger_at(file: dict[str, Any], line: int, column: int) -> None:
    """CL101 reports the trigger sentence's "We offer" at exactly (line, column)."""
    spots = [(f["line"], f["column"], f["match"]) for f in file["findings"] if f["rule"] == "CL101"]
    assert (line, column, "We offer") in spots, spots


def subprocess_cli(
    *argv: str, stdin: Any = subprocess.DEVNULL, timeout: float = 120, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "customerlens", *argv],
        stdin=stdin,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


# ----------------------------------------------------------------------------- empty and binary


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n \n"], ids=["empty", "whitespace-only"])
def test_empty_and_blank_files_are_checked_with_no_findings_and_no_score(
    capsys: Any, tmp_path: Path, content: bytes
) -> None:
    blank = tmp_path / "blank.md"
    blank.write_bytes(content)
    code, report, err = check_json(capsys, blank)
    assert code == 0 and err == ""
    [file] = report["files"]
    assert file["error"] is None and file["findings"] == []
    assert file["score"]["total"] is None  # under 20 words: not scored
    code, report, _ = check_json(capsys, blank, companion(tmp_path))
    assert code == 1
    assert_companion_checked(report)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    + bytes(range(256)) * 4
)


@pytest.mark.parametrize(
    "content",
    [PNG, b"We offer the best\x00 support.\n", b"We offer \x00\x00\x00\x00 " * 100],
    ids=["png-in-x.md", "one-nul", "many-nuls"],
)
def test_binary_content_with_a_text_suffix_is_one_error_line(
    capsys: Any, tmp_path: Path, content: bytes
) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(content)
    code, report, err = check_json(capsys, binary, companion(tmp_path))
    assert code == 2
    assert_one_error(err, "x.md", "looks like a binary file, not text")
    file = by_name(report, "x.md")
    assert (
        file["error"] == "looks like a binary file, not text"
        and file["score"] is None
        and file["findings"] == []
    )
    assert report["summary"]["errors"] == 1
    assert_companion_checked(report)


# ------------------------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"We offer caf\xe9 \x81 support.\n",
            "is not valid UTF-8 (byte 0xE9 at offset 12)",
        ),  # 0x81: not cp1252 either
        (
            b"Our team \x1b[31m is \xff here.\n",
            "is not valid UTF-8 (byte 0xFF at offset 18)",
        ),  # a control byte: no fallback
        (b"We offer support\xc3.\n", None),  # a truncated sequence that cp1252 reads (as "Ã")
    ],
    ids=["undefined-in-cp1252", "with-control-byte", "truncated-sequence"],
)
def test_invalid_utf8_is_an_error_naming_the_byte_or_a_declared_cp1252_read(
    capsys: Any, tmp_path: Path, content: bytes, problem: str | None
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    code, report, err = check_json(capsys, bad, companion(tmp_path))
    file = by_name(report, "bad.md")
    if problem is None:  # the documented fallback: every byte is Windows-1252
        assert file["error"] is None and code == 1
        assert_positions_exact(content.decode("cp1252"), file)
    else:
        assert code == 2
        assert_one_error(err, "bad.md", problem)
        assert file["error"] == problem
    assert_companion_checked(report)


def test_windows_1252_text_is_read_without_mojibake(capsys: Any, tmp_path: Path) -> None:
    text = (
        "Caf\u00e9 owners \u2013 \u201cna\u00efve\u201d \u20ac5 plans.\n"
        "We offer the best support for every caf\u00e9.\n"
    )
    legacy = tmp_path / "legacy.md"
    legacy.write_bytes(text.encode("cp1252"))
    code, report, err = check_json(capsys, legacy)
    assert code == 1 and err == ""
    [file] = report["files"]
    trigger_at(file, 2, 1)
    assert_positions_exact(text, file)
    contexts = " ".join(f["context"] for f in file["findings"])
    assert "caf\u00e9" in contexts and "\u00c3" not in contexts  # é, not the mojibake "Ã©"


def test_utf8_with_one_damaged_byte_is_not_read_as_mojibake(capsys: Any, tmp_path: Path) -> None:
    data = (
        "Our caf\u00e9 owners: we offer the best support for every caf\u00e9 in town".encode()
        + b" \xff.\n"
    )
    damaged = tmp_path / "damaged.md"
    damaged.write_bytes(data)
    code, report, err = check_json(capsys, damaged, companion(tmp_path))
    file = by_name(report, "damaged.md")
    if file["error"] is not None:
        assert code == 2
        assert_one_error(err, "damaged.md", "is not valid UTF-8 (byte 0xFF at offset")
    else:
        shown = " ".join(f["match"] + " " + f["context"] for f in file["findings"])
        assert "\u00c3" not in shown, shown
    assert_companion_checked(report)


def test_utf8_bom_is_not_counted_in_columns(capsys: Any, tmp_path: Path) -> None:
    text = "Hello.  " + TRIGGER + "\n"
    bom = tmp_path / "bom.md"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode())
    code, report, _ = check_json(capsys, bom)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    trigger_at(file, 1, 9)
    assert_positions_exact(text, file)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_read_with_exact_positions(
    capsys: Any, tmp_path: Path, encoding: str
) -> None:
    text = "# Plans\r\n\r\nCaf\u00e9 \U0001f600 owners. " + TRIGGER + "\r\n"
    wide = tmp_path / "wide.md"
    wide.write_bytes(("\ufeff" + text).encode(encoding))
    code, report, _ = check_json(capsys, wide)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    trigger_at(file, 3, _BREAK.split(text)[2].index(TRIGGER) + 1)  # 16: the emoji is one column
    assert_positions_exact(text, file)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "mixed"])
@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_crlf_and_lone_cr_line_endings_keep_line_and_column_exact(
    capsys: Any, tmp_path: Path, newline: str, suffix: str
) -> None:
    ends = ["\r\n", "\r", "\n", "\r\n"] if newline == "mixed" else [newline] * 4
    lines = ["Hello there, reader.", "", "Some words first. " + TRIGGER, "", "  " + TRIGGER]
    if suffix == ".html":
        lines = [
            "<p>Hello there, reader.</p>",
            "",
            "<p>Some words first. " + TRIGGER,
            "</p>",
            "<p>  " + TRIGGER + "</p>",
        ]
    text = "".join(line + end for line, end in zip(lines, ends + [""])) + ends[0]
    draft = tmp_path / f"draft{suffix}"
    draft.write_bytes(text.encode())
    code, report, _ = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    offset = len("<p>") if suffix == ".html" else 0
    trigger_at(file, 3, offset + 19)
    trigger_at(file, 5, offset + 3)
    assert_positions_exact(text, file)


def test_form_feed_and_unicode_line_separators_do_not_end_a_line(
    capsys: Any, tmp_path: Path
) -> None:
    text = "Intro\x0cpage two.\u2028More\u2029text. " + TRIGGER + "\n"
    draft = tmp_path / "ff.txt"
    draft.write_bytes(text.encode())
    _, report, _ = check_json(capsys, draft)
    [file] = report["files"]
    assert file["error"] is None
    trigger_at(file, 1, text.index("We offer") + 1)
    assert_positions_exact(text, file)


# ------------------------------------------------------------------------------------ big inputs


def test_a_20_mb_file_is_checked(capsys: Any, tmp_path: Path) -> None:
    """20 MB of Markdown, mostly an inline base64 image (what a CMS export looks like)."""
    blob = base64.b64encode(os.urandom(15_000_000)).decode()
    text = (
        "# Pricing for small teams\n\nYou get a calm inbox and your team gets its evenings "
        "back.\n\n"
        f"![A chart of the hours you save](data:image/png;base64,{blob})\n\n{TRIGGER}\n"
    )
    big = tmp_path / "big.md"
    big.write_text(text, encoding="utf-8")
    assert big.stat().st_size >= 20_000_000
    code, report, err = check_json(capsys, big, companion(tmp_path), extra=("--no-cache",))
    assert code in (0, 1) and err == ""
    file = by_name(report, "big.md")
    assert file["error"] is None and file["score"] is not None
    trigger_at(file, 7, 1)
    assert_companion_checked(report)


def test_a_20_mb_html_file_is_checked(capsys: Any, tmp_path: Path) -> None:
    blob = base64.b64encode(os.urandom(15_000_000)).decode()
    html = (
        "<html><head><style>"
        + ".card{color:#333;margin:0 auto}\n" * 20_000
        + "</style></head><body>"
        "<h1>Pricing for small teams</h1><p>You get a calm inbox.</p>"
        f"<img alt='A chart of the hours you save' src='data:image/png;base64,{blob}'>\n"
        f"<p>{TRIGGER}</p></body></html>\n"
    )
    big = tmp_path / "big.html"
    big.write_text(html, encoding="utf-8")
    code, report, err = check_json(capsys, big, extra=("--no-cache",))
    assert code in (0, 1) and err == ""
    [file] = report["files"]
    trigger_at(file, 20_002, 4)
    assert_positions_exact(html, file)


def test_a_single_2_mb_line(capsys: Any, tmp_path: Path) -> None:
    """Minified HTML: one 2 MB line, mostly markup, the finding at a column near two million."""
    unit = (
        '<div class="card card--featured grid grid-cols-3 md:grid-cols-6 gap-4 px-6 py-4">'
        '<svg viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5zm0 7l-10 5 10 5 '
        '10-5-10-5z"/></svg>'
        '<a href="/pricing/team?utm_source=site&amp;utm_medium=card">Team plan</a></div>'
    )
    line = "<html><body>" + unit * (2_000_000 // len(unit)) + f"<p>{TRIGGER}</p></body></html>"
    minified = tmp_path / "minified.html"
    minified.write_text(line, encoding="utf-8")
    code, report, err = check_json(capsys, minified, companion(tmp_path), extra=("--no-cache",))
    assert code in (0, 1) and err == ""
    file = by_name(report, "minified.html")
    assert file["error"] is None
    trigger_at(file, 1, line.index(TRIGGER) + 1)
    assert_companion_checked(report)


def test_100000_short_lines(capsys: Any, tmp_path: Path) -> None:
    """A README with a 100,000-line code sample: the prose around it keeps exact lines."""
    lines = ["# Setup for you", "", TRIGGER, "", "```text"]
    lines += [f"row {i} = {i * 7 % 13}" for i in range(100_000)]
    lines += ["```", "", "Closing words. " + TRIGGER, ""]
    text = "\n".join(lines)
    long = tmp_path / "long.md"
    long.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, long, extra=("--no-cache",))
    assert code == 1 and err == ""
    [file] = report["files"]
    trigger_at(file, 3, 1)
    trigger_at(file, len(lines) - 1, 16)
    assert_positions_exact(text, file)


def test_line_positions_are_computed_in_linear_time() -> None:
    from customerlens.documents.model import Document

    def cost(newline: str) -> float:
        source = "".join(f"row {i} = some short code{newline}" for i in range(100_000))
        document = Document("long.md", "markdown", source, ())
        start = time.perf_counter()
        assert document.position(len(source) - 1)[0] == 100_000
        return time.perf_counter() - start

    crlf = cost("\r\n")  # both break characters occur: each search stops at the next line
    assert cost("\n") < 0.5 + 10 * crlf
    assert cost("\r") < 0.5 + 10 * crlf


@pytest.mark.parametrize("run", ["&", "!", "\U0001f525"], ids=["ampersands", "bangs", "emoji"])
def test_a_long_run_of_punctuation_or_emoji_is_not_quadratic(
    capsys: Any, tmp_path: Path, run: str
) -> None:
    wall = tmp_path / "wall.txt"
    wall.write_text(f"{TRIGGER} {run * 10_000} Thanks for reading.\n", encoding="utf-8")
    check_json(capsys, companion(tmp_path))  # the pipeline is loaded before the clock starts
    start = time.perf_counter()
    code, report, _ = check_json(capsys, wall, extra=("--no-cache",))
    elapsed = time.perf_counter() - start
    assert code == 1
    trigger_at(report["files"][0], 1, 1)
    assert elapsed < 5, f"{elapsed:.1f} s for a 10,000-character run"


# -------------------------------------------------------------------------------- broken markup


def test_unterminated_code_fence_hides_only_what_follows_it(capsys: Any, tmp_path: Path) -> None:
    text = f"# Hello you\n\n{TRIGGER}\n\n```python\nWe are proud of our world-class code.\n"
    draft = tmp_path / "fence.md"
    draft.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and err == "" and file["error"] is None
    trigger_at(file, 3, 1)
    assert all(
        f["line"] < 5 for f in file["findings"]
    )  # an unclosed fence runs to the end (CommonMark)
    assert_positions_exact(text, file)


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_unterminated_front_matter_is_read_as_markdown(
    capsys: Any, tmp_path: Path, fence: str
) -> None:
    text = f"{fence}\ntitle: Pricing\n\n{TRIGGER}\n"
    draft = tmp_path / "front.md"
    draft.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and err == "" and file["error"] is None
    trigger_at(file, 4, 1)
    assert_positions_exact(text, file)


def test_html_nested_10000_levels_deep(capsys: Any, tmp_path: Path) -> None:
    html = "<div>" * 10_000 + f"<p>{TRIGGER}</p>" + "</div>" * 10_000
    deep = tmp_path / "deep.html"
    deep.write_text(html, encoding="utf-8")
    embedded = tmp_path / "deep.md"
    embedded.write_text(f"Intro for you.\n\n{html}\n", encoding="utf-8")
    code, report, err = check_json(capsys, deep, embedded, companion(tmp_path))
    assert code == 1 and err == ""
    trigger_at(by_name(report, "deep.html"), 1, 50_004)
    trigger_at(by_name(report, "deep.md"), 3, 50_004)
    assert_companion_checked(report)


def test_markdown_nested_deeply_is_read_or_refused_never_half_read(
    capsys: Any, tmp_path: Path
) -> None:
    """Blockquotes 10,000 deep: the prose after them must still be checked."""
    text = ">" * 10_000 + " Deep.\n\n" + TRIGGER + "\n"
    deep = tmp_path / "quotes.md"
    deep.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, deep)
    [file] = report["files"]
    assert_no_traceback(err)
    if file["error"] is None:
        trigger_at(file, 3, 1)
    else:
        assert code == 2
        assert_one_error(err, "quotes.md", file["error"])


def test_prose_after_a_deeply_nested_list_is_still_checked(capsys: Any, tmp_path: Path) -> None:
    items = "".join("  " * depth + f"- level {depth}\n" for depth in range(12))
    text = f"{items}\n{TRIGGER}\n"
    outline = tmp_path / "outline.md"
    outline.write_text(text, encoding="utf-8")
    code, report, err = check_json(capsys, outline)
    [file] = report["files"]
    if file["error"] is None:
        trigger_at(file, 14, 1)
    else:  # refusing the file with a reason would be fine too
        assert code == 2
        assert_one_error(err, "outline.md", file["error"])


@pytest.mark.parametrize(
    "html",
    [
        (
            f"<p>{TRIGGER}<b>bold <i>crossed</b> tags</i><p <<>> </div></td>"
            "&bogus; &#xZZZ; &#99999999; <!-- never closed"
        ),
        f"<p class='a\" title=\"x>{TRIGGER}</p><script>if (a < b) {{ document.write('<p>') }}",
        f"</p></p></html><body><body><p>{TRIGGER}<p><p><table><td>cell</table></li></ul>",
        f"<p>{TRIGGER}</p><![CDATA[ unclosed <? pi <!DOCTYPE",
        f"<p>{TRIGGER}</p><style>p {{ content: '</p>' }}",
    ],
    ids=[
        "crossed-and-unclosed",
        "broken-attribute",
        "stray-end-tags",
        "cdata-pi",
        "unclosed-style",
    ],
)
def test_malformed_html_gives_a_result_with_exact_positions(
    capsys: Any, tmp_path: Path, html: str
) -> None:
    page = tmp_path / "broken.html"
    page.write_text(html, encoding="utf-8")
    code, report, err = check_json(capsys, page, companion(tmp_path))
    assert code in (0, 1) and err == ""
    file = by_name(report, "broken.html")
    assert file["error"] is None
    for finding in file["findings"]:
        assert source_at(html, finding) == finding["match"]
    assert_companion_checked(report)


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_emoji_combining_marks_and_right_to_left_text_keep_columns_exact(
    capsys: Any, tmp_path: Path, suffix: str
) -> None:
    prefix = (
        "\U0001f600\U0001f469\u200d\U0001f4bb\U0001f1eb\U0001f1f7 "  # emoji, a ZWJ sequence, a flag
        "e\u0301cole\u0301 \u1100\u1161 "  # combining accents, conjoining Hangul jamo
        # Hebrew, Arabic with bidi controls
        "\u05e9\u05dc\u05d5\u05dd \u202b\u0645\u0631\u062d\u0628\u0627\u202c "
        "\U00010348 "  # outside the Basic Multilingual Plane
    )
    body = f"Welcome. {prefix}{TRIGGER}\n\u05e9\u05dc\u05d5\u05dd {TRIGGER}\n"
    text = body if suffix != ".html" else f"<p>{body}</p>\n"
    draft = tmp_path / f"intl{suffix}"
    draft.write_text(text, encoding="utf-8")
    code, report, _ = check_json(capsys, draft)
    [file] = report["files"]
    assert code == 1 and file["error"] is None
    lines = _BREAK.split(text)
    for line_number, line in enumerate(lines[:2], start=1):
        if TRIGGER in line:
            trigger_at(file, line_number, line.index(TRIGGER) + 1)  # str.index counts code points
    assert_positions_exact(text, file)


# ------------------------------------------------------------------------------- paths and files


def test_a_path_with_spaces_and_non_ascii_characters(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "Marketing drafts — été 2025" / "日本語 folder"
    folder.mkdir(parents=True)
    good = folder / "landing page ünïcödé 🚀.md"
    good.write_text(TRIGGER + "\n", encoding="utf-8")
    broken = folder / "logo copy é.md"
    broken.write_bytes(PNG)
    code, report, err = check_json(capsys, tmp_path / "Marketing drafts — été 2025")
    assert code == 2
    assert_one_error(err, "logo copy é.md", "looks like a binary file")
    assert [Path(f["path"]).name for f in report["files"]] == [
        "landing page ünïcödé 🚀.md",
        "logo copy é.md",
    ]
    assert by_name(report, "landing page ünïcödé 🚀.md")["path"] == str(good)
    trigger_at(by_name(report, "landing page ünïcödé 🚀.md"), 1, 1)
    code, out, err = cli(capsys, "check", str(good), "--format", "concise", "--jobs", "1")
    assert code == 1 and f"{good}:1:1:" in out


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.md")).write_bytes(TRIGGER.encode() + b"\n")
    (folder / "ok.md").write_text(TRIGGER + "\n", encoding="utf-8")
    report_file = tmp_path / "report.json"
    result = subprocess_cli(
        "check", str(folder), "--format", "json", "--jobs", "1", "--output", str(report_file)
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 1, result.stderr
    report = json.loads(report_file.read_bytes().decode("utf-8"))
    assert len(report["files"]) == 2
    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "customerlens",
            "check",
            str(folder),
            "--format",
            "json",
            "--jobs",
            "1",
        ],
        check=False,
        capture_output=True,
        timeout=120,
    )
    assert json.loads(piped.stdout.decode("utf-8"))["files"][0]["findings"]


def test_a_directory_with_a_symlink_loop(capsys: Any, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "blog" / "posts").mkdir(parents=True)
    (root / "blog" / "posts" / "one.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (root / "index.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (root / "blog" / "posts" / "up").symlink_to("../..")  # back to the top
    (root / "blog" / "self").symlink_to(".")
    (root / "blog" / "posts" / "alias.md").symlink_to("one.md")
    (root / "dangling.md").symlink_to("nowhere.md")
    (root / "a").symlink_to("b")
    (root / "b").symlink_to("a")  # a two-link cycle that resolves to nothing
    code, report, err = check_json(capsys, root, root / "blog")
    assert code == 1, err
    real = sorted(os.path.realpath(f["path"]) for f in report["files"])
    assert real == sorted(
        {str((root / "index.md").resolve()), str((root / "blog" / "posts" / "one.md").resolve())}
    )
    for file in report["files"]:
        trigger_at(file, 1, 1)


def _without_dac_override() -> list[str] | None:
    """A command prefix that takes root's power to read any file away, where possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_file_and_folder(capsys: Any, tmp_path: Path) -> None:
    prefix = _without_dac_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod 000 cannot make a file unreadable")
    locked = tmp_path / "locked.md"
    locked.write_text(TRIGGER + "\n", encoding="utf-8")
    folder = tmp_path / "drafts"
    (folder / "private").mkdir(parents=True)
    (folder / "private" / "secret.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (folder / "open.md").write_text(TRIGGER + "\n", encoding="utf-8")
    other = companion(tmp_path)
    locked.chmod(0)
    (folder / "private").chmod(0)
    try:
        if prefix:
            probe = subprocess.run([*prefix, "cat", str(locked)], check=False, capture_output=True)
            if probe.returncode == 0:
                pytest.skip("cannot drop root's read-any-file capability here")
        argv = [
            "check",
            str(locked),
            str(folder),
            str(other),
            "--format",
            "json",
            "--jobs",
            "1",
            "--no-cache",
        ]
        if prefix:
            result = subprocess.run(
                [*prefix, sys.executable, "-m", "customerlens", *argv],
                check=False,
                capture_output=True,
                text=True,
                timeout=120,
            )
            code, out, err = result.returncode, result.stdout, result.stderr
        else:
            code, out, err = cli(capsys, *argv)
    finally:
        locked.chmod(0o644)
        (folder / "private").chmod(0o755)
    assert_no_traceback(out, err)
    assert code == 2
    assert_one_error(err, "locked.md", "permission denied")
    assert_one_error(err, "private", "permission denied")
    report = json.loads(out)
    assert by_name(report, "locked.md")["error"] == "permission denied"
    trigger_at(by_name(report, "open.md"), 1, 1)
    assert_companion_checked(report)


def test_a_fifo_with_a_text_suffix_does_not_hang_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    os.mkfifo(folder / "pipe.md")
    os.mkfifo(tmp_path / "named.md")
    other = companion(tmp_path)
    try:
        result = subprocess_cli(
            "check",
            str(tmp_path / "named.md"),
            str(folder),
            str(other),
            "--format",
            "json",
            "--jobs",
            "1",
            "--no-cache",
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung on a FIFO named like a text file")
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 2
    assert_one_error(result.stderr, "named.md", "not a regular file")
    assert_companion_checked(json.loads(result.stdout))


def test_a_path_that_does_not_exist(capsys: Any, tmp_path: Path) -> None:
    code, report, err = check_json(
        capsys, tmp_path / "nope.md", tmp_path / "missing-folder", companion(tmp_path)
    )
    assert code == 2
    assert_one_error(err, "nope.md", "no such file or directory")
    assert_one_error(err, "missing-folder", "no such file or directory")
    assert by_name(report, "nope.md")["error"] == "no such file or directory"
    assert report["summary"]["errors"] == 2
    assert_companion_checked(report)


def test_a_directory_named_like_a_file_is_walked(capsys: Any, tmp_path: Path) -> None:
    folder = tmp_path / "x.md"
    folder.mkdir()
    (folder / "inner.md").write_text(TRIGGER + "\n", encoding="utf-8")
    (tmp_path / "empty.html").mkdir()
    code, report, err = check_json(capsys, folder, tmp_path / "empty.html", companion(tmp_path))
    assert code == 1 and err == ""
    trigger_at(by_name(report, "inner.md"), 1, 1)
    assert_companion_checked(report)


@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_a_directory_where_an_input_file_was_expected(
    capsys: Any, tmp_path: Path, option: str
) -> None:
    folder = tmp_path / "settings"
    folder.mkdir()
    code, out, err = cli(
        capsys,
        "check",
        str(companion(tmp_path)),
        option,
        str(folder),
        "--format",
        "json",
        "--jobs",
        "1",
    )
    assert_no_traceback(out, err)
    assert code == 2 and out == ""
    assert_one_error(err, "settings", "")


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
@pytest.mark.parametrize("target", ["a-folder", "missing/report.json"])
def test_a_directory_where_an_output_file_was_expected(
    capsys: Any, tmp_path: Path, option: str, target: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    destination = tmp_path / target
    code, out, err = cli(
        capsys,
        "check",
        str(companion(tmp_path)),
        option,
        str(destination),
        "--format",
        "json",
        "--jobs",
        "1",
    )
    assert_no_traceback(out, err)
    assert code == 2
    assert_one_error(err, target.split("/")[0], "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-folder",
        "companion.md",
    ]  # no temp file left


# ------------------------------------------------------------------------------------------ stdin


def test_empty_stdin_is_an_empty_document(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, report, err = check_json(capsys, "-", companion(tmp_path))
    assert code == 1 and err == ""
    stdin = by_name(report, "<stdin>")
    assert stdin["error"] is None and stdin["findings"] == []
    assert_companion_checked(report)


def test_stdin_from_dev_null_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess_cli(
        "check", "-", "--format", "json", "--jobs", "1", stdin=subprocess.DEVNULL
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 0 and result.stderr == ""
    [file] = json.loads(result.stdout)["files"]
    assert file["path"] == "<stdin>" and file["error"] is None


def test_closed_stdin_is_one_error_line_and_the_rest_is_checked(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("needs bash to start a process with file descriptor 0 closed")
    other = companion(tmp_path)
    script = 'exec "$0" -m customerlens check - "$1" --format json --jobs 1 0<&-'
    result = subprocess.run(
        [bash, "-c", script, sys.executable, str(other)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 2
    assert_one_error(result.stderr, "<stdin>", "standard input is closed")
    report = json.loads(result.stdout)
    assert by_name(report, "<stdin>")["error"] == "standard input is closed"
    assert_companion_checked(report)


def test_binary_stdin_is_one_error_line(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PNG)))
    code, report, err = check_json(
        capsys, "-", companion(tmp_path), extra=("--stdin-filename", "logo.md")
    )
    assert code == 2
    assert_one_error(err, "logo.md", "looks like a binary file")
    assert_companion_checked(report)


# ------------------------------------------------------------------ one bad file among many, any -j


def test_every_bad_input_at_once_with_a_process_pool(capsys: Any, tmp_path: Path) -> None:
    """The matrix in one run with --jobs 2: each bad file one line, every good file reported, in
    order."""
    inputs = {
        "a-empty.md": b"",
        "b-png.md": PNG,
        "c-nul.txt": b"We\x00offer",
        "d-bad-utf8.md": b"caf\xe9 \x81\n",
        "e-good.md": TRIGGER.encode() + b"\n",
        "f-utf16.md": ("\ufeff" + TRIGGER + "\r\n").encode("utf-16-le"),
        "g-good.html": f"<p>{TRIGGER}</p>".encode(),
    }
    for name, content in inputs.items():
        (tmp_path / name).write_bytes(content)
    code, out, err = cli(
        capsys,
        "check",
        str(tmp_path),
        str(tmp_path / "zz-missing.md"),
        "--format",
        "json",
        "--jobs",
        "2",
    )
    assert_no_traceback(out, err)
    assert code == 2
    report = json.loads(out)
    names = [Path(f["path"]).name for f in report["files"]]
    assert [n for n in names if n != "zz-missing.md"] == sorted(inputs) and "zz-missing.md" in names
    for name in ("b-png.md", "c-nul.txt", "d-bad-utf8.md", "zz-missing.md"):
        assert len(error_lines(err, name)) == 1
        assert by_name(report, name)["error"]
    for name in ("e-good.md", "f-utf16.md", "g-good.html"):
        trigger_at(by_name(report, name), 1, 4 if name.endswith(".html") else 1)
    assert report["summary"]["errors"] == 4
