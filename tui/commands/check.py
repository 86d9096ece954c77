"""``arcroom check``: the consistency linter for CI and pre-commit.

Settings come from the room's configuration (``arcroom.toml`` or
``[tool.arcroom]``, see :mod:`arcs.config`); each flag given on the command
line replaces that key of the configuration. ``--baseline`` hides problems
the room has accepted; ``--write-baseline`` accepts today's.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from arcs.checker import Result, Selection, check_path, problems_of
from arcs.config import Config, ConfigError, discover, load_config
from arcs.diagnostics import Severity
from arcs.report import FORMATS
from arcs.report import text as text_report
from arcs.report.paths import relative_path
from arcs.rules import RULES
from story_bible.reading.loader import collector_paused
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "check",
        description="Check a bible's consistency. Exit 0 when clean, 1 when problems at or "
        "above --fail-on were found, 2 when the bible could not be fully read (a format "
        "problem, B001-B011: the rest of it is still checked and every problem is listed) or "
        "the configuration could not be read. "
        "Settings are read from arcroom.toml or [tool.arcroom] in pyproject.toml, found from "
        "the bible's folder upwards; each flag given here replaces that setting.",
    )
    add_bible_argument(parser)
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="text", help="report format (default: text)"
    )
    parser.add_argument(
        "--select", metavar="CODES", help="only these codes or prefixes, e.g. C,T001"
    )
    parser.add_argument("--ignore", metavar="CODES", help="skip these codes or prefixes, e.g. S")
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--sort", choices=text_report.ORDERS, default="severity",
        help="order of the text report: errors, warnings then infos, each in file order "
        "(severity, the default), or file order only (position)",
    )
    parser.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto",
        help="colour the text report (default: auto, on a terminal without NO_COLOR)",
    )
    parser.add_argument(
        "--config", metavar="FILE", type=Path,
        help="use this arcroom.toml or pyproject.toml instead of looking for one",
    )
    parser.add_argument(
        "--baseline", metavar="FILE", type=Path,
        help="hide the problems listed in FILE; report and fail only on new ones",
    )
    parser.add_argument(
        "--write-baseline", metavar="FILE", type=Path,
        help="accept today's problems: write them to FILE (for --baseline) and exit 0",
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


def _config(args: argparse.Namespace, bible: Path) -> Config:
    if args.config is not None:
        return load_config(args.config)
    # The bundled sample is nobody's project: a room's settings don't apply to it.
    return Config() if args.sample else discover(bible)


def run(args: argparse.Namespace) -> int:
    # The collector paused for the whole check, not only while loading and
    # checking: the bible's million objects, all made while it was off, would
    # otherwise be walked by the first collections after (the report's
    # allocations and imports): 0.1-0.15 s of a 20,000-beat check, for no garbage.
    with collector_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    # Reports name the bible relative to this folder when it is inside it, as ruff does.
    path = Path(relative_path(str(resolve_bible(args))))
    try:
        config = _config(args, path)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return Exit.UNUSABLE
    baseline = None
    if args.baseline:
        # Imported only here and for --write-baseline: most checks have no baseline.
        from arcs.baseline import BaselineError, read_baseline

        try:
            baseline = read_baseline(args.baseline)
        except BaselineError as exc:
            print(exc, file=sys.stderr)
            return Exit.UNUSABLE
    selection = Selection(
        select=codes(args.select) if args.select is not None else config.select or (),
        ignore=codes(args.ignore) if args.ignore is not None else config.ignore or (),
        severity=config.severity,
    )
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on or Severity.ERROR
    if args.write_baseline:
        return _write_baseline(check_path(path, selection), args.write_baseline)
    result = check_path(path, selection, baseline)
    result.fail_on = fail_on
    color = _use_color(args.color)
    # Written whole at the end: under PYTHONUNBUFFERED (common in CI images) each of
    # a report's small writes would be a system call (5 million for 100,000 problems).
    out = io.StringIO()
    if args.format == "text":
        text_report.write(result, out, color=color, order=args.sort)
    else:
        FORMATS[args.format](result, out, color=color)
    sys.stdout.write(out.getvalue())
    # CI never merges (and CI=true is set by GitHub, GitLab and the rest): no note there.
    note = None if args.sample or os.environ.get("CI") else _driver_note(path)
    if note:
        print(note, file=sys.stderr)
    if baseline is not None and result.bible is not None:
        _note_baseline(result, args.baseline)
    if not result.fully_read:
        return Exit.UNUSABLE
    return Exit.PROBLEMS if problems_of(result.diagnostics, result.fail_on) else Exit.OK


def _write_baseline(result: Result, target: Path) -> int:
    if not result.fully_read:
        # A bible that does not load has nothing to accept: say why, as a check would.
        FORMATS["text"](result, sys.stderr)
        return Exit.UNUSABLE
    from arcs.baseline import Baseline

    Baseline.of(result.diagnostics).write(target)
    n = len(result.diagnostics)
    print(f"arcroom check: wrote {n} known problem{'s' * (n != 1)} to {target}", file=sys.stderr)
    return Exit.OK


def _note_baseline(result: Result, baseline: Path) -> None:
    if result.known:
        print(f"arcroom check: {result.known} known problem{'s' * (result.known != 1)} "
              f"hidden by {baseline}", file=sys.stderr)
    if result.fixed:
        print(f"arcroom check: {result.fixed} problem{'s' * (result.fixed != 1)} in {baseline} "
              f"no longer found; `--write-baseline {baseline}` forgets them", file=sys.stderr)


def _driver_note(path: Path) -> str | None:
    """git-setup's once-per-clone note; its git plumbing is imported only outside CI."""
    from tui.commands.git_setup import driver_note

    return driver_note(path)
