"""`customerlens lsp`: a language server (stdio) so findings show in the editor as you type.

Markdown, MDX, HTML and plain-text documents are checked when opened and, debounced, when
changed: each finding is a diagnostic with the rule id, message, level and exact range (columns
converted to the editor's position encoding). Hovering the first line shows the score and its
pillars. Code actions apply a finding's rewrite, or insert the inline directive that disables
the rule on that line. Settings come from the configuration files the command line reads (the
document's own path decides which), read again on every check, so an edited
`.customerlens.toml` applies at the next keystroke or on `workspace/didChangeConfiguration`.
The pipeline is loaded once per server, by the first check.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from customerlens.api import check_text
from customerlens.documents import format_for
from customerlens.model import PILLARS, FileResult, Finding, Level
from customerlens.model.jsonable import one_line
from customerlens.version import __version__

DEBOUNCE = 0.3  # seconds of quiet typing before a changed document is checked again
LANGUAGES = {"markdown": ".md", "mdx": ".mdx", "html": ".html", "plaintext": ".txt"}
SEVERITY = {
    Level.ERROR: types.DiagnosticSeverity.Error,
    Level.WARNING: types.DiagnosticSeverity.Warning,
    Level.SUGGESTION: types.DiagnosticSeverity.Information,
}


class CopyServer(LanguageServer):
    """The server, with the last result of every open document and its pending re-check."""

    def __init__(self) -> None:
        super().__init__("customerlens", __version__)
        self.results: dict[str, FileResult] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    def path_of(self, document: TextDocument) -> str | None:
        """The file the document is (its suffix decides the format), or None: not copy."""
        path = to_fs_path(document.uri) or document.uri
        if format_for(path):
            return path
        suffix = LANGUAGES.get(document.language_id or "")
        return path + suffix if suffix else None

    def check(self, uri: str) -> None:
        self.pending.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        path = self.path_of(document)
        if path is None:
            return
        result = check_text(document.source, path=os.path.abspath(path))
        self.results[uri] = result
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=document.version,
                diagnostics=[diagnostic(document, f) for f in result.findings],
            )
        )

    def later(self, uri: str) -> None:
        """Check `uri` once typing has paused for DEBOUNCE seconds."""
        if (waiting := self.pending.pop(uri, None)) is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.check, uri)


def _range(
    document: TextDocument, line: int, column: int, end_line: int, end_column: int
) -> types.Range:
    """A customerlens span (1-based, code points) in the editor's units."""
    return document.range_to_client_units(
        ServerTextRange(
            start=ServerTextPosition(line=line - 1, character=column - 1),
            end=ServerTextPosition(line=end_line - 1, character=end_column - 1),
        )
    )


def diagnostic(document: TextDocument, finding: Finding) -> types.Diagnostic:
    advice = finding.advice()
    return types.Diagnostic(
        range=_range(document, finding.line, finding.column, finding.end_line, finding.end_column),
        severity=SEVERITY[finding.level],
        code=finding.rule,
        source="customerlens",
        message=one_line(finding.message) + (f"\n{advice}" if advice else ""),
        data={"rule": finding.rule, "line": finding.line, "column": finding.column},
    )


def score_text(result: FileResult) -> str:
    score = result.score
    if score is None or score.total is None:
        return "customerlens: no prose to score"
    pillars = " · ".join(
        f"{name} {value:.0f}" for name in PILLARS if (value := score.pillars.get(name)) is not None
    )
    return f"**customerlens {score.total:.1f}/100**{score.qualifier} — {pillars}"


def _sentence_of(result: FileResult, finding: Finding) -> Any:
    """The sentence a finding sits in (the span its rewrite replaces)."""
    at = (finding.line, finding.column)
    for sentence in result.sentences:
        if (sentence.line, sentence.column) <= at < (sentence.end_line, sentence.end_column):
            return sentence
    return None


def actions(server: CopyServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    result = server.results.get(uri)
    if result is None:
        return []
    document = server.workspace.get_text_document(uri)
    wanted = params.range.start.line, params.range.end.line
    found: list[types.CodeAction] = []
    for finding in result.findings:
        if finding.whole or not wanted[0] <= finding.line - 1 <= wanted[1]:
            continue
        sentence = _sentence_of(result, finding)
        if finding.rewrite and sentence is not None:
            where = _range(
                document, sentence.line, sentence.column, sentence.end_line, sentence.end_column
            )
            found.append(
                _edit(uri, f"Rewrite: {finding.rewrite}", where, finding.rewrite, preferred=True)
            )
        line = document.lines[finding.line - 1] if finding.line - 1 < len(document.lines) else ""
        indent = line[: len(line) - len(line.lstrip())]
        directive = f"customerlens-disable-next-line {finding.rule}"
        if result.format in ("markdown", "html"):
            directive = f"<!-- {directive} -->"
        start = types.Position(line=finding.line - 1, character=0)
        found.append(
            _edit(
                uri,
                f"Disable {finding.rule} for this line",
                types.Range(start=start, end=start),
                f"{indent}{directive}\n",
            )
        )
    return found


def _edit(
    uri: str, title: str, where: types.Range, text: str, preferred: bool = False
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        is_preferred=preferred,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=where, new_text=text)]}),
    )


def build() -> CopyServer:
    server = CopyServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CopyServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CopyServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CopyServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CopyServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if (waiting := ls.pending.pop(uri, None)) is not None:
            waiting.cancel()
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(
        ls: CopyServer, params: types.DidChangeConfigurationParams
    ) -> None:
        for uri in list(ls.results):  # the configuration files are read again by each check
            ls.check(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CopyServer, params: types.HoverParams) -> types.Hover | None:
        result = ls.results.get(params.text_document.uri)
        if result is None or params.position.line != 0:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=score_text(result))
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: CopyServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return actions(ls, params)

    return server


PARSES_KEPT = 20_000  # sentences: a few long drafts open at once


def serve() -> None:
    """Serve on standard input and output until the editor shuts the server down. Parsed
    sentences are kept between checks: typing in one paragraph re-parses only its sentences."""
    from customerlens.analysis import linter

    linter.KEEP_PARSES = PARSES_KEPT
    build().start_io()
