"""``arcroom schema``: print the JSON Schema of the bible format, for editors.

Save it beside the bible and point yaml-language-server at it with a
``# yaml-language-server: $schema=bible.schema.json`` comment on the
bible's first line (docs/format.md).
"""

from __future__ import annotations

import argparse
import json
import sys

from arcs.schema import bible_schema
from tui.commands import Exit


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "schema",
        description="Print a JSON Schema (draft 2020-12) of the bible format, version 1. "
        "Editors with yaml-language-server use it to complete and validate a bible: "
        "arcroom schema > bible.schema.json, then put "
        "'# yaml-language-server: $schema=bible.schema.json' at the top of the bible.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    json.dump(bible_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return Exit.OK
