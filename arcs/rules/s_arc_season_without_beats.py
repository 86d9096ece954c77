"""S008 arc-season-without-beats: an arc says it runs in a season where it has no beats.

``seasons: [S1, S2]`` places a long arc in both seasons; if all its beats
are in S1, the S2 part is not planned yet, or the arc ended sooner than its
entry says. A craft note; arcs with no beats at all are S003.

Failing::

    arcs:
      escape-hyosan:
        seasons: [S1, S2]          # S008: no beats in S2
        title: Escape Hyosan High
        beats:
          outbreak: {at: S1E01}

Passing::

        seasons: [S1]

Silence it: plan the arc's beats there, or take the season out;
``ignore: [S008]`` on the arc.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "S008"
NAME = "arc-season-without-beats"
SEVERITY = Severity.INFO
SUMMARY = "An arc lists a season in which it has no beats."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids", "seasons"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    seasons = ctx.bible.seasons
    arc_beats = ctx.arc_beats  # the arc's beats, whole even when only some arcs are checked
    for arc in ctx.bible.arcs.values():
        beats = arc_beats.get(arc.id)
        if not beats:
            continue
        # Beats share a few episodes: take each episode's season once.
        covered = {at.season_id for at in {beat.at for beat in beats}}
        field = "season" if arc.node_at("season") is not None else "seasons"
        for i, season in enumerate(arc.seasons):
            if season in covered or season not in seasons:
                continue
            path: tuple[str | int, ...] = (field,) if field == "season" else (field, i)
            yield Diagnostic.at(
                arc.span(*path), CODE, SEVERITY,
                f"arc {arc.id} runs in {season}, but none of its beats is there",
                arc.id, f"plan {arc.id}'s beats in {season}, or take {season} out of its seasons",
            )
