"""GraphML, GEXF and JSON: networkx reads back the same nodes, edges and positions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from export_support import VIEWS, small

from arcs.export.gexf import write_gexf
from arcs.export.graphml import write_graphml
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
    return Counter((str(u), str(v), d["kind"]) for u, v, d in G.edges(data=True))


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("view", VIEWS)
def test_networkx_reads_back_nodes_edges_and_positions(view: str, fmt: str, tmp_path: Path) -> None:
    G, L = small(view)
    write, read = READERS[fmt]
    path = tmp_path / f"plan.{fmt}"
    write(G, L, path)
    H = read(path)
    assert sorted(map(str, H)) == sorted(map(str, G))
    assert edges_of(H) == edges_of(G)
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
    assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (0x4E, 0x79, 0xA7)


def test_json_keeps_lists_and_the_layout_frame(tmp_path: Path) -> None:
    import json

    G, L = small("beats")
    write_json(G, L, tmp_path / "plan.json")
    data = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    beat = next(n for n in data["nodes"] if n["id"] == "rescue-aborted")
    assert beat["characters"] == ["colonel", "on-jo"]
    assert [b["season"] for b in data["layout"]["bands"]] == ["S1", "S2"]
    assert data["layout"]["columns"][0]["position"] == "S1E01"
