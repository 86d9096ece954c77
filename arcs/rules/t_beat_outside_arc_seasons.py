"""T004 beat-outside-arc-seasons: a beat is placed in a season its arc does not run in.

An arc says when it runs (``season: S1``, or ``seasons: [S2, S3]`` for a long
arc); the episode grid, the season views and the exports place the arc there.
A beat ``at`` an episode of another season is either misplaced (``S2E03``
typed for ``S1E03``) or a sign that the arc now runs longer than it says.

Arcs that name a season the bible does not define are left to R001.

Failing::

    arcs:
      escape-hyosan:
        seasons: [S1]
        title: Escape Hyosan High
        beats:
          rooftop: {at: S2E11}               # T004: escape-hyosan runs in S1

Passing::

        seasons: [S1, S2]

Silence it: move the beat, or add its season to the arc's ``seasons``;
``ignore: [T004]`` on the beat or its arc.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules._text import seasons_phrase

CODE = "T004"
NAME = "beat-outside-arc-seasons"
SEVERITY = Severity.ERROR
SUMMARY = "A beat is placed in a season its arc does not run in."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids", "seasons"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    seasons = ctx.bible.seasons
    for arc in ctx.bible.arcs.values():
        if not arc.seasons or any(s not in seasons for s in arc.seasons):
            continue
        runs = set(arc.seasons)
        # An arc's beats share a few episodes: each episode is tested once, and
        # the beats are walked only for an arc with one outside its seasons.
        episodes = {beat.at for beat in arc.beats.values()}
        outside = {at for at in episodes if at.season_id not in runs}
        if not outside:
            continue
        where = seasons_phrase(arc.seasons)
        for beat in arc.beats.values():
            if beat.at in outside:
                season = beat.at.season_id
                yield Diagnostic.at(
                    beat.span("at"), CODE, SEVERITY,
                    f"{beat.id} is at {beat.at}, but its arc {arc.id} runs in {where}",
                    beat.id, f"move {beat.id} into {where}, or add {season} to {arc.id}'s seasons",
                )
