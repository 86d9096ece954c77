"""``arcroom check``: the consistency linter for CI and pre-commit."""

from __future__ import annotations

import argparse
import os
import sys

from arcs.checker import Selection, check_path, problems_of
from arcs.diagnostics import Severity
from arcs.report import FORMATS
from arcs.rules import RULES
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "check", help="check a bible's consistency, like a linter",
        description="Check a bible's consistency. Exit 0 when clean, 1 when problems at or "
        "above --fail-on were found, 2 when the bible could not be read.",
    )
    add_bible_argument(parser)
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="text", help="report format (default: text)"
    )
    parser.add_argument("--select", metavar="CODES", help="only these codes or prefixes, e.g. C,T001")
    parser.add_argument("--ignore", metavar="CODES", help="skip these codes or prefixes, e.g. S")
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto",
        help="colour the text report (default: auto, on a terminal without NO_COLOR)",
    )
    parser.set_defaults(run=run)


def codes(text: str | None) -> tuple[str, ...]:
    """Parse ``C001,T`` into codes and prefixes, refusing ones that match no rule."""
    if not text:
        return ()
    found = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    for code in found:
        if not any(c.startswith(code) for c in RULES):
            raise UsageError(f"unknown rule code or prefix {code!r}; `arcroom rules` lists them")
    return found


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def run(args: argparse.Namespace) -> int:
    path = resolve_bible(args)
    selection = Selection(select=codes(args.select), ignore=codes(args.ignore))
    result = check_path(path, selection)
    FORMATS[args.format](result, sys.stdout, color=_use_color(args.color))
    if result.bible is None:
        return Exit.UNUSABLE
    failing = problems_of(result.diagnostics, Severity.parse(args.fail_on))
    return Exit.PROBLEMS if failing else Exit.OK
