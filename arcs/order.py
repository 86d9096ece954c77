"""Story order, and what is true at each beat of it.

Story order is season, then episode, then ``after`` order among the beats of
one episode, then the order the beats are written in. Walking the beats in
that order and applying their ``changes`` gives each character's
:class:`~arcs.state.Timeline`: their status and faction at every beat and at
the end of every episode. Rules, queries and the editor ask :class:`Story`;
nobody re-derives it (a faction pair's stance is :class:`arcs.state.Stances`).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from arcs.state import State, Timeline
from story_bible.model import Beat, Bible
from story_bible.positions import Position


@dataclass(slots=True)
class Story:
    """The bible's beats in story order, and each character's state at each of them."""

    bible: Bible
    beats: list[Beat]
    rank: dict[str, int]
    #: character id -> their states in story order (every character of the bible).
    timelines: dict[str, Timeline]
    #: character id -> beats that list them, in story order.
    appearances: dict[str, list[Beat]] = field(default_factory=dict)

    def state_before(self, beat: Beat, character: str) -> State | None:
        """A character's state just before ``beat`` (None for an unknown character or beat)."""
        timeline = self.timelines.get(character)
        rank = self.rank.get(beat.id)
        return None if timeline is None or rank is None else timeline.before(rank)

    def state_after(self, beat: Beat, character: str) -> State | None:
        """A character's state once ``beat``'s changes are made (None as for state_before)."""
        timeline = self.timelines.get(character)
        rank = self.rank.get(beat.id)
        return None if timeline is None or rank is None else timeline.after(rank)

    def state_at(self, character: str, position: Position) -> State | None:
        """A character's state at the end of an episode (after its beats)."""
        timeline = self.timelines.get(character)
        return None if timeline is None else timeline.at_end_of(position)

    def states_by_episode(self, ends: list[Position]) -> dict[Position, dict[str, State]]:
        """Every character's state at the end of each episode in ``ends``."""
        return {
            end: {cid: timeline.at_end_of(end) for cid, timeline in self.timelines.items()}
            for end in ends
        }


def episodes(bible: Bible, season: str | None = None) -> list[Position]:
    """Every episode of the plan in order (or of one season)."""
    return [
        Position(s.number, n)
        for s in sorted(bible.seasons.values(), key=lambda s: s.number)
        if season in (None, s.id)
        for n in range(1, s.episodes + 1)
    ]


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
    beats = bible.beats
    episodes: dict[Position, list[Beat]] = defaultdict(list)
    # Most rooms write an episode's beats in order: then every ``after`` link
    # within the episode names a beat written before, written order is the
    # answer, and only the episodes where a link points ahead need sorting.
    ahead: set[Position] = set()
    written: set[str] = set()
    for beat in beats.values():
        episodes[beat.at].append(beat)
        if not written.issuperset(beat.after) and any(
            name not in written and name in beats and beats[name].at == beat.at
            for name in beat.after
        ):
            ahead.add(beat.at)
        written.add(beat.id)
    written_order = {beat_id: i for i, beat_id in enumerate(beats)} if ahead else {}
    ordered: list[Beat] = []
    for position in sorted(episodes):
        group = episodes[position]
        if position in ahead:
            group = _within_episode(group, written_order)
        ordered.extend(group)
    return ordered


def _within_episode(group: list[Beat], written: dict[str, int]) -> list[Beat]:
    """An episode's beats, each after those it names, else in the order written.

    The standard library's graphlib sorts; of the beats free to come next,
    the one written first goes (the order networkx's
    ``lexicographical_topological_sort`` gives, without importing networkx
    into every `arcroom check`). A cycle keeps written order: T001 reports it.
    """
    here = {beat.id: beat for beat in group}
    sorter = TopologicalSorter({b.id: [a for a in b.after if a in here] for b in group})
    try:
        sorter.prepare()
    except CycleError:
        return group
    ready = [(written[name], name) for name in sorter.get_ready()]
    heapq.heapify(ready)
    ordered: list[Beat] = []
    while ready:
        _, name = heapq.heappop(ready)
        ordered.append(here[name])
        sorter.done(name)
        for free in sorter.get_ready():
            heapq.heappush(ready, (written[free], free))
    return ordered


def build_story(bible: Bible) -> Story:
    """Walk the beats in story order, recording who each lists and what each changes."""
    beats = story_order(bible)
    timelines = {
        cid: Timeline.starting(State(c.status, c.faction)) for cid, c in bible.characters.items()
    }
    appearances: dict[str, list[Beat]] = defaultdict(list)
    for i, beat in enumerate(beats):
        for cid in beat.characters:
            appearances[cid].append(beat)
        for cid, change in beat.changes.items():
            timeline = timelines.get(cid)
            if timeline is not None:
                timeline.change(i, beat.at, change.status, change.faction)
    rank = {beat.id: i for i, beat in enumerate(beats)}
    return Story(bible, beats, rank, timelines, dict(appearances))
