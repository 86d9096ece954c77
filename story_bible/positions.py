"""Episode positions: ``S1E07`` (an episode) and ``S2`` (a whole season).

A :class:`Position` orders by season, then episode. A whole season written
where a point in time is expected means its first episode (``from: S2``) or,
at the end of a span, its last (``until: S2``); :func:`parse_position` only
reads the text, and the loader applies the season's length.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Episodes are written with up to three digits: S1E999 is the last there can be.
MAX_EPISODES = 999
SEASON_ID = re.compile(r"S([1-9][0-9]{0,2})")
_POSITION = re.compile(r"S([1-9][0-9]{0,2})(?:E([0-9]{1,3}))?")


class Position(NamedTuple):
    """A point in the plan: season number and episode number (both 1-based)."""

    season: int
    episode: int

    def __str__(self) -> str:
        return f"S{self.season}E{self.episode:02d}"

    @property
    def season_id(self) -> str:
        return f"S{self.season}"


class PositionError(ValueError):
    """Text that is not a position (``S0E1``, ``E3``, ``S1E00``)."""


def season_number(season_id: str) -> int | None:
    """The number of a season id (``"S2"`` -> 2), or None if it is not one."""
    match = SEASON_ID.fullmatch(season_id)
    return int(match.group(1)) if match else None


def parse_position(text: str) -> tuple[int, int | None]:
    """Read ``S1E07`` as ``(1, 7)`` and ``S2`` as ``(2, None)``.

    >>> parse_position("S1E07")
    (1, 7)
    >>> parse_position("S3")
    (3, None)
    """
    match = _POSITION.fullmatch(text)
    if match is None:
        raise PositionError(f"{text!r} is not an episode position")
    season, episode = match.groups()
    if episode is not None and int(episode) == 0:
        raise PositionError(f"{text!r}: episodes are numbered from 1")
    return int(season), int(episode) if episode is not None else None
