"""DOT: Graphviz renders it, with one cluster per season."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from export_support import ORDER, VIEWS, small

from arcs.export.dot import generate_dot
from arcs.export.style import STANCE_COLOURS
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load_text
from tests.support import missing


def render(text: str) -> ET.Element:
    """``dot -Tsvg`` of ``text``, parsed (Graphviz must accept it)."""
    if shutil.which("dot") is None:
        missing("Graphviz (dot)")
    done = subprocess.run(
        ["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "Error" not in done.stderr, done.stderr
    return ET.fromstring(done.stdout.encode("utf-8"))


@pytest.mark.parametrize("view", VIEWS)
def test_graphviz_renders_every_view(view: str) -> None:
    G, L = small(view)
    svg = render("\n".join(generate_dot(G, L)))
    titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
    assert set(G) <= titles


def test_each_season_is_a_cluster() -> None:
    G, L = small("beats")
    text = "\n".join(generate_dot(G, L))
    assert re.findall(r'subgraph "(cluster_S\d)"', text) == ["cluster_S1", "cluster_S2"]
    svg = render(text)
    clusters = [g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "cluster"]
    assert len(clusters) == 2


def test_the_faction_web_is_laid_out_in_a_circle() -> None:
    G, L = small("factions")
    text = "\n".join(generate_dot(G, L))
    assert 'layout="circo"' in text
    assert f'"survivors" -> "horde" [dir=none, color="{STANCE_COLOURS["war"]}"' in text


def test_a_pairs_stances_are_listed_in_story_order() -> None:
    V = select(build_graph(load_text(ORDER)), "factions")
    text = "\n".join(generate_dot(V, layout(V)))
    assert re.findall(r'label="(\w+[^"]*)", fontsize=9', text) == [
        "war S1E01–S1E02", "ally from S2E01",
    ]
    render(text)


AXIS = """
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}}
arcs:
  a:
    season: S1
    title: A
    beats:
      start: {at: S1E01}
      alone: {at: S1E03}
      next: {at: S1E02, after: [start]}
"""


def test_the_episode_axis_keeps_a_beat_without_links_at_its_episode() -> None:
    V = select(build_graph(load_text(AXIS)), "beats")
    text = "\n".join(generate_dot(V, layout(V)))
    assert '"episode S1E01" -> "episode S1E02" -> "episode S1E03" [style=invis' in text
    assert '{rank=same; "episode S1E03"; "alone";}' in text
    if shutil.which("dot") is None:
        missing("Graphviz (dot)")
    done = subprocess.run(["dot", "-Tplain"], input=text, capture_output=True, text=True,
                          timeout=60, check=True)
    import shlex

    nodes = [shlex.split(line) for line in done.stdout.splitlines() if line.startswith("node ")]
    x = {words[1]: float(words[2]) for words in nodes}
    # without the axis, "alone" (no links) sat in the first column with "start"
    assert x["alone"] == pytest.approx(x["episode S1E03"])
    assert x["start"] < x["next"] < x["alone"]
