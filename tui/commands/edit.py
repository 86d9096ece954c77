"""``arcroom edit [BIBLE]``: the writers' room editor (a Textual app).

Textual is imported inside :func:`run`, so the commands CI runs never load it.
Without a bible here it opens the bundled sample, read-only, and says so.
After an unexpected error it exits 70 (``tui.crash``), having printed a short
message that names the log with the traceback. A bible large enough to take a
moment to read (a megabyte and more) shows a spinner on the terminal meanwhile.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from story_bible.errors import LoadError
from story_bible.reading.loader import bible_files, sample_path
from tui.commands import Exit, add_bible_argument, resolve_bible


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "edit",
        description="Open the bible in arcroom's editor. Without a BIBLE and with no "
        "bible.yaml or bible/ here, the bundled All of Us Are Dead plan opens read-only "
        "(ctrl+s saves it as a new show). A bible of 3,000 beats and more is kept read "
        "and checked in ~/.cache/arcroom for its next opening, while its text is the same "
        "(ARCROOM_CACHE_DIR: elsewhere, or off).",
    )
    add_bible_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = resolve_bible(args, fallback_to_sample=True)
    notice = None
    if path == sample_path() and not args.sample:
        notice = "No bible.yaml or bible/ here: this is the bundled sample, read-only."
    from tui.app import make_app, open_bible

    try:
        with reading(path):
            document = open_bible(path)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("arcroom edit: fix these first (`arcroom check` lists them too)", file=sys.stderr)
        return Exit.UNUSABLE
    # (Once the spinner's thread has ended: the first check may be made aside, in a
    # forked child, which is only safe while no other thread runs.)
    app = make_app(document, notice=notice)
    returned = app.run()
    if app.return_code:  # an unexpected error: the app printed where its report is
        return app.return_code
    return returned or Exit.OK


#: From this size on a bible takes a moment to read before the editor shows (a
#: 4.4 MB, 20,000-beat bible: 0.7 s on this project's machine), and a spinner says so.
SPINNER_BYTES = 1_000_000


def reading(path: Path, terminal: bool | None = None) -> AbstractContextManager[object]:
    """A spinner on the terminal (stderr) while a large bible is read; it is gone when
    the editor shows. Nothing for a small bible, or when stderr is not a terminal
    (``terminal``: whether it is, when the caller knows better)."""
    files = bible_files(path) if path.exists() else []
    size = sum(file.stat().st_size for file in files)
    if terminal is None:
        terminal = sys.stderr.isatty()
    if size < SPINNER_BYTES or not terminal:
        return nullcontext()
    from rich.console import Console  # (Textual's: loaded with the editor anyway)

    return _ended(Console(stderr=True).status(
        f"Reading {path.name} ({size / 1e6:.1f} MB, {len(files)} file"
        f"{'s' if len(files) != 1 else ''})…"))


@contextmanager
def _ended(spinner: AbstractContextManager[object]) -> Iterator[None]:
    """``spinner``, and the thread it starts ended with it: Rich only tells its refresh
    thread to stop, and the editor is made once no other thread runs (its first check
    is then made aside, in a forked child: ``arcs.check_aside``)."""
    before = set(threading.enumerate())
    with spinner:
        started = [thread for thread in threading.enumerate() if thread not in before]
        yield
    for thread in started:
        thread.join(timeout=5.0)
