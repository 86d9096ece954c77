"""GraphML for yEd, Cytoscape and anything else that reads it, via networkx's writer.

Nodes keep every attribute (as text, numbers or booleans, see
:mod:`arcs.export.values`) plus the layout's ``x``, ``y``, ``width`` and
``height`` (SVG pixels, y down), so a reader can place them as arcroom does;
edges keep their ``kind`` and attributes, and get unique ids ``e0``, ``e1``...
The same converted graph feeds the GEXF and JSON writers.

yEd ignores plain data keys when it draws, so each node also carries yFiles
``nodegraphics``: a ``y:ShapeNode`` with the box (top-left corner), its
faction's colour and its label. networkx's ``read_graphml`` still reads the
file back with the same attributes. Sample::

    <graphml xmlns="http://graphml.graphdrawing.org/xmlns" ... xmlns:y="http://www.yworks.com/xml/graphml">
      <key id="label" for="node" attr.name="label" attr.type="string" />
      ...
      <key for="node" id="nodegraphics" yfiles.type="nodegraphics" />
      <graph edgedefault="directed">
        <node id="outbreak">
          <data key="nodegraphics">
            <y:ShapeNode>
              <y:Geometry x="234.0" y="160.0" width="176.0" height="58.0" />
              <y:Fill color="#dce4ed" />
              <y:BorderStyle color="#4e79a7" width="1.5" />
              <y:NodeLabel>outbreak</y:NodeLabel>
            </y:ShapeNode>
          </data>
          <data key="kind">beat</data>
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from arcs.export.output import write_lines
from arcs.export.style import colour_of, group_colours, one_line, tint
from arcs.export.values import scalar, scalars
from arcs.layout import Layout

NS_YFILES = "http://www.yworks.com/xml/graphml"
NODE_GRAPHICS = "nodegraphics"


def portable(G: nx.MultiDiGraph, layout: Layout) -> nx.MultiDiGraph:
    """A copy of view ``G`` with format-safe attributes and the layout's boxes.

    >>> from arcs.layout import Box
    >>> G = nx.MultiDiGraph(series="All of Us Are Dead", seasons={"S1": {}})
    >>> G.add_node("nam-ra", kind="character", label="Choi Nam-ra", introduced=None)
    >>> H = portable(G, Layout("web", {"nam-ra": Box(10, 20, 100, 40)}, 200, 100))
    >>> H.graph, H.nodes["nam-ra"]
    ({'series': 'All of Us Are Dead'}, {'kind': 'character', 'label': 'Choi Nam-ra', \
'x': 10.0, 'y': 20.0, 'width': 100.0, 'height': 40.0})
    """
    H = nx.MultiDiGraph()
    H.graph.update(
        (k, scalar(v)) for k, v in G.graph.items() if isinstance(v, str | int | float | bool)
    )
    for node, data in G.nodes(data=True):
        box = layout.boxes[node]
        H.add_node(
            node, **scalars(data), x=float(box.x), y=float(box.y),
            width=float(box.width), height=float(box.height),
        )
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        H.add_edge(u, v, key=key, edge_id=f"e{i}", **scalars(data))
    return H


def generate_graphml(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of a GraphML document of view ``G`` with ``layout``'s positions."""
    writer = GraphMLWriter(named_key_ids=True, edge_id_from_attribute="edge_id")
    writer.add_graph_element(portable(G, layout))
    _add_yfiles(writer.xml, G, layout)
    yield from str(writer).splitlines()


def _add_yfiles(root: Element, G: nx.MultiDiGraph, layout: Layout) -> None:
    """Give every ``<node>`` of networkx's tree a yFiles ``ShapeNode`` for yEd.

    networkx builds its tree with prefixed names (``xsi:schemaLocation``)
    rather than namespaces, so the yFiles elements are named the same way.
    """
    root.set("xmlns:y", NS_YFILES)
    graph = root.find("graph")
    if graph is None:
        return
    key = Element("key", {"for": "node", "id": NODE_GRAPHICS, "yfiles.type": "nodegraphics"})
    root.insert(list(root).index(graph), key)  # keys come before the graph
    colours = group_colours(G)
    nodes = {str(n): n for n in G}
    for element in graph.iter("node"):
        node = nodes[element.get("id", "")]
        data, box = G.nodes[node], layout.boxes[node]
        colour = colour_of(colours, data.get("group", ""))
        graphics = Element("data", {"key": NODE_GRAPHICS})
        shape = SubElement(graphics, "y:ShapeNode")
        SubElement(shape, "y:Geometry", {
            "x": _coordinate(box.left), "y": _coordinate(box.y - box.height / 2),
            "width": _coordinate(box.width), "height": _coordinate(box.height),
        })
        SubElement(shape, "y:Fill", {"color": tint(colour, 0.8)})
        SubElement(shape, "y:BorderStyle", {"color": colour, "width": "1.5"})
        SubElement(shape, "y:NodeLabel").text = str(scalar(one_line(data.get("label", node))))
        # First among the node's data: networkx's reader takes x, y and label
        # from the yFiles geometry too (x, y as text, of the corner), and the
        # plain data written after it must be what it keeps.
        element.insert(0, graphics)


def _coordinate(value: float) -> str:
    return str(round(float(value), 2))


def write_graphml(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_graphml` to a path or an open text file."""
    write_lines(generate_graphml(G, layout), path_or_file)
