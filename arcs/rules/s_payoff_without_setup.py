"""S002 payoff-without-setup: a beat pays something off that was never set up.

A beat's ``payoff:`` text resolves a promise. A payoff with no setup linked
to it lands from nowhere — the rescue no one hinted at, the cure that
appears in the last episode — and audiences call that a cheat. Link the
beat that plants it (``pays_off: [setup-beat]`` here, or ``sets_up`` there),
or plant one.

Failing::

    arcs:
      the-cure:
        seasons: [S2, S3]
        title: The cure
        beats:
          cure: {at: S3E12, payoff: Nam-ra's blood is the cure}    # S002

Passing::

          lab-notes: {at: S2E04, setup: Nam-ra's blood fights the virus}
          cure:      {at: S3E12, payoff: Nam-ra's blood is the cure, pays_off: [lab-notes]}

Silence it: link or plant the setup; ``ignore: [S002]`` on the beat.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules._text import quote

CODE = "S002"
NAME = "payoff-without-setup"
SEVERITY = Severity.WARNING
SUMMARY = "A beat's payoff has no setup (no pays_off from it, no sets_up to it)."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    set_up = {link.payoff for link in ctx.setup_links}
    for beat in ctx.story.beats:
        if beat.payoff is None or beat.id in set_up:
            continue
        yield Diagnostic.at(
            beat.span("payoff"), CODE, SEVERITY,
            f"the payoff of {beat.id} ({beat.at}), {quote(beat.payoff)}, has no setup",
            beat.id,
            "add 'pays_off: [<setup beat>]' here, or 'sets_up: "
            f"[{beat.id}]' on the beat that plants it",
        )
