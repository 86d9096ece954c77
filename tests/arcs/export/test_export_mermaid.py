"""Mermaid: the flowchart that GitHub renders, checked by Mermaid itself in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_support import (
    ORDER,
    VIEWS,
    mermaid_clusters,
    mermaid_dom,
    mermaid_render,
    small,
)

from arcs.export.mermaid import generate_mermaid, label
from arcs.export.style import STANCE_COLOURS
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, load_text, sample_path


def test_labels_escape_what_mermaid_reads_as_syntax() -> None:
    assert label('a -> b') == "a -#62; b"
    assert label("%%{init}%%") == "#37;#37;#123;init#125;#37;#37;"
    assert label('"quoted"\nnext') == "#34;quoted#34; next"


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_a_left_to_right_flowchart(view: str) -> None:
    G, L = small(view)
    lines = list(generate_mermaid(G, L))
    assert lines[0] == "flowchart LR"
    assert len([line for line in lines if re.fullmatch(r'\s+n\d+\["[^"]*"\]', line)]) == len(G)


def test_seasons_are_subgraphs() -> None:
    G, L = small("beats")
    text = "\n".join(generate_mermaid(G, L))
    assert 'subgraph s1["S1 · Survival of mankind"]' in text
    assert 'subgraph s2["S2 · Survival of the zombies"]' in text


@pytest.mark.parametrize("view", ["beats", "factions"])
def test_mermaid_renders_it(view: str, tmp_path: Path) -> None:
    G, L = small(view)
    verdict, labels = mermaid_render("\n".join(generate_mermaid(G, L)), tmp_path)
    assert verdict == "rendered"
    seasons = [f"{s} · {info['title']}" for s, info in G.graph["seasons"].items()]
    expected = [G.nodes[n]["label"] for n in G] + (seasons if view == "beats" else [])
    assert sorted(labels) == sorted(expected)


def test_a_pairs_stances_are_listed_in_story_order() -> None:
    V = select(build_graph(load_text(ORDER)), "factions")
    lines = list(generate_mermaid(V, layout(V)))
    assert [line.split("|")[1] for line in lines if "---|" in line] == [
        '"war S1E01–S1E02"', '"ally from S2E01"',
    ]
    # each link keeps its own colour whatever order the links are written in
    assert [line.split()[2] for line in lines if "linkStyle" in line] == [
        f"stroke:{STANCE_COLOURS['war']},stroke-width:2px",
        f"stroke:{STANCE_COLOURS['ally']},stroke-width:2px",
    ]


def test_seasons_read_left_to_right_in_story_order() -> None:
    G, L = small("beats")
    lines = list(generate_mermaid(G, L))
    starts = [k for k, line in enumerate(lines) if line.strip().startswith("subgraph")]
    assert [lines[k].split("[")[0].strip() for k in starts] == ["subgraph s1", "subgraph s2"]
    assert all(lines[k + 1].strip() == "direction LR" for k in starts)
    # the invisible links come after the drawn ones, so linkStyle numbers still match
    hidden = [k for k, line in enumerate(lines) if "~~~" in line]
    assert hidden and min(hidden) > max(k for k, line in enumerate(lines) if "-->" in line)


@pytest.mark.parametrize("view", ["beats", "arcs", "character:nam-ra"])
def test_the_rendered_seasons_stand_left_to_right(view: str, tmp_path: Path) -> None:
    """Mermaid itself draws the sample's whole run S1, S2, S3 from left to right, apart."""
    V = select(build_graph(load(sample_path())), view)
    dom = mermaid_dom("\n".join(generate_mermaid(V, layout(V))), tmp_path)
    assert '<pre id="result">rendered</pre>' in dom
    boxes = mermaid_clusters(dom)
    assert sorted(boxes) == ["s1", "s2", "s3"]
    for before, after in (("s1", "s2"), ("s2", "s3")):
        x, _, width, _ = boxes[before]
        assert x + width < boxes[after][0], (before, boxes[before], after, boxes[after])
