"""``arcroom rename OLD NEW``: rename an id and every reference to it, in every file.

As ``arcroom set`` does, it prints the problems the rename brings (a rename
alone rarely does; an ``ignore`` that no longer matches can) and, with
``--strict``, refuses to save when there are any at or above fail-on.
"""

from __future__ import annotations

import argparse
import sys

from story_bible.writing.document import EditError
from tui.commands import Exit, add_bible_argument
from tui.commands.set import Checked, add_strict_argument, open_document


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "rename",
        description="Rename an id (a character, faction, arc, beat or status) and every "
        "reference to it, in every file of the bible, changing nothing else. Exit 2 if "
        "the rename cannot be made; the files are then left as they were.",
        epilog="example:\n  arcroom rename nam-ra choi-nam-ra --bible bible/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", metavar="OLD", help="the id to rename")
    parser.add_argument("new", metavar="NEW", help="its new id")
    add_strict_argument(parser)
    add_bible_argument(parser, option=True)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = open_document(args)
    if doc is None:
        return Exit.UNUSABLE
    checked = Checked(doc, args)
    try:
        doc.rename(args.old, args.new)
        checked.renamed(args.old, args.new)
    except EditError as exc:
        print(f"arcroom rename: {exc}", file=sys.stderr)
        return Exit.UNUSABLE
    return checked.save(doc, "rename")
