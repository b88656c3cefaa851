"""Where a document holds code or metadata rather than prose and comments: the spans in which
a `customerlens-…` directive is an example being shown, not an instruction.

It is read by the same parsers that find the prose (markdown-it for Markdown and MDX, the
standard library's HTML tokenizer for HTML), on the source itself, so a comment written inside
inline code, an indented or fenced code block (in a block quote too), `<pre>`, `<code>`,
`<script>` or `<style>`, or front matter, is recognised as such. Plain text has no code.
"""

from __future__ import annotations

from html.parser import HTMLParser

from customerlens.documents.masking import front_matter_end, lf_only

Spans = list[tuple[int, int]]  # half-open source offsets, in order
# Elements whose content is shown as code or run as code, never read as comments.
CODE_ELEMENTS = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea"})


def code_spans(source: str, fmt: str) -> Spans:
    """The code and front matter of `source` in format "markdown", "html" or "text"."""
    text = lf_only(source)
    front = front_matter_end(text) if fmt in ("markdown", "html") else 0
    spans: Spans = [(0, front)] if front else []
    body = " " * front + text[front:]  # offsets kept; front matter read as nothing
    if fmt == "markdown":
        spans += _markdown(body)
    elif fmt == "html":
        spans += _html(body, 0)
    return sorted(spans)


def inside(spans: Spans, offset: int) -> bool:
    """Whether `offset` lies in one of `spans` (sorted)."""
    return any(start <= offset < end for start, end in spans)


def _markdown(text: str) -> Spans:
    from customerlens.documents.markdown import _parser

    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def offset(line: int) -> int:
        return starts[line] if line < len(starts) else len(text)

    spans: Spans = []
    for token in _parser().parse(text):
        if not token.map:
            continue
        start, end = offset(token.map[0]), offset(token.map[1])
        if token.type in ("code_block", "fence"):
            spans.append((start, end))
        elif token.type == "html_block":
            spans += _html(text[start:end], start)
        elif token.type == "inline":
            spans += _inline_code(text, start, end)
    return spans


def _inline_code(text: str, start: int, end: int) -> Spans:
    """Code spans (`` `…` ``, ``` `` … `` ```) between `start` and `end`, as CommonMark reads
    them: a run of backticks is closed by the next run of the same length."""
    spans: Spans = []
    i = start
    while (i := text.find("`", i, end)) >= 0:
        j = i
        while j < end and text[j] == "`":
            j += 1
        run = text[i:j]
        close = j
        while (close := text.find(run, close, end)) >= 0:
            after = close + len(run)
            if (after >= end or text[after] != "`") and text[close - 1] != "`":
                break
            close = after
        if close < 0:
            i = j  # no closing run: the backticks are literal
            continue
        spans.append((i, close + len(run)))
        i = close + len(run)
    return spans


class _CodeElements(HTMLParser):
    """The spans of the code elements of an HTML fragment; script and style content is not
    tokenized at all, so a comment in a script's string is never seen as one."""

    def __init__(self, text: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.base = base
        self.open: list[tuple[str, int]] = []
        self.spans: Spans = []
        self.feed(text)
        self.close()
        for _, begun in self.open:  # never closed: code to the end
            self.spans.append((begun, base + len(text)))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.base + self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_ELEMENTS:
            self.open.append((tag, self._offset()))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                self.spans.append((self.open[i][1], self._offset()))
                del self.open[i:]  # as browsers do: an end tag closes what it contains
                return


def _html(text: str, base: int) -> Spans:
    return _CodeElements(text, base).spans
