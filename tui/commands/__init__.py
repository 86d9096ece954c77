"""One module per ``arcroom`` command, each with ``register(commands)`` and ``run(args)``.

The CLI imports only the module of the command being run (see tui.cli), so a
module's imports are what its own command costs at start-up.

What the commands share lives here: exit codes, usage errors, and finding
the bible a command works on.
"""

from __future__ import annotations

import argparse
import sys
from enum import IntEnum
from pathlib import Path


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1
    UNUSABLE = 2


class UsageError(Exception):
    """The command was misused; the message says how to use it (exit 2)."""


def add_bible_argument(parser: argparse.ArgumentParser, *, option: bool = False) -> None:
    """BIBLE (positional, or ``--bible`` for commands with other positionals) and --sample."""
    help_text = "bible file or folder (default: ./bible.yaml or ./bible/)"
    if option:
        parser.add_argument("--bible", metavar="BIBLE", help=help_text)
    else:
        parser.add_argument("bible", nargs="?", metavar="BIBLE", help=help_text)
    parser.add_argument(
        "--sample", action="store_true", help="use the bundled All of Us Are Dead plan"
    )


def resolve_bible(args: argparse.Namespace, fallback_to_sample: bool = False) -> Path:
    """The bible a command works on: the argument, ./bible.yaml or ./bible/, or the sample."""
    from story_bible.reading.loader import find_bible, sample_path  # the reader, once needed

    if args.sample:
        if args.bible:
            raise UsageError("give a BIBLE or --sample, not both")
        return sample_path()
    if args.bible:
        return Path(args.bible)
    found = find_bible(Path.cwd())
    if found is not None:
        return found
    if fallback_to_sample:
        print("arcroom: no bible.yaml or bible/ here; using the bundled sample", file=sys.stderr)
        return sample_path()
    raise UsageError(
        "no bible.yaml or bible/ in this folder; give a BIBLE path, use --sample, "
        "or start one with `arcroom init`"
    )
