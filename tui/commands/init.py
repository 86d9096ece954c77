"""``arcroom init [DIR]``: start a show from a copy of the bundled sample."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from story_bible.loader import sample_path
from tui.commands import Exit, UsageError


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "init", help="write the bundled sample bible into DIR to start a show",
        description="Write the bundled All of Us Are Dead plan as DIR/bible.yaml, "
        "a starting point for a new show. Never overwrites a file.",
    )
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help="folder (default: .)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    target = folder / "bible.yaml"
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; give arcroom init a folder for the new show")
    if target.exists():
        raise UsageError(f"{target} already exists; arcroom init never overwrites a bible")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:  # "x": never over a file that appeared meanwhile
            out.write(sample_path().read_bytes())
    except OSError as exc:
        print(f"arcroom init: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return Exit.UNUSABLE
    print(f"wrote {target}: the All of Us Are Dead plan, yours to change", file=sys.stderr)
    return Exit.OK
