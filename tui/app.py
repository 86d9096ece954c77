"""The arcroom editor: a Textual app over one :class:`story_bible.edits.Document`.

The app owns the document and everything derived from it (story order, ids
for the forms, colours); the editor screen shows them. Every change goes
through the edit API (``Document.set/add/remove/rename/move_beat/undo/redo``)
and is followed by :meth:`ArcroomApp.after_edit`: the screen is redrawn and
the rules re-run in a thread worker, so typing never waits for the checker.
The disk is polled for changes by others; saving never overwrites them
blindly. :func:`make_app` builds the app for the command line and the tests.
"""

from __future__ import annotations

import time
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from arcs.checker import run_rules
from arcs.diagnostics import Diagnostic
from arcs.order import Story, build_story
from story_bible.edits import ChangedOnDisk, Document, EditError
from story_bible.loader import sample_path
from story_bible.model import Bible
from tui.editing import EditingActions
from tui.fields import Catalog
from tui.palette import ActionsProvider, EntitiesProvider
from tui.screens.dialogs import Choice
from tui.screens.editor import EditorScreen
from tui.theme import DARK, LIGHT, THEMES, story_colour

#: How often the bible's files are checked for changes made by someone else.
DISK_POLL_SECONDS = 1.0
#: A re-check that takes less than this runs in the same frame as the edit (see run_check).
INLINE_CHECK_SECONDS = 0.03


class ArcroomApp(EditingActions, App[int]):
    """The writers' room editor for one bible."""

    CSS_PATH = "app.tcss"
    TITLE = "arcroom"
    COMMANDS = App.COMMANDS | {EntitiesProvider, ActionsProvider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
    ]

    def __init__(
        self, document: Document, *, label: str | None = None, notice: str | None = None,
        poll: float | None = DISK_POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.document = document
        self.label = label or _label(document)
        self.notice = notice
        self.poll = poll
        #: Bumped by every edit; a check started before the last edit is thrown away.
        self.generation = 0
        self.diagnostics: list[Diagnostic] = []
        #: Files whose change on disk the user already answered (until they change again).
        self._answered_disk: set[Path] = set()
        #: Whether the editor has shown the bible yet (views fill themselves from then on).
        self.shown = False
        #: How long the last check took (unknown at first: the first check runs in a thread).
        self._check_seconds = float("inf")

    # -- derived state (recomputed after each edit) -------------------------------------

    @property
    def bible(self) -> Bible:
        return self.document.bible

    @cached_property
    def story(self) -> Story:
        return build_story(self.bible)

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.bible)

    @cached_property
    def colours(self) -> dict[str, str]:
        """One colour per faction, in the order they are written; an arc wears its first
        faction's (as in every exported picture)."""
        dark = self.current_theme.dark
        bible = self.bible
        colours = {f: story_colour(i, dark) for i, f in enumerate(bible.factions)}
        for arc in bible.arcs.values():
            first = next((f for f in arc.factions if f in colours), None)
            if first is not None:
                colours[arc.id] = colours[first]
        return colours

    def _forget_derived(self) -> None:
        for name in ("story", "catalog", "colours"):
            self.__dict__.pop(name, None)

    @property
    def editor(self) -> EditorScreen:
        return self.get_screen("editor")  # type: ignore[return-value]

    # -- life cycle ----------------------------------------------------------------------

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DARK.name
        self.install_screen(EditorScreen(), "editor")
        self.push_screen("editor")
        self.call_after_refresh(self._first_show)
        if self.poll:
            self.set_interval(self.poll, self.check_disk)

    async def _first_show(self) -> None:
        self.shown = True
        self._update_header()
        await self.editor.show_bible()
        self.run_check()
        if self.notice:
            self.notify(self.notice, timeout=8)

    def watch_theme(self, theme: str) -> None:
        # Story colours have a variant per theme; redraw once the editor is up.
        self._forget_derived()
        if self.shown:
            self.call_after_refresh(self.editor.show_bible)

    def relabel(self) -> None:
        """Name the bible's (new) files in the header, e.g. after "save as"."""
        self.label = _label(self.document)
        self._update_header()

    def _update_header(self) -> None:
        self.title = self.bible.series.title
        marks = []
        if self.document.read_only:
            marks.append("read-only: ctrl+s saves your copy")
        if self.document.dirty:
            marks.append("● unsaved")
        self.sub_title = " · ".join([self.label, *marks])

    # -- after every edit ----------------------------------------------------------------

    async def after_edit(self, structure: bool = True) -> None:
        """Show the edited bible and re-check it (``structure``: ids or order changed)."""
        self.generation += 1
        self._forget_derived()
        self._update_header()
        self.run_check()
        await self.editor.show_bible(structure)

    def run_check(self) -> None:
        """Re-check the bible: at once when that is quick, else in a thread.

        A check that last took under :data:`INLINE_CHECK_SECONDS` runs here, so
        the problems panel changes in the same frame as the edit; a thread would
        share the interpreter with the screen being redrawn and answer several
        times later. A bigger bible's check runs in a thread, so typing never
        waits for it.
        """
        if self._check_seconds < INLINE_CHECK_SECONDS:
            self.workers.cancel_group(self, "check")
            start = time.perf_counter()
            try:
                diagnostics = run_rules(self.bible)
            except Exception as exc:
                self.editor.show_check_failure(f"{type(exc).__name__}: {exc}")
                return
            self._check_seconds = time.perf_counter() - start
            self._show_diagnostics(diagnostics, self.generation)
            return
        self._check(self.bible, self.generation)

    @work(exclusive=True, group="check", thread=True, exit_on_error=False)
    def _check(self, bible: Bible, generation: int) -> None:
        worker = get_current_worker()
        start = time.perf_counter()
        try:
            diagnostics = run_rules(bible)
            self._check_seconds = time.perf_counter() - start
        except Exception as exc:
            # An edit landing mid-check can upset a rule; only a current failure is news.
            if generation == self.generation and not worker.is_cancelled:
                failure = f"{type(exc).__name__}: {exc}"
                self.call_from_thread(self.editor.show_check_failure, failure)
            return
        if generation == self.generation and not worker.is_cancelled:
            self.call_from_thread(self._show_diagnostics, diagnostics, generation)

    def _show_diagnostics(self, diagnostics: list[Diagnostic], generation: int) -> None:
        if generation != self.generation:
            return
        self.diagnostics = diagnostics
        self.editor.show_problems(diagnostics)

    async def apply(self, description: str, edit: Any, *args: Any, structure: bool = True,
                    **kwargs: Any) -> bool:
        """Run one edit-API call; refused edits are explained and change nothing."""
        try:
            edit(*args, **kwargs)
        except EditError as exc:
            self.notify(str(exc), title=f"Cannot {description}", severity="error", timeout=6)
            return False
        await self.after_edit(structure)
        return True

    # -- the disk ------------------------------------------------------------------------

    def check_disk(self) -> None:
        """Offer to reload when someone else changed the bible's files."""
        if self.document.read_only or isinstance(self.screen, Choice):
            return
        changed = [p for p in self.document.changed_on_disk() if p not in self._answered_disk]
        if changed:
            self._answered_disk.update(changed)
            self._ask_reload(changed)

    @work(group="disk")
    async def _ask_reload(self, paths: list[Path], on_disk: bool = True) -> None:
        names = ", ".join(p.name for p in paths)
        lose = " and lose your unsaved changes" if self.document.dirty else ""
        question = (
            f"{names} changed on disk (a git pull, or another writer). Reload it{lose}?"
            if on_disk else f"Reload {names} as it is on disk{lose}?"
        )
        buttons = [("Reload", "reload", "warning"), ("Keep mine", "keep", "default")]
        if self.document.dirty:  # one Enter must not throw the writer's work away
            buttons.reverse()
        answer = await self.push_screen_wait(
            Choice(
                "Changed on disk" if on_disk else "Reload from disk",
                question,
                buttons,
            )
        )
        if answer == "reload":
            await self.reload_document()

    async def action_reload(self) -> None:
        """Read the bible again from disk (asks first when there are unsaved changes)."""
        if self.document.read_only:
            self.notify("The bundled sample never changes on disk")
            return
        if self.document.dirty:
            self._ask_reload([Path(f) for f in self.document.texts], on_disk=False)
            return
        await self.reload_document()

    async def reload_document(self) -> None:
        try:
            self.document.reload()
        except Exception as exc:  # a half-written or broken file: say so, keep ours
            self.notify(str(exc), title="Could not reload", severity="error", timeout=10)
            return
        self._answered_disk.clear()
        self.notify("Reloaded from disk")
        await self.after_edit()

    # -- saving and quitting -------------------------------------------------------------

    async def action_save(self) -> None:
        if self.document.read_only:
            self.action_save_as()
            return
        await self.save()

    async def save(self, force: bool = False) -> bool:
        try:
            written = self.document.save(force=force)
        except ChangedOnDisk as exc:
            self._confirm_overwrite(exc.paths)
            return False
        except OSError as exc:
            self.notify(str(exc), title="Could not save", severity="error", timeout=10)
            return False
        self._answered_disk.clear()
        self._update_header()
        names = ", ".join(p.name for p in written) or "nothing changed"
        self.notify(f"Saved {names}", timeout=3)
        return True

    @work(group="disk")
    async def _confirm_overwrite(self, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths)
        answer = await self.push_screen_wait(
            Choice(
                "Changed on disk",
                f"{names} changed on disk since you opened it. Overwrite it with your "
                "version, or reload theirs (losing your unsaved changes)?",
                [("Cancel", "cancel", "default"), ("Overwrite", "overwrite", "error"),
                 ("Reload", "reload", "warning")],
            )
        )
        if answer == "overwrite":
            await self.save(force=True)
        elif answer == "reload":
            await self.reload_document()

    async def action_quit(self) -> None:
        if not self.document.dirty:
            self.exit(0)
            return
        self._confirm_quit()

    @work(group="quit", exclusive=True)
    async def _confirm_quit(self) -> None:
        save = "Save as…" if self.document.read_only else "Save"
        answer = await self.push_screen_wait(
            Choice(
                "Unsaved changes",
                "The plan has changes that are not saved. Save them before quitting?",
                [(save, "save", "primary"), ("Quit without saving", "discard", "error"),
                 ("Cancel", "cancel", "default")],
            )
        )
        if answer == "discard":
            self.exit(0)
        elif answer == "save":
            if self.document.read_only:
                self.action_save_as()
            elif await self.save():
                self.exit(0)

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT.name if self.current_theme.dark else DARK.name


def _label(document: Document) -> str:
    """How the header names the bible: its path (from here), or the bundled sample."""
    files = list(document.texts)
    if not files:
        return "(unsaved)"
    if document.read_only and Path(files[0]) == sample_path():
        return "bundled sample"
    if len(files) == 1:
        return _short(Path(files[0]))
    return f"{_short(Path(files[0]).parent)}/ ({len(files)} files)"


def _short(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def make_app(
    source: str | Path | Document, *, notice: str | None = None,
    poll: float | None = DISK_POLL_SECONDS,
) -> ArcroomApp:
    """The editor for a bible path or an open document (the CLI and the tests use this).

    Raises :class:`story_bible.errors.LoadError` when the bible cannot be read.
    """
    document = source if isinstance(source, Document) else Document.open(Path(source))
    return ArcroomApp(document, notice=notice, poll=poll)
