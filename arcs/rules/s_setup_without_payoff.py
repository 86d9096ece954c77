"""S001 setup-without-payoff: a beat plants a setup that nothing pays off.

A beat's ``setup:`` text is a promise to the audience (Chekhov's gun: the
locked broadcasting room, the vial in the lab). A promise the plan never
keeps is either forgotten or not yet planned; the room should know which.
A setup is paid off when it ``sets_up`` a beat, or a beat ``pays_off`` it.

Setups in an arc marked ``open: true`` (deliberately left open at the end)
are not reported: they are the threads left hanging on purpose.

Failing::

    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          broadcast-room: {at: S1E04, setup: The broadcasting room still has power}   # S001

Passing::

          broadcast-room: {at: S1E04, setup: The broadcasting room still has power,
                           sets_up: [on-air]}
          on-air:         {at: S1E09, payoff: On-jo's father hears them on the radio}

Silence it: link the payoff, mark the arc ``open: true``, or ``ignore: [S001]``
on the beat.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules._text import quote

CODE = "S001"
NAME = "setup-without-payoff"
SEVERITY = Severity.WARNING
SUMMARY = "A beat's setup is never paid off (no sets_up from it, no pays_off to it)."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    arcs = ctx.bible.arcs
    paid = {link.setup for link in ctx.setup_links}
    for beat in ctx.story.beats:
        if beat.setup is None or beat.id in paid or arcs[beat.arc].open:
            continue
        yield Diagnostic.at(
            beat.span("setup"), CODE, SEVERITY,
            f"the setup of {beat.id} ({beat.at}), {quote(beat.setup)}, is never paid off",
            beat.id,
            f"add 'sets_up: [<payoff beat>]' here or 'pays_off: [{beat.id}]' on the payoff, "
            f"or mark {beat.arc} 'open: true'",
        )

