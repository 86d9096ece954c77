"""T001 dependency-cycle: beats that come after each other, or arcs that require each other.

``after`` and ``requires`` say what must happen first. A cycle (``a`` after
``b``, ``b`` after ``a``) can never be filmed in any order; the message
prints the whole cycle so the room can see which link to cut.

Failing::

    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          rescue:  {at: S1E10, after: [bombing]}    # T001: rescue -> bombing -> rescue
          bombing: {at: S1E10, after: [rescue]}

Each name in the printed cycle must come before the next one.

Passing::

          rescue:  {at: S1E10}
          bombing: {at: S1E10, after: [rescue]}

Silence it: remove one link of the cycle; ``ignore: [T001]`` on the first beat or arc named.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    import networkx as nx

CODE = "T001"
NAME = "dependency-cycle"
SEVERITY = Severity.ERROR
SUMMARY = "Beats come after each other, or arcs require each other, in a cycle."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"ids", "links"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    bible = ctx.bible
    for field, table in (("after", bible.beats), ("requires", bible.arcs)):
        if _written_in_order(table, field) or _acyclic(table, field):
            continue
        # Only now, to say where the cycles are: networkx costs `arcroom
        # check` 0.1 s of start-up and 20 MB, and most bibles have none.
        import networkx as nx

        graph = ctx.beat_graph if field == "after" else ctx.arc_graph
        written = {name: i for i, name in enumerate(table)}
        for component in nx.strongly_connected_components(graph):
            if len(component) == 1 and not graph.has_edge(*(2 * tuple(component))):
                continue
            cycle = _a_cycle(graph, component, written)
            first = table[cycle[0]]
            # ``first`` waits on its predecessor in the cycle through its own field.
            predecessor = cycle[-1]
            names = getattr(first, field)
            index = names.index(predecessor) if predecessor in names else 0
            shown = " -> ".join([*cycle, cycle[0]])
            yield Diagnostic.at(
                first.span(field, index), CODE, SEVERITY,
                f"dependency cycle ('{field}'): {shown}", first.id,
                f"remove one '{field}' link of the cycle",
            )


def _a_cycle(graph: nx.DiGraph, component: set[str], written: dict[str, int]) -> list[str]:
    """A cycle in ``component``, starting at the one of its entities written first.

    The same bible always gets the same cycle: the search runs over the
    component's entities and links in written order (a subgraph view would
    walk the component's set, whose order changes from run to run).
    """
    import networkx as nx

    members = sorted(component, key=written.__getitem__)
    loop = nx.DiGraph()
    loop.add_nodes_from(members)
    loop.add_edges_from((u, v) for u in members for v in graph.successors(u) if v in component)
    cycle = [edge[0] for edge in nx.find_cycle(loop, source=members[0])]
    start = min(range(len(cycle)), key=lambda i: written[cycle[i]])
    return cycle[start:] + cycle[:start]


def _acyclic(table: Mapping[str, object], field: str) -> bool:
    """Whether the links have no cycle (the standard library's graphlib can tell)."""
    links = {name: [n for n in getattr(e, field) if n in table] for name, e in table.items()}
    try:
        TopologicalSorter(links).prepare()
    except CycleError:
        return False
    return True


def _written_in_order(table: Mapping[str, object], field: str) -> bool:
    """Whether every link names an entity written before the one holding it.

    Then written order is a topological order, so there is no cycle, and the
    graph need not be built (most rooms write what comes first first).
    """
    written: set[str] = set()
    for name, entity in table.items():
        links = getattr(entity, field)
        if not written.issuperset(links) and any(
            link in table and link not in written for link in links
        ):
            return False
        written.add(name)
    return True
