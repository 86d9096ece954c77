"""``arcroom rules [CODE]``: the rule catalogue, or one rule's documentation."""

from __future__ import annotations

import argparse

from arcs.rules import FAMILIES, RULES, UnknownRule, get_rule
from arcs.rules.docs import as_text, plain
from tui.commands import Exit, UsageError


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("rules")
    parser.add_argument("code", nargs="?", metavar="CODE", help="a rule code (C001) or name")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.code:
        try:
            rule = get_rule(args.code)
        except UnknownRule as exc:
            raise UsageError(str(exc)) from None
        print(as_text(rule))
        return Exit.OK
    family = ""
    for rule in RULES.values():
        if rule.code[0] != family:
            family = rule.code[0]
            gap = "" if rule is next(iter(RULES.values())) else "\n"
            print(f"{gap}{family}: {FAMILIES[family]}")
        print(f"  {rule.code}  {rule.severity!s:<8} {rule.name:<28} {plain(rule.summary)}")
    return Exit.OK
