"""The language server end to end: a real LSP client (pytest-lsp) talks to `customerlens lsp`
over stdio — open, change, diagnostics, hover, a code action applied, a configuration change."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

DRAFT = (
    "# Storage for studios\n\nWe offer 24/7 support.\n\n"
    "Acme ships storage. 😀 We are proud to announce our new office.\n"
)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "customerlens", "lsp"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("workspace")
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="site")],
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, name: str, text: str) -> str:
    path: Path = client.root / name  # type: ignore[attr-defined]
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest.mark.asyncio
async def test_diagnostics_on_open_and_change_with_exact_ranges(client: LanguageClient) -> None:
    uri = await _open(client, "launch.md", DRAFT)
    found = {d.code: d for d in client.diagnostics[uri]}
    offer = found["CL101"]
    assert offer.source == "customerlens" and offer.severity == types.DiagnosticSeverity.Warning
    assert (offer.range.start.line, offer.range.start.character) == (2, 0)
    assert (offer.range.end.line, offer.range.end.character) == (2, 8)  # "We offer"
    proud = next(d for d in client.diagnostics[uri] if d.code == "CL103")
    # after an emoji (two UTF-16 units): the editor's own units
    assert proud.range.start == types.Position(line=4, character=23)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(
                    text="# Your files, everywhere\n\nYou get help at any hour.\n"
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "CL101" not in {d.code for d in client.diagnostics[uri]}


@pytest.mark.asyncio
async def test_hover_shows_the_score_and_a_rewrite_applies(client: LanguageClient) -> None:
    uri = await _open(client, "offer.md", "We offer 24/7 support.\n")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=1),
        )
    )
    assert hover is not None and "customerlens" in hover.contents.value  # type: ignore[union-attr]
    assert "/100" in hover.contents.value  # type: ignore[union-attr]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=5)
            ),
            context=types.CodeActionContext(diagnostics=client.diagnostics[uri]),
        )
    )
    titles = [a.title for a in actions or []]  # type: ignore[union-attr]
    assert "Rewrite: You get 24/7 support." in titles
    assert "Disable CL101 for this line" in titles
    rewrite = next(a for a in actions if a.title.startswith("Rewrite"))  # type: ignore[union-attr]
    [edit] = rewrite.edit.changes[uri]  # type: ignore[union-attr, index]
    assert edit.new_text == "You get 24/7 support."
    assert (edit.range.start.character, edit.range.end.character) == (0, 22)
    disable = next(a for a in actions if a.title.startswith("Disable"))  # type: ignore[union-attr]
    [insert] = disable.edit.changes[uri]  # type: ignore[union-attr, index]
    assert insert.new_text == "<!-- customerlens-disable-next-line CL101 -->\n"


@pytest.mark.asyncio
async def test_a_configuration_change_applies_to_open_documents(client: LanguageClient) -> None:
    uri = await _open(client, "brand.md", "Acme offers storage for design studios.\n")
    assert "CL101" not in {d.code for d in client.diagnostics[uri]}
    root: Path = client.root  # type: ignore[attr-defined]
    (root / ".customerlens.toml").write_text('brand = ["Acme"]\n', encoding="utf-8")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={}))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "CL101" in {d.code for d in client.diagnostics[uri]}
