"""The arcroom editor: a Textual app over one :class:`story_bible.writing.document.Document`.

The app owns the document and everything derived from it (story order, ids
for the forms, colours); the editor screen shows them. Every change goes
through the edit API (``Document.set/add/remove/rename/move_beat/undo/redo``)
and is followed by :meth:`ArcroomApp.after_edit`: the screen is redrawn and
the rules re-run in a thread worker, so typing never waits for the checker.
The disk is polled for changes by others; saving never overwrites them
blindly. :func:`make_app` builds the app for the command line and the tests.

Nothing the writer saw is lost: every edit is appended to the recovery
journal (:mod:`story_bible.writing.recovery`) before it is shown, a journal left by
an editor that stopped is offered back when the bible is opened again, and an
unexpected error ends the app with a short message, the full traceback in a
log file it names (:mod:`tui.crash`) and a non-zero exit code.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, partial
from pathlib import Path
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.reactive import Reactive
from textual.timer import Timer
from textual.worker import get_current_worker

from arcs import opening_cache
from arcs.check_aside import Answered, CheckAside, worthwhile
from arcs.diagnostics import Diagnostic
from arcs.incremental import Checker
from arcs.order import Story, build_story
from story_bible.model import Bible
from story_bible.reading.loader import sample_path
from story_bible.writing.document import ChangedOnDisk, Document, EditError, Reading
from story_bible.writing.recovery import Found, Journal, discard, find, replay, set_aside
from tui import crash
from tui.editing_actions import EditingActions
from tui.form_fields import Catalog
from tui.palette import ActionsProvider, EntitiesProvider
from tui.screens.editor import EditorScreen
from tui.theme import DARK, LIGHT, THEMES, story_colour
from tui.widgets import guards

guards.install()

#: How often the bible's files are checked for changes made by someone else.
DISK_POLL_SECONDS = 1.0
#: A re-check that takes less than this runs in the same frame as the edit (see run_check):
#: an incremental one (arcs.incremental) takes a few tens of milliseconds at 20,000 beats,
#: and a thread would answer only after the screen is redrawn, seconds later there.
INLINE_CHECK_SECONDS = 0.1
#: Work after the first screen or an edit's problems runs in turns of this long, each
#: followed by a pause for keys and the screen: after the opening, composing the nodes
#: left out (a table a turn: an arc's beats, the characters); after an edit, settling
#: the document's offsets (Document.settle, O(file)). A key waits one turn at most.
TURN_SECONDS = 0.02
PAUSE_SECONDS = 0.005
#: How often the app looks whether the command palette's jump is drawn, to let the
#: collector run again (see ArcroomApp._pause_for_the_jump).
JUMP_POLL_SECONDS = 0.05


class ArcroomApp(EditingActions, App[int]):
    """The writers' room editor for one bible."""

    CSS_PATH = "app.tcss"
    TITLE = "arcroom"
    COMMANDS = App.COMMANDS | {EntitiesProvider, ActionsProvider}
    # The header watches these and redraws its own line; Textual's own would also repaint
    # the whole screen (50 ms at 1,000 beats) whenever an edit marks the bible unsaved.
    title: Reactive[str] = Reactive("", compute=False, repaint=False)
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
        Binding("question_mark,f1", "help", "Keys"),
    ]

    def __init__(
        self, document: Document, *, label: str | None = None, notice: str | None = None,
        poll: float | None = DISK_POLL_SECONDS, journal: bool = True,
        aside: CheckAside | Answered | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        #: The first whole check, being made in a child process (see arcs.check_aside;
        #: taken by the first run_check).
        self._aside = aside
        #: The recovery journal of the open bible (None: an in-memory bible, or turned off).
        self.journal: Journal | None = None
        self._journaling = journal
        #: Whether the writer was told the journal cannot be written (said once).
        self._journal_warned = False
        #: Where the last unexpected error's traceback was written.
        self.crash_log: Path | None = None
        self._crash_message: str | None = None
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
        #: The incremental checker (None until the first check): an edit re-checks only what
        #: it can change. One check at a time uses it.
        self._checker: Checker | None = None
        self._checker_lock = threading.Lock()
        #: The work running in turns ("fill": composing the nodes the opening left out,
        #: see _fill_document; "settle": an edit's offsets, see _settle_document), for
        #: which the collector is paused: what they make is many objects and no garbage,
        #: and each full pass would walk all of them (0.1-0.5 s at 20,000 beats). And
        #: "jump", from a choice in the command palette until its result is drawn (see
        #: _pause_for_the_jump).
        self._turns: set[str] = set()
        self._collecting = True  # whether the collector ran before the turns paused it
        self._jump_pause: Timer | None = None

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
        # Nothing is drawn until the bible is shown (_first_show ends the hold): the empty
        # editor was laid out and painted three or four times first, 0.1 s of every
        # opening. A bible that takes longer to show shows the empty editor meanwhile.
        self._opening = self.hold_screen(most=OPENING_HOLD_SECONDS)
        self.install_screen(EditorScreen(), "editor")
        self.push_screen("editor")
        self._start_journal()
        self.call_after_refresh(self._first_show)
        if self.poll:
            self.set_interval(self.poll, self.check_disk)

    def on_unmount(self) -> None:
        if self._aside is not None:  # (an app that ends before its first check)
            self._aside.close()
        elif self._aside_asked is not None:
            self._aside_asked.stop()  # its wait ends: the app does not wait for it
        for turns in list(self._turns):  # an app that ends part way leaves the collector
            self._end_turns(turns)  # as it was
        gc.unfreeze()  # see open_bible: the bible's cycles can be collected once the app ends

    async def _first_show(self) -> None:
        self.shown = True
        self._update_header()
        with self.holding_the_screen(self._opening):
            await self.editor.show_bible()
        self.run_check()
        if self.notice:
            self.notify(self.notice, timeout=8)
        if self.journal is not None and self.document.path is not None:
            found = find(self.document.path, read_only=self.document.read_only)
            if found:
                self._offer_recovery(found)

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
        if self.document.dirty:
            marks.append("● unsaved")
        if self.document.read_only:
            marks.append("read-only: ctrl+s saves your copy")
        # The marks first: a long path is cut at the screen's edge, and the mark is what
        # a writer must not miss.
        self.sub_title = " · ".join([*marks, self.label])

    # -- after every edit ----------------------------------------------------------------

    async def after_edit(self) -> None:
        """Show the edited bible and re-check it."""
        self.generation += 1
        self._forget_derived()
        self._update_header()
        self.run_check()
        await self.editor.show_bible()

    def run_check(self) -> None:
        """Re-check the bible: at once when that is quick, else in a thread.

        A check that last took under :data:`INLINE_CHECK_SECONDS` runs here, so
        the problems panel changes in the same frame as the edit; a thread would
        share the interpreter with the screen being redrawn and answer several
        times later. A bigger bible's check runs in a thread, so typing never
        waits for it.
        """
        if self._aside is not None:
            aside, self._aside = self._aside, None
            self._check_aside(aside, self.bible, self.generation)
            return
        if self._check_seconds < INLINE_CHECK_SECONDS and self._checker_lock.acquire(False):
            self.workers.cancel_group(self, "check")
            try:
                diagnostics = self._checked(self.bible)
            except Exception as exc:
                self.editor.show_check_failure(f"{type(exc).__name__}: {exc}")
                return
            finally:
                self._checker_lock.release()
            self._show_diagnostics(diagnostics, self.generation)
            return
        self._check(self.bible, self.generation)

    def _checked(self, bible: Bible) -> list[Diagnostic]:
        """The diagnostics of ``bible``, through the incremental checker (hold its lock).

        What is timed is the check's own work (this thread's CPU time): a machine
        busy with other programs does not send an edit's quick re-check to a thread.
        """
        start = time.thread_time()
        try:
            if self._checker is None:
                # The story order the screen has built, if it is this bible's (the
                # checker takes it only then): not built twice.
                self._checker = Checker(bible, story=self.__dict__.get("story"))
                # The first check is whole; what is timed is what an edit's re-check takes.
                self._check_seconds = 0.0
                return self._checker.diagnostics
            diagnostics = self._checker.update(bible)
        except Exception:
            self._checker = None  # the next check starts afresh
            raise
        self._check_seconds = time.thread_time() - start
        return diagnostics

    @work(exclusive=True, group="check", thread=True, exit_on_error=False,
          description="check the bible")  # not repr(bible): 0.6 s at 20,000 beats
    def _check(self, bible: Bible, generation: int,
               shown: list[Diagnostic] | None = None) -> None:
        """Check ``bible`` here, in a thread; show what is found unless it is ``shown``
        (what the first check made aside showed)."""
        worker = get_current_worker()
        try:
            with self._checker_lock:
                diagnostics = self._checked(bible)
        except Exception as exc:
            # An edit landing mid-check can upset a rule; only a current failure is news.
            if generation == self.generation and not worker.is_cancelled and shown is None:
                failure = f"{type(exc).__name__}: {exc}"
                self.call_from_thread(self.editor.show_check_failure, failure)
            return
        if generation == self.generation and not worker.is_cancelled and diagnostics != shown:
            self.call_from_thread(self._show_diagnostics, diagnostics, generation)

    _aside_asked: CheckAside | Answered | None = None

    @work(exclusive=True, group="aside", thread=True, exit_on_error=False,
          description="the first check, made aside")
    def _check_aside(self, aside: CheckAside | Answered, bible: Bible, generation: int) -> None:
        """Show the first check's problems as the child made them; then, once the screen
        has drawn them, check here too: the checker kept here is what every edit's
        re-check updates (made at once, in this thread, it shared the interpreter with
        the first screen's layout and paint, and slowed them by as long). Nothing from
        the child: the first check is made here, as without it."""
        self._aside_asked = aside
        try:
            found = aside.result()
        finally:
            self._aside_asked = None
        if generation != self.generation:
            return  # an edit came first: its own check is under way
        if found is None:
            self.call_from_thread(self._check, bible, generation)
            return
        self.call_from_thread(self._show_diagnostics, found, generation)
        self.call_from_thread(self.call_after_refresh, self._keep_checker, bible, generation,
                              found)

    def _keep_checker(self, bible: Bible, generation: int, shown: list[Diagnostic]) -> None:
        if generation == self.generation and self._checker is None:
            self._check(bible, generation, shown)

    def _show_diagnostics(self, diagnostics: list[Diagnostic], generation: int) -> None:
        if generation != self.generation:
            return
        self.diagnostics = diagnostics
        checker = self._checker
        if checker is not None and checker.bible is self.bible and "story" not in self.__dict__:
            # The checker brought its story order up to date with the edit: the screen
            # takes it rather than building it again (0.1 s and more at 20,000 beats).
            self.__dict__["story"] = checker.story
        self.editor.show_problems(diagnostics)
        if not self.document.settled:
            self._begin_turns("settle")
            self.call_after_refresh(self._settle_document, generation)  # once it is shown
        else:
            self._end_turns("settle")  # a newer edit's problems came before the end
        if not self.document.filled and "fill" not in self._turns:
            self._begin_turns("fill")
            self.set_timer(PAUSE_SECONDS, self._fill_document)

    def _begin_turns(self, work: str) -> None:
        if not self.is_running:
            return  # ending (a message handled after on_unmount): it would pause it for good
        if not self._turns:
            self._collecting = gc.isenabled()
            gc.disable()
        self._turns.add(work)

    def _end_turns(self, work: str) -> None:
        if work in self._turns:
            self._turns.discard(work)
            if work != "jump" and "jump" not in self._turns:
                gc.freeze()  # as after the opening: what was made is no garbage
            if not self._turns and self._collecting:
                gc.enable()

    def _pause_for_the_jump(self) -> None:
        """Pause the collector from a choice in the palette until its result is drawn.

        Each search in the palette leaves 40,000-50,000 objects behind, and the
        collection they set off came, as often as not, between Enter and the form drawn:
        10-80 ms of a jump that takes 150. Paused for that span only: while the palette
        is open the collector runs as ever (paused for a whole palette session, sixty
        searches left 2.3 million objects and a 2.3 s collection after). The pause ends
        once no palette is shown and the screen has drawn everything; the jump holds the
        screen (delay_update) until it has run.
        """
        self._begin_turns("jump")
        if self._jump_pause is None:
            self._jump_pause = self.set_timer(JUMP_POLL_SECONDS, self._after_the_jump)

    def _after_the_jump(self) -> None:
        screen = self._screen_stack[-1] if self._screen_stack else None  # (none: quitting)
        if screen is not None and (isinstance(screen, CommandPalette) or self._batch_count
                                   or screen._layout_required or screen._repaint_required
                                   or screen._dirty_widgets):
            self._jump_pause = self.set_timer(JUMP_POLL_SECONDS, self._after_the_jump)
            return
        self._jump_pause = None
        self._end_turns("jump")

    def _settle_document(self, generation: int) -> None:
        """Make the document's node offsets true once the edit's result is on screen,
        a turn at a time.

        An edit commits lazily (``Document.settle``): its problems and views are
        shown before the O(file) part, which runs in turns between keys (0.3 s in
        all at 20,000 beats). A newer edit drops it and its own problems begin it
        again; an edit that needs it settled (adding, removing) ends it first.
        """
        if generation != self.generation:
            return  # a newer edit: its problems go on (or end) the turns
        if self.document.settle(TURN_SECONDS):
            self._end_turns("settle")
        else:
            self.set_timer(PAUSE_SECONDS, partial(self._settle_document, generation))

    def _fill_document(self) -> None:
        """Compose the nodes the opening left out (:func:`open_bible`), a few tables a turn.

        It starts once the first problems are up, so the writer reads the bible
        while it runs; each turn leaves room for keys and a redraw. An edit
        before the end composes the rest at once (``Document.fill``).
        """
        deadline = time.perf_counter() + TURN_SECONDS
        while not self.document.fill(1):
            if time.perf_counter() > deadline:
                # A timer, not call_later: the screen is redrawn before the next turn.
                self.set_timer(PAUSE_SECONDS, self._fill_document)
                return
        self._end_turns("fill")

    async def apply(self, description: str, edit: Any, *args: Any, **kwargs: Any) -> bool:
        """Run one edit-API call; refused edits are explained and change nothing.

        An edit that changed the bible is in the recovery journal before it is shown.
        """
        changes = len(self.document.history)
        try:
            edit(*args, **kwargs)
        except EditError as exc:
            self.notify(str(exc), title=f"Cannot {description}", severity="error", timeout=6)
            return False
        if len(self.document.history) > changes and self.journal is not None:
            name = edit.__name__ if getattr(edit, "__self__", None) is self.document else ""
            what = self.document.history[-1]
            self._journal_call(lambda j: j.edited(name, args, kwargs, what))
        await self.after_edit()
        return True

    # -- the recovery journal ------------------------------------------------------------

    def _start_journal(self) -> None:
        """Begin the journal of the document as it is now (on open, after save as)."""
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        if self._journaling and self.document.path is not None:
            self.journal = Journal(self.document, self.document.path)

    def _journal_call(self, call: Any) -> None:
        """Write to the journal; a failure (a full disk) is said once, and editing goes on."""
        if self.journal is None:
            return
        try:
            call(self.journal)
        except (OSError, ValueError) as exc:
            if not self._journal_warned:
                self._journal_warned = True
                self.notify(
                    f"{exc}. Until this is fixed, edits are not kept against a crash: save often.",
                    title="Cannot write the recovery journal", severity="error", timeout=12,
                )

    def journal_undo(self, before: dict[str, str], redo: bool = False) -> None:
        """Record an undo (a redo) that changed the texts from ``before``."""
        document = self.document
        what = f"redo {document.history[-1]}" if redo else f"undo {document.redo_history[-1]}"
        if redo:
            self._journal_call(lambda j: j.redone(before, what))
        else:
            self._journal_call(lambda j: j.undone(before, what))

    def _end_journal(self) -> None:
        """Leaving on purpose (saved, or the writer chose to lose the changes)."""
        if self.journal is not None:
            self.journal.close()

    @work(group="recover", exclusive=True)
    async def _offer_recovery(self, found: list[Found]) -> None:
        for journal in found:
            await self._offer_one(journal)

    async def _offer_one(self, journal: Found) -> None:
        count = len(journal.entries)
        when = time.strftime("%a %d %b %H:%M", time.localtime(journal.started))
        edits = journal.edits
        shown = "; ".join(edits[-3:]) + (f"; and {count - 3} before" if count > 3 else "")
        message = (
            f"An arcroom edit of {self.label} that started {when} stopped without saving "
            f"{count} edit{'s' if count != 1 else ''} ({shown})."
        )
        buttons = [("Restore", "restore", "primary"), ("Keep both", "both", "default"),
                   ("Discard", "discard", "error")]
        if journal.changed:
            message += (f"\n{', '.join(journal.changed)} changed on disk since: the edits "
                        "may not all apply. Keep both restores what applies and keeps "
                        "the journal aside.")
            buttons.insert(0, buttons.pop(1))  # Enter keeps the journal too
        message += "\nEscape decides later (the journal stays and is offered next time)."
        from tui.screens.dialogs import Choice  # (dialogs load when first shown)

        answer = await self.push_screen_wait(Choice("Unsaved edits found", message, buttons))
        if answer == "discard":
            discard(journal)
            self.notify(f"Discarded {count} unsaved edit{'s' if count != 1 else ''}")
            return
        if answer not in ("restore", "both"):
            return
        try:
            result = replay(self.document, journal, record=self.journal)
        except OSError as exc:  # our own journal could not be written: keep theirs
            self.notify(str(exc), title="Cannot write the recovery journal", severity="error")
            await self.after_edit()
            return
        if result.applied:
            await self.after_edit()
        kept = None
        if answer == "both" or result.failed:
            kept = set_aside(journal)
        else:
            discard(journal)
        said = f"Restored {result.applied} of {count} edits"
        if result.failed:
            said += f"; {len(result.failed)} did not apply: " + "; ".join(result.failed[:3])
        if kept is not None:
            said += f". The journal is kept as {kept}"
        self.notify(said, severity="warning" if result.failed else "information", timeout=12)

    # -- a closed screen ------------------------------------------------------------------

    def delay_update(self, delay: float = 0.05) -> None:
        """Hold the screen's updates until the command the palette closes for has run.

        The command palette calls this before it closes and queues the chosen command, so
        that the old screen does not flash between the two. Textual holds for a fixed
        ``delay`` (50 ms); every command here answers sooner (a jump fills the form in
        10-20 ms), so the hold ends as soon as the command has run: after the callbacks
        already queued, then the one the palette queues next (the command). ``delay`` is
        kept as the longest hold, should anything queue its work further. The collector
        waits meanwhile too (:meth:`_pause_for_the_jump`).
        """
        self._pause_for_the_jump()
        self.call_later(self.call_later, self.hold_screen(delay))

    @contextmanager
    def holding_the_screen(self, held: Callable[[], None] | None = None,
                           most: float = 0.5) -> Iterator[None]:
        """Draw nothing while the block runs and its widgets ask for their layout: what it
        changes is drawn in one frame, laid out (at most ``most`` seconds held). ``held``:
        a hold begun before (by a dialog as it closed, see AskForm), which this one ends.

        A widget's request for a layout reaches the screen a step after the widget asks
        (when it next idles); a hold that ended with the block let the screen draw the
        changes first without their layout, then again with it.
        """
        end = held or self.hold_screen(most)
        try:
            yield
        finally:
            self.call_later(self.call_later, end)

    def hold_screen(self, most: float = 0.5) -> Callable[[], None]:
        """Begin a hold of the screen's updates; the function that ends it (once), which
        runs by itself after ``most`` seconds."""
        self._begin_batch()
        ended = False

        def end() -> None:
            nonlocal ended
            if ended:
                return
            ended = True
            self._end_batch()
            if not self._batch_count:
                self.screen.refresh()

        self.set_timer(most, end, name="hold the screen")
        return end

    def _prune(self, *nodes: Any, parent: Any = None) -> Any:
        """Remove ``nodes``; a closed screen (palette, dialog) without laying out again the
        screen under it.

        Textual lays out the app's current screen again once a removed screen's task has
        ended, as for any removed widget. A screen taken off the stack changes no other
        screen's layout (the one shown again lays itself out on resume if the terminal
        was resized meanwhile), and that second layout repainted the whole editor a
        second time and its scroll bars a third: 30-50 ms of every palette jump and
        dialog's answer, after the one repaint they need. The hover is still brought up
        to date, as Textual's own clean-up does.
        """
        from textual.screen import Screen

        if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
            removed = super()._prune(*nodes, parent=None)
            if self._screen_stack:
                self._update_mouse_over(self.screen)
            return removed
        return super()._prune(*nodes, parent=parent)

    # -- an unexpected error -------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """A bug: a short message, the traceback in a log file, a non-zero exit; the journal
        stays (it is closed, not deleted), so the next start offers the unsaved edits back."""
        self.crash_log = crash.write_log(error, self.document.path, self.document.read_only,
                                         self.journal.path if self.journal else None,
                                         after=self.crash_log)
        if self.journal is not None:
            self.journal.close(delete=False)
        if self._crash_message is None:  # the first error is the one to tell
            self._crash_message = crash.message(error, self.crash_log)
        crash.end_app(self, error)

    def _print_error_renderables(self) -> None:
        if self._crash_message is not None:
            print(self._crash_message, file=sys.stderr)
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

    # -- the disk ------------------------------------------------------------------------

    def check_disk(self) -> None:
        """Offer to reload when someone else changed the bible's files."""
        from tui.screens.dialogs import Choice

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
        from tui.screens.dialogs import Choice

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
        if self.journal is not None:
            self.journal.rebase()
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
        if self.journal is not None:
            self.journal.rebase()  # what it kept is on disk now
        self._update_header()
        names = ", ".join(p.name for p in written) or "nothing changed"
        self.notify(f"Saved {names}", timeout=3)
        return True

    @work(group="disk")
    async def _confirm_overwrite(self, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths)
        from tui.screens.dialogs import Choice

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
            self._end_journal()
            self.exit(0)
            return
        self._confirm_quit()

    @work(group="quit", exclusive=True)
    async def _confirm_quit(self) -> None:
        save = "Save as…" if self.document.read_only else "Save"
        from tui.screens.dialogs import Choice

        answer = await self.push_screen_wait(
            Choice(
                "Unsaved changes",
                "The plan has changes that are not saved. Save them before quitting?",
                [(save, "save", "primary"), ("Quit without saving", "discard", "error"),
                 ("Cancel", "cancel", "default")],
            )
        )
        if answer == "discard":
            self._end_journal()
            self.exit(0)
        elif answer == "save":
            if self.document.read_only:
                self.action_save_as()
            elif await self.save():
                self._end_journal()
                self.exit(0)

    @work(group="export", exclusive=True, thread=True, exit_on_error=False)
    def action_export(self) -> None:
        """Write the HTML report and the SVG picture of the saved plan (as `arcroom
        export` does), beside the bible (the sample's: in the working folder)."""
        import subprocess

        path = self.document.path
        sample = path is None or self.document.read_only
        folder = Path.cwd() if sample else path.parent  # type: ignore[union-attr]
        source = ["--sample"] if path is None else [str(path)]
        unsaved = " (the saved plan: your unsaved changes are not in it)" \
            if self.document.dirty and not sample else ""
        self.call_from_thread(self.notify, f"Exporting the report and the picture{unsaved}…",
                              timeout=3)
        written, failed = [], []
        for name in ("plan.html", "plan.svg"):
            target = folder / name
            done = subprocess.run(
                [sys.executable, "-m", "tui", "export", *source, "-o", str(target)],
                capture_output=True, text=True, check=False,
            )
            if done.returncode == 0:
                written.append(_short(target))
            else:
                failed.append(done.stderr.strip().splitlines()[-1:] or [f"cannot write {name}"])
        if written:
            self.call_from_thread(self.notify, "Exported " + " and ".join(written), timeout=6)
        for lines in failed:
            self.call_from_thread(self.notify, lines[0], title="Could not export",
                                  severity="error", timeout=10)

    def action_help(self) -> None:
        """The key map of the focused pane, from the bindings in force there."""
        from tui.screens.help import KeyHelp, key_map, pane_name

        if isinstance(self.screen, KeyHelp):
            return
        screen = self.screen
        self.push_screen(KeyHelp(f"Keys in {pane_name(screen)}", key_map(screen)))

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
    poll: float | None = DISK_POLL_SECONDS, journal: bool = True,
    aside: bool | None = None,
) -> ArcroomApp:
    """The editor for a bible path or an open document (the CLI and the tests use this).

    ``aside``: whether the first whole check is made in a child process while the editor
    starts (None: where that is worthwhile and safe, see :mod:`arcs.check_aside`).
    Raises :class:`story_bible.errors.LoadError` when the bible cannot be read.
    """
    document = source if isinstance(source, Document) else open_bible(Path(source))
    kept = _kept_checks.pop(document, None)
    first: CheckAside | Answered | None = None
    if kept is not None and aside is not False:
        first = Answered(kept)  # read from the cache with its first check: nothing to make
    elif aside or (aside is None and worthwhile(document.bible)):
        # Once answered, the child keeps the reading and its check for the next opening.
        first = CheckAside(document.bible, afterwards=opening_cache.keeping(document))
    return ArcroomApp(document, notice=notice, poll=poll, journal=journal, aside=first)


#: The longest the screen is held at the start for the bible's first show (a 20,000-beat
#: bible's takes 0.15 s).
OPENING_HOLD_SECONDS = 3.0

#: The bibles opened in this process so far (by :func:`open_bible`; tests open many).
_opened: list[Path] = []
#: The first checks kept with the readings :func:`open_bible` took from the cache, until
#: :func:`make_app` takes them.
_kept_checks: WeakKeyDictionary[Document, list[Diagnostic]] = WeakKeyDictionary()


def open_bible(path: Path) -> Document:
    """Open the bible with the cyclic garbage collector paused, then freeze what it read.

    The beats and characters are read the quick way, without their nodes, which the
    app composes once the first screen is up (:meth:`ArcroomApp._fill_document`): on
    20,000 beats that halves the opening and its memory.

    Reading a 20,000-beat bible makes millions of objects, none of them garbage, and
    the collector's full passes over them took a third of the opening and most of the
    first story order; frozen, they are no longer scanned by every later pass (an edit's
    re-check, the screen's). They are still freed by reference counting, and the app
    unfreezes them when it ends (:meth:`ArcroomApp.on_unmount`) so that what only the
    collector frees (cycles) is freed then.
    """
    if _opened:  # what earlier apps in this process left is not frozen with ours
        gc.collect()  # (a fresh process has nothing to collect: 10-20 ms saved)
    _opened.append(path)
    was_enabled = gc.isenabled()
    gc.disable()
    kept: list[tuple[Reading, list[Diagnostic]]] = []

    def known(texts: dict[str, str]) -> Reading | None:
        found = opening_cache.recall(path, texts)
        if found is None:
            return None
        kept.append(found)
        return found[0]

    try:
        document = Document.open(path, later=True, known=known)
        if kept and document.bible is kept[0][0].bible:
            _kept_checks[document] = kept[0][1]
        return document
    finally:
        if was_enabled:
            gc.enable()
        gc.freeze()
