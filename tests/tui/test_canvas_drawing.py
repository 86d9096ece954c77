"""The graph tab's drawing: the shared layout in cells, lines that join, wide names kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style

from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, load_text
from tui.drawing import HEAD_ROWS, Drawing, Palette, draw

PLAIN = Style()
PALETTE = Palette(
    colours={"survivors": "#61afef", "halbies": "#e5c07b", "horde": "#98c379",
             "military": "#e06c75"},
    dark=True, text="#e8e3d8", muted="#8a8f98", lane="#20232a", band="#272b34",
    selected="#d9a441",
)


def text_of(drawing: Drawing, y: int, x0: int = 0, width: int = 12) -> str:
    return "".join(char for char, _ in drawing.row(y, x0, width, PLAIN))


def test_lines_that_meet_are_joined_with_box_drawing_characters() -> None:
    drawing = Drawing()
    drawing.line(0, 1, 6, 1, PLAIN)
    drawing.line(3, 0, 3, 2, PLAIN)
    drawing.line(6, 1, 6, 2, PLAIN)
    drawing.ink_lines()
    assert text_of(drawing, 0, width=7) == "   │   "
    assert text_of(drawing, 1, width=7) == "───┼──╮"
    assert text_of(drawing, 2, width=7) == "   │  │"


def test_a_korean_name_takes_two_cells_a_letter_and_is_never_cut_in_half() -> None:
    drawing = Drawing()
    width = drawing.text(0, 0, "최남라 Nam-ra", PLAIN)
    assert width == 13
    assert text_of(drawing, 0, width=13) == "최남라 Nam-ra"
    # A view that starts on the second half of 남 shows a space there, not half a glyph.
    assert text_of(drawing, 0, x0=3, width=4) == " 라 "
    assert drawing.text(0, 1, "최남라 Nam-ra", PLAIN, limit=6) == 5
    assert text_of(drawing, 1, width=6) == "최남… "


def test_the_beats_view_draws_every_beat_in_story_order(hyosan_original: Path) -> None:
    bible = load(hyosan_original)
    view = select(build_graph(bible), "beats")
    drawing = draw(view, layout(view), PALETTE)
    hits = {hit.node: hit for hit in drawing.hits}
    assert set(hits) == set(bible.beats)
    assert hits["outbreak"].x < hits["nam-ra-bitten"].x < hits["nam-ra-immune"].x
    # An `after` edge runs from outbreak to nam-ra-bitten and ends in an arrow.
    row = text_of(drawing, hits["nam-ra-bitten"].y, 0, hits["nam-ra-bitten"].x)
    assert row.rstrip().endswith("▸")
    # Season bands are titled across the top.
    assert "S1 Survival of mankind" in text_of(drawing, 0, 0, drawing.width)


def test_the_faction_web_shows_each_stance_once(hyosan_original: Path) -> None:
    view = select(build_graph(load(hyosan_original)), "factions")
    drawing = draw(view, layout(view), PALETTE)
    # Under the legend (the stances' colours, on the rows above the web).
    everything = "\n".join(text_of(drawing, y, 0, drawing.width)
                           for y in range(HEAD_ROWS, drawing.height))
    assert {hit.node for hit in drawing.hits} == {"survivors", "halbies", "horde", "military"}
    for stance in ("hostile", "war", "tense"):
        assert everything.count(stance) == 1


@pytest.mark.parametrize("view", ["arcs", "beats"])
def test_a_plan_with_no_arcs_yet_draws(view: str) -> None:
    bible = load_text("arcroom: 1\nseries: {title: A new show}\n"
                      "seasons: {S1: {title: Pilot season, episodes: 6}}\n")
    V = select(build_graph(bible), view)
    drawing = draw(V, layout(V), PALETTE)
    assert drawing.width > 0 and drawing.height > 0
