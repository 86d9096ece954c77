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
import bisect
import contextlib
import itertools
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from arcs.diagnostics import Diagnostic, Severity
from arcs.rules import RULES
from story_bible.model import Bible, Span
from story_bible.writing.document import EditError
from story_bible.writing.patch import Patch
from tui.lsp import story
from tui.lsp.bibles import OpenBible, bible_of

#: Seconds a change waits for the next keystroke before the bible is checked.
DEBOUNCE = 0.05
#: Seconds without a keystroke after which lazily committed moves are settled,
#: once there are :data:`SETTLE_IDLE` of them (each makes a node's place a
#: little dearer to find; settling is O(file), so it waits for a pause).
IDLE = 1.0
SETTLE_IDLE = 32

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_COMPLETION_KIND = {
    "character": lsp.CompletionItemKind.Class,
    "faction": lsp.CompletionItemKind.Module,
    "arc": lsp.CompletionItemKind.Folder,
    "beat": lsp.CompletionItemKind.Event,
    "status": lsp.CompletionItemKind.EnumMember,
    "season": lsp.CompletionItemKind.Constant,
    "episode": lsp.CompletionItemKind.Value,
}
_SYMBOL_KIND = {
    "season": lsp.SymbolKind.Namespace,
    "arc": lsp.SymbolKind.Module,
    "beat": lsp.SymbolKind.Event,
    "character": lsp.SymbolKind.Class,
    "faction": lsp.SymbolKind.Package,
    "status": lsp.SymbolKind.EnumMember,
}


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, leaving the texts of changed documents to the server.

    pygls rebuilds a document's whole text line by line for each change
    (47 ms a keystroke on a 4 MB bible); the server applies the change to
    its own copy of the text where the change is (:class:`_Texts`).
    """

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> Any:
        handler = self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None


class _Texts:
    """Where LSP positions fall in the server's texts, cheaply for nearby edits.

    Each file remembers the start of the line last edited, so the next
    keystroke walks a few lines from there, not the whole text; and whether
    it holds characters outside the BMP (the only ones whose UTF-16 columns
    differ from code points), kept up to date from what each change inserts.
    """

    def __init__(self) -> None:
        self.anchor: dict[str, tuple[int, int]] = {}
        self.astral: dict[str, bool] = {}

    def has_astral(self, file: str, text: str) -> bool:
        if file not in self.astral:
            self.astral[file] = not text.isascii() and _ASTRAL.search(text) is not None
        return self.astral[file]

    def offset(self, file: str, text: str, position: lsp.Position) -> int:
        line_no, at = self.anchor.get(file, (0, 0))
        if at > len(text) or (at > 0 and text[at - 1] != "\n"):
            line_no, at = 0, 0
        if position.line < line_no and line_no - position.line > position.line:
            line_no, at = 0, 0
        while line_no < position.line:
            found = text.find("\n", at)
            if found < 0:
                return len(text)
            at, line_no = found + 1, line_no + 1
        while line_no > position.line:
            at = text.rfind("\n", 0, at - 1) + 1
            line_no -= 1
        self.anchor[file] = (line_no, at)
        end = text.find("\n", at)
        line = text[at : end if end >= 0 else len(text)]
        if not self.has_astral(file, text):
            return at + min(position.character, len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= position.character:
                return at + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return at + len(line)

    def apply(self, file: str, text: str, change: lsp.TextDocumentContentChangeEvent) -> str:
        """``text`` with one of the editor's changes made."""
        return self.apply_at(file, text, change)[0]

    def apply_at(
        self, file: str, text: str, change: lsp.TextDocumentContentChangeEvent
    ) -> tuple[str, tuple[int, int] | None]:
        """``text`` with one of the editor's changes made, and the stretch of ``text`` it
        replaced (``None``: the whole text)."""
        if not isinstance(change, lsp.TextDocumentContentChangePartial):
            self.anchor.pop(file, None)
            self.astral.pop(file, None)
            return change.text, None
        start = self.offset(file, text, change.range.start)
        end = self.offset(file, text, change.range.end)
        self.offset(file, text, change.range.start)  # the anchor at the change's start
        if _ASTRAL.search(change.text):
            self.astral[file] = True
        return text[:start] + change.text + text[end:], (start, end)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class ArcroomServer(LanguageServer):
    """pygls' server plus the open bibles, by their path."""

    def __init__(self) -> None:
        from arcs.version import version

        super().__init__(
            "arcroom",
            version(),
            protocol_cls=_Protocol,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
        )
        self.bibles: dict[Path, OpenBible] = {}
        self.texts = _Texts()
        self.published: dict[Path, set[str]] = {}
        #: per file, the LSP form of the diagnostics last published.
        self.converted: dict[str, dict[Diagnostic, lsp.Diagnostic]] = {}
        #: per bible, the task waiting out the debounce or checking.
        self.pending: dict[Path, asyncio.Task[None]] = {}
        #: per bible, the check running in the worker thread.
        self.checking: dict[Path, Future[Any]] = {}
        #: one worker: checks run off the event loop, one at a time.
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="arcroom-check")
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
        # Every file, empty lists too: a client waits for the diagnostics of its
        # change (and clears what a fix removed); a bible has few files.
        before = self.published.get(opened.path, set())
        now = {f for f, found in checked.by_file.items() if found}
        for file in sorted(before | set(checked.by_file)):
            found = checked.by_file.get(file, [])
            text = opened.texts.get(file, "")
            lines = _Lines(text, self.texts.has_astral(file, text))
            uri = from_fs_path(file) or file
            # A diagnostic kept from the last check is converted once: with no
            # character past the BMP its place needs no line of text.
            before_converted = self.converted.get(file, {}) if lines.bmp else {}
            converted = {
                d: before_converted.get(d) or _diagnostic(d, lines, uri) for d in found
            }
            self.converted[file] = converted
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(
                    uri=uri,
                    diagnostics=[converted[d] for d in found],
                    version=checked.versions.get(file),
                )
            )
        self.published[opened.path] = now

    def recheck_soon(self, opened: OpenBible) -> None:
        """Check and publish once the keystrokes pause (see :data:`DEBOUNCE`).

        The check runs in the worker thread, so the server keeps reading
        messages meanwhile; a newer keystroke supersedes a check still
        waiting out the debounce, and a check that finishes after newer
        keystrokes came in is not published (the newer one will be).
        """
        waiting = self.pending.pop(opened.path, None)
        if waiting is not None:
            waiting.cancel()
        running = self.checking.get(opened.path)
        if self.debounce <= 0 and (running is None or running.done()):
            opened.check()
            self.publish(opened)
            return
        self.pending[opened.path] = asyncio.get_running_loop().create_task(
            self._recheck(opened)
        )

    async def _recheck(self, opened: OpenBible) -> None:
        await asyncio.sleep(self.debounce)
        running = self.checking.get(opened.path)
        if running is not None:  # one check at a time: the newer one follows it
            await asyncio.wait({asyncio.wrap_future(running)})
        checking = self.checking[opened.path] = self.worker.submit(opened.check)
        try:
            # A newer keystroke may cancel this task; the check runs on.
            await asyncio.shield(asyncio.wrap_future(checking))
        except Exception:  # the check failed: the last good model stays, nothing to publish
            return
        finally:
            if checking.done() and self.checking.get(opened.path) is checking:
                del self.checking[opened.path]
        if not opened.stale and self.bibles.get(opened.path) is opened:
            self.publish(opened)
            if opened.moves() >= SETTLE_IDLE:
                await self._settle_when_idle(opened)

    async def _settle_when_idle(self, opened: OpenBible) -> None:
        """Settle the lazily committed moves once the writer pauses (:data:`IDLE`).

        Still the task of the last keystroke, so the next one cancels the wait;
        a settle already running in the worker makes the next check wait for it.
        """
        await asyncio.sleep(IDLE)
        settling = self.checking[opened.path] = self.worker.submit(opened.settle)
        try:
            await asyncio.shield(asyncio.wrap_future(settling))
        finally:
            if settling.done() and self.checking.get(opened.path) is settling:
                del self.checking[opened.path]

    def quiet(self, opened: OpenBible, *, offsets: bool = True) -> None:
        """Wait for ``opened``'s running check, so that a feature reads a whole model;
        ``offsets``: settle its nodes' offsets too (spans; lines need nothing).

        Checks are started from the event loop, as this runs, so none starts
        before the feature's handler returns.
        """
        running = self.checking.get(opened.path)
        if running is not None:
            # A check that failed left the last good model; its task reports nothing either.
            with contextlib.suppress(Exception):
                running.result()
        if offsets:
            opened.settle()


server = ArcroomServer()


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path) if path else None


# -- places -----------------------------------------------------------------------------


def _utf16(line: str, column: int) -> int:
    """The UTF-16 column of code point ``column`` (0-based) of ``line``."""
    head = line[:column]
    return column if head.isascii() else len(head.encode("utf-16-le")) // 2


class _Lines:
    """1-based lines and code-point columns of one text, as LSP positions.

    An ASCII text's columns are already UTF-16 units; any other text finds
    its lines once, for all the diagnostics of one publish.
    """

    def __init__(self, text: str, astral: bool | None = None) -> None:
        self.text = text
        self._astral = False if text.isascii() else astral
        self._starts: list[int] | None = None

    @property
    def bmp(self) -> bool:
        """Whether code-point columns are UTF-16 units already (no character past the BMP)."""
        if self._astral is None:
            self._astral = _ASTRAL.search(self.text) is not None
        return not self._astral

    def starts(self) -> list[int]:
        """Where each line starts (and, last, one past the end of the text)."""
        if self._starts is None:
            self._starts = [0, *itertools.accumulate(len(x) + 1 for x in self.text.split("\n"))]
        return self._starts

    def line(self, number: int) -> str:
        starts = self.starts()
        if number > len(starts) - 1:
            return ""
        return self.text[starts[number - 1] : max(starts[number] - 1, 0)]

    def at(self, offset: int) -> lsp.Position:
        """The position of a 0-based code-point offset."""
        starts = self.starts()
        line = bisect.bisect_right(starts, offset) - 1
        start = starts[line]
        column = _utf16(self.text[start:offset], offset - start)
        return lsp.Position(line, column)

    def position(self, line: int, column: int) -> lsp.Position:
        line, column = max(line, 1), max(column, 1)
        if column == 1 or self.bmp:
            return lsp.Position(line - 1, column - 1)
        return lsp.Position(line - 1, _utf16(self.line(line), column - 1))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> lsp.Range:
        return lsp.Range(
            self.position(line, column), self.position(end_line or line, end_column or column)
        )


_last_lines: list[_Lines] = []


def _lines_of(text: str) -> _Lines:
    """The :class:`_Lines` of ``text``, kept for the next call on the same text."""
    if _last_lines and _last_lines[0].text is text:
        return _last_lines[0]
    _last_lines[:] = [_Lines(text)]
    return _last_lines[0]


def _offset_range(text: str, start: int, end: int) -> lsp.Range:
    lines = _lines_of(text)
    return lsp.Range(lines.at(start), lines.at(end))


def _span_location(opened: OpenBible, span: Span) -> lsp.Location:
    text = opened.texts.get(span.file, "")
    return lsp.Location(
        from_fs_path(span.file) or span.file, _offset_range(text, span.start, span.end)
    )


def _diagnostic(d: Diagnostic, lines: _Lines, uri: str) -> lsp.Diagnostic:
    rule = RULES.get(d.code)
    where = lines.range(d.line, d.column, d.end_line, d.end_column)
    related = None
    if d.hint:
        related = [lsp.DiagnosticRelatedInformation(lsp.Location(uri, where), d.hint)]
    return lsp.Diagnostic(
        range=where,
        message=d.message + (f" ({d.hint})" if d.hint else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=f"arcroom:rules/{d.code}") if rule else None,
        source="arcroom",
        related_information=related,
        data={
            "file": d.file,
            "entity": d.entity,
            "subjects": list(d.subjects),
            "code": d.code,
            "line": d.line,
            "column": d.column,
            "message": d.message,
        },
    )


def _open_file(ls: ArcroomServer, uri: str) -> tuple[OpenBible, str] | None:
    """The open bible ``uri`` belongs to and its file name, when it is a bible's file."""
    opened = ls.bible_for(uri)
    path = _path(uri)
    if opened is None or path is None:
        return None
    return opened, str(path)


class _Place(NamedTuple):
    """A position in a bible's file, once the bible has been read (``bible`` is it)."""

    opened: OpenBible
    bible: Bible
    file: str
    text: str
    offset: int


def _at(
    ls: ArcroomServer, uri: str, position: lsp.Position, *, offsets: bool = True
) -> _Place | None:
    """The bible, file, text and offset of a position, when the file is a bible's."""
    found = _open_file(ls, uri)
    if found is None:
        return None
    opened, file = found
    if opened.bible is None:
        return None
    ls.quiet(opened, offsets=offsets)
    text = opened.texts.get(file, "")
    return _Place(opened, opened.bible, file, text, ls.texts.offset(file, text, position))


# -- document sync ----------------------------------------------------------------------


@server.feature(lsp.INITIALIZE)
def initialize(ls: ArcroomServer, params: lsp.InitializeParams) -> None:
    """``initializationOptions: {"debounce": 0.05}`` sets the pause in seconds."""
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), int | float):
        ls.debounce = max(0.0, float(options["debounce"]))


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
    found = _open_file(ls, params.text_document.uri)
    if found is None:
        return
    opened, file = found
    text = opened.texts.get(file, "")
    version = params.text_document.version
    for change in params.content_changes:
        text, replaced = ls.texts.apply_at(file, text, change)
        opened.edit(file, text, replaced, version)
    ls.recheck_soon(opened)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ArcroomServer, params: lsp.DidSaveTextDocumentParams) -> None:
    opened = ls.bible_for(params.text_document.uri)
    if opened is None:
        return
    # A save reads everything whole once: files changed on disk (a git pull) come in.
    ls.bibles[opened.path] = fresh = OpenBible.open(
        opened.path,
        {
            f: opened.texts[f]
            for f in opened.texts
            if (u := from_fs_path(f)) and u in ls.workspace.text_documents
        },
    )
    ls.publish(fresh)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ArcroomServer, params: lsp.DidCloseTextDocumentParams) -> None:
    found = _open_file(ls, params.text_document.uri)
    if found is None:
        return
    opened, file = found
    try:
        disk = Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    if opened.texts.get(file) != disk:
        opened.change(file, disk)
        ls.publish(opened)


# -- the story ---------------------------------------------------------------------------


@server.feature(
    lsp.TEXT_DOCUMENT_COMPLETION,
    lsp.CompletionOptions(trigger_characters=[" ", "[", ",", "{", ":"]),
)
def completion(ls: ArcroomServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    at = _at(ls, params.text_document.uri, params.position, offsets=False)
    if at is None:
        return None
    items = [
        lsp.CompletionItem(label=i.label, kind=_COMPLETION_KIND.get(i.kind), detail=i.detail)
        for i in story.completions(at.bible, at.text, at.offset)
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: ArcroomServer, params: lsp.HoverParams) -> lsp.Hover | None:
    # Hover reads lines and the text, which lazily committed nodes answer at once.
    at = _at(ls, params.text_document.uri, params.position, offsets=False)
    if at is None:
        return None
    found = story.hover(at.bible, at.file, at.text, at.offset)
    if found is None:
        return None
    body, start, end = found
    return lsp.Hover(
        lsp.MarkupContent(lsp.MarkupKind.Markdown, body), _offset_range(at.text, start, end)
    )


class _Word(NamedTuple):
    """The id under a position (``name``, at ``start:end`` of ``text``) in a read bible."""

    opened: OpenBible
    bible: Bible
    text: str
    name: str
    start: int
    end: int


def _word(ls: ArcroomServer, uri: str, position: lsp.Position) -> _Word | None:
    at = _at(ls, uri, position)
    if at is None:
        return None
    found = story.word_at(at.text, at.offset)
    if found is None:
        return None
    return _Word(at.opened, at.bible, at.text, *found)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: ArcroomServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    word = _word(ls, params.text_document.uri, params.position)
    if word is None:
        return None
    span = story.definition(word.bible, word.name)
    return _span_location(word.opened, span) if span is not None else None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: ArcroomServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    word = _word(ls, params.text_document.uri, params.position)
    if word is None:
        return None
    spans = story.references_to(
        word.bible, word.name, declaration=params.context.include_declaration
    )
    return [_span_location(word.opened, s) for s in spans]


def _document_symbol(opened: OpenBible, text: str, s: story.Symbol) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(
        name=s.name,
        kind=_SYMBOL_KIND.get(s.kind, lsp.SymbolKind.Object),
        detail=s.detail,
        range=_offset_range(text, s.span.start, max(s.span.end, s.key.end)),
        selection_range=_offset_range(text, s.key.start, s.key.end),
        children=[_document_symbol(opened, text, c) for c in s.children],
    )


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(
    ls: ArcroomServer, params: lsp.DocumentSymbolParams
) -> list[lsp.DocumentSymbol] | None:
    opened = ls.bible_for(params.text_document.uri)
    path = _path(params.text_document.uri)
    if opened is None or opened.bible is None or path is None:
        return None
    ls.quiet(opened)
    text = opened.texts.get(str(path), "")
    return [_document_symbol(opened, text, s) for s in story.outline(opened.bible, str(path))]


@server.feature(lsp.WORKSPACE_SYMBOL)
def workspace_symbol(
    ls: ArcroomServer, params: lsp.WorkspaceSymbolParams
) -> list[lsp.SymbolInformation]:
    out = []
    for opened in ls.bibles.values():
        if opened.bible is None:
            continue
        ls.quiet(opened)
        for name, kind, span in story.search(opened.bible, params.query):
            out.append(
                lsp.SymbolInformation(
                    name=name,
                    kind=_SYMBOL_KIND.get(kind, lsp.SymbolKind.Object),
                    location=_span_location(opened, span),
                    container_name=kind,
                )
            )
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
def prepare_rename(
    ls: ArcroomServer, params: lsp.PrepareRenameParams
) -> lsp.PrepareRenamePlaceholder | None:
    word = _word(ls, params.text_document.uri, params.position)
    if word is None or story.kind_of(word.bible, word.name) not in story.RENAMEABLE:
        return None
    return lsp.PrepareRenamePlaceholder(_offset_range(word.text, word.start, word.end), word.name)


@server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
def rename(ls: ArcroomServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    word = _word(ls, params.text_document.uri, params.position)
    if word is None or story.kind_of(word.bible, word.name) not in story.RENAMEABLE:
        return None
    try:
        patches = story.rename(dict(word.opened.texts), word.name, params.new_name)
    except EditError as exc:
        raise ValueError(str(exc)) from None  # pygls answers the request with the message
    return _workspace_edit(word.opened, patches)


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
def code_action(ls: ArcroomServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    opened = ls.bible_for(params.text_document.uri)
    if opened is None or opened.bible is None or opened.last is None or not opened.last.read:
        return None
    ls.quiet(opened)
    path = _path(params.text_document.uri)
    wanted = {(d.code, d.range.start.line) for d in params.context.diagnostics}
    actions = []
    for d in opened.last.by_file.get(str(path), []):
        if (d.code, d.line - 1) not in wanted:
            continue
        for title, patches in story.fixes(opened.bible, dict(opened.texts), d):
            actions.append(
                lsp.CodeAction(
                    title=title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[
                        x
                        for x in params.context.diagnostics
                        if x.code == d.code and x.range.start.line == d.line - 1
                    ],
                    edit=_workspace_edit(opened, patches),
                )
            )
    return actions


def run() -> None:
    """Serve over stdin and stdout until the editor says exit."""
    server.start_io()
