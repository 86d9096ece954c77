"""The language server: pygls features registered by decorator, each a thin handler.

Handlers find the bible of the document (:mod:`tui.lsp.bibles`), ask
:mod:`tui.lsp.story`, and convert places between the model's offsets and
1-based lines and LSP's 0-based lines and UTF-16 columns. A document that is
not part of a bible gets nothing: the server leaves other YAML alone.

Diagnostics are published for every file of a bible after each open, save
and change; changes are debounced (:data:`DEBOUNCE` seconds: a burst of
keystrokes is checked once, when it pauses).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from arcs.diagnostics import Diagnostic, Severity
from arcs.rules import RULES
from story_bible.edits import EditError
from story_bible.model import Span
from story_bible.patch import Patch
from tui.lsp import story
from tui.lsp.bibles import OpenBible, bible_of

#: Seconds a change waits for the next keystroke before the bible is checked.
DEBOUNCE = 0.05

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_COMPLETION_KIND = {
    "character": lsp.CompletionItemKind.Class, "faction": lsp.CompletionItemKind.Module,
    "arc": lsp.CompletionItemKind.Folder, "beat": lsp.CompletionItemKind.Event,
    "status": lsp.CompletionItemKind.EnumMember, "season": lsp.CompletionItemKind.Constant,
    "episode": lsp.CompletionItemKind.Value,
}
_SYMBOL_KIND = {
    "season": lsp.SymbolKind.Namespace, "arc": lsp.SymbolKind.Module,
    "beat": lsp.SymbolKind.Event, "character": lsp.SymbolKind.Class,
    "faction": lsp.SymbolKind.Package, "status": lsp.SymbolKind.EnumMember,
}


class ArcroomServer(LanguageServer):
    """pygls' server plus the open bibles, by their path."""

    def __init__(self) -> None:
        from arcs.version import version

        super().__init__("arcroom", version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.bibles: dict[Path, OpenBible] = {}
        self.published: dict[Path, set[str]] = {}
        self.pending: dict[Path, asyncio.TimerHandle] = {}
        self.debounce = DEBOUNCE

    # -- bibles -------------------------------------------------------------------------

    def bible_for(self, uri: str, text: str | None = None) -> OpenBible | None:
        """The open bible ``uri`` belongs to, opened now if need be; ``None`` if none."""
        path = _path(uri)
        if path is None:
            return None
        for opened in self.bibles.values():
            if str(path) in opened.texts:
                return opened
        root = bible_of(path, text)
        if root is None:
            return None
        shown = {str(path): text} if text is not None else {}
        opened = self.bibles[root] = OpenBible.open(root, shown)
        return opened

    def publish(self, opened: OpenBible) -> None:
        checked = opened.last
        if checked is None:
            return
        before = self.published.get(opened.path, set())
        now = {f for f, found in checked.by_file.items() if found}
        for file in sorted(before | set(checked.by_file)):
            found = checked.by_file.get(file, [])
            if not found and file not in before:
                continue
            text = opened.texts.get(file, "")
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=from_fs_path(file) or file,
                diagnostics=[_diagnostic(d, text) for d in found],
            ))
        self.published[opened.path] = now

    def recheck_soon(self, opened: OpenBible) -> None:
        """Check and publish once the keystrokes pause (see :data:`DEBOUNCE`)."""
        waiting = self.pending.pop(opened.path, None)
        if waiting is not None:
            waiting.cancel()
        if self.debounce <= 0:
            opened.check()
            self.publish(opened)
            return

        def run() -> None:
            self.pending.pop(opened.path, None)
            opened.check()
            self.publish(opened)

        self.pending[opened.path] = asyncio.get_running_loop().call_later(self.debounce, run)


server = ArcroomServer()


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path) if path else None


# -- places -----------------------------------------------------------------------------


def _utf16(line: str, column: int) -> int:
    """The UTF-16 column of code point ``column`` (0-based) of ``line``."""
    head = line[:column]
    return column if head.isascii() else len(head.encode("utf-16-le")) // 2


def _line(text: str, number: int) -> str:
    """The 1-based line ``number`` of ``text``."""
    at = 0
    for _ in range(number - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return ""
    end = text.find("\n", at)
    return text[at:end if end >= 0 else len(text)]


def _position(text: str, line: int, column: int) -> lsp.Position:
    """LSP's position of 1-based ``line`` and ``column`` (code points)."""
    line = max(line, 1)
    column = max(column, 1)
    source = _line(text, line) if column > 1 else ""
    return lsp.Position(line - 1, _utf16(source, column - 1))


def _range(text: str, line: int, column: int, end_line: int, end_column: int) -> lsp.Range:
    return lsp.Range(_position(text, line, column),
                     _position(text, end_line or line, end_column or column))


def _offset_position(text: str, offset: int) -> lsp.Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return lsp.Position(text.count("\n", 0, offset), _utf16(text[line_start:offset], offset - line_start))


def _offset_range(text: str, start: int, end: int) -> lsp.Range:
    return lsp.Range(_offset_position(text, start), _offset_position(text, end))


def _span_location(opened: OpenBible, span: Span) -> lsp.Location:
    text = opened.texts.get(span.file, "")
    return lsp.Location(from_fs_path(span.file) or span.file, _offset_range(text, span.start, span.end))


def _offset(text: str, position: lsp.Position) -> int:
    at = 0
    for _ in range(position.line):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    end = text.find("\n", at)
    line = text[at:end if end >= 0 else len(text)]
    if line.isascii():
        return at + min(position.character, len(line))
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            return at + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return at + len(line)


def _diagnostic(d: Diagnostic, text: str) -> lsp.Diagnostic:
    rule = RULES.get(d.code)
    related = None
    if d.hint:
        related = [lsp.DiagnosticRelatedInformation(
            lsp.Location(from_fs_path(d.file) or d.file, _range(text, d.line, d.column, d.end_line, d.end_column)),
            d.hint,
        )]
    return lsp.Diagnostic(
        range=_range(text, d.line, d.column, d.end_line, d.end_column),
        message=d.message + (f" ({d.hint})" if d.hint else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=f"arcroom:rules/{d.code}") if rule else None,
        source="arcroom",
        related_information=related,
        data={"file": d.file, "entity": d.entity, "subjects": list(d.subjects), "code": d.code,
              "line": d.line, "column": d.column, "message": d.message},
    )


def _at(ls: ArcroomServer, uri: str, position: lsp.Position) -> tuple[OpenBible, str, str, int] | None:
    """The bible, file, text and offset of a position, when the file is a bible's."""
    opened = ls.bible_for(uri)
    path = _path(uri)
    if opened is None or path is None or opened.bible is None:
        return None
    file = str(path)
    text = opened.texts.get(file, "")
    return opened, file, text, _offset(text, position)


# -- document sync ----------------------------------------------------------------------


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ArcroomServer, params: lsp.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    opened = ls.bible_for(doc.uri, doc.text)
    if opened is None:
        return
    path = _path(doc.uri)
    if path is not None and opened.texts.get(str(path)) != doc.text:
        opened.change(str(path), doc.text)
    ls.publish(opened)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ArcroomServer, params: lsp.DidChangeTextDocumentParams) -> None:
    opened = ls.bible_for(params.text_document.uri)
    path = _path(params.text_document.uri)
    if opened is None or path is None:
        return
    opened.texts[str(path)] = ls.workspace.get_text_document(params.text_document.uri).source
    ls.recheck_soon(opened)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ArcroomServer, params: lsp.DidSaveTextDocumentParams) -> None:
    opened = ls.bible_for(params.text_document.uri)
    if opened is None:
        return
    # A save reads everything whole once: files changed on disk (a git pull) come in.
    ls.bibles[opened.path] = fresh = OpenBible.open(opened.path, {
        f: ls.workspace.get_text_document(u).source
        for f in opened.texts
        if (u := from_fs_path(f)) and u in ls.workspace.text_documents
    })
    ls.publish(fresh)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ArcroomServer, params: lsp.DidCloseTextDocumentParams) -> None:
    opened = ls.bible_for(params.text_document.uri)
    path = _path(params.text_document.uri)
    if opened is None or path is None:
        return
    try:
        disk = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    if opened.texts.get(str(path)) != disk:
        opened.change(str(path), disk)
        ls.publish(opened)


# -- the story ---------------------------------------------------------------------------


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" ", "[", ",", "{", ":"]))
def completion(ls: ArcroomServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    at = _at(ls, params.text_document.uri, params.position)
    if at is None:
        return None
    opened, _, text, offset = at
    assert opened.bible is not None
    items = [
        lsp.CompletionItem(label=i.label, kind=_COMPLETION_KIND.get(i.kind), detail=i.detail)
        for i in story.completions(opened.bible, text, offset)
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: ArcroomServer, params: lsp.HoverParams) -> lsp.Hover | None:
    at = _at(ls, params.text_document.uri, params.position)
    if at is None:
        return None
    opened, file, text, offset = at
    assert opened.bible is not None
    found = story.hover(opened.bible, file, text, offset)
    if found is None:
        return None
    body, start, end = found
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, body), _offset_range(text, start, end))


def _word(ls: ArcroomServer, uri: str, position: lsp.Position) -> tuple[OpenBible, str, str, int, int] | None:
    at = _at(ls, uri, position)
    if at is None:
        return None
    opened, _, text, offset = at
    found = story.word_at(text, offset)
    if found is None:
        return None
    return opened, text, *found


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: ArcroomServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    opened, _, name, _, _ = found
    assert opened.bible is not None
    span = story.definition(opened.bible, name)
    return _span_location(opened, span) if span is not None else None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: ArcroomServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    opened, _, name, _, _ = found
    assert opened.bible is not None
    spans = story.references_to(opened.bible, name, declaration=params.context.include_declaration)
    return [_span_location(opened, s) for s in spans]


def _document_symbol(opened: OpenBible, text: str, s: story.Symbol) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(
        name=s.name, kind=_SYMBOL_KIND.get(s.kind, lsp.SymbolKind.Object), detail=s.detail,
        range=_offset_range(text, s.span.start, max(s.span.end, s.key.end)),
        selection_range=_offset_range(text, s.key.start, s.key.end),
        children=[_document_symbol(opened, text, c) for c in s.children],
    )


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: ArcroomServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
    opened = ls.bible_for(params.text_document.uri)
    path = _path(params.text_document.uri)
    if opened is None or opened.bible is None or path is None:
        return None
    text = opened.texts.get(str(path), "")
    return [_document_symbol(opened, text, s) for s in story.outline(opened.bible, str(path))]


@server.feature(lsp.WORKSPACE_SYMBOL)
def workspace_symbol(ls: ArcroomServer, params: lsp.WorkspaceSymbolParams) -> list[lsp.SymbolInformation]:
    out = []
    for opened in ls.bibles.values():
        if opened.bible is None:
            continue
        for name, kind, span in story.search(opened.bible, params.query):
            out.append(lsp.SymbolInformation(
                name=name, kind=_SYMBOL_KIND.get(kind, lsp.SymbolKind.Object),
                location=_span_location(opened, span), container_name=kind,
            ))
    return out


# -- refactors ---------------------------------------------------------------------------


def _workspace_edit(opened: OpenBible, patches: dict[str, list[Patch]]) -> lsp.WorkspaceEdit:
    changes = {}
    for file, file_patches in patches.items():
        text = opened.texts.get(file, "")
        changes[from_fs_path(file) or file] = [
            lsp.TextEdit(_offset_range(text, p.start, p.end), p.new) for p in file_patches
        ]
    return lsp.WorkspaceEdit(changes=changes)


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: ArcroomServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    opened, text, name, start, end = found
    assert opened.bible is not None
    if story.kind_of(opened.bible, name) not in story.RENAMEABLE:
        return None
    return lsp.PrepareRenamePlaceholder(_offset_range(text, start, end), name)


@server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
def rename(ls: ArcroomServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    opened, _, name, _, _ = found
    assert opened.bible is not None
    if story.kind_of(opened.bible, name) not in story.RENAMEABLE:
        return None
    try:
        patches = story.rename(dict(opened.texts), name, params.new_name)
    except EditError as exc:
        raise ValueError(str(exc)) from None  # pygls answers the request with the message
    return _workspace_edit(opened, patches)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_action(ls: ArcroomServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    opened = ls.bible_for(params.text_document.uri)
    if opened is None or opened.bible is None or opened.last is None or not opened.last.read:
        return None
    path = _path(params.text_document.uri)
    wanted = {(d.code, d.range.start.line) for d in params.context.diagnostics}
    actions = []
    for d in opened.last.by_file.get(str(path), []):
        if (d.code, d.line - 1) not in wanted:
            continue
        for title, patches in story.fixes(opened.bible, dict(opened.texts), d):
            actions.append(lsp.CodeAction(
                title=title, kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[x for x in params.context.diagnostics
                             if x.code == d.code and x.range.start.line == d.line - 1],
                edit=_workspace_edit(opened, patches),
            ))
    return actions


def run() -> None:
    """Serve over stdin and stdout until the editor says exit."""
    server.start_io()
