"""S007 season-without-arcs: a season no arc runs in.

Every season of the plan should carry at least one arc (``season: S3`` or
``seasons: [..., S3]``); a season without one is planned in name only, and
the episode grid, the graph and the exports show it empty.

Failing::

    seasons:
      S1: {title: Survival of mankind, episodes: 12}
      S2: {title: Survival of the zombies, episodes: 12}   # S007: no arc runs in S2
    arcs:
      escape-hyosan: {season: S1, title: Escape Hyosan High}

Passing::

      escape-hyosan: {seasons: [S1, S2], title: Escape Hyosan High}

Silence it: add an arc, or delete the season; ``ignore: [S007]`` on the season.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "S007"
NAME = "season-without-arcs"
SEVERITY = Severity.WARNING
SUMMARY = "A season has no arc running in it."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"arcs", "ids", "seasons"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    used = {season for arc in ctx.bible.arcs.values() for season in arc.seasons}
    for season in ctx.bible.seasons.values():
        if season.id not in used:
            yield Diagnostic.at(
                season.span(), CODE, SEVERITY,
                f"no arc runs in {season.id} ({season.title!r})",
                season.id,
                f"add an arc with 'season: {season.id}', add {season.id} to a long arc's "
                "'seasons', or delete the season",
            )
