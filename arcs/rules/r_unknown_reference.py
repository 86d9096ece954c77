"""R001 unknown-reference: a name that no entity in the bible has.

A beat lists ``nam-ar`` instead of ``nam-ra``, an arc ``requires`` an arc that
was cut, a change sets a status the bible never defined. Every reference in
the format (``faction``, ``status``, ``characters``, ``factions``, ``after``,
``requires``, ``season(s)``, ``changes``, ``between``, ``becomes``,
``sets_up``, ``pays_off``) must name an id that exists, or the plan says
something no one wrote.

Failing::

    characters:
      nam-ra: {name: Choi Nam-ra}
    arcs:
      escape:
        season: S1
        title: Escape
        beats:
          bitten: {at: S1E07, characters: [nam-ar]}   # R001, did you mean 'nam-ra'?

Passing::

          bitten: {at: S1E07, characters: [nam-ra]}

Silence it: fix the name; ``ignore: [R001]`` on the entity that holds it.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "R001"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR
SUMMARY = "A reference names an id that does not exist."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    for ref in ctx.misreferences:
        if ref.target in ctx.kinds:
            continue
        close = ctx.suggest(ref.target, ref.kind)
        hint = (
            f"did you mean {close!r}?" if close
            else f"define {ref.kind} {ref.target!r}, or fix the name"
        )
        yield Diagnostic.at(
            ref.entity.span(*ref.path, key=ref.key), CODE, SEVERITY,
            f"unknown {ref.kind} {ref.target!r} in '{ref.field}' of {ref.entity.id}",
            ref.entity.id, hint,
        )
