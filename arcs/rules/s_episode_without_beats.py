"""S004 episode-without-beats: an episode of a season that no beat is placed in.

A craft note for planning: the season promises ``episodes: 12`` and an
episode has nothing planned yet. Each empty episode is reported once, at
its season.

Failing::

    seasons:
      S1: {title: Survival of mankind, episodes: 2}    # S004: S1E02 has no beats
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          outbreak: {at: S1E01}

Passing::

          outbreak: {at: S1E01}
          lockdown: {at: S1E02}

Silence it: plan a beat there, or shorten the season; ``ignore: [S004]`` on
the season.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from story_bible.model import Beat
from story_bible.positions import Position

CODE = "S004"
NAME = "episode-without-beats"
SEVERITY = Severity.INFO
SUMMARY = "An episode has no beats."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"ids", "order", "seasons"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    # Story order is by episode first: an episode's beats, if any, are where a
    # bisection finds them (no walk over every beat).
    beats = ctx.story.beats
    for season in ctx.bible.seasons.values():
        for episode in range(1, season.episodes + 1):
            position = Position(season.number, episode)
            i = bisect_left(beats, position, key=_at)
            if i < len(beats) and beats[i].at == position:
                continue
            yield Diagnostic.at(
                season.span(), CODE, SEVERITY,
                f"episode {position} ({season.id}, {season.title!r}) has no beats",
                season.id, f"plan a beat at {position}, or give {season.id} fewer 'episodes'",
            )


def _at(beat: Beat) -> Position:
    return beat.at
