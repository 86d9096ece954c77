"""R002 wrong-kind-reference: a reference names an id of the wrong kind.

Ids share one namespace, so ``after: [escape-hyosan]`` finds something, but
an arc is not a beat: the beat cannot come after it. The same goes for a
faction listed among a beat's characters, a character used as a status, and
so on.

Failing::

    arcs:
      escape-hyosan:
        season: S1
        title: Escape
        beats:
          outbreak: {at: S1E01}
          rooftop:  {at: S1E08, after: [escape-hyosan]}   # R002: an arc, not a beat

Passing::

          rooftop:  {at: S1E08, after: [outbreak]}

Silence it: name an id of the right kind; ``ignore: [R002]`` on the entity.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "R002"
NAME = "wrong-kind-reference"
SEVERITY = Severity.ERROR
SUMMARY = "A reference names an id of another kind (an arc where a beat belongs, ...)."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    for ref in ctx.misreferences:
        kind = ctx.kinds.get(ref.target)
        if kind is None or kind == ref.kind:
            continue
        yield Diagnostic.at(
            ref.entity.span(*ref.path, key=ref.key), CODE, SEVERITY,
            f"'{ref.field}' of {ref.entity.id} should name {_a(ref.kind)}, "
            f"but {ref.target!r} is {_a(kind)}",
            ref.entity.id, f"name {_a(ref.kind)} here",
        )


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
