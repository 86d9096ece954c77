"""How long the graph tab takes to show an edit: the real Textual app, headless.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_graph.py                   # 20,000 and 1,000 beats
    .venv/bin/python benchmarks/bench_graph.py --beats 5000 --edits 5
    .venv/bin/python benchmarks/bench_graph.py --root /tmp/old   # another checkout's code

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
