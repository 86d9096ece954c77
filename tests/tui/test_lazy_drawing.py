"""The card drawing made tile by tile is draw's whole drawing, cell for cell: its size, its
hits, its rows' shading, every cell of every row asked in any window, its sticky names (and
those a window can stick); and after an edit of what cards say, what draw makes then."""

from __future__ import annotations

import random

import pytest
from rich.style import Style

from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, load_text
from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document
from tests.arcs.plans import plan
from tests.tui.test_canvas_drawing import PALETTE
from tui.drawing import Drawing, draw
from tui.lazy_drawing import TILE, LazyDrawing
from tui.widgets.graph_view import beat_names

PLAIN = Style()


def same(lazy: LazyDrawing, full: Drawing, rng: random.Random) -> None:
    assert (lazy.width, lazy.height) == (full.width, full.height)
    assert lazy.hits == full.hits
    assert lazy.row_styles == full.row_styles
    assert lazy.labels == full.labels
    # Windows of every size, anywhere (tiles drawn in any order), then every row whole.
    for _ in range(30):
        y = rng.randrange(full.height + 2)
        x0 = rng.randrange(-3, full.width + 3)
        width = rng.choice([1, 7, 80, TILE[0] + 3, 2 * TILE[0] + 1])
        assert lazy.row(y, x0, width, PLAIN) == full.row(y, x0, width, PLAIN), (y, x0, width)
        # The sticky names a pane there can stick, before the row's are made whole.
        assert lazy.stuck(y, x0, x0 + width) == [
            s for s in sorted(full.sticky.get(y, []), key=lambda s: s[0])
            if s[0] < x0 + width and s[1] > x0], (y, x0, width)
    for y in range(full.height + 2):
        assert lazy.row(y, 0, full.width + 4, PLAIN) == full.row(y, 0, full.width + 4, PLAIN), y
        assert lazy.sticky.get(y, []) == sorted(full.sticky.get(y, []), key=lambda s: s[0]), y


def bibles() -> list[tuple[str, object]]:
    made = [("sample", load(sample_path()))]
    for seed, options in enumerate([
        {"beats": 120}, {"beats": 300, "arcs": 14, "seasons": 3, "across": 0.6},
        {"beats": 60, "arcs": 3, "episodes": 2}, {"beats": 200, "factions": 9, "across": 0.9},
    ]):
        made.append((f"plan {seed}", load_text(plan(seed, **options))))  # type: ignore[arg-type]
    return made


@pytest.mark.parametrize(("name", "bible"), bibles(), ids=lambda v: v if isinstance(v, str)
                         else "")
@pytest.mark.parametrize(("view", "filters"), [
    ("beats", {}), ("beats", {"lanes": "faction"}), ("beats", {"season": "S2"}),
    ("arcs", {}), ("character", {}),
])
def test_the_lazy_drawing_is_draws_drawing(name: str, bible: object, view: str,
                                           filters: dict[str, str]) -> None:
    G = build_graph(bible)  # type: ignore[arg-type]
    if view == "character":
        people = [n for n, k in G.nodes(data="kind") if k == "character"]
        view = f"character:{max(people, key=lambda c: G.in_degree(c))}"
    if filters.get("season") and "S2" not in G.graph["seasons"]:
        filters = {}
    V = select(G, view, **filters)
    L = layout(V)
    names = beat_names(bible)  # type: ignore[arg-type]
    full = draw(V, L, PALETTE, names=names)
    same(LazyDrawing(V, L, PALETTE, names), full, random.Random(f"{name} {view} {filters}"))


def test_a_plan_with_a_cycle_and_links_backwards_draws_the_same() -> None:
    bible = load_text("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}}
arcs:
  a:
    season: S1
    title: A
    beats:
      one: {at: S1E02, after: [two]}
      two: {at: S1E02, after: [one]}
      back: {at: S1E01, after: [three]}
      three: {at: S1E03}
""")
    V = select(build_graph(bible), "beats")
    L = layout(V)
    same(LazyDrawing(V, L, PALETTE, beat_names(bible)), draw(V, L, PALETTE,
         names=beat_names(bible)), random.Random(1))


def test_after_an_edit_of_a_title_the_redrawn_drawing_is_draws() -> None:
    doc = Document.from_texts({"bible.yaml": plan(7, beats=400, arcs=10)})
    V = select(build_graph(doc.bible), "beats")
    L = layout(V)
    lazy = LazyDrawing(V, L, PALETTE, beat_names(doc.bible))
    rng = random.Random(7)
    for _ in range(3):  # some tiles drawn before the edit
        lazy.row(rng.randrange(lazy.height), rng.randrange(lazy.width), 80, PLAIN)
    for y in range(lazy.height):  # and every card's sticky names made
        lazy.stuck(y, 0, lazy.width)
    beat = sorted(doc.bible.beats)[5]
    doc.set(beat, "summary", "Quite another title for this one. Then more")
    V2 = select(build_graph(doc.bible), "beats")
    lazy2 = lazy.redrawn([beat], V2, beat_names(doc.bible))
    same(lazy2, draw(V2, L, PALETTE, names=beat_names(doc.bible)), rng)


def test_a_lane_name_longer_than_its_gutter_stops_where_draws_does() -> None:
    # The name runs on over free cells after the gutter: up to the first card, a line.
    bible = load_text("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}, S2: {title: Two, episodes: 1}}
arcs:
  a:
    season: S1
    title: A very long name for an arc, longer than any gutter, running on and on
    beats:
      one: {at: S1E01}
      two: {at: S1E02, after: [one]}
  b:
    season: S1
    title: Another very long name for an arc, longer than any gutter, and more still
    beats:
      three: {at: S1E03, after: [one]}
  c:
    season: S2
    title: A third very long name for an arc in the second season, with no room
    beats:
      four: {at: S2E01, after: [three]}
""")
    V = select(build_graph(bible), "beats")
    L = layout(V)
    full = draw(V, L, PALETTE, names=beat_names(bible))
    cut = [label for label in full.labels if label.kind == "lane" and label.text != label.full]
    assert cut, "no lane name was stopped short: the test shows nothing"
    same(LazyDrawing(V, L, PALETTE, beat_names(bible)), full, random.Random(2))


@pytest.mark.parametrize("tile", [(7, 3), (13, 5), (40, 2)])
def test_tiles_smaller_than_cards_and_routes_draw_the_same(
        tile: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiles find their routes and cards by the columns of tiles these cross: with tiles
    # this small, most routes cross several columns and rows of tiles, cards straddle
    # the tiles' edges, lines join across them.
    monkeypatch.setattr("tui.lazy_drawing.TILE", tile)
    bible = load_text(plan(3, beats=150, arcs=8, seasons=2, across=0.7))
    V = select(build_graph(bible), "beats")
    L = layout(V)
    lazy = LazyDrawing(V, L, PALETTE, beat_names(bible))
    crossing = [ends for column in lazy._routes.values() for ends in column
                if ends[2] // tile[0] > ends[0] // tile[0] + 1]
    straddling = [hit for hit in lazy.hits if hit.x // tile[0] != (hit.x + hit.width - 1)
                  // tile[0]]
    assert crossing and straddling, "no route or card crosses a tile's edge"
    same(lazy, draw(V, L, PALETTE, names=beat_names(bible)), random.Random(str(tile)))
