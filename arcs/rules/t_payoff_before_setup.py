"""T006 payoff-before-setup: a payoff is placed in an earlier episode than its setup.

``sets_up: [beat]`` (on the setup) and ``pays_off: [beat]`` (on the payoff)
link a promise to where the story keeps it. A payoff the audience sees
before its setup pays off nothing: one of the beats is misplaced, or the
link points the wrong way.

Only an earlier episode is reported: inside one episode the room orders the
beats. A setup shown in a flashback may come after its payoff (the story
reveals, later, what was planted), so flashback setups are not reported.

Failing::

    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          rooftop-signal: {at: S1E11, setup: The kids paint SOS on the roof,
                           sets_up: [rescue]}    # T006: rescue is at S1E05
          rescue:         {at: S1E05, payoff: The helicopter saw the SOS}

Passing::

          rescue:         {at: S1E12, payoff: The helicopter saw the SOS}

Silence it: move a beat or fix the link; ``ignore: [T006]`` on the beat that
writes the link.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "T006"
NAME = "payoff-before-setup"
SEVERITY = Severity.ERROR
SUMMARY = "A payoff is placed in an earlier episode than its setup."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    beats = ctx.bible.beats
    for link in ctx.setup_links:
        setup, payoff = beats[link.setup], beats[link.payoff]
        if payoff.at >= setup.at or setup.flashback:
            continue
        yield Diagnostic.at(
            link.beat.span(*link.path), CODE, SEVERITY,
            f"{payoff.id} ({payoff.at}) pays off {setup.id}, which comes later ({setup.at})",
            link.beat.id,
            f"move {payoff.id} to {setup.at} or later, or link {payoff.id} to the right setup",
        )
