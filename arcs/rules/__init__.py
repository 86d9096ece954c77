"""The rule catalogue: an explicit registry of every code arcroom reports.

Each rule module has ``CODE``, ``NAME``, ``SEVERITY``, ``SUMMARY``, a
``check(ctx)`` generator and a docstring that is its documentation
(``arcroom rules CODE`` prints it). B codes come from the loader and are
documented in :mod:`arcs.rules.b_format`. Looking up an unknown code raises.

A docstring's ``Failing::`` and ``Passing::`` examples are run as tests
(``tests/arcs/rules/test_documented_examples.py``), so they follow one
convention. An example is a bible without its head: ``arcroom: 1``, a
series title and (unless it writes ``seasons:``) seasons S1-S3 of 12
episodes are added; statuses are the defaults unless it writes ``statuses:``;
it writes everything else it names. ``# CODE`` ends each Failing line the
rule reports on, and no other. A Passing example gives keys new values:
each key at its outer indentation, with the lines under it, replaces the same
key at the same indentation in the Failing example; a key it lacks goes
where the Passing example puts it (after the key before, else before the
key after). The rule must not report on the result.
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
    c_change_in_flashback,
    c_change_to_absent,
    c_defects_to_enemy,
    c_forbidden_change,
    c_introduction_not_shown,
    c_redundant_change,
    c_used_before_introduced,
    f_contradictory_stances,
    f_enemies_in_alliance,
    f_self_relation,
    f_unused_faction,
    r_repeated_reference,
    r_unknown_reference,
    r_wrong_kind,
    s_arc_season_without_beats,
    s_arc_without_beats,
    s_character_used_once,
    s_episode_without_beats,
    s_open_at_end,
    s_payoff_without_setup,
    s_season_without_arcs,
    s_setup_without_payoff,
    t_beat_outside_arc_seasons,
    t_before_after,
    t_cycle,
    t_payoff_before_setup,
    t_relation_ends_before_start,
    t_requires_later_arc,
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
    r_repeated_reference,
    t_cycle,
    t_before_after,
    t_requires_later_arc,
    t_beat_outside_arc_seasons,
    t_relation_ends_before_start,
    t_payoff_before_setup,
    c_appears_while_dead,
    c_forbidden_change,
    c_change_to_absent,
    c_used_before_introduced,
    c_defects_to_enemy,
    c_redundant_change,
    c_change_in_flashback,
    c_introduction_not_shown,
    f_contradictory_stances,
    f_self_relation,
    f_unused_faction,
    f_enemies_in_alliance,
    s_setup_without_payoff,
    s_payoff_without_setup,
    s_arc_without_beats,
    s_episode_without_beats,
    s_open_at_end,
    s_character_used_once,
    s_season_without_arcs,
    s_arc_season_without_beats,
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
