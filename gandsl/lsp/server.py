"""The language server: pygls wiring of diagnostics, completion, hover, definition, formatting
and symbols; every handler is guarded so a broken recipe never stops the server."""
from __future__ import annotations

import asyncio
import functools
import os
import traceback
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import ServerTextPosition, ServerTextRange, TextDocument

from gandsl import __version__
from gandsl.errors import Span
from gandsl.lsp.completion import complete
from gandsl.lsp.definition import definition
from gandsl.lsp.diagnostics import START, convert, diagnostics
from gandsl.lsp.document import Checked, Document, Pos, offset_of, span_end, span_start
from gandsl.lsp.formatting import format_edits
from gandsl.lsp.hover import hover
from gandsl.lsp.symbols import symbols
from gandsl.lsp.fixes import quick_fixes

DEBOUNCE_S = 0.15
_ANSWERED = object()  # a request already answered with an error while it was being read


class AnsweringProtocol(LanguageServerProtocol):
    """pygls drops a request whose params do not fit their type without a reply, so an editor
    waits forever; this one answers it with the JSON-RPC error (invalid params) instead."""

    def structure_message(self, data: Any) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], None, error.to_response_error())
            return _ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is not _ANSWERED:
            super().handle_message(message)


class GandslServer(LanguageServer):
    """Open recipes by URI, each with its cached analysis."""

    def __init__(self) -> None:
        super().__init__("gandsl", __version__, protocol_cls=AnsweringProtocol,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.docs: dict[str, Document] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    def document(self, uri: str) -> tuple[TextDocument, Document]:
        """The editor's text of `uri` and its analysis state."""
        text_doc = self.workspace.get_text_document(uri)
        if uri not in self.docs:
            path = to_fs_path(uri) if uri.startswith("file:") else None
            self.docs[uri] = Document(Path(path or Path.cwd() / "untitled.gan").absolute(), self.read)
        return text_doc, self.docs[uri]

    def read(self, path: Path) -> str:
        """A file's text: the editor's buffer if it is open, else the file on disk."""
        uri = from_fs_path(str(path))
        open_doc = self.workspace.text_documents.get(uri) if uri else None
        return open_doc.source if open_doc is not None else path.read_text("utf-8")

    def checked(self, uri: str) -> tuple[TextDocument, Checked]:
        """The analysis of the document's current text."""
        text_doc, doc = self.document(uri)
        return text_doc, doc.check(text_doc.source)

    def usable(self, uri: str) -> tuple[TextDocument, Checked]:
        """The current analysis if its text parsed, else the last one that did: a half-typed
        line must not blank out hover, go-to-definition and the outline."""
        text_doc, found = self.checked(uri)
        good = self.docs[uri].good
        return text_doc, found if found.module is not None or good is None else good


def ranges(text_doc: TextDocument) -> Callable[[Span], lsp.Range]:
    """Spans of this document as LSP ranges in the client's units (its lines split once)."""
    lines, codec = text_doc.lines, text_doc.position_codec
    ascii = text_doc.source.isascii()          # then every encoding counts characters alike

    def convert(span: Span) -> lsp.Range:
        start, end = span_start(span), span_end(span)
        if ascii:
            return lsp.Range(start=lsp.Position(line=start.line, character=start.char),
                             end=lsp.Position(line=end.line, character=end.char))
        return codec.range_to_client_units(lines, ServerTextRange(
            ServerTextPosition(start.line, start.char), ServerTextPosition(end.line, end.char)))
    return convert


def server_pos(text_doc: TextDocument, position: lsp.Position) -> Pos:
    at = text_doc.position_from_client_units(position)
    return Pos(at.line, at.character)


def guarded(fn: Callable) -> Callable:
    """Log an unexpected error to the client and answer nothing, instead of failing."""
    @functools.wraps(fn)
    def wrapper(ls: GandslServer, params: Any) -> Any:
        try:
            return fn(ls, params)
        except Exception:  # noqa: BLE001 - the server must keep serving
            ls.window_log_message(lsp.LogMessageParams(
                type=lsp.MessageType.Error, message=f"gandsl lsp: {traceback.format_exc()}"))
            return None
    return wrapper


def publish(ls: GandslServer, uri: str) -> None:
    """Check the document and send its diagnostics."""
    ls.pending.pop(uri, None)
    if uri not in ls.workspace.text_documents:
        return
    text_doc, found = ls.checked(uri)
    if found.analysis is None:
        items = [convert(found.failure, START)] if found.failure else []
    else:
        items = diagnostics(found.analysis, str(ls.docs[uri].path), ranges(text_doc))
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
        uri=uri, diagnostics=items, version=text_doc.version))


def schedule(ls: GandslServer, uri: str) -> None:
    """Publish after DEBOUNCE_S without further changes."""
    old = ls.pending.pop(uri, None)
    if old is not None:
        old.cancel()
    loop = asyncio.get_running_loop()
    ls.pending[uri] = loop.call_later(DEBOUNCE_S, guarded(lambda s, u: publish(s, u)), ls, uri)


def dependents(ls: GandslServer, uri: str) -> list[str]:
    """Other open documents whose last analysis read the file of `uri` (they import it)."""
    path = to_fs_path(uri)
    found = []
    for other, doc in ls.docs.items():
        checked = doc.checked
        if other != uri and checked is not None and checked.analysis is not None and path and \
                os.path.normpath(path) in map(os.path.normpath, checked.analysis.loader.texts):
            found.append(other)
    return found


def changed(ls: GandslServer, uri: str, now: bool) -> None:
    """Re-check a document (now or debounced) and those importing it."""
    publish(ls, uri) if now else schedule(ls, uri)
    for other in dependents(ls, uri):
        ls.docs[other].checked = None
        schedule(ls, other)


def make_server() -> GandslServer:
    """A server with every feature registered."""
    ls = GandslServer()
    register_sync(ls)
    register_editing(ls)
    register_navigation(ls)
    return ls


def register_sync(ls: GandslServer) -> None:
    """Open, change, save, close: keep each document's analysis and publish its diagnostics."""
    @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guarded
    def did_open(ls: GandslServer, params: lsp.DidOpenTextDocumentParams) -> None:
        changed(ls, params.text_document.uri, now=True)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    def did_change(ls: GandslServer, params: lsp.DidChangeTextDocumentParams) -> None:
        changed(ls, params.text_document.uri, now=False)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @guarded
    def did_save(ls: GandslServer, params: lsp.DidSaveTextDocumentParams) -> None:
        changed(ls, params.text_document.uri, now=True)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    def did_close(ls: GandslServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.docs.pop(uri, None)
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def register_editing(ls: GandslServer) -> None:
    """Completion, formatting and quick fixes."""
    @ls.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=[".", '"', "=", "/"]))
    @guarded
    def completion(ls: GandslServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        text_doc, doc = ls.document(params.text_document.uri)
        offset = offset_of(text_doc.source, server_pos(text_doc, params.position))
        good = doc.checked if doc.checked and doc.checked.module else doc.good
        items = complete(text_doc.source, offset, good.module if good else None, doc.path.parent)
        return lsp.CompletionList(is_incomplete=False, items=items)

    @ls.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    @guarded
    def on_format(ls: GandslServer, params: lsp.DocumentFormattingParams) -> list | None:
        text_doc, found = ls.checked(params.text_document.uri)
        source = text_doc.source
        module = found.module
        return format_edits(source, text_doc.client_position_at_offset(len(source)),
                            module.recipe if module else None)

    @ls.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    @guarded
    def on_code_action(ls: GandslServer, params: lsp.CodeActionParams) -> list | None:
        text_doc, _ = ls.document(params.text_document.uri)
        return quick_fixes(text_doc, params.context.diagnostics)


def register_navigation(ls: GandslServer) -> None:
    """Hover, go to definition and the outline (from the last good parse while a line is typed)."""
    @ls.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guarded
    def on_hover(ls: GandslServer, params: lsp.HoverParams) -> lsp.Hover | None:
        text_doc, found = ls.usable(params.text_document.uri)
        text = hover(found.analysis, server_pos(text_doc, params.position)) \
            if found.analysis else None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text)) \
            if text else None

    @ls.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    @guarded
    def on_definition(ls: GandslServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        text_doc, found = ls.usable(params.text_document.uri)
        place = definition(found.analysis, server_pos(text_doc, params.position)) \
            if found.analysis else None
        return location(ls, place) if place else None

    @ls.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded
    def on_symbols(ls: GandslServer, params: lsp.DocumentSymbolParams) -> list | None:
        text_doc, found = ls.usable(params.text_document.uri)
        module = found.module
        return symbols(module.recipe, ranges(text_doc)) if module else None


def location(ls: GandslServer, place: Any) -> lsp.Location:
    """A Place as an LSP location; spans of open documents use the client's units."""
    uri = from_fs_path(str(place.path)) or place.path.as_uri()
    if place.span is None:
        zero = lsp.Position(line=0, character=0)
        return lsp.Location(uri=uri, range=lsp.Range(start=zero, end=zero))
    open_doc = ls.workspace.text_documents.get(uri)
    if open_doc is not None:
        return lsp.Location(uri=uri, range=ranges(open_doc)(place.span))
    start, end = span_start(place.span), span_end(place.span)
    return lsp.Location(uri=uri, range=lsp.Range(
        start=lsp.Position(line=start.line, character=start.char),
        end=lsp.Position(line=end.line, character=end.char)))


def serve() -> None:
    """Serve over stdin/stdout until the client exits."""
    make_server().start_io()
