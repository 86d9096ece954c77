"""Story order, and what is true at each beat of it.

Story order is season, then episode, then ``after`` order among the beats of
one episode, then the order the beats are written in. Walking the beats in
that order and applying their ``changes`` gives each character's status and
faction at every beat; relations give each faction pair's stance at every
episode. Rules, queries and the editor ask :class:`Story`; nobody re-derives
it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from story_bible.model import Beat, Bible, Relation
from story_bible.positions import Position


@dataclass(frozen=True, slots=True)
class State:
    """A character's status and faction at one moment."""

    status: str
    faction: str | None


@dataclass(slots=True)
class Story:
    """The bible's beats in story order with each character's state before each beat."""

    bible: Bible
    beats: list[Beat]
    rank: dict[str, int]
    #: beat id -> character id -> state just before the beat (for the
    #: characters the beat lists or changes).
    before: dict[str, dict[str, State]]
    #: character id -> beats that list them, in story order.
    appearances: dict[str, list[Beat]] = field(default_factory=dict)

    def state_before(self, beat: Beat, character: str) -> State | None:
        return self.before.get(beat.id, {}).get(character)

    def state_at(self, character: str, position: Position) -> State | None:
        """A character's state at the end of an episode (after its beats)."""
        person = self.bible.characters.get(character)
        if person is None:
            return None
        state = State(person.status, person.faction)
        for beat in self.beats:
            if beat.at > position:
                break
            change = beat.changes.get(character)
            if change is not None:
                state = _apply(state, change.status, change.faction)
        return state


def story_order(bible: Bible) -> list[Beat]:
    """Every beat of ``bible`` in story order (cycles fall back to written order).

    >>> from story_bible import load_text
    >>> b = load_text('''
    ... arcroom: 1
    ... series: {title: T}
    ... seasons: {S1: {title: One, episodes: 2}}
    ... arcs:
    ...   a:
    ...     season: S1
    ...     title: A
    ...     beats:
    ...       late: {at: S1E02}
    ...       second: {at: S1E01, after: [first]}
    ...       first: {at: S1E01}
    ... ''')
    >>> [beat.id for beat in story_order(b)]
    ['first', 'second', 'late']
    """
    written = {beat_id: i for i, beat_id in enumerate(bible.beats)}
    episodes: dict[Position, list[Beat]] = defaultdict(list)
    for beat in bible.beats.values():
        episodes[beat.at].append(beat)
    ordered: list[Beat] = []
    for position in sorted(episodes):
        group = episodes[position]
        if len(group) > 1 and any(b.after for b in group):
            group = _within_episode(group, written)
        ordered.extend(group)
    return ordered


def _within_episode(group: list[Beat], written: dict[str, int]) -> list[Beat]:
    here = {beat.id: beat for beat in group}
    # Most rooms write an episode's beats in order; then that order is the
    # answer (every link points forward) and no sort is needed.
    if all(
        written[a] < written[b.id] for b in group for a in b.after if a in here
    ):
        return group
    graph = nx.DiGraph()
    graph.add_nodes_from(here)
    graph.add_edges_from((a, b.id) for b in group for a in b.after if a in here)
    try:
        names = nx.lexicographical_topological_sort(graph, key=written.__getitem__)
        return [here[name] for name in names]
    except nx.NetworkXUnfeasible:
        return group


def build_story(bible: Bible) -> Story:
    """Walk the beats in story order, recording states before each beat."""
    beats = story_order(bible)
    current = {
        cid: State(c.status, c.faction) for cid, c in bible.characters.items()
    }
    before: dict[str, dict[str, State]] = {}
    appearances: dict[str, list[Beat]] = defaultdict(list)
    for beat in beats:
        seen: dict[str, State] = {}
        for cid in beat.characters:
            appearances[cid].append(beat)
            if cid in current:
                seen[cid] = current[cid]
        for cid, change in beat.changes.items():
            state = current.get(cid)
            if state is None:
                continue
            seen.setdefault(cid, state)
            current[cid] = _apply(state, change.status, change.faction)
        before[beat.id] = seen
    rank = {beat.id: i for i, beat in enumerate(beats)}
    return Story(bible, beats, rank, before, dict(appearances))


def _apply(state: State, status: str | None, faction: str | None) -> State:
    return State(status or state.status, faction or state.faction)


def stance_at(relations: list[Relation], a: str, b: str, position: Position) -> str | None:
    """The stance between factions ``a`` and ``b`` at ``position`` (None if none is set)."""
    pair = {a, b}
    found = None
    for relation in relations:
        if set(relation.between) == pair and relation.start <= position and (
            relation.until is None or position <= relation.until
        ):
            found = relation.stance
    return found


class Stances:
    """Relations indexed by faction pair, so a stance lookup reads only that pair's relations.

    Answers as :func:`stance_at` does (the last written relation covering the
    episode wins), in time proportional to the pair's relations, not all of them.
    """

    def __init__(self, relations: list[Relation]) -> None:
        self.by_pair: dict[frozenset[str], list[Relation]] = defaultdict(list)
        for relation in relations:
            self.by_pair[frozenset(relation.between)].append(relation)

    def relation_at(self, a: str, b: str, position: Position) -> Relation | None:
        """The relation that sets ``a`` and ``b``'s stance at ``position``, if any."""
        found = None
        for relation in self.by_pair.get(frozenset((a, b)), ()):
            if relation.start <= position and (
                relation.until is None or position <= relation.until
            ):
                found = relation
        return found

    def at(self, a: str, b: str, position: Position) -> str | None:
        """The stance between ``a`` and ``b`` at ``position`` (None if none is set)."""
        relation = self.relation_at(a, b, position)
        return relation.stance if relation else None
