"""What the factions and character views show, worked out from the story order.

Pure functions over :class:`arcs.order.Story` (no Textual): each character's
state at the end of every episode, and each faction pair's stances over a
stretch of episodes. One pass over the beats, so a 1,000-beat plan is fast
enough to redo after every edit.
"""

from __future__ import annotations

from arcs.order import State, Story, stance_at
from story_bible.model import Bible
from story_bible.positions import Position


def episodes(bible: Bible, season: str | None = None) -> list[Position]:
    """Every episode of the plan in order (or of one season)."""
    return [
        Position(s.number, n)
        for s in sorted(bible.seasons.values(), key=lambda s: s.number)
        if season in (None, s.id)
        for n in range(1, s.episodes + 1)
    ]


def states_by_episode(story: Story, ends: list[Position]) -> dict[Position, dict[str, State]]:
    """Every character's state at the end of each episode in ``ends`` (sorted)."""
    bible = story.bible
    current = {cid: State(c.status, c.faction) for cid, c in bible.characters.items()}
    out: dict[Position, dict[str, State]] = {}
    beats = story.beats
    i = 0
    for end in ends:
        while i < len(beats) and beats[i].at <= end:
            for cid, change in beats[i].changes.items():
                state = current.get(cid)
                if state is not None:
                    current[cid] = State(
                        change.status or state.status, change.faction or state.faction
                    )
            i += 1
        out[end] = dict(current)
    return out


def faction_pairs(bible: Bible) -> list[tuple[str, str]]:
    """The pairs of factions that have relations, in the order they are first written."""
    pairs: dict[tuple[str, str], None] = {}
    for relation in bible.relations:
        a, b = relation.between
        pairs.setdefault((a, b) if (b, a) not in pairs else (b, a), None)
    return list(pairs)


def stances_over(bible: Bible, a: str, b: str, span: list[Position]) -> list[str]:
    """The stances between ``a`` and ``b`` over ``span``, each change listed once."""
    seen: list[str] = []
    for position in span:
        stance = stance_at(bible.relations, a, b, position) or "·"
        if not seen or seen[-1] != stance:
            seen.append(stance)
    return seen


def relation_for(bible: Bible, a: str, b: str, position: Position) -> str | None:
    """The id of the relation that sets ``a``/``b``'s stance at ``position``, if one does."""
    found = None
    for relation in bible.relations:
        if set(relation.between) == {a, b} and relation.start <= position and (
            relation.until is None or position <= relation.until
        ):
            found = relation.id
    return found
