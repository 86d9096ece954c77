"""S005 open-at-end: an arc marked ``open: true`` — a thread the plan leaves hanging.

``open: true`` says an arc is deliberately left unresolved. This craft note
lists those threads where the plan ends, so the room sees in one place what
the finale leaves hanging: an arc that reaches the last season is a hook for
a next season; one that stops earlier is a thread the plan drops while the
story goes on (its unresolved setups are not reported by S001).

Failing::

    seasons:
      S1: {title: Survival of mankind, episodes: 12}
      S2: {title: Survival of the zombies, episodes: 12}
    arcs:
      su-hyeok-father:
        season: S1
        title: Su-hyeok's father in the army
        open: true                            # S005: dropped after S1E10
        beats:
          radio-call: {at: S1E10, setup: His father leads the quarantine}

Passing::

        open: false
        beats:
          radio-call: {at: S1E10, setup: His father leads the quarantine, sets_up: [reunion]}
          reunion:    {at: S1E12, payoff: They meet at the barricade}

Silence it: resolve the arc and drop ``open``; ``ignore: [S005]`` on the arc
to keep it as a deliberate hook.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "S005"
NAME = "open-at-end"
SEVERITY = Severity.INFO
SUMMARY = "An arc is left open (open: true) at the end of the plan."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids", "seasons"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    end = ctx.bible.last_position
    for arc in ctx.bible.arcs.values():
        if not arc.open:
            continue
        beats = ctx.arc_beats[arc.id]
        if not beats or end is None:
            where = "it has no beats yet"
        elif beats[-1].at.season == end.season:
            where = f"it reaches the last season ({beats[-1].id}, {beats[-1].at}): a hook"
        else:
            where = (
                f"its last beat is {beats[-1].id} ({beats[-1].at}) and nothing after it, "
                f"to the end at {end}, takes it up"
            )
        yield Diagnostic.at(
            arc.span("open"), CODE, SEVERITY,
            f"arc {arc.id} is left open at the end of the plan; {where}",
            arc.id, f"resolve {arc.id} and drop 'open', or keep the hook (ignore: [S005])",
        )
