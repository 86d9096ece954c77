"""How fast the editor opens and answers an edit: the real Textual app, headless.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_editor.py                # the sample and 1,000 beats
    .venv/bin/python benchmarks/bench_editor.py --beats 5000 --edits 20
    .venv/bin/python benchmarks/bench_editor.py --bible my-show/bible.yaml  # a real bible

**First screen**: a fresh Python process imports arcroom, opens the bible and
runs the editor headless (120x40) until its first screen is drawn with the
bible shown and the checker's problems listed; timed from just before the
process starts to that screen (so interpreter start-up and imports count,
and the process's exit does not). The baseline, in the same run: the same
for an empty Textual app (start-up and one screen), the floor any Textual
editor pays. Peak memory is that process's maximum resident set. The two take
turns (``--repeat`` rounds, the best of each kept) and the ratio is printed
beside its target, with the machine's load average before and after.

The target: issue 19 first asked for 3x the empty app. A first screen lists the
bible's problems, so it reads the whole bible first, and reading alone took
2.9-3.0x the empty app with it (``bench_floor.py``): the target is now the
empty app's 3x plus the reading's share as ``arcroom check`` has it, 2x the time
of iterating the file's libyaml events (timed inside a fresh process, in turns
with the first screens, the best kept), and the line says whether it is met.

Three moments are timed in that child: the bible **drawn** (outline, board
and form on screen, the problems panel still saying "checking"), the **first
problems** shown (the figure the targets are set for, as before), and
**ready to edit**: the editor shows a bible before its beats' nodes (which
edits need) are composed, and composes them after the first problems are up.

**Keypress to problems**: in one headless app (Textual's Pilot), once it is
ready to edit, a beat's episode is retyped in its form and Enter pressed; the
time runs from the
Enter to the problems panel being handed the re-check of that edit. The
edits move a character's death to the first episode and back, so every other
edit makes continuity errors (the dead walk in later beats) and the next
one clears them: the panel really changes each time. Timed twice: with the
episode written ``S1E01``, the same length as the beat's own (nothing after
it in the file moves), and written ``S1E1``, which moves everything after it
(what most edits do: a summary retyped is rarely as long as it was). Under each:
a key typed the moment the problems show (sent as a terminal sends it) and how
long until it is in its field, which is what a writer typing on feels: it waits
for the views' redraw and for a turn of the settle; then, from the same Enter,
when the edit is settled. An edit commits its nodes lazily and the editor
settles their offsets (O(file)) once the problems are on screen, in turns of
20 ms between keys. With ``--bible FILE``
the bible measured is that one (a folder too); in a bible where no one dies,
the first beat that changes someone is moved (or, failing that, the first
beat), so the problems may not change.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
# The editors opened in this process are first openings, and leave nothing in the user's
# cache of big bibles (arcs.opening_cache).
os.environ["ARCROOM_CACHE_DIR"] = "off"

from bytecode import compile_packages  # noqa: E402
from generate import Options, generate, render  # noqa: E402

from story_bible.reading.loader import sample_path  # noqa: E402

SIZE = (120, 40)
#: The targets of issue 19: the first screen of 20,000 beats against the empty app's, and
#: its peak memory.
TARGET_RATIO = 3
TARGET_MB = 120
#: The first screen's target as decided in round 17: the empty app's share as above, plus
#: the reading's as ``arcroom check`` has it (at most this many times the time of iterating
#: the file's libyaml events). A first screen lists the problems, so it reads the whole
#: bible: reading alone and the empty app took 2.9-3.0x the empty app (bench_floor.py).
TARGET_EVENTS = 2

# Each child prints, for each moment it marks, the wall-clock time and its peak
# resident set (kB) then. The editor's child marks three: the bible drawn (its
# problems still being checked), the first problems shown, and ready to edit
# (every node composed).
_FIRST_SCREEN = """
import re, sys, time
from tui.app import make_app
def peak():
    return re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
def mark():
    marks.extend([time.time(), peak()])
app = make_app(sys.argv[1], poll=None)
shown, check = app._show_diagnostics, app.run_check
marks = []
def ready():
    if not app.document.filled:
        app.set_timer(0.02, ready)
        return
    mark()
    app.exit()
def drawn():
    if not marks:  # the check's result may come first, on a small bible
        mark()
def first_check():
    app.run_check = check
    app.call_after_refresh(drawn)  # run_check follows the bible's first drawing
    check()
def problems():
    drawn()
    mark()
    ready()
first = []
def show(*args):
    shown(*args)
    if not first:  # the first problems (they may come before the bible is drawn)
        first.append(args)
        app.call_after_refresh(problems)
app.run_check = first_check
app._show_diagnostics = show
app.run(headless=True, size=(120, 40))
print(*marks)
"""

_EMPTY_APP = """
import re, time
from textual.app import App
from textual.widgets import Footer, Header, Static
class Empty(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.up)
    def up(self):
        print(time.time())
        self.exit()
Empty().run(headless=True, size=(120, 40))
print(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
"""


def first_screen(script: str, *args: str, repeat: int, cache: str = "off"
                 ) -> list[tuple[float, int]]:
    """For each moment the child running ``script`` marks, the time (s) from starting
    it and its peak memory (MB): of the run whose first mark came soonest, and the
    most memory of any run. ``cache``: the child's ``ARCROOM_CACHE_DIR``."""
    runs = []
    for _ in range(repeat):
        start = time.time()
        done = subprocess.run(
            [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
            check=True, env={**os.environ, "ARCROOM_CACHE_DIR": cache},
        )
        figures = done.stdout.split()
        runs.append([(float(t) - start, int(kb) // 1024)
                     for t, kb in zip(figures[::2], figures[1::2], strict=True)])
    best = min(runs, key=lambda run: run[0][0])
    return [(t, max(run[i][1] for run in runs)) for i, (t, _) in enumerate(best)]


async def keypress_to_problems(
    path: Path, edits: int, ready: list[float] | None = None, episode: str = "E01",
    settled: list[float] | None = None, answered: list[float] | None = None,
) -> tuple[list[float], list[int]]:
    """Milliseconds from Enter to the problems panel, and the problem count after each.

    ``ready`` gets the milliseconds from Enter to the re-check's result reaching
    the app, before the panel (and the views marking problems) show it;
    ``answered``, from the problems shown to a key typed then being in its field
    (what follows the problems, the views and the settle, is all it waits for);
    ``settled``, from Enter to the edit settled.
    """
    from textual import events

    from tui.app import make_app
    from tui.widgets.form import EntityForm

    app = make_app(path, poll=None)
    handed: dict[int, float] = {}
    checked: dict[int, float] = {}
    shown = app._show_diagnostics

    def show(diagnostics: list, generation: int) -> None:  # type: ignore[type-arg]
        checked[generation] = time.perf_counter()
        shown(diagnostics, generation)
        handed[generation] = time.perf_counter()

    app._show_diagnostics = show  # type: ignore[method-assign]
    times, counts = [], []
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        deadline = time.perf_counter() + 60
        while not app.document.filled:  # what the first screen's "ready to edit" times
            if time.perf_counter() > deadline:
                raise SystemExit("the document was not ready to edit a minute after opening")
            await pilot.pause()
        death = _edited_beat(app.bible)
        if death.at.episode == 1:  # already in the first episode: the second, then
            episode = episode.replace("1", "2")
        where = [str(death.at), f"{death.at.season_id}{episode}"]
        await app.editor.open_entity(death.id, "at")
        await pilot.pause()
        form = app.editor.query_one(EntityForm)
        for n in range(edits):
            # The keys go to the episode field (on a narrow screen the form takes the
            # views' place, and the focus may still be in the outline).
            deadline = time.perf_counter() + 10
            while getattr(app.focused, "id", None) != "field-at":
                if time.perf_counter() > deadline:
                    raise SystemExit("the beat's episode field never took the focus")
                form.focus_field("at")
                await pilot.pause()
            await pilot.press("home", "ctrl+k", *where[(n + 1) % 2])
            await pilot.pause()
            generation = app.generation + 1
            start = time.perf_counter()
            await pilot.press("enter")
            deadline = time.perf_counter() + 60
            while generation not in handed:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"no problems shown a minute after edit {n + 1} (is a "
                                     "dialog open, such as the recovery of unsaved edits?)")
                await asyncio.sleep(0.0005)
            times.append((handed[generation] - start) * 1000)
            if ready is not None:
                ready.append((checked[generation] - start) * 1000)
            counts.append(len(app.diagnostics))
            field = app.focused
            if answered is not None and getattr(field, "id", None) == "field-at":
                typed = time.perf_counter()  # as a terminal would: straight to the app
                app._driver.send_message(events.Key("full_stop", "."))  # type: ignore[union-attr]
                while not field.value.endswith("."):  # type: ignore[union-attr]
                    if time.perf_counter() > typed + 60:
                        raise SystemExit("a key typed after an edit never reached its field")
                    await asyncio.sleep(0.0005)
                answered.append((time.perf_counter() - typed) * 1000)
            while not app.document.settled:  # the edit's O(file) part, after the screen
                await asyncio.sleep(0.0005)
            if settled is not None:
                settled.append((time.perf_counter() - start) * 1000)
            assert form.entity_id == death.id
        app.exit()
    return times, counts


def _edited_beat(bible: Any) -> Any:
    """A beat killing someone, else one changing someone, else the first beat."""
    beats = list(bible.beats.values())
    return next((b for b in beats if any(c.status == "dead" for c in b.changes.values())),
                next((b for b in beats if b.changes), beats[0]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bible", type=Path, help="a bible file or folder (default: generate one)")
    parser.add_argument("--beats", type=int, default=1000)
    parser.add_argument("--characters", type=int, default=150)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3, help="first-screen runs (best kept)")
    args = parser.parse_args(argv)
    compile_packages()  # as installed: the children start from bytecode, as Textual does
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "bible.yaml"
        if args.bible is not None:
            big = args.bible.resolve()
        else:
            big.write_text(render(generate(Options(args.beats, args.characters, 3, 1, 0))),
                           encoding="utf-8")
        name = str(args.bible) if args.bible is not None else f"{args.beats:,} beats"
        print(f"load average before: {_load()}")
        # The baseline and the editor take turns, so a machine that gets busier part way
        # through slows both alike; the best of each is kept.
        runs: dict[str, list[list[tuple[float, int]]]] = {}
        iterated: list[float] = []
        # Reopened: the bible's reading and first check kept by an earlier opening
        # (arcs.opening_cache; kept only from 3,000 beats), and the same again.
        cache = str(Path(folder) / "cache")
        first_screen(_FIRST_SCREEN, str(big), repeat=1, cache=cache)
        deadline = time.monotonic() + 60  # (written after the editor's child has answered)
        while not list(Path(cache).glob("*.pickle")) and time.monotonic() < deadline:
            time.sleep(0.05)
        reopened = f"{name}, reopened"
        for _ in range(args.repeat):
            runs.setdefault("", []).append(first_screen(_EMPTY_APP, repeat=1))
            for shown, path in (("the sample", sample_path()), (name, big)):
                runs.setdefault(shown, []).append(
                    first_screen(_FIRST_SCREEN, str(path), repeat=1))
            runs.setdefault(reopened, []).append(
                first_screen(_FIRST_SCREEN, str(big), repeat=1, cache=cache))
            iterated.append(_events(big))
        (empty, empty_mb), = best(runs[""])
        events = min(iterated)
        print(f"{'empty Textual app, first screen (baseline)':<46} {empty * 1000:7.0f} ms"
              f"   peak {empty_mb} MB")
        for shown in ("the sample", name):
            (drawn, drawn_mb), (took, peak), (ready_at, ready_mb) = best(runs[shown])
            print(f"{'arcroom edit, ' + shown + ', bible drawn':<46} {drawn * 1000:7.0f} ms"
                  f"   peak {drawn_mb} MB   {drawn / empty:4.1f}x the empty app")
            print(f"{'  first problems shown (first screen)':<46} {took * 1000:7.0f} ms"
                  f"   peak {peak} MB   {took / empty:4.1f}x the empty app")
            print(f"{'  ready to edit (every node composed)':<46} {ready_at * 1000:7.0f} ms"
                  f"   peak {ready_mb} MB")
        print(f"{'  ratio, ' + name + ', to the empty app':<46} {took / empty:7.2f}x"
              f"   (the issue's first target <= {TARGET_RATIO}x; peak {peak} MB, target <= "
              f"{TARGET_MB} MB)")
        (_, _), (again, again_mb), (_, _) = best(runs[reopened])
        print(f"{'  reopened (reading and problems kept)':<46} {again * 1000:7.0f} ms"
              f"   peak {again_mb} MB   {again / empty:4.1f}x the empty app: the first target "
              f"{'met' if again <= TARGET_RATIO * empty else 'NOT met'}")
        target = TARGET_RATIO * empty + TARGET_EVENTS * events
        print(f"{'libyaml events of ' + name + ', iterated':<46} {events * 1000:7.0f} ms"
              f"   (in a fresh process: the floor of any reading, as bench_check.py's)")
        title = f"  target: {TARGET_RATIO}x the empty app + {TARGET_EVENTS}x the events"
        print(f"{title:<46} {target * 1000:7.0f} ms   first problems {took * 1000:.0f} ms: "
              f"{'met' if took <= target else 'NOT met'} ({took / target:.0%} of it)")
        for episode, what in (("E01", "same length"), ("E1", "text changes length")):
            # Each run edits its own copy: the last run's unsaved edits stay in its
            # recovery journal, which would offer them back at the start of the next.
            copy = Path(folder) / episode / big.name
            copy.parent.mkdir()
            if big.is_dir():
                shutil.copytree(big, copy)
            else:
                shutil.copyfile(big, copy)
            ready: list[float] = []
            settled: list[float] = []
            answered: list[float] = []
            times, counts = asyncio.run(
                keypress_to_problems(copy, args.edits, ready, episode, settled, answered))
            _print_edits(f"Enter to updated problems, {name}, {what}", times, counts, ready)
            _print_row("  a key typed as they show, answered after", answered,
                       "(what it waits for: the views redrawn, a turn of the settle)")
            _print_row("  Enter to the edit settled", settled,
                       "(the offsets' O(file) part, in turns between keys)")
    print(f"load average after: {_load()}")
    return 0


def _print_edits(title: str, times: list[float], counts: list[int], ready: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{title:<46} median {statistics.median(times):5.1f} ms   p95 {p95:5.1f} ms"
          f"   max {ordered[-1]:5.1f} ms   ({len(times)} edits; problems shown alternate "
          f"{min(counts)} and {max(counts)})")
    _print_row("  of which Enter to the re-check done", ready,
               "(the rest: the panel and the views marking the problems)")


def _print_row(title: str, times: list[float], note: str) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{title:<46} median {statistics.median(times):5.1f} ms   p95 {p95:5.1f} ms   {note}")


def best(runs: list[list[tuple[float, int]]]) -> list[tuple[float, int]]:
    """Each mark's best time and most memory over ``runs`` (the runs take turns with the
    baseline's, so a machine getting busier slows both)."""
    return [(min(run[i][0] for run in runs), max(run[i][1] for run in runs))
            for i in range(len(runs[0]))]


# Iterating a bible's libyaml events, timed inside a fresh process (this one made the
# generated bible: its heap made the same iteration ~10% slower).
_EVENTS = """
import gc, sys, time, yaml
from pathlib import Path
from story_bible.reading.loader import bible_files
texts = [f.read_text(encoding="utf-8") for f in bible_files(Path(sys.argv[1]))]
gc.disable()
start = time.perf_counter()
for text in texts:
    for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
        pass
print(time.perf_counter() - start)
"""


def _events(path: Path) -> float:
    """The time of iterating the libyaml events of ``path`` (a file, or every bible file
    of a folder) once, in a fresh process: a round at a time with the first screens."""
    done = subprocess.run([sys.executable, "-c", _EVENTS, str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def _load() -> str:
    """The 1, 5 and 15 minute load averages (the figures mean little on a busy machine)."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
