"""GraphML, GEXF and JSON: networkx reads back the same nodes, edges and positions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from export_support import VIEWS, gephi_lite_read, small

from arcs.export.gexf import generate_gexf, write_gexf
from arcs.export.graphml import portable, write_graphml
from arcs.export.json import write_json


def read_json(path: Path) -> nx.Graph:
    import json

    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


READERS: dict[str, tuple[Callable[..., None], Callable[[Path], nx.Graph]]] = {
    "graphml": (write_graphml, nx.read_graphml),
    "gexf": (write_gexf, nx.read_gexf),
    "json": (write_json, read_json),
}


def edges_of(G: nx.Graph) -> Counter[tuple[str, str, str]]:
    return Counter((str(u), str(v), kind_of(d)) for u, v, d in G.edges(data=True))


def kind_of(data: dict[str, Any]) -> str:
    """An edge's kind; in a GEXF whose edges have a dynamic stance, every edge
    attribute is declared dynamic (one block, for Gephi Lite), so networkx reads
    ``kind`` as its one value over the whole plan: ``[("stance", 1.0, 7.0)]``."""
    kind = data["kind"]
    if isinstance(kind, list):
        ((kind, start, _),) = kind
        assert start == 1.0
    return str(kind)


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("view", VIEWS)
def test_networkx_reads_back_nodes_edges_and_positions(view: str, fmt: str, tmp_path: Path) -> None:
    G, L = small(view)
    write, read = READERS[fmt]
    path = tmp_path / f"plan.{fmt}"
    write(G, L, path)
    H = read(path)
    assert sorted(map(str, H)) == sorted(map(str, G))
    expected = edges_of(G)
    if fmt == "gexf":  # a faction pair is one dynamic edge, its stances values over time
        expected = Counter({e: 1 if e[2] == "stance" else n for e, n in expected.items()})
    assert edges_of(H) == expected
    for node in G:
        data = H.nodes[str(node)]
        assert (data["x"], data["y"]) == (L.boxes[node].x, L.boxes[node].y)
        assert data["label"] == G.nodes[node]["label"]
        assert data["kind"] == G.nodes[node]["kind"]


def test_attributes_become_text_numbers_and_flags(tmp_path: Path) -> None:
    G, L = small("beats")
    write_graphml(G, L, tmp_path / "plan.graphml")
    beat = nx.read_graphml(tmp_path / "plan.graphml").nodes["nam-ra-bitten"]
    assert beat["at"] == "S1E03"
    assert beat["season"] == 1
    assert beat["characters"] == "nam-ra"
    assert beat["flashback"] is False
    assert beat["changes"] == "nam-ra: infected"


def test_gephi_gets_positions_and_faction_colours(tmp_path: Path) -> None:
    G, L = small("factions")
    write_gexf(G, L, tmp_path / "web.gexf")
    viz = nx.read_gexf(tmp_path / "web.gexf").nodes["survivors"]["viz"]
    assert viz["position"]["x"] == L.boxes["survivors"].x
    assert viz["position"]["y"] == -L.boxes["survivors"].y  # Gephi's y points up
    assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (0x00, 0x72, 0xB2)


def test_gexf_is_dynamic_and_gephis_timeline_replays_the_stances(tmp_path: Path) -> None:
    G, L = small("factions")
    write_gexf(G, L, tmp_path / "web.gexf")
    text = (tmp_path / "web.gexf").read_text(encoding="utf-8")
    assert '<graph defaultedgetype="directed" mode="dynamic"' in text
    assert 'timeformat="double"' in text
    assert '<attributes mode="dynamic" class="edge">' in text
    H = nx.read_gexf(tmp_path / "web.gexf")
    assert H.graph["mode"] == "dynamic"
    (pair,) = [d for u, v, d in H.edges(data=True) if {u, v} == {"halbies", "survivors"}]
    # tense until S1E04, ally from S2 (S2E01 is the 5th episode, S2E03 the 7th and last)
    assert pair["stance"] == [("tense", 1.0, 4.0), ("ally", 5.0, 7.0)]
    assert pair["spells"] == [(1.0, 4.0), (5.0, 7.0)]
    assert H.nodes["survivors"]["start"] == 1.0


def test_gexf_beats_appear_at_their_episode(tmp_path: Path) -> None:
    G, L = small("beats")
    write_gexf(G, L, tmp_path / "beats.gexf")
    H = nx.read_gexf(tmp_path / "beats.gexf")
    assert H.nodes["outbreak"]["start"] == 1.0
    assert H.nodes["nam-ra-bitten"]["start"] == 3.0  # S1E03
    assert "1 is S1E01" in (tmp_path / "beats.gexf").read_text(encoding="utf-8")


def test_json_keeps_lists_and_the_layout_frame(tmp_path: Path) -> None:
    import json

    G, L = small("beats")
    write_json(G, L, tmp_path / "plan.json")
    data = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    beat = next(n for n in data["nodes"] if n["id"] == "rescue-aborted")
    assert beat["characters"] == ["colonel", "on-jo"]
    assert [b["season"] for b in data["layout"]["bands"]] == ["S1", "S2"]
    assert data["layout"]["columns"][0]["position"] == "S1E01"


def test_gexf_is_the_same_bytes_on_any_day(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    G, L = small("factions")
    outputs = []
    for day in ("2001-01-01", "2031-12-31"):
        # networkx stamps the file with time.strftime("%Y-%m-%d") when it writes it
        monkeypatch.setattr(time, "strftime", lambda fmt, *args, day=day: day)
        outputs.append("\n".join(generate_gexf(G, L)))
    assert outputs[0] == outputs[1]
    assert "2001-01-01" not in outputs[0]


YFILES = "{http://www.yworks.com/xml/graphml}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.mark.parametrize("view", VIEWS)
def test_yed_gets_each_box_where_the_layout_puts_it(view: str, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    G, L = small(view)
    write_graphml(G, L, tmp_path / "plan.graphml")
    root = ET.parse(tmp_path / "plan.graphml").getroot()
    key = next(k for k in root.iter(f"{GRAPHML}key") if k.get("yfiles.type") == "nodegraphics")
    seen = set()
    for node in root.iter(f"{GRAPHML}node"):
        data = next(d for d in node.iter(f"{GRAPHML}data") if d.get("key") == key.get("id"))
        shape = data.find(f"{YFILES}ShapeNode")
        assert shape is not None
        geometry, fill = shape.find(f"{YFILES}Geometry"), shape.find(f"{YFILES}Fill")
        label = shape.find(f"{YFILES}NodeLabel")
        assert geometry is not None and fill is not None and label is not None
        box = L.boxes[node.get("id")]
        # yEd places a node by its top-left corner
        assert float(geometry.get("x", "nan")) == pytest.approx(box.left, abs=0.01)
        assert float(geometry.get("y", "nan")) == pytest.approx(box.y - box.height / 2, abs=0.01)
        assert float(geometry.get("width", "nan")) == pytest.approx(box.width)
        assert float(geometry.get("height", "nan")) == pytest.approx(box.height)
        assert re.fullmatch(r"#[0-9a-f]{6}", fill.get("color", ""))
        assert label.text == G.nodes[node.get("id")]["label"]
        seen.add(node.get("id"))
    assert seen == set(map(str, G))


def test_the_yed_graphics_leave_the_attributes_networkx_reads_alone(tmp_path: Path) -> None:
    G, L = small("beats")
    plain = tmp_path / "plain.graphml"
    nx.write_graphml(portable(G, L), plain, named_key_ids=True, edge_id_from_attribute="edge_id")
    write_graphml(G, L, tmp_path / "yed.graphml")
    H, P = nx.read_graphml(tmp_path / "yed.graphml"), nx.read_graphml(plain)
    assert dict(H.nodes(data=True)) == dict(P.nodes(data=True))
    assert list(H.edges(data=True)) == list(P.edges(data=True))


@pytest.mark.parametrize("view", VIEWS)
def test_gephi_lite_reads_every_view(view: str, tmp_path: Path) -> None:
    """Gephi Lite's reader (graphology-gexf) opens the dynamic GEXF: every node and
    edge, labels, positions, and a faction pair's stance by its name."""
    G, L = small(view)
    write_gexf(G, L, tmp_path / "plan.gexf")
    read = gephi_lite_read(tmp_path / "plan.gexf")
    H = nx.read_gexf(tmp_path / "plan.gexf")
    assert (read["order"], read["size"]) == (len(H), H.number_of_edges())
    for node in G:
        data = read["nodes"][str(node)]
        assert data["label"] == G.nodes[node]["label"]
        assert (data["x"], data["y"]) == (L.boxes[node].x, -L.boxes[node].y)  # viz, y up
    for _, _, data in read["edges"]:
        assert data["kind"] in {"after", "sets_up", "requires", "next", "stance"}
        if data["kind"] == "stance":  # Gephi Lite has no timeline: the last stance
            assert data["stance"] in {"ally", "tense", "hostile", "war", "neutral"}
