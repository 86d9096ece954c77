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

import dataclasses
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
    factions, characters = bible.factions, bible.characters
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
        G.add_node(beat.id, **_beat_attributes(beat, story.rank[beat.id]))
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
                G.add_edge(
                    beat.id, who, key="changes", kind="changes",
                    status=change.status, faction=change.faction,
                )
    beats = bible.beats
    for beat in story.beats:
        for before in beat.after:
            if before in beats:
                G.add_edge(before, beat.id, key="after", kind="after")
        for payoff in beat.sets_up:
            if payoff in beats:
                G.add_edge(beat.id, payoff, key="sets_up", kind="sets_up")
        for setup in beat.pays_off:
            if setup in beats:
                G.add_edge(setup, beat.id, key="sets_up", kind="sets_up")


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
            G.add_edge(
                who, faction, key=f"member {n}", kind="member", via=via,
                **{"from": since, "until": until},
            )

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


def attribute_edits(old: Bible, new: Bible) -> dict[str, Entity] | None:
    """What an edit from ``old`` to ``new`` changed, if only :data:`ATTRIBUTES` changed:
    the edited entities of ``new`` by id (empty: nothing the graph holds). None when
    anything else changed (an id, a link, a place, the order beats are written in, a
    relation, the series...): the graph is then built again.

    Entities an edit did not touch are the same objects in both (the document re-reads
    only what it edits), so this looks at the edited tables only.
    """
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
                    not _attributes_only(was.beats, arc.beats, "beats", edited):
                return None
    return edited


def _same_list(a: list[Any], b: list[Any]) -> bool:
    return a is b or (len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True)))


def _attributes_only(
    before: dict[str, Any], after: dict[str, Any], table: str, edited: dict[str, Entity]
) -> bool:
    """Whether the entities of ``after`` differ from ``before``'s in their attributes only
    (same ids, same order); adds the ones that differ to ``edited``."""
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
