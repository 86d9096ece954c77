"""The whole bible as one networkx ``MultiDiGraph``.

Every entity is a node keyed by its id (episodes by their position,
``S1E07``), with a ``kind`` and a ``label`` and the entity's fields as
attributes; every relationship is an edge whose key names its ``kind``.
Edges run the way the story flows, so that following them goes forward in
time:

=============  =======================  ==============================================
edge kind      from -> to               meaning
=============  =======================  ==============================================
``contains``   season -> episode,       structure
               arc -> beat
``spans``      arc -> season            the arc runs in that season
``at``         beat -> episode          where the beat is placed
``after``      beat -> beat             the second beat comes ``after`` the first
``requires``   arc -> arc               the second arc ``requires`` the first
``involves``   beat -> character,       who and what a beat (or an arc) is about
               beat/arc -> faction
``changes``    beat -> character        the beat changes ``status`` and/or ``faction``
``sets_up``    beat -> beat             setup -> payoff (``sets_up`` or ``pays_off``)
``stance``     faction -> faction       a relation: ``stance`` ``from`` ``until``
``member``     character -> faction     membership ``from`` ``until`` (``via`` a beat)
=============  =======================  ==============================================

Edges that can repeat between one pair (``stance``, ``member``) have keys
``"stance 0"``, ``"member 1"``...; the others use the kind as the key.
References to ids the bible does not define make no edge (``arcroom check``
reports them). Attribute values are model values (:class:`Position`, tuples,
``None``); :mod:`arcs.export.values` turns them into what each file format
can hold.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from typing import Any

import networkx as nx

from arcs.order import Story, build_story
from story_bible.model import Beat, Bible, Entity
from story_bible.positions import Position


def build_graph(bible: Bible, story: Story | None = None) -> nx.MultiDiGraph:
    """The bible as a graph of seasons, episodes, factions, characters, arcs and beats.

    Parameters
    ----------
    bible : Bible
        A loaded bible (it may still have consistency problems).
    story : Story, optional
        Its story order, if already built (:func:`arcs.order.build_story`).

    Returns
    -------
    networkx.MultiDiGraph
        ``G.graph`` holds ``series`` (the title) and ``seasons`` (id -> number,
        title, episodes, planned), which views and layouts read.

    Examples
    --------
    >>> from story_bible import load_text
    >>> bible = load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 2}}
    ... characters: {nam-ra: {name: Choi Nam-ra}}
    ... arcs:
    ...   escape:
    ...     season: S1
    ...     title: Escape Hyosan High
    ...     beats:
    ...       outbreak: {at: S1E01}
    ...       bitten: {at: S1E02, after: [outbreak], characters: [nam-ra],
    ...                changes: {nam-ra: infected}}
    ... ''')
    >>> G = build_graph(bible)
    >>> G.nodes["bitten"]["kind"], str(G.nodes["bitten"]["at"])
    ('beat', 'S1E02')
    >>> sorted(k for _, _, k in G.out_edges("bitten", keys=True))
    ['at', 'changes', 'involves']
    >>> G.has_edge("outbreak", "bitten", key="after")
    True
    """
    story = story or build_story(bible)
    G = nx.MultiDiGraph()
    G.graph["series"] = bible.series.title
    G.graph["seasons"] = {
        s.id: {"number": s.number, "title": s.title, "episodes": s.episodes, "planned": s.planned}
        for s in bible.seasons.values()
    }
    _add_seasons(G, bible)
    _add_factions(G, bible)
    _add_characters(G, bible)
    _add_arcs(G, bible, story)
    _add_memberships(G, bible, story)
    return G


def episode_id(position: Position) -> str:
    """The node id of an episode (``S1E07``)."""
    return str(position)


def _add_seasons(G: nx.MultiDiGraph, bible: Bible) -> None:
    for s in bible.seasons.values():
        G.add_node(
            s.id, kind="season", label=s.title, number=s.number, title=s.title,
            episodes=s.episodes, planned=s.planned, summary=s.summary, notes=s.notes,
        )
        for number in range(1, s.episodes + 1):
            position = Position(s.number, number)
            G.add_node(
                episode_id(position), kind="episode", label=str(position),
                season=s.number, episode=number,
            )
            G.add_edge(s.id, episode_id(position), key="contains", kind="contains")


def _add_factions(G: nx.MultiDiGraph, bible: Bible) -> None:
    for f in bible.factions.values():
        G.add_node(
            f.id, kind="faction", label=f.name, name=f.name, faction_kind=f.kind,
            summary=f.summary, notes=f.notes,
        )
    for i, r in enumerate(bible.relations):
        a, b = r.between
        if a in bible.factions and b in bible.factions:
            G.add_edge(
                a, b, key=f"stance {i}", kind="stance", stance=r.stance,
                summary=r.summary, **{"from": r.start, "until": r.until},
            )


def _add_characters(G: nx.MultiDiGraph, bible: Bible) -> None:
    for c in bible.characters.values():
        G.add_node(
            c.id, kind="character", label=c.name, name=c.name, faction=c.faction,
            status=c.status, introduced=c.introduced, actor=c.actor, summary=c.summary,
            notes=c.notes,
        )


def _add_arcs(G: nx.MultiDiGraph, bible: Bible, story: Story) -> None:
    factions = bible.factions
    for arc in bible.arcs.values():
        G.add_node(
            arc.id, kind="arc", label=arc.title, title=arc.title, seasons=arc.seasons,
            factions=arc.factions, open=arc.open, summary=arc.summary, notes=arc.notes,
        )
        for season in arc.seasons:
            if season in bible.seasons:
                G.add_edge(arc.id, season, key="spans", kind="spans")
        for faction in arc.factions:
            if faction in factions:
                G.add_edge(arc.id, faction, key="involves", kind="involves")
    for arc in bible.arcs.values():
        for need in arc.requires:
            if need in bible.arcs:
                G.add_edge(need, arc.id, key="requires", kind="requires")
    for beat in story.beats:
        _add_beat(G, bible, beat, story.rank[beat.id])
    beats = bible.beats
    for beat in story.beats:  # (a second pass: the edges between beats come after theirs)
        _add_links(G, beats, beat)


def _beat_attributes(beat: Beat, rank: int) -> dict[str, Any]:
    changes = tuple(
        f"{who}: {'/'.join(p for p in (c.status, c.faction) if p)}"
        for who, c in beat.changes.items()
    )
    return {
        "kind": "beat", "label": beat.id, "arc": beat.arc, "at": beat.at,
        "season": beat.at.season, "episode": beat.at.episode, "rank": rank,
        "summary": beat.summary, "characters": beat.characters, "factions": beat.factions,
        "changes": changes, "flashback": beat.flashback, "tags": beat.tags,
        "setup": beat.setup, "payoff": beat.payoff, "notes": beat.notes,
    }


def _add_memberships(G: nx.MultiDiGraph, bible: Bible, story: Story) -> None:
    """Character -> faction edges, one per stretch of membership, from one story pass."""
    G.add_edges_from(_memberships(bible, story))


def _memberships(bible: Bible, story: Story) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The membership edges (who, faction, key, data), in the order the graph gets them."""
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    # character -> (faction, since, via beat) of the membership still open
    current: dict[str, tuple[str, Position | None, str | None]] = {
        c.id: (c.faction, c.introduced, None) for c in bible.characters.values() if c.faction
    }
    count: dict[str, int] = {}

    def close(who: str, until: Position | None) -> None:
        faction, since, via = current.pop(who)
        if faction in bible.factions:
            n = count.get(who, 0)
            count[who] = n + 1
            edges.append((who, faction, f"member {n}",
                          {"kind": "member", "via": via, "from": since, "until": until}))

    for beat in story.beats:
        for who, change in beat.changes.items():
            if change.faction is None or who not in bible.characters:
                continue
            if who in current:
                if current[who][0] == change.faction:
                    continue
                close(who, beat.at)
            current[who] = (change.faction, beat.at, beat.id)
    for who in list(current):
        close(who, None)
    return edges


#: Per table of the bible, the fields no view, layout or picture places anything by: an
#: edit of only these changes node attributes of the same names (or, for ``ignore``,
#: nothing), never which nodes and edges there are, their order, or a layout.
#: (``flashback`` is drawn, as a style: a picture redraws the beat, in the same place.)
ATTRIBUTES: dict[str, frozenset[str]] = {
    "seasons": frozenset({"summary", "notes", "ignore", "extra"}),
    "factions": frozenset({"summary", "notes", "ignore", "extra"}),
    "characters": frozenset({"summary", "notes", "actor", "ignore", "extra"}),
    "arcs": frozenset({"summary", "notes", "ignore", "extra"}),
    "beats": frozenset({
        "summary", "notes", "tags", "setup", "payoff", "flashback", "ignore", "extra"}),
}


#: A beat's fields that place it (its episode, and so its story order), its cast and its
#: links: an edit of these is patched into a kept graph (:func:`patch_beats`).
PLACES = frozenset({"at", "characters", "factions", "changes", "after", "sets_up", "pays_off"})


def attribute_edits(old: Bible, new: Bible) -> dict[str, Entity] | None:
    """What an edit from ``old`` to ``new`` changed, if only :data:`ATTRIBUTES` changed:
    the edited entities of ``new`` by id (empty: nothing the graph holds). None when
    anything else changed (an id, a link, a place, the order beats are written in, a
    relation, the series...): the graph is then built again.

    Entities an edit did not touch are the same objects in both (the document re-reads
    only what it edits), so this looks at the edited tables only.
    """
    return _edits(old, new, None)


def beat_edits(old: Bible, new: Bible) -> tuple[dict[str, Entity], set[str]] | None:
    """As :func:`attribute_edits`, letting beats' :data:`PLACES` change too: the entities
    whose attributes changed, and the beats whose place, cast or links did (for
    :func:`patch_beats`). None for anything else (an id added, removed or renamed, a beat
    moved to another arc or written elsewhere, a character, faction, arc or season's
    place or links...)."""
    placed: set[str] = set()
    edited = _edits(old, new, placed)
    return None if edited is None else (edited, placed)


def _edits(old: Bible, new: Bible, placed: set[str] | None) -> dict[str, Entity] | None:
    if old is new:
        return {}
    if old.series != new.series or not _same_list(old.relations, new.relations):
        return None
    edited: dict[str, Entity] = {}
    for table in ("seasons", "factions", "characters"):
        if not _attributes_only(getattr(old, table), getattr(new, table), table, edited):
            return None
    if old.arcs is not new.arcs:
        if list(old.arcs) != list(new.arcs):
            return None
        for name, arc in new.arcs.items():
            was = old.arcs[name]
            if was is arc:
                continue
            if not _attributes_only({name: was}, {name: arc}, "arcs", edited) or \
                    not _attributes_only(was.beats, arc.beats, "beats", edited, placed):
                return None
    return edited


def _same_list(a: list[Any], b: list[Any]) -> bool:
    return a is b or (len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True)))


def _attributes_only(
    before: dict[str, Any], after: dict[str, Any], table: str, edited: dict[str, Entity],
    placed: set[str] | None = None,
) -> bool:
    """Whether the entities of ``after`` differ from ``before``'s in their attributes only
    (same ids, same order); adds the ones that differ to ``edited``. With ``placed``, a
    beat may differ in its :data:`PLACES` too: it is added there."""
    if before is after:
        return True
    if list(before) != list(after):
        return False
    free = ATTRIBUTES[table]  # (an arc's beats are compared one by one, by the caller)
    for name, entity in after.items():
        was = before[name]
        if was is entity:
            continue
        differ = [f.name for f in dataclasses.fields(entity)
                  if f.compare and f.name != "beats" and getattr(was, f.name) != getattr(
                      entity, f.name)]
        if placed is not None and any(f in PLACES for f in differ):
            placed.add(name)
            differ = [f for f in differ if f not in PLACES]
        if any(f not in free for f in differ):
            return False
        if differ:  # (an arc whose beats alone changed is not edited itself)
            edited[name] = entity
    return True


_TABLES = {"Season": "seasons", "Faction": "factions", "Character": "characters", "Arc": "arcs",
           "Beat": "beats"}


def update_attributes(G: nx.MultiDiGraph, edited: dict[str, Entity]) -> dict[str, set[str]]:
    """Write the attributes of ``edited`` (:func:`attribute_edits`) on their nodes of ``G``
    (the whole graph or a view of it), as :func:`build_graph` would; returns the nodes
    whose attributes changed, each with the attributes that did."""
    changed: dict[str, set[str]] = {}
    for name, entity in edited.items():
        data = G.nodes.get(name)
        if data is None:
            continue
        for field in ATTRIBUTES[_TABLES[type(entity).__name__]]:
            if field in data and data[field] != getattr(entity, field):
                data[field] = getattr(entity, field)
                changed.setdefault(name, set()).add(field)
    return changed


# -- a beat's place, cast or links edited: the graph patched -------------------------------

#: At most this many beats are made again by a patch (those edited, and those whose place
#: in story order changed besides: an ``after`` edit may reorder an episode).
PATCH_LIMIT = 400


@dataclasses.dataclass
class Patched:
    """What :func:`patch_beats` changed: the ``beats`` whose nodes and edges were made
    again, the beats whose ``rank`` alone changed (``ranked``), the characters whose
    memberships changed (``members``: the beats listing them may wear another colour),
    and the beats whose place in the order of nodes may have changed (``tail``)."""

    beats: list[str]
    ranked: list[str]
    members: set[str]
    #: The beats from the first place in story order that changed, in story order.
    tail: list[str] = dataclasses.field(default_factory=list)


def patch_beats(G: nx.MultiDiGraph, old: Story, new: Story, placed: set[str]) -> Patched | None:
    """Make ``G``, the graph of ``old.bible`` (:func:`build_graph`), the graph of
    ``new.bible``, exactly as :func:`build_graph` would give it (nodes, edges, keys,
    attributes, in the same order), where only the beats ``placed`` changed their
    :data:`PLACES` (:func:`beat_edits`; their attributes too: the rest is
    :func:`update_attributes`'). Each such beat, and each beat whose place in story
    order changed besides, is made again: its edges taken out and added again, its
    attributes rewritten (its node moved only if story order changed); the ranks, the
    neighbours' order of edges and the memberships are put right. None, leaving ``G``
    as it was, when that would not be exact or cheap: then build the graph again.

    Why the order can be put right locally: :func:`build_graph` adds every node and edge
    in one pass (seasons, factions, characters, arcs; then each beat's own edges in story
    order; then its ``after``/``sets_up`` links in story order; the memberships last), so
    each node's edges come in an order made of its neighbours' kinds and ranks, and only
    the edges of the beats made again can be out of it.
    """
    bible, beats = new.bible, new.bible.beats
    expected = len(bible.factions) + len(bible.characters) + len(bible.arcs) + len(beats) + sum(
        1 + s.episodes for s in bible.seasons.values())
    if len(G) != expected or len(old.beats) != len(new.beats):
        return None  # (an id shared by two entities is one node: no local patch is exact)
    moved = _reordered(old, new, placed)
    if moved is None:
        return None
    if not moved:
        return Patched([], [], set())
    rank = new.rank
    succ, pred, node = G._succ, G._pred, G._node
    touched: set[str] = set()
    for m in moved:
        touched.update(succ[m])
        touched.update(pred[m])
    linked = [y for y in touched if y not in moved and node[y]["kind"] == "beat"]
    for m in moved:  # (each node stays where it is: it moves below if its rank changed)
        unlink(G, m)
    again = sorted(moved, key=rank.__getitem__)
    for name in again:
        _add_beat(G, bible, beats[name], rank[name])
    for name in sorted([*again, *linked], key=rank.__getitem__):
        _add_links(G, beats, beats[name])
    for m in moved:
        touched.update(succ[m])
        touched.update(pred[m])
    touched |= moved
    # Beats after the non-beats, in story order (they are the graph's last nodes): from
    # the first place a beat was made again, before or after. The others' ranks change
    # between the first and the last such place.
    ranks = [story.rank[m] for story in (old, new) for m in moved]
    first, last = min(ranks), max(ranks)
    tail = [b.id for b in new.beats[first:]]
    if any(old.rank[m] != rank[m] for m in moved):
        for table in (node, succ, pred):
            _reorder_tail(table, tail)
    ranked = []
    for i in range(first, last + 1):
        data = node[new.beats[i].id]
        if data["rank"] != i:
            data["rank"] = i
            ranked.append(new.beats[i].id)
    for x in touched:
        _order_edges(G, x, beats, rank)
    members = _redo_memberships(G, old, new, moved)
    nx._clear_cache(G)
    return Patched(again, ranked, members, tail)


def _reordered(old: Story, new: Story, placed: set[str]) -> set[str] | None:
    """The beats to make again: those ``placed``, and those whose place in story order
    changed otherwise; None when too many.

    Only the episodes a placed beat leaves or joins can be ordered otherwise (story order
    is by episode, then, inside one, by the links and written order of its own beats:
    :func:`arcs.order.story_order`), so only their beats are compared: where the two
    orders of the beats not placed differ, that stretch is made again too.
    """
    moved = set(placed)
    episodes = sorted({story.bible.beats[m].at for story in (old, new) for m in placed})
    a = [b.id for b in _of_episodes(old, episodes) if b.id not in moved]
    b = [b.id for b in _of_episodes(new, episodes) if b.id not in moved]
    if a != b:
        if sorted(a) != sorted(b):
            return None
        i = next(k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
        j = next(k for k, (x, y) in enumerate(zip(reversed(a), reversed(b), strict=True))
                 if x != y)
        moved.update(a[i : len(a) - j])
    return moved if len(moved) <= PATCH_LIMIT else None


def _of_episodes(story: Story, episodes: list[Position]) -> list[Beat]:
    """The beats of ``episodes`` (in order), in story order: each episode's a stretch."""
    found: list[Beat] = []
    for when in episodes:
        start = bisect.bisect_left(story.beats, when, key=_at)
        end = bisect.bisect_right(story.beats, when, lo=start, key=_at)
        found += story.beats[start:end]
    return found


def _at(beat: Beat) -> Position:
    return beat.at


def unlink(G: nx.MultiDiGraph, name: str) -> None:
    """Take out every edge of node ``name`` (the node stays, in its place)."""
    succ, pred = G._succ, G._pred
    for v in succ[name]:
        if v != name:
            del pred[v][name]
    for u in pred[name]:
        if u != name:
            del succ[u][name]
    succ[name].clear()
    pred[name].clear()


def _add_beat(G: nx.MultiDiGraph, bible: Bible, beat: Beat, rank: int) -> None:
    """A beat's node (its attributes, if it is there) and its own edges (the first
    pass of :func:`_add_arcs`)."""
    characters, factions = bible.characters, bible.factions
    G.add_node(beat.id, **_beat_attributes(beat, rank))
    G.add_edge(beat.arc, beat.id, key="contains", kind="contains")
    if episode_id(beat.at) in G:
        G.add_edge(beat.id, episode_id(beat.at), key="at", kind="at")
    for who in beat.characters:
        if who in characters:
            G.add_edge(beat.id, who, key="involves", kind="involves")
    for faction in beat.factions:
        if faction in factions:
            G.add_edge(beat.id, faction, key="involves", kind="involves")
    for who, change in beat.changes.items():
        if who in characters:
            G.add_edge(beat.id, who, key="changes", kind="changes",
                       status=change.status, faction=change.faction)


def _add_links(G: nx.MultiDiGraph, beats: dict[str, Beat], beat: Beat) -> None:
    """A beat's ``after``/``sets_up``/``pays_off`` edges (the second pass of
    :func:`_add_arcs`; an edge there already stays as it is)."""
    for before in beat.after:
        if before in beats:
            G.add_edge(before, beat.id, key="after", kind="after")
    for payoff in beat.sets_up:
        if payoff in beats:
            G.add_edge(beat.id, payoff, key="sets_up", kind="sets_up")
    for setup in beat.pays_off:
        if setup in beats:
            G.add_edge(setup, beat.id, key="sets_up", kind="sets_up")


def _reorder_tail(table: dict[Any, Any], tail: list[Any]) -> None:
    """``table``'s last entries in the order of ``tail`` (the same keys)."""
    values = list(map(table.pop, tail))
    table.update(zip(tail, values, strict=True))


def _reorder(table: dict[Any, Any], order: list[Any]) -> None:
    """``table``'s entries in ``order`` (the same dict object: networkx's views hold it)."""
    if list(table) != order:
        items = [(k, table[k]) for k in order]
        table.clear()
        table.update(items)


def _order_edges(G: nx.MultiDiGraph, x: str, beats: dict[str, Beat], rank: dict[str, int]
                 ) -> None:
    """Put ``x``'s out- and in-edges in the order :func:`build_graph` adds them."""
    node = G._node
    beat_node = node[x]["kind"] == "beat"
    for table, out in ((G._succ[x], True), (G._pred[x], False)):
        first: list[tuple[str, Any]] = []
        middle: list[tuple[Any, str, Any]] = []
        last: list[tuple[str, Any]] = []
        for y, keys in table.items():
            if node[y]["kind"] == "beat":
                if beat_node:  # links, in the order of the second pass
                    u, v = (x, y) if out else (y, x)
                    ordered = sorted(keys, key=functools.partial(_link_key, beats, rank, u, v))
                    if list(keys) != ordered:
                        _reorder(keys, ordered)
                    middle.append((_link_key(beats, rank, u, v, ordered[0]), y, keys))
                else:  # a beat's own edges, in story order
                    middle.append((rank[y], y, keys))
            elif not beat_node and next(iter(keys)).startswith("member "):
                last.append((y, keys))  # (memberships come last)
            else:
                first.append((y, keys))
        middle.sort(key=lambda entry: entry[0])
        _reorder(table, [*(y for y, _ in first), *(y for _, y, _ in middle),
                         *(y for y, _ in last)])


def _link_key(beats: dict[str, Beat], rank: dict[str, int], u: str, v: str, key: str
              ) -> tuple[int, int]:
    """When :func:`build_graph`'s second pass first adds the link ``u -> v``: the rank of
    the beat it is at, and the link's place among that beat's."""
    b = beats[v]
    if key == "after":
        return rank[v], b.after.index(u)
    a = beats[u]
    found = []
    if v in a.sets_up:
        found.append((rank[u], len(a.after) + a.sets_up.index(v)))
    if u in b.pays_off:
        found.append((rank[v], len(b.after) + len(b.sets_up) + b.pays_off.index(u)))
    return min(found)


def _redo_memberships(G: nx.MultiDiGraph, old: Story, new: Story, moved: set[str]) -> set[str]:
    """The membership edges made again if a beat made again changes a faction (before or
    after the edit): all of them, since their order follows story order. Returns the
    characters whose memberships changed."""
    if not any(change.faction is not None
               for story in (old, new) for m in moved
               for change in story.bible.beats[m].changes.values()):
        return set()
    succ = G._succ
    before: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for who in new.bible.characters:
        had = [(f, k, d) for f, keys in succ[who].items() for k, d in keys.items()
               if d["kind"] == "member"]
        if had:
            before[who] = had
    G.remove_edges_from([(who, f, k) for who, had in before.items() for f, k, _ in had])
    edges = _memberships(new.bible, new)
    G.add_edges_from(edges)
    after: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for who, f, k, d in edges:
        after.setdefault(who, []).append((f, k, d))
    for had in after.values():
        had.sort(key=lambda e: int(e[1].split()[1]))
    for had in before.values():
        had.sort(key=lambda e: int(e[1].split()[1]))
    return {who for who in before.keys() | after.keys() if before.get(who) != after.get(who)}
