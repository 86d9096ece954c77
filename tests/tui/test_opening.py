"""The editor opens a big bible without its beats' nodes, and composes them after.

``tui.app._open`` reads with ``Document.open(..., later=True)``: the first
screen comes up without the beats' and characters' nodes, which the app then
composes between keys (``ArcroomApp._fill_document``). Whatever the writer
does meanwhile, an edit finds every node it needs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from arcs.check_aside import Answered, CheckAside
from tests.story_bible.test_edits_support import assert_adopted, assert_sound
from tests.support import poll_until, wait_until
from tui.app import make_app


@pytest.fixture
def long_copy(two_thousand_beats: Path, tmp_path: Path) -> Path:
    """A copy of the 2,000-beat bible, for a test that edits it."""
    bible = tmp_path / "bible.yaml"
    bible.write_bytes(two_thousand_beats.read_bytes())
    return bible


async def test_the_nodes_are_composed_after_the_first_problems(two_thousand_beats: Path) -> None:
    app = make_app(two_thousand_beats, poll=None, journal=False)
    assert not app.document.filled  # opened without the beats' nodes
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.diagnostics is not None and app.shown,
                         "the first problems")
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        assert_adopted(app.document)
        assert_sound(app.document)


async def test_an_edit_before_the_nodes_are_composed_is_whole(
    long_copy: Path
) -> None:
    app = make_app(long_copy, poll=None, journal=False)
    # The writer is quicker than the filling: held back here, so the edit comes first.
    app._fill_document = lambda: None  # type: ignore[method-assign]
    beat = next(reversed(app.bible.beats.values()))  # in the last table to be filled
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.diagnostics is not None and app.shown,
                         "the first problems")
        assert not app.document.filled
        assert await app.apply("retitle", app.document.set, beat.id, "summary", "Rewritten.")
        assert app.document.filled
        assert app.bible.beats[beat.id].summary == "Rewritten."
        assert_sound(app.document)
        assert_adopted(app.document)


async def test_the_screen_and_the_checker_share_one_story_order(two_thousand_beats: Path) -> None:
    """Story order is built once at the opening and brought up to date by the checker
    after an edit; the screen shows that one, equal to a fresh build."""
    from arcs.order import build_story

    app = make_app(two_thousand_beats, poll=None, journal=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app._checker is not None and app.diagnostics,
                         "the first problems")
        assert app._checker is not None and app._checker.story is app.story
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        beat = next(iter(app.bible.beats.values()))
        assert await app.apply("move", app.document.set, beat.id, "at",
                               f"{beat.at.season_id}E1")
        await wait_until(pilot, lambda: app._checker is not None
                         and app._checker.bible is app.bible, "the re-check")
        story, fresh = app.story, build_story(app.bible)
        assert story is app._checker.story
        assert [b.id for b in story.beats] == [b.id for b in fresh.beats]
        assert story.rank == fresh.rank


async def test_an_edits_problems_are_located_before_its_offsets_settle(long_copy: Path) -> None:
    """An edit that moves the text after it commits lazily: its problems (line and
    column) are those of a fresh check at once, and the offsets settle after."""
    from arcs.checker import run_rules
    from story_bible.reading.loader import load_texts

    app = make_app(long_copy, poll=None, journal=False)
    settles: list[int] = []
    app._settle_document = settles.append  # type: ignore[method-assign]  # held back
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        first = next(iter(app.bible.beats.values()))  # early in the file: all after it moves
        generation = app.generation
        assert await app.apply("retell", app.document.set, first.id, "summary",
                               "A much longer summary than before, which the file must "
                               "fold onto more lines than it had, moving every line after.")
        await wait_until(pilot, lambda: app.generation > generation and settles,
                         "the edit's problems")
        assert not app.document.settled
        fresh = run_rules(load_texts(dict(app.document.texts)))
        assert app.diagnostics and sorted(app.diagnostics) == sorted(fresh)
        app.document.settle()
        assert_sound(app.document)


async def test_the_editor_settles_an_edit_once_its_problems_are_shown(
    long_copy: Path
) -> None:
    app = make_app(long_copy, poll=None, journal=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        first = next(iter(app.bible.beats.values()))
        assert await app.apply("retell", app.document.set, first.id, "summary", "Short.")
        await wait_until(pilot, lambda: app.document.settled, "the edit settled")
        assert await app.apply("retell", app.document.set, first.id, "summary", "Longer now.")
        assert app.bible.beats[first.id].summary == "Longer now."
        assert_sound(app.document)


async def test_the_settle_runs_in_turns_and_an_undo_between_them_loses_nothing(
    long_copy: Path
) -> None:
    """The settle after an edit (O(file)) is cut into turns with room for keys between
    them. An undo (which, unlike an edit, reads no raw offset) drops what was
    settled so far; the settle that follows makes every offset true."""
    from tui import app as tui_app

    app = make_app(long_copy, poll=None, journal=False)
    original = long_copy.read_text(encoding="utf-8")
    first = next(iter(app.bible.beats.values()))
    turns: list[bool] = []
    between: list[bool] = []  # the undo came mid-settle
    settle = app.document.settle

    async def undo() -> None:
        between.append(not app.document.settled)
        await app.run_action("undo")

    def counted(seconds: float | None = None) -> bool:
        turns.append(done := settle(seconds))
        if len(turns) == 3 and not done:
            app.call_later(undo)  # before the next turn
        return done

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        app.document.settle = counted  # type: ignore[method-assign]
        # Turns of 2 ms: the settle of this bible takes 20 turns or so.
        tui_app.TURN_SECONDS, turn = 0.002, tui_app.TURN_SECONDS
        try:
            assert await app.apply("retell", app.document.set, first.id, "summary",
                                   "A summary longer than it was, moving all after it.")
            await wait_until(pilot, lambda: between and app.document.settled, "the undo settled")
        finally:
            tui_app.TURN_SECONDS = turn
        assert between == [True]
        assert turns.count(False) >= 3 and turns[-1]  # several turns, the last ends it
        assert app.bible.beats[first.id].summary == first.summary  # undone
        assert app.document.texts[str(long_copy)] == original
        assert_adopted(app.document)
        assert_sound(app.document)


async def test_the_first_problems_made_aside_are_shown_and_the_checker_is_kept_here(
    tmp_path: Path
) -> None:
    """A big bible's first whole check is made in a forked child while the editor
    starts (``arcs.check_aside``): its problems are shown as soon as they come, the
    same as a check here; the app then checks here once, without showing anything new,
    for the checker every edit's re-check updates. The child is reaped."""
    import subprocess
    import sys

    from arcs.checker import run_rules
    from arcs.incremental import Checker
    from story_bible.reading.loader import load_texts

    bible = tmp_path / "bible.yaml"
    subprocess.run([sys.executable, "benchmarks/generate.py", "--beats", "600",
                    "--characters", "60", "--plant-errors", "8", "-o", str(bible)],
                   check=True, capture_output=True)
    app = make_app(bible, poll=None, journal=False, aside=True)
    assert isinstance(app._aside, CheckAside)
    pid = app._aside._pid
    assert pid is not None
    shown: list[list[object]] = []
    show = app._show_diagnostics

    def showing(diagnostics: list, generation: int) -> None:  # type: ignore[type-arg]
        shown.append(list(diagnostics))
        show(diagnostics, generation)

    app._show_diagnostics = showing  # type: ignore[method-assign]
    # The check here waits for the first screen (it would share the interpreter with its
    # layout and paint): written to the terminal, with the child's problems in it.
    written: list[bool] = []
    display, checked = app._display, app._checked
    checked_after: list[int] = []

    def writing(screen: object, update: object) -> None:
        if update is not None and app.shown and not app._batch_count:
            written.append(bool(shown))
        display(screen, update)  # type: ignore[arg-type]

    def checking(bible: object) -> list:  # type: ignore[type-arg]
        checked_after.append(len(written))
        return checked(bible)  # type: ignore[arg-type]

    app._display, app._checked = writing, checking  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app._checker is not None and bool(shown),
                         "the first problems, and the checker made here")
        assert shown[0] and shown[0] == Checker(app.bible).diagnostics
        assert len(shown) == 1
        assert written[0] and checked_after[0] >= 1
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        beat = next(iter(app.bible.beats.values()))
        generation = app.generation
        assert await app.apply("move", app.document.set, beat.id, "at",
                               f"{beat.at.season_id}E1")
        await wait_until(pilot, lambda: app.generation > generation and len(shown) > 1,
                         "the edit's problems")
        assert app.diagnostics == run_rules(load_texts(dict(app.document.texts)))
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(pid, os.WNOHANG)


async def test_a_first_check_aside_that_fails_is_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import arcs.check_aside
    from arcs.incremental import Checker

    def broken(*args: object, **kwargs: object) -> Checker:
        raise RuntimeError("a rule broke in the child")

    monkeypatch.setattr(arcs.check_aside, "Checker", broken)
    bible = tmp_path / "bible.yaml"
    bible.write_text((Path(__file__).parents[1] / "fixtures" / "bibles"
                      / "dead_walk_again.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(bible, poll=None, journal=False, aside=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(app.diagnostics), "the first problems")
        assert app.diagnostics == Checker(app.bible).diagnostics


async def test_a_big_bible_reopened_shows_the_problems_kept_and_edits_as_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a big bible's first check is made aside, its reading and problems are kept
    (``arcs.opening_cache``); the next opening of the same file takes both from there,
    shows the same problems, and edits, re-checks and saves as a reading would."""
    import subprocess
    import sys

    from arcs.checker import run_rules
    from story_bible.reading.loader import load_texts
    from story_bible.writing.document import Document

    monkeypatch.setenv("ARCROOM_CACHE_DIR", str(tmp_path / "cache"))
    bible = tmp_path / "bible.yaml"
    subprocess.run([sys.executable, "benchmarks/generate.py", "--beats", "600",
                    "--characters", "60", "--plant-errors", "8", "-o", str(bible)],
                   check=True, capture_output=True)
    original = bible.read_text(encoding="utf-8")
    first = make_app(bible, poll=None, journal=False, aside=True)
    async with first.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(first.diagnostics), "the first problems")
        problems = first.diagnostics
    # Written by the child's own child, which no one waits for.
    poll_until(lambda: list((tmp_path / "cache").glob("*.pickle")), 60, "the reading kept")
    app = make_app(bible, poll=None, journal=False)
    assert isinstance(app._aside, Answered)
    assert not app.document.filled
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(app.diagnostics) and app._checker is not None,
                         "the problems kept, and the checker made here")
        assert problems and app.diagnostics == problems
        assert app.diagnostics == run_rules(load_texts(dict(app.document.texts)))
        await wait_until(pilot, lambda: app.document.filled, "the nodes", timeout=60)
        beat = next(iter(app.bible.beats.values()))
        generation = app.generation
        assert await app.apply("move", app.document.set, beat.id, "at",
                               f"{beat.at.season_id}E1")
        await wait_until(pilot, lambda: app.generation > generation
                         and app.diagnostics != problems, "the edit's problems")
        assert app.diagnostics == run_rules(load_texts(dict(app.document.texts)))
        assert_sound(app.document)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.document.dirty, "the save")
    # What was saved is what the same edit of the text as read writes.
    read = Document.from_texts({str(bible): original})
    read.set(beat.id, "at", f"{beat.at.season_id}E1")
    assert bible.read_text(encoding="utf-8") == read.texts[str(bible)]
