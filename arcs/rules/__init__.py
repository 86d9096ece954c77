"""The rule catalogue: an explicit registry of every code arcroom reports.

Each rule module has ``CODE``, ``NAME``, ``SEVERITY``, ``SUMMARY``, a
``check(ctx)`` generator and a docstring that is its documentation
(``arcroom rules CODE`` prints it). B codes come from the loader and are
documented in :mod:`arcs.rules.b_format`. Looking up an unknown code raises.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules import (
    c_appears_while_dead,
    c_forbidden_change,
    r_unknown_reference,
    r_wrong_kind,
    t_before_after,
    t_cycle,
)
from arcs.rules.b_format import FORMAT_RULES

Check = Callable[[Context], Iterator[Diagnostic]]

FAMILIES = {
    "B": "bible format (found while loading)",
    "R": "references",
    "T": "time and order",
    "C": "character continuity",
    "F": "factions and relations",
    "S": "story craft",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None = None

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            module.CODE, module.NAME, module.SEVERITY, module.SUMMARY,
            inspect.cleandoc(module.__doc__ or ""), module.check,
        )


class UnknownRule(KeyError):
    """A rule code that is not in the catalogue."""

    def __str__(self) -> str:
        return f"unknown rule code {self.args[0]!r}; `arcroom rules` lists them"


_MODULES = (
    r_unknown_reference,
    r_wrong_kind,
    t_cycle,
    t_before_after,
    c_appears_while_dead,
    c_forbidden_change,
)

RULES: dict[str, Rule] = {
    **{
        r.code: Rule(r.code, r.name, Severity.ERROR, r.summary, r.doc)
        for r in FORMAT_RULES
    },
    **{m.CODE: Rule.from_module(m) for m in _MODULES},
}


def get_rule(code: str) -> Rule:
    """The rule with ``code`` (or name); raises :class:`UnknownRule`."""
    rule = RULES.get(code.upper())
    if rule is None:
        rule = next((r for r in RULES.values() if r.name == code), None)
    if rule is None:
        raise UnknownRule(code)
    return rule
