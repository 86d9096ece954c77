"""``arcroom edit [BIBLE]``: the writers' room editor (a Textual app).

Textual is imported inside :func:`run`, so the commands CI runs never load it.
Without a bible here it opens the bundled sample, read-only, and says so.
After an unexpected error it exits 70 (``tui.crash``), having printed a short
message that names the log with the traceback.
"""

from __future__ import annotations

import argparse
import sys

from story_bible.errors import LoadError
from story_bible.reading.loader import sample_path
from tui.commands import Exit, add_bible_argument, resolve_bible


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "edit",
        description="Open the bible in arcroom's editor. Without a BIBLE and with no "
        "bible.yaml or bible/ here, the bundled All of Us Are Dead plan opens read-only "
        "(ctrl+s saves it as a new show).",
    )
    add_bible_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = resolve_bible(args, fallback_to_sample=True)
    notice = None
    if path == sample_path() and not args.sample:
        notice = "No bible.yaml or bible/ here: this is the bundled sample, read-only."
    from tui.app import make_app

    try:
        app = make_app(path, notice=notice)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("arcroom edit: fix these first (`arcroom check` lists them too)", file=sys.stderr)
        return Exit.UNUSABLE
    returned = app.run()
    if app.return_code:  # an unexpected error: the app printed where its report is
        return app.return_code
    return returned or Exit.OK
