"""How fast a jump from the palette, and an Add, bring up the form: the real app, headless.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_form.py                  # the bundled sample
    .venv/bin/python benchmarks/bench_form.py --rounds 10 --size 120x40
    .venv/bin/python benchmarks/bench_form.py --bible my-show/bible.yaml

One headless app (Textual's Pilot, ``App.run_test``) on a copy of the bible.
Each figure runs from the key that asks (Enter in the command palette, Enter
on the Add dialog's last input, handed to the app as its terminal driver
would) to the last frame drawn once the form shows the entity asked for
(its values set, nothing left to lay out or paint, no frame for 80 ms).
The CPU figure is the process's CPU time over the same span and the quiet
wait after it; the GC figure, the time the cyclic garbage collector ran
within the span (Python's, in whatever code allocated when it struck: most
of what it frees is the command palette's, 40,000-50,000 objects a search).

- **palette closed by Escape**: what any palette costs once it closes (the
  editor's screen drawn again), the floor under a jump from it.
- **palette, same kind (baseline)**: ctrl+p, a beat's id, Enter, while the
  form shows another beat (the form's widgets are reused, values set in place).
- **palette, another kind**: the same for a character while the form shows a
  beat, then an arc while it shows a character, then a beat while it shows an arc.
- **Add**: the outline's cursor on an arc (its form shown), ``a``, a summary
  typed, Enter through the inputs; the last Enter to the new beat's form.
  The same from a character (its form shown): a new character.

The palette's search (typing, listing) is not timed: only Enter onwards.
The ratio is each figure's median over the baseline's, both from this run,
so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
# The editors opened in this process are first openings, and leave nothing in the user's
# cache of big bibles (arcs.opening_cache).
os.environ["ARCROOM_CACHE_DIR"] = "off"

from story_bible.reading.loader import sample_path  # noqa: E402

#: The assignment's target: palette or Add to the form, on the sample.
TARGET_MS = 200
#: The process's CPU seconds of each measurement, in order (less swayed by a busy machine
#: than the wall clock, though the wall clock is what the writer waits).
CPU: list[float] = []
CPU_BY_WHAT: dict[str, list[float]] = {}
#: The garbage collector's seconds within each measurement's span, in order.
GC: list[float] = []
GC_BY_WHAT: dict[str, list[float]] = {}
#: (when it started, seconds) of every collection of the run.
GC_RUNS: list[tuple[float, float]] = []
_gc_started = [0.0]


def _gc_seen(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        GC_RUNS.append((_gc_started[0], time.perf_counter() - _gc_started[0]))


def _gc_within(start: float, took: float) -> float:
    return sum(seconds for when, seconds in GC_RUNS if start <= when <= start + took)


async def _until(pilot: Any, ready: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.perf_counter() + seconds
    while not ready():
        if time.perf_counter() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        await asyncio.sleep(0.001)


def _enter(app: Any, name: str = "enter", character: str = "\r") -> None:
    """Enter (or another key), as the terminal's driver hands a key to the app.

    Not Pilot's ``press``: after each key it waits until every widget of the
    screen has run a callback, which takes longer the more widgets there are
    (hidden ones too), a cost no writer pays.
    """
    from textual import events

    key = events.Key(name, character)
    key.set_sender(app)
    app._driver.send_message(key)


#: A step that only sets up the next one.
UNTIMED = "(not timed)"
#: Frames a screen is quiet for after its last one for the form to count as drawn.
QUIET = 0.08


def watch_frames(app: Any) -> list[float]:
    """The times the app hands a frame to its (headless) terminal, from now on."""
    frames: list[float] = []
    display = app._display

    def shown(screen: Any, update: Any) -> None:
        display(screen, update)
        frames.append(time.perf_counter())

    app._display = shown
    return frames


async def _drawn(app: Any, start: float) -> float:
    """The time of the last frame drawn after ``start``, once nothing is pending and no
    frame has come for :data:`QUIET` seconds (a cursor's blink aside, which waits 0.5 s)."""
    frames: list[float] = app.frames
    while True:
        screen = app.screen
        last = max([start, *frames[-1:]])
        pending = screen._dirty_widgets or screen._layout_required or screen._repaint_required
        if not pending and time.perf_counter() - last > QUIET:
            return last
        await asyncio.sleep(0.002)


async def _settle(pilot: Any) -> None:
    app = pilot.app
    await pilot.pause()
    busy = [w for w in app.workers if w.group in ("check", "form", "graph")]
    if busy:
        await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def _palette(pilot: Any, entity_id: str) -> float:
    """Seconds from Enter on the palette's hit for ``entity_id`` to its form drawn."""
    from textual.command import CommandList, CommandPalette

    from tui.widgets.form import EntityForm

    app = pilot.app
    form = app.editor.query_one(EntityForm)
    await pilot.press("ctrl+p", *entity_id)

    def listed() -> bool:
        lists = app.screen.query(CommandList)
        return (isinstance(app.screen, CommandPalette) and bool(lists)
                and lists.first().option_count > 0
                and f"id {entity_id}" in str(lists.first().get_option_at_index(0).prompt))

    await _until(pilot, listed, f"the palette to list {entity_id} first")
    await pilot.pause()
    start, cpu = time.perf_counter(), time.process_time()
    _enter(app)
    await _until(pilot, lambda: form.entity_id == entity_id and form.is_built,
                 f"{entity_id}'s form")
    took = await _drawn(app, start) - start
    CPU.append(time.process_time() - cpu)
    GC.append(_gc_within(start, took))
    await _settle(pilot)
    return took


async def _escape(pilot: Any) -> float:
    """Seconds from Escape in the palette (nothing chosen) to the editor drawn again."""
    from textual.command import CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await _until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await _settle(pilot)
    start, cpu = time.perf_counter(), time.process_time()
    _enter(app, "escape", "\x1b")
    await _until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the editor")
    took = await _drawn(app, start) - start
    CPU.append(time.process_time() - cpu)
    GC.append(_gc_within(start, took))
    await _settle(pilot)
    return took


async def _add(pilot: Any, where: str, name: str) -> float:
    """Seconds from the last Enter of the Add dialog (outline on ``where``) to the form."""
    from textual.widgets import Input

    from tui.screens.dialogs import AskForm
    from tui.widgets.form import EntityForm
    from tui.widgets.outline import Outline

    app = pilot.app
    form = app.editor.query_one(EntityForm)
    await app.editor.open_entity(where)
    await _settle(pilot)
    app.editor.query_one(Outline).focus()
    await pilot.press("a")
    await _until(pilot, lambda: isinstance(app.screen, AskForm)
                 and bool(app.screen.query(Input)), "the Add dialog")
    await pilot.pause()
    await pilot.press(*name)
    dialog = app.screen
    inputs = list(dialog.query(Input))
    inputs[-1].focus()
    await pilot.pause()
    new_id = dialog.values()["id"]
    start, cpu = time.perf_counter(), time.process_time()
    _enter(app)
    await _until(pilot, lambda: form.entity_id == new_id and form.is_built, f"{new_id}'s form")
    took = await _drawn(app, start) - start
    CPU.append(time.process_time() - cpu)
    GC.append(_gc_within(start, took))
    await _settle(pilot)
    return took


async def measure(
    path: Path, rounds: int, size: tuple[int, int], prebuild: bool
) -> dict[str, list[float]]:
    from tui.app import make_app
    from tui.widgets.form import EntityForm

    if not prebuild:
        EntityForm.PREBUILD_AFTER = None
    app = make_app(path, poll=None, journal=False)
    app.frames = watch_frames(app)
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    collected: dict[str, list[float]] = {}
    gc.callbacks.append(_gc_seen)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await _settle(pilot)
        form = app.editor.query_one(EntityForm)
        if prebuild:
            # The steady state: every kind's form built in the background after the first
            # screen (how long that takes is printed; a jump meanwhile waits for it).
            start = time.perf_counter()
            await _until(pilot, lambda: set(form.PREBUILD_ORDER) <= form.pages_built,
                         "the forms built in the background", seconds=120)
            times["(every kind's form built in the background)"] = [time.perf_counter() - start]
        bible = app.bible
        beats = list(bible.beats)
        character = next(iter(bible.characters))
        arc = next(iter(bible.arcs))
        await _palette(pilot, beats[0])  # the beat form shown once (not timed)
        runs: list[tuple[str, Any]] = []
        for n in range(rounds):
            runs += [
                # The round before ended on a character's form: a beat's first, so that
                # the baseline is a beat after a beat (not timed).
                (UNTIMED, lambda n=n: _palette(pilot, beats[(n + 13) % len(beats)])),
                ("palette closed by Escape (Textual's floor)", lambda: _escape(pilot)),
                ("palette, beat after a beat (baseline)",
                 lambda n=n: _palette(pilot, beats[(n + 1) % len(beats)])),
                ("palette, character after a beat", lambda: _palette(pilot, character)),
                ("palette, arc after a character", lambda: _palette(pilot, arc)),
                ("palette, beat after an arc",
                 lambda n=n: _palette(pilot, beats[(n + 7) % len(beats)])),
                ("Add, a beat (the arc's form shown)",
                 lambda n=n: _add(pilot, arc, f"The bench beat number {n + 1} happens")),
                ("Add, a character (a character's form shown)",
                 lambda n=n: _add(pilot, character, f"Bench Person {n + 1}")),
            ]
        for what, run in runs:
            took = await run()
            if what == UNTIMED:
                continue
            times.setdefault(what, []).append(took)
            cpu.setdefault(what, []).append(CPU[-1])
            collected.setdefault(what, []).append(GC[-1])
        app.exit()
    gc.callbacks.remove(_gc_seen)
    CPU_BY_WHAT.update(cpu)
    GC_BY_WHAT.update(collected)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bible", type=Path, help="a bible file (default: the bundled sample)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", default="160x48", help="the terminal, COLUMNSxROWS")
    parser.add_argument("--no-prebuild", action="store_true",
                        help="each kind's form built when first needed, not in the background")
    args = parser.parse_args(argv)
    columns, rows = (int(n) for n in args.size.split("x"))
    source = args.bible.resolve() if args.bible is not None else sample_path()
    print(f"load average before: {_load()}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bible.yaml"
        shutil.copyfile(source, path)  # edits (Add) go to a copy
        times = asyncio.run(measure(path, args.rounds, (columns, rows), not args.no_prebuild))
    name = str(args.bible) if args.bible is not None else "the sample"
    print(f"{name}, {columns}x{rows}, {args.rounds} rounds; Enter to the form drawn")
    background = times.pop("(every kind's form built in the background)", None)
    if background:
        print(f"  every kind's form built in the background, {background[0] * 1000:.0f} ms "
              "after the first screen settled")
    base = statistics.median(times["palette, beat after a beat (baseline)"])
    for what, took in times.items():
        median = statistics.median(took)
        print(f"  {what:<46} median {median * 1000:6.0f} ms   max {max(took) * 1000:6.0f} ms"
              f"   {median / base:5.1f}x the baseline"
              f"   (CPU median {statistics.median(CPU_BY_WHAT[what]) * 1000:4.0f} ms,"
              f" GC median {statistics.median(GC_BY_WHAT[what]) * 1000:3.0f}"
              f" max {max(GC_BY_WHAT[what]) * 1000:3.0f} ms)")
    worst = max(max(t) for t in times.values())
    print(f"  slowest of all: {worst * 1000:.0f} ms (target < {TARGET_MS} ms)")
    print(f"load average after: {_load()}")
    return 0


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
