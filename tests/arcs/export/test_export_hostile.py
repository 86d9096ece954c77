"""Names that mean something to a file format stay text in every export.

The bible ``hostile_names.yaml`` names factions ``</svg><script>...``,
characters ``"quoted"`` and ``line one\\nline two``, seasons ``%% not a
comment``, arcs ``}{ ]] [[ \\ --> end``... Each format is read back by its
real reader, and every name must come out as the same text, with no script
or element of its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from export_support import HOSTILE, Page, dump_dom, laid_out, mermaid_render

from arcs.export import generate
from arcs.export.output import write_lines
from arcs.export.style import one_line
from arcs.export.values import xml_text
from arcs.layout import Layout
from tests.support import missing

VIEWS = ("beats", "arcs", "factions", "character:x.y")
SVG = "{http://www.w3.org/2000/svg}"


def names(G: nx.MultiDiGraph) -> list[str]:
    """Every name and summary the view shows, as the bible has them."""
    found = [str(G.graph["series"])]
    for data in G.nodes.values():
        found += [str(data["label"])] + ([str(data["summary"])] if data.get("summary") else [])
    return found


def exported(fmt: str, view: str, folder: Path) -> tuple[nx.MultiDiGraph, Layout, Path]:
    G, L = laid_out(HOSTILE, view)
    path = folder / f"{view.replace(':', '-')}.{fmt}"
    write_lines(generate(fmt, G, L), path)
    return G, L, path


def texts(root: ET.Element) -> str:
    return "\n".join(t for e in root.iter() for t in (e.text, e.tail) if t)


@pytest.mark.parametrize("view", VIEWS)
def test_svg_keeps_names_as_text(view: str, tmp_path: Path) -> None:
    G, _, path = exported("svg", view, tmp_path)
    root = ET.parse(path).getroot()
    assert [e.tag for e in root.iter() if e.tag.endswith("script")] == []
    shown = texts(root)
    for name in names(G):
        assert one_line(xml_text(name)) in shown


@pytest.mark.parametrize("view", VIEWS)
def test_html_keeps_names_as_text(view: str, tmp_path: Path) -> None:
    G, _, path = exported("html", view, tmp_path)
    page = Page(path.read_text(encoding="utf-8"))
    assert len(page.scripts) == 2
    island = next(text for attrs, text in page.scripts if attrs.get("type") == "application/json")
    nodes = json.loads(island)["views"][0]["nodes"]
    assert sorted(n["label"] for n in nodes.values()) == sorted(G.nodes[n]["label"] for n in G)
    assert "alert" not in next(text for attrs, text in page.scripts if not attrs)


def test_chromium_finds_no_injected_element_in_the_report(tmp_path: Path) -> None:
    _, _, path = exported("html", "factions", tmp_path)
    dom = dump_dom(path, tmp_path)
    assert dom.count("<script") == 2
    assert "<b>bold</b>" not in dom
    assert "&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in dom


@pytest.mark.parametrize("view", VIEWS)
def test_mermaid_keeps_names_as_text(view: str, tmp_path: Path) -> None:
    G, _, path = exported("mermaid", view, tmp_path)
    verdict, labels = mermaid_render(path.read_text(encoding="utf-8"), tmp_path)
    assert verdict == "rendered"
    for node in G:
        assert one_line(xml_text(G.nodes[node]["label"])) in labels


@pytest.mark.parametrize("view", VIEWS)
def test_dot_keeps_names_as_text(view: str, tmp_path: Path) -> None:
    G, _, path = exported("dot", view, tmp_path)
    if shutil.which("dot") is None:
        missing("Graphviz (dot)")
    done = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    root = ET.fromstring(done.stdout.encode("utf-8"))
    assert [e.tag for e in root.iter() if e.tag.endswith("script")] == []
    shown = texts(root)
    tips = "\n".join(v for e in root.iter() for k, v in e.attrib.items() if k.endswith("title"))
    for data in G.nodes.values():
        assert one_line(xml_text(data["label"])) in shown
        # Graphviz reads entities in any string: "&amp;" must come back as typed
        for text in (data["label"], data.get("summary")):
            if text:
                assert one_line(xml_text(text)) in tips


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_readers_get_the_names_back(fmt: str, view: str, tmp_path: Path) -> None:
    G, _, path = exported(fmt, view, tmp_path)
    if fmt == "json":
        H = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
        expect = {n: (G.nodes[n]["label"], G.nodes[n].get("summary")) for n in G}
    else:
        H = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        expect = {
            n: (xml_text(G.nodes[n]["label"]), G.nodes[n].get("summary") and xml_text(
                G.nodes[n]["summary"])) for n in G
        }
    got = {n: (H.nodes[n]["label"], H.nodes[n].get("summary")) for n in H}
    assert got == {str(n): v for n, v in expect.items()}
