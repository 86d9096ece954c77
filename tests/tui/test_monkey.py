"""A monkey at the keyboard: thousands of random keys from the editor's whole key map.

Seeded, so a failure replays: the message names the seed and the last keys.
Keys come from every binding of the app, the editor screen, the outline, the
graph and the episode grid, the arrows and Enter, Tab and Escape, typing, and
the command palette (an entity's name or an action's, then Enter or Escape);
pauses are mostly none (key after key, as a terminal delivers a burst) and
now and then up to half a second, so background work lands at every point.

It holds that the editor never stops (no exception, no hang), and that after
every save the file on disk loads, checks, and equals the bible's text
replayed from the last save through the edits the editor journaled: what a
crash recovery would rebuild is what was saved.

``ARCROOM_MONKEY_KEYS`` sets the keys per layout (CI runs the default, which
fits its time budget; ``ARCROOM_MONKEY_KEYS=10000`` is the long run) and
``ARCROOM_MONKEY_SEED`` the seed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key

from arcs.checker import run_rules
from story_bible.reading import loader
from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document
from story_bible.writing.recovery import Found, Journal, replay
from tests.support import wait_until
from tests.tui.test_editor import settle
from tests.tui.test_form_speed import misplaced
from tui.app import ArcroomApp, make_app
from tui.palette import ACTIONS

ROOT = Path(__file__).resolve().parents[2]
KEYS = int(os.environ.get("ARCROOM_MONKEY_KEYS", "1500"))
SEED = int(os.environ.get("ARCROOM_MONKEY_SEED", "13"))
#: A key that takes longer than this to be handled is a hang.
HANG_SECONDS = 60
#: Every so many keys the monkey waits for the editor to catch up (and checks it does).
SYNC_EVERY = 25

#: (weight, keys): the editor's key map, by what the keys do.
KEY_MAP: list[tuple[int, list[str]]] = [
    (40, ["up", "down", "left", "right", "enter", "tab", "shift+tab", "escape", "home", "end",
          "pageup", "pagedown", "space"]),
    (10, ["1", "2", "3", "4", "v", "f", "o", "p", "f8"]),  # the editor screen
    (6, ["a", "r", "f2", "x", "delete", "m", "left_square_bracket",
         "right_square_bracket"]),  # the outline
    (4, ["b", "g", "w", "c", "s", "l", "t"]),  # the graph and the episode grid
    (3, ["z", "Z", "shift+left", "shift+right", "shift+up", "shift+down", "ctrl+up",
         "ctrl+down"]),  # zoom; a beat's moves (the board's cards, the graph, the outline)
    (1, ["ctrl+pageup", "ctrl+pagedown"]),  # the graph pans a page left or right
    (2, ["minus", "plus", "equals_sign"]),  # the graph's zoom out, in, fit (z Z too)
    (1, ["question_mark", "f1", "slash"]),  # the key map (help), the filter
    (1, ["ctrl+home", "ctrl+end"]),  # the problems' first and last (across their pages)
    (5, ["ctrl+s", "ctrl+z", "ctrl+y", "ctrl+q"]),  # the app
    (1, ["ctrl+t"]),
    (30, [*"S1E023456789abcdeghijknoruyz-,: ", "backspace", "ctrl+k", "ctrl+u",
          "ctrl+a"]),  # typing (ctrl+a: select all in a field)
]

#: In a burst: wait until the editor has shown what the keys so far asked for.
SEEN = "<seen>"
#: Values typed into whatever field has the focus (some fit it, some are refused).
VALUES = ["S1E05", "S1E12", "S2E01", "S2E07", "S3E02", "S1", "S2", "S1, S2", "nam-ra",
          "on-jo, cheong-san", "true", "3", "12", "A turn nobody saw coming", "", "zombie",
          "nam-ra: immune", "before-the-fall", "character", "ally"]


class Recorder:
    """What the editor journaled since its last save, to check every save against."""

    def __init__(self, app: ArcroomApp) -> None:
        self.app = app
        self.journal: Journal | None = None
        self.base: dict[str, str] = {}
        self.entries: list[dict[str, Any]] = []
        self.saves = 0
        self.edits = 0

    def watch(self) -> None:
        """Follow the app's journal and document (a "save as" starts a new journal)."""
        journal = self.app.journal
        assert journal is not None
        if journal is not self.journal:
            self.journal = journal
            self._restart()
            write, rebase = journal._write, journal.rebase

            def recorded_write(entry: dict[str, Any]) -> None:
                write(entry)
                self.entries.append(entry)
                self.edits += 1

            def recorded_rebase() -> None:
                rebase()
                self._restart()

            journal._write = recorded_write  # type: ignore[method-assign]
            journal.rebase = recorded_rebase  # type: ignore[method-assign]
        document = self.app.document
        if "save" not in document.__dict__:
            save = document.save

            def checked_save(*, force: bool = False) -> list[Path]:
                self.check_before_save()
                written = save(force=force)
                self.check_after_save()
                return written

            document.save = checked_save  # type: ignore[method-assign]

    def _restart(self) -> None:
        self.base = dict(self.app.document.texts)
        self.entries = []

    def check_before_save(self) -> None:
        """The text about to be written is the last save replayed through the journal."""
        document = self.app.document
        replayed = Document.from_texts(self.base)
        bible = document.path or Path("bible.yaml")
        header = {"bible": str(bible.resolve())}
        result = replay(replayed, Found(Path("-"), header, list(self.entries)))
        assert result.failed == [], result.failed
        assert replayed.texts == document.texts, "a save differs from its journal's replay"

    def check_after_save(self) -> None:
        self.saves += 1
        document = self.app.document
        for name, text in document.texts.items():
            assert Path(name).read_bytes().decode("utf-8") == text
        assert document.path is not None
        run_rules(loader.load(document.path))  # loads, and checks without an error


async def run_monkey(pilot: Any, app: ArcroomApp, keys: int, seed: int) -> Recorder:
    rng = random.Random(seed)
    weights = [w for w, _ in KEY_MAP]
    groups = [k for _, k in KEY_MAP]
    queries = [a[0] for a in ACTIONS if a[2] != "save_as"]
    queries += rng.sample(sorted(app.bible.beats), k=min(20, len(app.bible.beats)))
    queries += [c.name for c in list(app.bible.characters.values())[:20]]
    recorder = Recorder(app)
    recent: deque[str] = deque(maxlen=40)
    pressed = 0
    while pressed < keys:
        recorder.watch()
        draw = rng.random()
        if draw < 0.01:  # the palette: a name, then Enter (or Escape)
            burst = ["ctrl+p", *rng.choice(queries), rng.choice(["enter", "enter", "escape"])]
        elif draw < 0.03:  # a value a writer might type in the field at hand, and Enter
            burst = ["home", "ctrl+k", *rng.choice(VALUES), "enter"]
        elif draw < 0.06:  # open something from the outline, then retype one of its fields
            burst = ["escape", "o", *["down"] * rng.randint(0, 15), "enter", SEEN,
                     *["tab"] * rng.randint(0, 4), "home", "ctrl+k", *rng.choice(VALUES),
                     "enter"]
        elif draw < 0.08:  # to the outline, a few steps, then a key that edits there
            burst = ["o", *["down"] * rng.randint(1, 12),
                     rng.choice(["left_square_bracket", "right_square_bracket", "enter", "a",
                                 "r", "x", "m", "ctrl+z", "ctrl+y"])]
        else:
            burst = [rng.choice(rng.choices(groups, weights)[0])]
        for key in burst:
            if key == SEEN:  # the writer looks at the form before typing into it
                await _caught_up(app, seed, pressed, recent)
                continue
            recent.append(key)
            pressed += 1
            _send(app, key)
            draw = rng.random()
            if draw > 0.98:
                await asyncio.sleep(rng.uniform(0.05, 0.5))  # the rhythm, not a wait
            elif draw > 0.90:
                await asyncio.sleep(rng.uniform(0, 0.05))
            else:
                await asyncio.sleep(0)  # key after key, as a terminal delivers a burst
            if pressed % SYNC_EVERY == 0:
                await _caught_up(app, seed, pressed, recent)
            assert app._exception is None, (
                f"seed {seed}: by key {pressed} ({key!r}) the editor raised "
                f"{app._exception!r}; the keys before it: {list(recent)}")
    await _caught_up(app, seed, pressed, recent)
    await settle(pilot)
    assert app._exception is None, f"seed {seed}: {app._exception!r} after the last key"
    if app.screen is app.editor:  # every layout asked for was made, none left out
        await wait_until(pilot, lambda: not (app.editor._layout_required
                                             or app.editor._repaint_required), "drawn")
        assert misplaced(app.editor) == [], f"seed {seed}: laid out afresh, these move"
    return recorder


def _send(app: ArcroomApp, key: str) -> None:
    """Deliver one key as the terminal driver does (what Pilot.press does, less its waits)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    char = key if len(key) == 1 else {"space": " "}.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def _caught_up(app: ArcroomApp, seed: int, pressed: int, recent: deque[str]) -> None:
    """Wait until the editor has handled the keys sent so far, and what they set off.

    A key goes from the app to the focused widget, whose messages go on to the screen
    and the form, and those start builds: so, a few rounds of "every pump has handled
    what it had" and "the form's builds are done". One not done within HANG_SECONDS is
    a hang.
    """
    from tui.widgets.form import EntityForm
    from tui.widgets.outline import Outline

    waiting: list[object] = []
    try:
        for _ in range(3):
            pumps = [app, app.screen, app.editor, app.editor.query_one(EntityForm),
                     app.editor.query_one(Outline), *([app.focused] if app.focused else [])]
            # A widget being removed has stopped reading its messages: not one to wait on.
            pumps = [p for p in pumps if p is app or (p.is_attached and not p._closing
                                                      and not p._closed)]
            done = {pump: asyncio.Event() for pump in pumps}
            for pump, event in done.items():
                pump.call_later(event.set)
            waiting = list(pumps)
            for pump, event in done.items():
                await _wait(app, event, seed, pressed, recent)
                waiting.remove(pump)
            builds = [w for w in app.workers if w.group == "form" and not w.is_finished]
            waiting = list(builds)
            if builds:
                # A build cancelled by a newer one (the form's group is exclusive) is
                # done too: gather its cancellation as a result, not as ours.
                await asyncio.wait_for(
                    asyncio.gather(*(w.wait() for w in builds), return_exceptions=True),
                    HANG_SECONDS,
                )
    except TimeoutError:
        raise AssertionError(f"seed {seed}: the editor hung by key {pressed} ({waiting} did "
                             f"not answer); the keys before it: {list(recent)}") from None


async def _wait(
    app: ArcroomApp, event: asyncio.Event, seed: int, pressed: int, recent: deque[str]
) -> None:
    """Wait for ``event``, failing at once if the editor raised meanwhile (a closing app
    answers nothing more), and with a TimeoutError after HANG_SECONDS."""
    deadline = time.monotonic() + HANG_SECONDS
    while not event.is_set():
        assert app._exception is None, (
            f"seed {seed}: by key {pressed} the editor raised {app._exception!r}; "
            f"the keys before it: {list(recent)}")
        if time.monotonic() > deadline:
            raise TimeoutError
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), 0.1)


def _thousand_beats(folder: Path) -> Path:
    out = folder / "bible.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--beats", "1000",
         "--characters", "150", "-o", str(out)],
        check=True, capture_output=True,
    )
    return out


#: (name, screen size): the sample on a wide screen (views and form side by side), the
#: 1,000 beats on a narrow one (views and form take turns).
LAYOUTS = [("sample", (160, 48)), ("1000-beats", (100, 32))]


@pytest.mark.parametrize(("bible", "size"), LAYOUTS, ids=[name for name, _ in LAYOUTS])
async def test_a_monkey_at_the_keyboard_never_stops_the_editor_and_every_save_replays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bible: str, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)  # "save as" suggests paths from here
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    show = tmp_path / "show"
    show.mkdir()
    if bible == "sample":
        path = show / "bible.yaml"
        shutil.copyfile(sample_path(), path)
    else:
        path = _thousand_beats(show)
    app = make_app(path, poll=None)
    quits: list[object] = []
    app.exit = lambda *args, **kwargs: quits.append(args)  # type: ignore[method-assign]
    start = time.monotonic()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        recorder = await run_monkey(pilot, app, KEYS, SEED + len(bible))
        took = time.monotonic() - start
        print(f"\nmonkey {bible} {size}: {KEYS} keys in {took:.0f} s, "
              f"{recorder.edits} journal lines, {recorder.saves} saves checked, "
              f"{len(quits)} quits")
    assert recorder.saves > 0 or KEYS < 1000, "no save was checked: the key map lost ctrl+s?"
