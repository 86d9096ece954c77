"""How long the graph tab takes to show an edit: the real Textual app, headless.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_graph.py                   # 20,000 and 1,000 beats
    .venv/bin/python benchmarks/bench_graph.py --beats 5000 --edits 5
    .venv/bin/python benchmarks/bench_graph.py --root /tmp/old   # another checkout's code
    .venv/bin/python benchmarks/bench_graph.py --typing --edits 3  # keys during a layout

**Enter → graph redrawn, Graph tab shown**: a generated bible (``benchmarks/generate.py``)
is opened in the editor (headless, 120x40, in a child process per size, so each
starts clean), the Graph tab is shown (beats, cards, the whole plan) and drawn; then
a beat's field is set as its form's Enter sets it (``edit_field``) and the time runs
to the tab's new drawing being handed to its canvas (under it, the worker's part:
the graph built or patched, laid out and drawn; the rest is the edit itself, the
check, the other views; over it, when the pane's lines were rendered from it, which
is when a drawing made as the pane comes to it draws what shows). Three edits, each made
``--edits`` times, alternating between two values: a beat's **summary** retyped (what
nothing is placed by: its card's title changes), its **episode** retyped (the beat moves:
the graph and view are patched, or built, then laid out and drawn again) and its
**characters** (one fewer: the graph and view are patched, or built; drawn again). The
ratio printed is each size's median against the 1,000-beat one's, measured in the same
run (the target of issue 19: about 1). ``--root`` runs the same measurement on the code
of another checkout (say the commit before a change, unpacked with ``git archive`` or a
``git worktree``), for a before and after.
``--phases`` times instead the worker's steps for a beat moved, one by one, without the
app: the graph built and the view selected afresh, or patched (``patch_beats``,
``patch_view``), the layout, the lazy drawing made (no tile drawn yet), and what a
120x40 pane on the moved beat reads of it (its tiles drawn, its rows' sticky names).
``--typing`` times instead **key → drawn in its field**: the editor 160x48 (the graph
and the form side by side), the Graph tab shown, a beat's form open, the cursor at the
end of its summary; each key is sent as the terminal sends it and timed to the first
line of the field drawn with it (median, p95, max; the ratio to the keys typed with
the graph idle). Keys typed one after another, ~30 ms apart, with the graph idle, then
after the beat is moved (its episode set as Enter in its form sets it) until its new
drawing is on the canvas, split by what ran when each key was sent: the edit's own
frame (the graph's worker waits for it), the worker (graph patched, laid out, drawn in
its thread, sharing the GIL with the screen's), the drawing handed to the canvas; and
the time the cycle collector took on the screen's thread from the move to a second
after its drawing (its passes hold the GIL: a key waits them out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The editors its children open are first openings, and leave nothing in the user's cache
# of big bibles (arcs.opening_cache).
os.environ["ARCROOM_CACHE_DIR"] = "off"

SIZE = (120, 40)
EDITS = ("summary", "at", "characters")

# The child: opens the bible, shows the graph, times each edit to the drawing handed
# to the canvas; prints {edit: [ms, ...]} as JSON. Its argv: root, bible, edits.
_CHILD = """
import asyncio, json, sys, time
sys.path.insert(0, sys.argv[1])
from tui.app import make_app
from tui.widgets.graph_view import GraphCanvas, GraphView

async def main(path, edits):
    app = make_app(path, poll=None, journal=False)
    drawn = []
    handler = GraphView.on_graph_view_drawn
    def timed(self, event):
        handler(self, event)
        drawn.append(time.perf_counter())
    GraphView.on_graph_view_drawn = timed
    painted = []  # each line of the canvas rendered (a drawing is made as it is shown)
    render = GraphCanvas.render_line
    def rendered(self, y):
        line = render(self, y)
        painted.append(time.perf_counter())
        return line
    GraphCanvas.render_line = rendered
    work = []  # the worker's part: the graph built (or patched), laid out and drawn
    making = getattr(GraphView, "_drawing", None)  # (not in code before it was kept)
    if making is not None:
        def made(self, *args):
            begun = time.perf_counter()
            try:
                return making(self, *args)
            finally:
                work.append((time.perf_counter() - begun) * 1000)
        GraphView._drawing = made
    async def wait(count, what, limit=600):
        deadline = time.perf_counter() + limit
        while len(drawn) < count:
            if time.perf_counter() > deadline:
                raise SystemExit(f"no {what} {limit} s after asking")
            await asyncio.sleep(0.0005)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await wait(1, "first drawing of the graph")
        await app.workers.wait_for_complete()
        beat = next(b for b in app.bible.beats.values() if b.at.episode > 2)
        cast = list(beat.characters)
        fewer = cast[:-1] if len(cast) > 1 else [
            next(c for c in app.bible.characters if c not in cast)]
        values = {
            "summary": [beat.summary or "A title", "Someone else's title. And more"],
            "at": [str(beat.at), f"{beat.at.season_id}E{beat.at.episode - 1:02d}"],
            "characters": [cast, fewer],
        }
        for field in ("summary", "at", "characters"):
            times = out[field] = []
            worked = out[field + " work"] = []
            shown = out[field + " shown"] = []
            for n in range(edits):
                await app.workers.wait_for_complete()
                await pilot.pause()
                count = len(drawn) + 1
                work.clear()
                start = time.perf_counter()
                await app.edit_field(beat.id, field, values[field][(n + 1) % 2])
                await wait(count, f"drawing after the {field} edit")
                times.append((drawn[-1] - start) * 1000)
                worked.append(sum(work))
                lines = len(painted)
                await pilot.pause()
                await pilot.pause()
                if len(painted) > lines:  # the pane's lines rendered from the new drawing
                    shown.append((painted[-1] - start) * 1000)
        app.exit()
    print(json.dumps(out))

asyncio.run(main(sys.argv[2], int(sys.argv[3])))
"""


# The child of ``--typing``: opens the bible 160x48 (the views and the form side by
# side), shows the graph, opens a beat's form and puts the cursor at the end of its
# summary; each key is sent as the terminal sends it and timed to the first line of the
# field drawn with it. Per round: KEYS keys with the graph idle, then the beat moved
# (its episode retyped, as Enter in its form sets it) and keys typed, one after the
# other, while the tab's worker (graph patched, laid out, drawn) runs and until its
# drawing is on the canvas. Prints {"idle": [ms, ...], "layout": [...], ...} as JSON.
# Its argv: root, bible, edits.
_TYPING = """
import asyncio, gc, json, sys, threading, time
sys.path.insert(0, sys.argv[1])
from textual import events
import arcs.layout
from tui.app import make_app
from tui.widgets.graph_view import GraphView
from tui.widgets.inputs import FieldArea

KEYS, GAP, MOST = 12, 0.03, 80  # keys per idle round, seconds between keys, most per move

async def main(path, edits):
    app = make_app(path, poll=None, journal=False)
    drawn = []
    handler = GraphView.on_graph_view_drawn
    def shown(self, event):
        handler(self, event)
        drawn.append(time.perf_counter())
    GraphView.on_graph_view_drawn = shown
    working = []  # the worker's part running (its thread): graph, layout, drawing
    started = []  # each layout begun (the worker waits for the edit's frame before)
    laying = arcs.layout.layout
    def laid(*args, **kwargs):
        started.append(1)
        return laying(*args, **kwargs)
    arcs.layout.layout = laid
    making = GraphView._drawing
    def made(self, *args):
        working.append(1)
        try:
            return making(self, *args)
        finally:
            working.pop()
    GraphView._drawing = made
    wanted = {"text": None, "at": None}  # the text the key makes; when first drawn
    render = FieldArea.render_line
    def rendered(self, y):
        line = render(self, y)
        if wanted["at"] is None and self.text == wanted["text"]:
            wanted["at"] = time.perf_counter()
        return line
    FieldArea.render_line = rendered
    async def until(test, what, limit=600):
        deadline = time.perf_counter() + limit
        while not test():
            if time.perf_counter() > deadline:
                raise SystemExit(f"no {what} {limit} s after asking")
            await asyncio.sleep(0.0005)
    collecting = {}  # the collector's passes on the screen's thread, after each move
    def collected(phase, info):
        if threading.current_thread() is not threading.main_thread():
            return
        if phase == "start":
            collecting["start"] = time.perf_counter()
        elif "start" in collecting and "move" in collecting:
            ms = (time.perf_counter() - collecting.pop("start")) * 1000
            out["collector"][-1] += ms
            out["longest collection"][-1] = max(out["longest collection"][-1], ms)
    gc.callbacks.append(collected)
    def busy(group):
        return any(w.group == group and w.is_running for w in app.workers)
    out = {"idle": [], "first": [], "waiting": [], "layout": [], "layout and check": [],
           "shown": [], "collector": [], "longest collection": []}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await until(lambda: drawn, "first drawing of the graph")
        await app.workers.wait_for_complete()
        beat = next(b for b in app.bible.beats.values() if b.at.episode > 2)
        places = [f"{beat.at.season_id}E{beat.at.episode - 1:02d}", str(beat.at)]
        await app.editor.open_entity(beat.id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        area = app.editor.query_one("#field-summary", FieldArea)
        area.focus()
        await pilot.pause()
        letters = iter("abcdefghijklmnopqrstuvwxyz" * 1000)
        async def key():
            character = next(letters)
            area.move_cursor(area.document.end)
            wanted["text"], wanted["at"] = area.text + character, None
            event = events.Key(character, character)
            event.set_sender(app)
            start = time.perf_counter()
            app._driver.send_message(event)
            await until(lambda: wanted["at"] is not None, "the key drawn in its field")
            return (wanted["at"] - start) * 1000
        for n in range(edits):
            await app.workers.wait_for_complete()
            await pilot.pause()
            for _ in range(KEYS):
                out["idle"].append(await key())
                await asyncio.sleep(GAP)
            count, begun = len(drawn) + 1, len(started) + 1
            out["collector"].append(0.0)
            out["longest collection"].append(0.0)
            collecting["move"] = True
            await app.edit_field(beat.id, "at", places[n % 2])
            assert app.focused is area, app.focused
            for _ in range(MOST):
                if len(drawn) >= count and not working:
                    break
                if len(started) < begun:
                    during = "waiting"
                elif working:
                    during = "layout and check" if busy("check") else "layout"
                else:
                    during = "shown"
                out[during].append(await key())
                if len(out["first"]) <= n:
                    out["first"].append(out[during][-1])
                await asyncio.sleep(GAP)
            await app.workers.wait_for_complete()
            await asyncio.sleep(1)  # (what the move left to collect, collected meanwhile)
            collecting.pop("move")
        app.exit()
    out["switch interval"] = [sys.getswitchinterval() * 1000]
    print(json.dumps(out))

asyncio.run(main(sys.argv[2], int(sys.argv[3])))
"""

# The child of ``--phases``: the worker's steps for a beat moved, one by one, without the
# app (gc frozen after the load, as the editor does). Its argv: root, bible, edits.
_PHASES = """
import gc, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from story_bible.writing.document import Document
from arcs.order import build_story
from arcs.graph import build_graph
from arcs.views import select
from arcs.layout import layout
from rich.style import Style
from tui.drawing import Palette
from tui.lazy_drawing import LazyDrawing
from tui.widgets.graph_view import beat_names
try:
    from arcs.graph import beat_edits, patch_beats
    from arcs.views import patch_view
except ImportError:  # (code from before the patch)
    patch_beats = None
doc = Document.open(sys.argv[2])
story = build_story(doc.bible)
G = build_graph(doc.bible, story)
V = select(G, "beats")
palette = Palette(colours={}, dark=True, text="#ffffff", muted="#888888", lane="#111111",
                  band="#222222", selected="#0000ff")
beat = next(b for b in doc.bible.beats.values() if b.at.episode > 2)
places = [f"{beat.at.season_id}E{beat.at.episode - 1:02d}", str(beat.at)]
gc.collect()
gc.freeze()
out = {}
def timed(name, step):
    begun = time.perf_counter()
    made = step()
    out.setdefault(name, []).append((time.perf_counter() - begun) * 1000)
    return made
for n in range(int(sys.argv[3])):
    old, was = doc.bible, story
    doc.set(beat.id, "at", places[n % 2])
    story = build_story(doc.bible)
    timed("build_graph (afresh)", lambda: build_graph(doc.bible, story))
    timed("select (afresh)", lambda: select(G, "beats"))
    if patch_beats is not None:
        placed = beat_edits(old, doc.bible)[1]
        patched = timed("patch_beats", lambda: patch_beats(G, was, story, placed))
        timed("patch_view", lambda: patch_view(V, G, patched))
    else:
        G = build_graph(doc.bible, story)
        V = select(G, "beats")
    laid = timed("layout", lambda: layout(V))
    drawing = timed("LazyDrawing (made, no tile drawn)", lambda: LazyDrawing(
        V, laid, palette, beat_names(doc.bible)))
    def pane():  # what the canvas reads to show the moved beat in a 120x40 pane
        hit = next(h for h in drawing.hits if h.node == beat.id)
        x0, y0 = max(0, hit.x - 60), max(2, hit.y - 19)
        stuck = getattr(drawing, "stuck", None)  # (code before it asked for them all)
        for y in [0, 1, *range(y0, y0 + 38)]:
            drawing.row(y, x0, 120, Style())
            if stuck is not None:
                stuck(y, x0, x0 + 120)
            else:
                drawing.sticky.get(y, ())
    timed("the pane drawn (120x40: tiles, sticky names)", pane)
print(json.dumps(out))
"""


def phases(root: Path, bible: Path, edits: int) -> dict[str, list[float]]:
    """Each of the worker's steps for a beat moved, in milliseconds, in a child process."""
    return _child(_PHASES, root, bible, edits)


def typing(root: Path, bible: Path, edits: int, beats: int) -> None:
    """Print the key-to-field times with the graph idle and while a beat moved is laid
    out (and drawn), from a child process."""
    times = _child(_TYPING, root, bible, edits)
    print(f"(the interpreter's switch interval: {times['switch interval'][0]:g} ms)")
    print(f"the collector on the screen's thread, {beats:>6,} beats, a move and the second "
          f"after its drawing: median {statistics.median(times['collector']):6.1f} ms a move, "
          f"its longest pass {max(times['longest collection']):6.1f} ms   "
          f"({len(times['collector'])} moves)", flush=True)
    idle = times["idle"]
    times["after a move"] = [ms for during in ("waiting", "layout", "layout and check",
                                               "shown") for ms in times[during]]
    for during, words in (("idle", "the graph idle"),
                          ("after a move", "a beat moved: from Enter to its graph shown"),
                          ("first", "  the first key after Enter"),
                          ("waiting", "  the edit's own frame (before the layout)"),
                          ("layout", "  the graph patched, laid out, drawn in its thread"),
                          ("layout and check", "  ... the bible re-checked in a thread too"),
                          ("shown", "  the new drawing handed to the canvas")):
        ms = times[during]
        if not ms:
            print(f"key → drawn in its field, {beats:>6,} beats, {words}: no key", flush=True)
            continue
        ratio = statistics.median(ms) / statistics.median(idle)
        print(f"key → drawn in its field, {beats:>6,} beats, {words:<52} median "
              f"{statistics.median(ms):6.1f} ms   p95 {_p95(ms):6.1f} ms   max {max(ms):6.1f} "
              f"ms   {ratio:5.2f}x idle   ({len(ms)} keys)", flush=True)


def _p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]


def measure(root: Path, bible: Path, edits: int) -> dict[str, list[float]]:
    """Each edit's milliseconds from the edit to the graph redrawn, in a child process."""
    return _child(_CHILD, root, bible, edits)


def _child(script: str, root: Path, bible: Path, edits: int) -> dict[str, list[float]]:
    """What ``script``, run in a child process on ``root``'s code, prints last (JSON)."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(bible), str(edits)],
        cwd=root, capture_output=True, text=True, check=False,
    )
    if done.returncode:
        raise SystemExit(f"the child failed:\n{done.stderr[-3000:]}")
    result: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beats", type=int, default=20000)
    parser.add_argument("--baseline", type=int, default=1000, help="beats of the baseline")
    parser.add_argument("--edits", type=int, default=4, help="of each kind, per size")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout whose code is measured (default: this one)")
    parser.add_argument("--phases", action="store_true",
                        help="time the worker's steps for a beat moved, without the app")
    parser.add_argument("--typing", action="store_true",
                        help="time keys typed in a form field while a beat moved is laid "
                        "out, against keys typed with the graph idle")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from generate import Options, generate, render

    print(f"code: {args.root.resolve()}   load average before: {_load()}")
    medians: dict[tuple[int, str], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for beats in (args.baseline, args.beats):
            bible = Path(folder) / f"{beats}.yaml"
            characters = max(100, beats // 10)
            bible.write_text(render(generate(Options(beats, characters, 3, 1, 0))),
                             encoding="utf-8")
            if args.phases:
                for step, ms in phases(args.root.resolve(), bible, args.edits).items():
                    print(f"a beat moved, {beats:>6,} beats: {step:<44} median "
                          f"{statistics.median(ms):8.1f} ms   ({len(ms)} moves)", flush=True)
                continue
            if args.typing:
                typing(args.root.resolve(), bible, args.edits, beats)
                continue
            times = measure(args.root.resolve(), bible, args.edits)
            for edit in EDITS:
                medians[beats, edit] = median = statistics.median(times[edit])
                ratio = median / medians[args.baseline, edit]
                print(f"Enter → graph redrawn, Graph tab shown, {beats:>6,} beats, "
                      f"{edit + ' retyped':<16} median {median:8.1f} ms   "
                      f"max {max(times[edit]):8.1f} ms   {ratio:5.2f}x the "
                      f"{args.baseline:,}-beat one   ({len(times[edit])} edits)", flush=True)
                if any(times[f"{edit} work"]):
                    work = statistics.median(times[f"{edit} work"])
                    print(f"{'  of which the worker (graph, layout, drawing)':<70} median "
                          f"{work:8.1f} ms", flush=True)
                if times[f"{edit} shown"]:
                    shown = statistics.median(times[f"{edit} shown"])
                    print(f"{'  then on screen (the pane rendered from it)':<70} median "
                          f"{shown:8.1f} ms from the edit", flush=True)
    print(f"load average after: {_load()}")
    return 0


def _load() -> str:
    """The 1, 5 and 15 minute load averages (the figures mean little on a busy machine)."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
