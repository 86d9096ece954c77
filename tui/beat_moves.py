"""The keys that move a beat from the outline or the graph, and where ctrl+up/down go.

The board moves a card to the arc of the row above or below. The outline and
the graph have no such rows; there the arc above or below is the one written
before or after the beat's own among its season's arcs, as the outline lists
them, so the beat keeps its episode.
"""

from __future__ import annotations

from textual.binding import Binding

from story_bible.model import Bible

#: The keys that move the chosen beat in the outline and the graph, as the board's
#: move its card (one key, one meaning); each pane's ``action_move`` posts the move.
BEAT_MOVES = [
    Binding("shift+left", "move('episode', -1)", "Beat to the episode before", show=False),
    Binding("shift+right", "move('episode', 1)", "Beat to the episode after", show=False),
    Binding("shift+up", "move('order', -1)", "Beat earlier in its episode", show=False),
    Binding("shift+down", "move('order', 1)", "Beat later in its episode", show=False),
    Binding("ctrl+up", "move('arc', -1)", "Beat to the arc above", show=False),
    Binding("ctrl+down", "move('arc', 1)", "Beat to the arc below", show=False),
]


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
