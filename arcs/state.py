"""What holds when: a character's state along story order, a faction pair's stance at an episode.

The one answer to "what is true at this moment", shared by the rules, the
queries (``arcroom show timeline``/``stances``), the exports and the editor:

* :class:`Timeline` — one character's status and faction, changing only
  where a beat changes them, looked up by a beat's rank in story order
  (before or after its changes) or at the end of an episode;
* :class:`Stances` — relations indexed by faction pair: which relation,
  and so which stance, holds between two factions at an episode (the last
  written relation covering the episode wins).

Both are plain data over plain inputs (ranks, positions, relation-like
records), so the bible's story (:mod:`arcs.order`) and the bible graph
(:mod:`arcs.graph`) build them alike.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, Protocol, TypeVar

from story_bible.positions import Position


@dataclass(frozen=True, slots=True)
class State:
    """A character's status and faction at one moment."""

    status: str
    faction: str | None

    def changed(self, status: str | None, faction: str | None) -> State:
        """The state a change leaves: what it sets, the rest kept."""
        return State(status or self.status, faction or self.faction)


@dataclass(slots=True)
class Timeline:
    """One character's states through the story, changing only where a beat changes them.

    ``states[0]`` is how they start; ``states[i + 1]`` is what the beat at
    rank ``changed[i]`` (placed at episode ``when[i]``) leaves them in. A
    character's states are kept once, not once per beat, and a beat's rank
    (or an episode) finds the one in force by bisection.

    >>> line = Timeline.starting(State("human", "survivors"))
    >>> line.change(4, Position(1, 7), "infected", None)
    >>> line.before(4).status, line.after(4).status, line.at_end_of(Position(1, 6)).status
    ('human', 'infected', 'human')
    """

    changed: list[int]
    states: list[State]
    when: list[Position] = field(default_factory=list)

    @classmethod
    def starting(cls, state: State) -> Timeline:
        """A timeline that holds ``state`` until a change is recorded."""
        return cls([], [state], [])

    def change(self, rank: int, at: Position, status: str | None, faction: str | None) -> None:
        """Record the change of the beat at ``rank`` (placed at ``at``); ranks come in order."""
        self.changed.append(rank)
        self.when.append(at)
        self.states.append(self.states[-1].changed(status, faction))

    def before(self, rank: int) -> State:
        """The state just before the beat at ``rank`` (before its own changes)."""
        return self.states[bisect_left(self.changed, rank)]

    def after(self, rank: int) -> State:
        """The state the beat at ``rank`` leaves the character in."""
        return self.states[bisect_right(self.changed, rank)]

    def at_end_of(self, episode: Position) -> State:
        """The state once every beat up to the end of ``episode`` has made its changes."""
        return self.states[bisect_right(self.when, episode)]


def holds(start: Position | None, until: Position | None, when: Position) -> bool:
    """Whether a stretch from ``start`` until ``until`` (inclusive, either open) covers ``when``."""
    return (start is None or start <= when) and (until is None or when <= until)


class Held(Protocol):
    """What :class:`Stances` reads of a relation: its pair, stance and stretch."""

    @property
    def between(self) -> tuple[str, str]: ...
    @property
    def stance(self) -> str: ...
    @property
    def start(self) -> Position: ...
    @property
    def until(self) -> Position | None: ...


class StanceSpan(NamedTuple):
    """A relation as the bible graph's ``stance`` edge holds it."""

    between: tuple[str, str]
    stance: str
    start: Position
    until: Position | None


R = TypeVar("R", bound=Held)


class Stretch(NamedTuple):
    """One stance (None: none set) held from episode ``first`` to ``last``, inclusive."""

    first: Position
    last: Position
    stance: str | None


class Stances(Generic[R]):
    """Relations indexed by faction pair, so a stance lookup reads only that pair's relations.

    Where a pair's relations overlap, the last written one covering the
    episode wins. ``relations`` are the bible's (:class:`~story_bible.model.Relation`)
    or the graph's (:class:`StanceSpan`), in the order written.

    >>> s = Stances([StanceSpan(("halbies", "horde"), "war", Position(2, 1), Position(2, 7)),
    ...              StanceSpan(("horde", "halbies"), "ally", Position(2, 8), None)])
    >>> s.at("halbies", "horde", Position(2, 5)), s.at("halbies", "horde", Position(1, 1))
    ('war', None)
    >>> [run.stance for run in s.stretches("halbies", "horde", [Position(2, 7), Position(2, 8)])]
    ['war', 'ally']
    """

    def __init__(self, relations: Iterable[R]) -> None:
        self.by_pair: dict[frozenset[str], list[R]] = defaultdict(list)
        for relation in relations:
            self.by_pair[frozenset(relation.between)].append(relation)

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs that have relations, in the order and orientation first written."""
        return [relations[0].between for relations in self.by_pair.values()]

    def relation_at(self, a: str, b: str, position: Position) -> R | None:
        """The relation that sets ``a`` and ``b``'s stance at ``position``, if any."""
        found = None
        for relation in self.by_pair.get(frozenset((a, b)), ()):
            if holds(relation.start, relation.until, position):
                found = relation
        return found

    def at(self, a: str, b: str, position: Position) -> str | None:
        """The stance between ``a`` and ``b`` at ``position`` (None if none is set)."""
        relation = self.relation_at(a, b, position)
        return relation.stance if relation else None

    def stretches(self, a: str, b: str, episodes: Sequence[Position]) -> list[Stretch]:
        """The stances between ``a`` and ``b`` over ``episodes`` (in order), each run once."""
        runs: list[Stretch] = []
        for episode in episodes:
            stance = self.at(a, b, episode)
            if runs and runs[-1].stance == stance:
                runs[-1] = runs[-1]._replace(last=episode)
            else:
                runs.append(Stretch(episode, episode, stance))
        return runs


def stance_at(relations: Iterable[Held], a: str, b: str, position: Position) -> str | None:
    """The stance between factions ``a`` and ``b`` at ``position`` (None if none is set).

    For one question; ask a :class:`Stances` built once when there are many.
    """
    return Stances(relations).at(a, b, position)
