"""Where ctrl+up/down moves a beat from the outline or the graph: the arc beside its own.

The board moves a card to the arc of the row above or below. The outline and
the graph have no such rows; there the arc above or below is the one written
before or after the beat's own among its season's arcs, as the outline lists
them, so the beat keeps its episode.
"""

from __future__ import annotations

from story_bible.model import Bible


def arc_beside(bible: Bible, beat_id: str, step: int) -> str | None:
    """The arc ``step`` (-1 above, 1 below) from ``beat_id``'s own in its season; None at
    the edge (or for what is not a beat)."""
    beat = bible.beats.get(beat_id)
    if beat is None or beat.arc not in bible.arcs:
        return None
    season = beat.at.season_id
    arcs = [a.id for a in bible.arcs.values() if season in a.seasons or a.id == beat.arc]
    at = arcs.index(beat.arc) + step
    return arcs[at] if 0 <= at < len(arcs) else None
