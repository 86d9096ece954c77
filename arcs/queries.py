"""Questions a writers' room asks of the plan, answered from the bible graph.

``arcroom show`` prints these and the editor reuses them: what depends on a
beat (:func:`impact`), the longest chain of dependencies
(:func:`critical_path`), a character's status and faction per episode
(:func:`timeline`) and the faction stance table per season
(:func:`stance_table`). Each takes the graph of :func:`arcs.graph.build_graph`
first and returns plain data, in story order.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

from arcs.state import Stances, StanceSpan, State, Timeline
from story_bible.positions import Position

DEPENDS = ("after", "sets_up")


class QueryError(ValueError):
    """The question names something the bible does not have, or cannot be answered."""


class CycleError(QueryError):
    """The ``after`` links loop, so there is no longest chain (T001 reports the loop)."""


@dataclass(frozen=True, slots=True)
class Impact:
    """What moving or cutting ``beat`` touches.

    ``direct`` beats come right after it or pay it off; ``dependents`` are
    every beat downstream, in story order; ``arcs`` are the other arcs they
    belong to; ``changes`` maps each character the beat changes to the number
    of their later beats that assume the change.
    """

    beat: str
    direct: list[str]
    dependents: list[str]
    payoffs: list[str]
    arcs: list[str]
    changes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Moment:
    """A character at the end of one episode: ``status``, ``faction``, their beats in it."""

    position: Position
    status: str
    faction: str | None
    beats: tuple[str, ...]
    changed: bool


@dataclass(frozen=True, slots=True)
class Stretch:
    """One stance held from episode ``first`` to ``last`` (inclusive) of a season."""

    first: int
    last: int
    stance: str | None


@dataclass(frozen=True, slots=True)
class StanceRow:
    """A faction pair and, per season of the table, the stretches of its stance."""

    a: str
    b: str
    seasons: list[list[Stretch]]


@dataclass(frozen=True, slots=True)
class StanceTable:
    seasons: list[str]
    rows: list[StanceRow]


def _kind(G: nx.MultiDiGraph, node: str, kind: str) -> None:
    if G.nodes.get(node, {}).get("kind") == kind:
        return
    names = [n for n, k in G.nodes(data="kind") if k == kind]
    close = difflib.get_close_matches(node, names, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise QueryError(f"the bible has no {kind} {node!r}{hint}")


def _rank(G: nx.MultiDiGraph, node: Hashable) -> int:
    return int(G.nodes[node]["rank"])


def impact(G: nx.MultiDiGraph, beat: str) -> Impact:
    """Everything downstream of ``beat`` through ``after`` and ``sets_up`` links.

    Examples
    --------
    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> G = build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 3}}
    ... characters: {nam-ra: {name: Choi Nam-ra}}
    ... arcs:
    ...   escape:
    ...     season: S1
    ...     title: Escape
    ...     beats:
    ...       bitten: {at: S1E01, characters: [nam-ra], changes: {nam-ra: infected}}
    ...       hides: {at: S1E02, after: [bitten], characters: [nam-ra]}
    ...       found: {at: S1E03, after: [hides], characters: [nam-ra]}
    ... '''))
    >>> i = impact(G, "bitten")
    >>> i.direct, i.dependents, i.changes
    (['hides'], ['hides', 'found'], {'nam-ra': 2})
    """
    _kind(G, beat, "beat")
    downstream = nx.subgraph_view(G, filter_edge=lambda u, v, k: k in DEPENDS)
    dependents = sorted(nx.descendants(downstream, beat), key=lambda n: _rank(G, n))
    direct = sorted(set(downstream.successors(beat)), key=lambda n: _rank(G, n))
    payoffs = sorted(
        {v for _, v, k in G.out_edges(beat, keys=True) if k == "sets_up"},
        key=lambda n: _rank(G, n),
    )
    own = G.nodes[beat]["arc"]
    arcs = list(dict.fromkeys(G.nodes[n]["arc"] for n in dependents if G.nodes[n]["arc"] != own))
    rank = _rank(G, beat)
    changes = {}
    for _, who, k in G.out_edges(beat, keys=True):
        if k == "changes":
            changes[who] = sum(
                1 for b, _, kk in G.in_edges(who, keys=True)
                if kk == "involves" and G.nodes[b]["kind"] == "beat" and _rank(G, b) > rank
            )
    return Impact(beat, direct, dependents, payoffs, arcs, changes)


def critical_path(G: nx.MultiDiGraph, season: str | None = None) -> list[str]:
    """The longest chain of beats linked by ``after``, in story order.

    ``season`` keeps the chain inside one season. A cycle of ``after``
    links (``arcroom check`` reports it as T001) has no longest chain and
    raises :class:`CycleError` naming it.

    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> G = build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 2}}
    ... arcs:
    ...   escape:
    ...     season: S1
    ...     title: Escape
    ...     beats:
    ...       outbreak: {at: S1E01}
    ...       roof: {at: S1E01, after: [outbreak]}
    ...       rescue: {at: S1E02, after: [roof]}
    ...       side: {at: S1E02, after: [outbreak]}
    ... '''))
    >>> critical_path(G)
    ['outbreak', 'roof', 'rescue']
    """
    number = _season_number(G, season)
    D = nx.DiGraph()
    beats = [
        n for n, data in G.nodes(data=True)
        if data["kind"] == "beat" and (number is None or data["season"] == number)
    ]
    beats.sort(key=lambda n: _rank(G, n))
    D.add_nodes_from(beats)
    D.add_edges_from(
        (u, v) for u in beats for _, v, k in G.out_edges(u, keys=True) if k == "after" and v in D
    )
    if not nx.is_directed_acyclic_graph(D):
        cycle = nx.find_cycle(D)
        loop = " → ".join([str(u) for u, _ in cycle] + [str(cycle[0][0])])
        raise CycleError(f"the beats' after links form a cycle ({loop}); `arcroom check` says more")
    order = list(nx.lexicographical_topological_sort(D, key=lambda n: _rank(G, n)))
    return [str(n) for n in nx.dag_longest_path(D, topo_order=order)]


def _season_number(G: nx.MultiDiGraph, season: str | None) -> int | None:
    if season is None:
        return None
    seasons = G.graph["seasons"]
    if season not in seasons:
        raise QueryError(f"the bible has no season {season!r} (its seasons: {', '.join(seasons)})")
    return int(seasons[season]["number"])


def timeline(G: nx.MultiDiGraph, character: str) -> list[Moment]:
    """A character's status and faction at the end of every episode, with their beats.

    One pass over the character's beats in story order; a beat's change
    counts from that beat on (an :class:`arcs.state.Timeline`, as
    :class:`arcs.order.Story` keeps).

    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> G = build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 2}}
    ... characters: {nam-ra: {name: Choi Nam-ra}}
    ... arcs:
    ...   escape:
    ...     season: S1
    ...     title: Escape
    ...     beats:
    ...       bitten: {at: S1E02, characters: [nam-ra], changes: {nam-ra: immune}}
    ... '''))
    >>> [(str(m.position), m.status, m.beats) for m in timeline(G, "nam-ra")]
    [('S1E01', 'human', ()), ('S1E02', 'immune', ('bitten',))]
    """
    _kind(G, character, "character")
    person = G.nodes[character]
    line = Timeline.starting(State(person["status"], person["faction"]))
    changes: dict[str, dict[str, str | None]] = {}
    beats: set[str] = set()
    for beat, _, k, data in G.in_edges(character, keys=True, data=True):
        if G.nodes[beat]["kind"] != "beat":
            continue
        beats.add(beat)
        if k == "changes":
            changes[beat] = data
    by_episode: dict[Position, list[str]] = {}
    for beat in sorted(beats, key=lambda n: _rank(G, n)):
        at = G.nodes[beat]["at"]
        by_episode.setdefault(at, []).append(beat)
        change = changes.get(beat)
        if change is not None:
            line.change(_rank(G, beat), at, change["status"], change["faction"])
    moments = []
    for info in sorted(G.graph["seasons"].values(), key=lambda s: s["number"]):
        for episode in range(1, info["episodes"] + 1):
            when = Position(info["number"], episode)
            here = by_episode.get(when, [])
            state = line.at_end_of(when)
            changed = any(beat in changes for beat in here)
            moments.append(Moment(when, state.status, state.faction, tuple(here), changed))
    return moments


def stance_table(G: nx.MultiDiGraph, season: str | None = None) -> StanceTable:
    """Each faction pair's stance through each season (or one), as stretches.

    Where relations of a pair overlap, the one written last wins
    (:class:`arcs.state.Stances` answers).

    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> G = build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 4}}
    ... factions: {halbies: {name: The immune}, horde: {name: The horde}}
    ... relations:
    ...   - {between: [halbies, horde], stance: tense, until: S1E02}
    ...   - {between: [halbies, horde], stance: war, from: S1E03}
    ... '''))
    >>> stance_table(G).rows[0].seasons
    [[Stretch(first=1, last=2, stance='tense'), Stretch(first=3, last=4, stance='war')]]
    """
    number = _season_number(G, season)
    infos = sorted(
        (s for s in G.graph["seasons"].items() if number is None or s[1]["number"] == number),
        key=lambda s: s[1]["number"],
    )
    pairs: dict[tuple[str, str], None] = {}
    written: list[tuple[int, StanceSpan]] = []
    for u, v, key, data in G.edges(keys=True, data=True):
        if data["kind"] == "stance":
            pairs.setdefault((u, v) if (v, u) not in pairs else (v, u), None)
            held = StanceSpan((u, v), data["stance"], data["from"], data["until"])
            written.append((int(str(key).split()[1]), held))
    written.sort(key=lambda r: r[0])
    stances = Stances(held for _, held in written)
    rows = []
    for a, b in pairs:
        cells = []
        for _, info in infos:
            span = [Position(info["number"], n) for n in range(1, info["episodes"] + 1)]
            cells.append([
                Stretch(run.first.episode, run.last.episode, run.stance)
                for run in stances.stretches(a, b, span)
            ])
        rows.append(StanceRow(a, b, cells))
    return StanceTable([sid for sid, _ in infos], rows)


def faction_span(G: nx.MultiDiGraph, faction: str) -> tuple[Position | None, Position | None]:
    """When a faction is in the story: its first and last episode, ``None`` for an open end.

    A faction is there from the first of: a member joining (one there from
    the start counts from the start), a stance starting, a beat involving
    it; until the last membership, stance or beat ends (``None`` while one
    of them stays open). A faction with none of these has ``(None, None)``:
    nothing says when it is, so it is always drawn.

    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> G = build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 9}}
    ... factions: {survivors: {name: Survivors}, military: {name: The military}}
    ... relations:
    ...   - {between: [survivors, military], stance: tense, from: S1E04, until: S1E08}
    ... '''))
    >>> [str(p) for p in faction_span(G, "military")]
    ['S1E04', 'S1E08']
    """
    _kind(G, faction, "faction")
    starts: list[Position] = []
    ends: list[Position | None] = []
    first = Position(min((s["number"] for s in G.graph["seasons"].values()), default=1), 1)
    edges = list(G.in_edges(faction, data=True)) + list(G.out_edges(faction, data=True))
    for u, _, data in edges:
        kind = data.get("kind")
        if kind in ("member", "stance"):
            starts.append(data.get("from") or first)
            ends.append(data.get("until"))
        elif kind == "involves" and G.nodes[u].get("kind") == "beat":
            starts.append(G.nodes[u]["at"])
            ends.append(G.nodes[u]["at"])
    if not starts:
        return None, None
    last = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return min(starts), last
