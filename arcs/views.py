"""Views: the parts of the bible graph a picture shows.

A view is a new ``MultiDiGraph`` selected from :func:`arcs.graph.build_graph`'s
graph, ready for :func:`arcs.layout.layout` and the exporters:

``beats``
    the beat DAG: ``after`` and ``sets_up`` edges;
``overview``
    the same beats, for the overview grid (a cell per lane and episode);
``arcs``
    arcs and their ``requires`` edges, each arc knowing its ``first`` and
    ``last`` episode and the ``episodes`` its beats are in;
``factions``
    the faction web: ``stance`` edges, all of them or those in force ``at``
    one episode (then each faction knows its ``members`` count);
``stances``
    the same factions and stances, for the stance chart (a row per pair, a
    column per episode);
``character:ID``
    one character's path: the beats that list or change them, linked by
    ``next`` edges in story order, each knowing the character's ``status``
    and ``faction`` after it.

Filters narrow any view: ``season`` (``S2``), ``faction`` (beats and arcs
that involve it, or its neighbours in the web) and ``arc`` (its beats, or
the arcs it requires and that require it). Every node gets a ``lane`` (the
swimlane it is drawn in: an arc or faction id, ``""`` for none) and a
``group`` (the faction whose colour it wears, ``""`` for none). The view's
``G.graph`` names the ``view``, a ``title``, the ``lanes`` kind and the
labels of lanes and groups, with the groups in the bible's order so that
every picture gives a faction the same colour.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx

from arcs.export import LANES
from arcs.graph import unlink
from arcs.queries import faction_span
from arcs.state import State, holds
from story_bible.positions import Position, PositionError, parse_position, season_number

if TYPE_CHECKING:
    from arcs.graph import Patched

VIEWS = ("beats", "overview", "arcs", "factions", "stances", "character:ID")
NO_LANE = ""


class ViewError(ValueError):
    """A view or filter names something the bible does not have."""


def select(
    G: nx.MultiDiGraph,
    view: str = "beats",
    *,
    season: str | None = None,
    faction: str | None = None,
    arc: str | None = None,
    at: str | None = None,
    lanes: str | None = None,
) -> nx.MultiDiGraph:
    """The ``view`` of the bible graph ``G``, filtered.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The whole bible (:func:`arcs.graph.build_graph`).
    view : str
        ``beats``, ``arcs``, ``factions`` or ``stances``
    the same factions and stances, for the stance chart (a row per pair, a
    column per episode);
``character:ID``.
    season, faction, arc : str, optional
        Keep what is in that season, involves that faction, belongs to that arc.
    at : str, optional
        An episode (``S2E05``): the factions view shows the stances in force then.
    lanes : str, optional
        ``arc`` or ``faction``: what the swimlanes are (default: arcs for beats
        and a character's path, factions for arcs).

    Raises
    ------
    ViewError
        For an unknown view, id, season or position (with a did-you-mean hint),
        or an ``at`` outside the ``season`` shown.

    Examples
    --------
    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> G = build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 2}}
    ... factions: {survivors: {name: Hyosan High survivors}}
    ... arcs:
    ...   escape:
    ...     season: S1
    ...     title: Escape Hyosan High
    ...     factions: [survivors]
    ...     beats:
    ...       outbreak: {at: S1E01}
    ...       roof: {at: S1E02, after: [outbreak], factions: [survivors]}
    ... '''))
    >>> V = select(G, "beats")
    >>> list(V.edges(keys=True)), V.nodes["roof"]["lane"], V.nodes["roof"]["group"]
    ([('outbreak', 'roof', 'after')], 'escape', 'survivors')
    >>> V.nodes["outbreak"]["group"]  # no factions of its own, no characters: none
    ''
    """
    name, _, who = view.partition(":")
    if name not in ("beats", "overview", "arcs", "factions", "stances", "character") or (
        name == "character"
    ) != bool(
        who
    ):
        raise ViewError(f"unknown view {view!r}; views are {', '.join(VIEWS)}")
    if lanes is not None and lanes not in LANES:
        raise ViewError(f"unknown lanes {lanes!r}; lanes are {', '.join(LANES)}")
    if name in ("factions", "stances") and lanes is not None:
        raise ViewError(f"the {name} view has no lanes (its rows are faction pairs or a web)")
    if at is not None and name != "factions":
        raise ViewError("--at applies to the factions view (who stands where at one episode)")
    season_no = _season(G, season)
    _known(G, faction, "faction")
    _known(G, arc, "arc")
    if who:
        _known(G, who, "character")
    when = _position(G, at)
    if season_no is not None and when is not None and when.season != season_no:
        # The view would be titled with one season and show another's stances.
        last = Position(season_no, G.graph["seasons"][season]["episodes"])
        raise ViewError(
            f"--at {at} is outside --season {season}: give an episode of {season} "
            f"({Position(season_no, 1)}–{last}), or leave out --season"
        )

    V = nx.MultiDiGraph()
    V.graph["series"] = G.graph["series"]
    V.graph["seasons"] = {
        sid: dict(info) for sid, info in G.graph["seasons"].items()
        if season_no is None or info["number"] == season_no
    }
    V.graph["view"] = view
    # The whole show's overview has a row per faction (a few dozen, not hundreds of arcs).
    whole = name == "overview" and season_no is None
    default_lanes = "faction" if name == "arcs" or whole else "arc"
    V.graph["lanes"] = "" if name in ("factions", "stances") else lanes or default_lanes
    V.graph["groups"] = {f: G.nodes[f]["label"] for f in _of_kind(G, "faction")}
    if name in ("beats", "overview"):
        _beats(G, V, season_no, faction, arc)
    elif name == "arcs":
        _arcs(G, V, season_no, faction, arc)
    elif name in ("factions", "stances"):
        _factions(G, V, season_no, faction, arc, when)
    else:
        _character(G, V, who, season_no, faction, arc)
    if when is not None:
        V.graph["at"] = str(when)
    V.graph["title"] = _title(G, name, who, season, faction, arc, when)
    lane_labels = {lane: G.nodes[lane]["label"] for lane in _lanes_used(V) if lane in G}
    V.graph["lane_labels"] = lane_labels
    return V


# -- validation -------------------------------------------------------------

def _of_kind(G: nx.MultiDiGraph, kind: str) -> Iterator[str]:
    return (n for n, k in G.nodes(data="kind") if k == kind)


def _known(G: nx.MultiDiGraph, name: str | None, kind: str) -> None:
    if name is None or G.nodes.get(name, {}).get("kind") == kind:
        return
    close = difflib.get_close_matches(name, list(_of_kind(G, kind)), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ViewError(f"the bible has no {kind} {name!r}{hint}")


def _season(G: nx.MultiDiGraph, season: str | None) -> int | None:
    if season is None:
        return None
    if season not in G.graph["seasons"]:
        known = ", ".join(G.graph["seasons"]) or "none"
        raise ViewError(f"the bible has no season {season!r} (its seasons: {known})")
    return season_number(season)


def _position(G: nx.MultiDiGraph, at: str | None) -> Position | None:
    if at is None:
        return None
    try:
        season, episode = parse_position(at)
    except PositionError as exc:
        raise ViewError(str(exc)) from None
    info = G.graph["seasons"].get(f"S{season}")
    if info is None:
        known = ", ".join(G.graph["seasons"]) or "none"
        raise ViewError(f"the bible has no season S{season} (its seasons: {known})")
    when = Position(season, episode or 1)
    if when.episode > info["episodes"]:
        last = Position(season, info["episodes"])
        raise ViewError(
            f"the bible has no episode {when}: S{season} has {info['episodes']} episode"
            f"{'s' if info['episodes'] != 1 else ''} ({Position(season, 1)}–{last})"
        )
    return when


# -- the views --------------------------------------------------------------

def _beat_factions(G: nx.MultiDiGraph, beat: str) -> list[str]:
    """The factions a beat involves: its own, its arc's, its characters' at that time."""
    data = G.nodes[beat]
    found = [f for f in data["factions"] if G.nodes.get(f, {}).get("kind") == "faction"]
    found += G.nodes[data["arc"]]["factions"] if data["arc"] in G else ()
    for who in data["characters"]:
        if who in G:
            found += _member_at(G, who, data["at"])
    return list(dict.fromkeys(f for f in found if f in G))


def _member_at(G: nx.MultiDiGraph, who: str, when: Position) -> Iterator[str]:
    for _, faction, data in G.out_edges(who, data=True):
        if data["kind"] == "member" and holds(data["from"], data["until"], when):
            yield faction


def _primary_faction(
    G: nx.MultiDiGraph, beat: dict[str, Any], members: dict[str, list[tuple[Any, ...]]]
) -> str:
    """The faction a beat wears: its own first, else its characters' at that time, else none.

    Never its arc's: an arc's first faction would dress every beat of the arc
    in one colour (every Game of Thrones scene 'House Stark'). ``members`` is
    :func:`_memberships`.
    """
    for f in beat["factions"]:
        if G.nodes.get(f, {}).get("kind") == "faction":
            return str(f)
    when = beat["at"]
    for who in beat["characters"]:
        for faction, start, until in members.get(who, ()):
            if holds(start, until, when):
                return str(faction)
    return NO_LANE


def _memberships(G: nx.MultiDiGraph, people: Iterable[str] | None = None
                 ) -> dict[str, list[tuple[Any, ...]]]:
    """Each character's memberships (faction, from, until), read once for every beat
    (or only those of ``people``)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    everyone = G.nodes(data="kind") if people is None else (
        (n, G.nodes[n]["kind"]) for n in people if n in G)
    for n, kind in everyone:
        if kind == "character":
            out[n] = [
                (f, d["from"], d["until"]) for _, f, d in G.out_edges(n, data=True)
                if d["kind"] == "member"
            ]
    return out


def _beats(
    G: nx.MultiDiGraph, V: nx.MultiDiGraph, season: int | None, faction: str | None,
    arc: str | None,
) -> None:
    by_faction = V.graph["lanes"] == "faction"
    members = _memberships(G)
    for n, data in G.nodes(data=True):
        if data["kind"] != "beat":
            continue
        if (season is not None and data["season"] != season) or (arc and data["arc"] != arc):
            continue
        if faction and faction not in _beat_factions(G, n):
            continue
        V.add_node(n, **_beat_node(G, n, data, members, by_faction))
    _copy_edges(G, V, BEAT_LINKS)


#: The edges the ``beats`` and ``overview`` views show.
BEAT_LINKS = ("after", "sets_up")


def _beat_node(G: nx.MultiDiGraph, n: str, data: dict[str, Any],
               members: dict[str, list[tuple[Any, ...]]], by_faction: bool) -> dict[str, Any]:
    """A beat's attributes in the beats view."""
    group = _primary_faction(G, data, members)
    deaths = sum(
        1 for _, _, e in G.out_edges(n, data=True)
        if e.get("kind") == "changes" and e.get("status") == "dead"
    ) if data.get("changes") else 0
    return {**data, "lane": group if by_faction else data["arc"], "group": group,
            "deaths": deaths}


def _copy_edges(G: nx.MultiDiGraph, V: nx.MultiDiGraph, kinds: Iterable[str]) -> None:
    wanted = set(kinds)
    V.add_edges_from(
        (u, v, k, data)
        for u in V for _, v, k, data in G.out_edges(u, keys=True, data=True)
        if data["kind"] in wanted and v in V
    )


def _arcs(
    G: nx.MultiDiGraph, V: nx.MultiDiGraph, season: int | None, faction: str | None,
    arc: str | None,
) -> None:
    requires = nx.DiGraph(
        (u, v) for u, v, k in G.edges(keys=True) if k == "requires"
    )
    keep = None
    if arc:
        keep = {arc}
        if arc in requires:
            keep |= nx.ancestors(requires, arc) | nx.descendants(requires, arc)
    by_faction = V.graph["lanes"] == "faction"
    seasons = G.graph["seasons"]
    for n, data in G.nodes(data=True):
        if data["kind"] != "arc" or (keep is not None and n not in keep):
            continue
        beats = [G.nodes[b] for _, b, k in G.out_edges(n, keys=True) if k == "contains"]
        numbers = [seasons[s]["number"] for s in data["seasons"] if s in seasons]
        if season is not None and season not in numbers and all(
            b["season"] != season for b in beats
        ):
            continue
        factions = [f for f in data["factions"] if f in G]
        if faction and faction not in factions and all(faction not in b["factions"] for b in beats):
            continue
        first, last = _extent(G, beats, numbers)
        if season is not None:  # the part of the arc inside the season shown
            beats = [b for b in beats if b["season"] == season]
            end = Position(season, G.graph["seasons"][f"S{season}"]["episodes"])
            if first is not None and last is not None:
                first, last = max(first, Position(season, 1)), min(last, end)
                if first > last:  # the arc's beats are elsewhere: its season's span
                    first, last = Position(season, 1), end
        group = factions[0] if factions else NO_LANE
        V.add_node(
            n, **data, first=first, last=last, beats=len(beats),
            episodes=tuple(sorted({b["at"] for b in beats})),
            lane=group if by_faction else n, group=group,
        )
    _copy_edges(G, V, ("requires",))


def _extent(
    G: nx.MultiDiGraph, beats: list[dict[str, Any]], seasons: list[int]
) -> tuple[Position | None, Position | None]:
    """An arc's first and last episode: its beats', else its seasons'."""
    if beats:
        return min(b["at"] for b in beats), max(b["at"] for b in beats)
    if not seasons:
        return None, None
    last = max(seasons)
    return Position(min(seasons), 1), Position(last, G.graph["seasons"][f"S{last}"]["episodes"])


def _factions(
    G: nx.MultiDiGraph, V: nx.MultiDiGraph, season: int | None, faction: str | None,
    arc: str | None, at: Position | None,
) -> None:
    window = None
    if season is not None:
        last = G.graph["seasons"][f"S{season}"]["episodes"]
        window = (Position(season, 1), Position(season, last))
    stances = []
    V.graph["pairs"] = list(dict.fromkeys(
        (u, v) for u, v, kind in G.edges(data="kind") if kind == "stance"
    ))
    for u, v, k, data in G.edges(keys=True, data=True):
        if data["kind"] != "stance":
            continue
        if at is not None and not holds(data["from"], data["until"], at):
            continue
        if window is not None and not (
            data["from"] <= window[1] and (data["until"] is None or window[0] <= data["until"])
        ):
            continue
        stances.append((u, v, k, data))
    keep = None
    if arc:
        beats = [b for _, b, k in G.out_edges(arc, keys=True) if k == "contains"]
        keep = {f for f in G.nodes[arc]["factions"] if f in G}
        keep |= {f for b in beats for f in G.nodes[b]["factions"] if f in G}
    if faction:
        stances = [s for s in stances if faction in s[:2]]
        keep = (keep or set()) | {faction} | {f for s in stances for f in s[:2]}
    for n in _of_kind(G, "faction"):
        if keep is None or n in keep:
            start, until = faction_span(G, n)
            V.add_node(
                n, **G.nodes[n], lane=NO_LANE, group=n, present_from=start, present_until=until
            )
    if at is not None:
        for n, data in V.nodes(data=True):
            data["members"] = sum(
                1 for who, _, k, e in G.in_edges(n, keys=True, data=True)
                if e["kind"] == "member" and holds(e["from"], e["until"], at)
            )
    V.add_edges_from((u, v, k, data) for u, v, k, data in stances if u in V and v in V)


def _character(
    G: nx.MultiDiGraph, V: nx.MultiDiGraph, who: str, season: int | None, faction: str | None,
    arc: str | None,
) -> None:
    person = G.nodes[who]
    state = State(person["status"], person["faction"])
    changes: dict[str, dict[str, Any]] = {}
    beats: set[str] = set()
    for beat, _, k, data in G.in_edges(who, keys=True, data=True):
        if G.nodes[beat]["kind"] == "beat":
            beats.add(beat)
            if k == "changes":
                changes[beat] = data
    by_faction = V.graph["lanes"] == "faction"
    previous = None
    for beat in sorted(beats, key=lambda b: G.nodes[b]["rank"]):
        data = G.nodes[beat]
        change = changes.get(beat)
        if change is not None:
            state = state.changed(change["status"], change["faction"])
        side = state.faction
        if (season is not None and data["season"] != season) or (arc and data["arc"] != arc):
            continue
        if faction and side != faction:
            continue
        group = side if side in G else NO_LANE
        V.add_node(
            beat, **data, lane=group if by_faction else data["arc"], group=group,
            status=state.status, faction=side, changed=change is not None,
        )
        if previous is not None:
            V.add_edge(previous, beat, key="next", kind="next")
        previous = beat


# -- titles and labels ------------------------------------------------------

def _lanes_used(V: nx.MultiDiGraph) -> list[str]:
    return list(dict.fromkeys(lane for _, lane in V.nodes(data="lane") if lane))


def _title(
    G: nx.MultiDiGraph, view: str, who: str, season: str | None, faction: str | None,
    arc: str | None, at: Position | None,
) -> str:
    head = {
        "beats": "Beats and their dependencies",
        "overview": "Overview: beats, deaths and problems per lane and episode",
        "arcs": "Arcs across the seasons",
        "factions": "The faction web" + (f" at {at}" if at else ", season by season"),
        "stances": "Stances over time: each faction pair, episode by episode",
        "character": f"{G.nodes[who]['label']}'s path" if who else "",
    }[view]
    parts = [head]
    if season:
        parts.append(f"{season} · {G.graph['seasons'][season]['title']}")
    if faction:
        parts.append(f"faction: {G.nodes[faction]['label']}")
    if arc:
        parts.append(f"arc: {G.nodes[arc]['label']}")
    return " — ".join(parts)


def same_view(A: nx.MultiDiGraph, B: nx.MultiDiGraph) -> bool:
    """Whether two views are the same, node for node and edge for edge, attributes and
    order too: then they have the same layout and the same pictures. (It stops at the
    first difference: a beat moved differs from where it went in story order.)"""
    if A.graph != B.graph or len(A) != len(B):
        return False
    try:
        return all(a == b for a, b in zip(A.nodes(data=True), B.nodes(data=True),
                                          strict=True)) and all(
            a == b for a, b in zip(A.edges(keys=True, data=True), B.edges(keys=True, data=True),
                                   strict=True))
    except ValueError:  # (zip's: one has more edges)
        return False


def narrow(V: nx.MultiDiGraph, season: str, view: str = "overview") -> nx.MultiDiGraph:
    """A ``beats`` view ``V`` cut to one ``season`` and shown as ``view``, as
    :func:`select` would give it, without reading the whole bible again (the
    report's print pages and the PDF take one per season).

    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> V = select(build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: T}
    ... seasons: {S1: {title: One, episodes: 1}, S2: {title: Two, episodes: 1}}
    ... arcs:
    ...   a: {season: S1, title: A, beats: {one: {at: S1E01}}}
    ...   b: {season: S2, title: B, beats: {two: {at: S2E01}}}
    ... ''')), "beats")
    >>> N = narrow(V, "S2"); list(N), N.graph["title"], list(N.graph["seasons"])
    (['two'], 'Overview: beats, deaths and problems per lane and episode — S2 · Two', ['S2'])
    """
    number = season_number(season)
    nodes = [n for n, s in V.nodes(data="season") if s == number]
    keep = set(nodes)
    N = nx.MultiDiGraph()  # built directly: a subgraph view's copy takes 10x as long
    N.add_nodes_from((n, V.nodes[n]) for n in nodes)
    N.add_edges_from(
        (u, v, k, d) for u in nodes for _, v, k, d in V.out_edges(u, keys=True, data=True)
        if v in keep
    )
    N.graph.update(V.graph)
    N.graph["seasons"] = {season: dict(V.graph["seasons"][season])}
    N.graph["view"] = view
    N.graph["title"] = _title(V, view, "", season, None, None, None)
    lanes = _lanes_used(N)
    N.graph["lane_labels"] = {k: v for k, v in V.graph.get("lane_labels", {}).items() if k in lanes}
    return N


class ViewPatch(NamedTuple):
    """What :func:`patch_view` changed: the view's ``nodes`` changed (before or after),
    and whether any of what places them did (``placed``): a node added or taken out, its
    episode, rank, lane, season or edges. Without, the view's layout places everything
    where it was (:func:`arcs.layout.relaid`)."""

    nodes: set[str]
    placed: bool


def patch_view(V: nx.MultiDiGraph, G: nx.MultiDiGraph, patched: Patched,
               season: str | None = None) -> ViewPatch | None:
    """Make ``V``, a ``beats`` or ``overview`` view :func:`select`\\ ed from the graph
    :func:`arcs.graph.patch_beats` then ``patched`` into ``G`` (``season``: the filter it
    was selected with, no other), the view :func:`select` gives of ``G`` now: the same
    nodes, edges, attributes and order. False, leaving ``V`` as it was, for any other
    view (select it again: they are small).

    The beats made again are taken out and added again as :func:`select` adds them; the
    beats whose rank alone changed get it; those listing a character whose memberships
    changed are coloured again; nodes and edges are put in the order :func:`select`
    gives them.
    """
    if str(V.graph.get("view")) not in ("beats", "overview") or V.graph.get("title") != \
            _title(G, str(V.graph["view"]), "", season, None, None, None):
        return None  # (another view, or filtered otherwise)
    number = season_number(season) if season else None
    by_faction = V.graph["lanes"] == "faction"
    node, graph_node = V._node, G._node
    again = set(patched.beats)
    recolour = {b for who in patched.members if who in G for b in G._pred[who]
                if b in node and b not in again}
    people = {who for b in again | recolour for who in graph_node[b]["characters"]}
    members = _memberships(G, people)
    before = {b: _placing(V, b) for b in (*recolour, *patched.ranked, *again) if b in node}
    changed: set[str] = set()
    for b in recolour:
        group = _primary_faction(G, graph_node[b], members)
        if node[b]["group"] != group:
            node[b]["group"] = group
            if by_faction:
                node[b]["lane"] = group
            changed.add(b)
    for b in patched.ranked:
        if b in node:
            node[b]["rank"] = graph_node[b]["rank"]
            changed.add(b)
    shown, added = [], False
    for b in patched.beats:
        data = graph_node[b]
        if number is not None and data["season"] != number:
            if b in node:
                V.remove_node(b)
                changed.add(b)
            continue
        made = _beat_node(G, b, data, members, by_faction)
        if b in node:  # (it stays in its place: it moves below if its rank changed)
            unlink(V, b)
            node[b].clear()
            node[b].update(made)
        else:
            V.add_node(b, **made)
            added = True
        shown.append(b)
        changed.add(b)
    if added or patched.ranked or any(graph_node[b]["rank"] != before[b][1]
                                      for b in shown if b in before):
        tail = [n for n in patched.tail if n in node]  # (the view's nodes before stay)
        for table in (node, V._succ, V._pred):
            values = list(map(table.pop, tail))
            table.update(zip(tail, values, strict=True))
    _relink(G, V, shown)
    V.graph["lane_labels"] = {lane: G.nodes[lane]["label"] for lane in _lanes_used(V)
                              if lane in G}
    nx._clear_cache(V)
    placed = any(b not in node or before.get(b) != _placing(V, b) for b in changed)
    return ViewPatch(changed, placed)


def _placing(V: nx.MultiDiGraph, n: str) -> tuple[Any, ...]:
    """What places a beat in a layout: its episode, rank, lane, season and edges."""
    data = V._node[n]
    return (data["at"], data["rank"], data["lane"], data["season"],
            [(v, list(keys)) for v, keys in V._succ[n].items()],
            [(u, list(keys)) for u, keys in V._pred[n].items()])


def _relink(G: nx.MultiDiGraph, V: nx.MultiDiGraph, shown: list[str]) -> None:
    """The view's edges of the beats ``shown`` (without edges now), as
    :func:`_copy_edges` adds them, in its order."""
    node, succ, pred = V._node, V._succ, V._pred
    wanted = set(BEAT_LINKS)
    again = set(shown)
    outs: set[str] = set()  # nodes that got an out-edge at the end of theirs
    ins: set[str] = set(again)

    def copied(keys: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {k: dict(d) for k, d in keys.items() if d["kind"] in wanted}

    for x in shown:
        for v, keys in G._succ[x].items():
            if v in node and (found := copied(keys)):
                succ[x][v] = pred[v][x] = found
                ins.add(v)
        for u, keys in G._pred[x].items():
            if u in node and u not in again and (found := copied(keys)):
                succ[u][x] = pred[x][u] = found
                outs.add(u)
    for u in outs:
        _put_in_order(succ[u], [v for v in G._succ[u] if v in succ[u]])
    for v in ins:  # (a beats view is in story order: by rank)
        _put_in_order(pred[v], sorted(pred[v], key=lambda u: G._node[u]["rank"]))


def _put_in_order(table: dict[Any, Any], order: list[Any]) -> None:
    """``table``'s entries in ``order`` (the same dict object: networkx's views hold it)."""
    if list(table) != order:
        items = [(k, table[k]) for k in order]
        table.clear()
        table.update(items)
