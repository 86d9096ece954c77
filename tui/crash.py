"""What the editor does with a bug: a short message, the full report in a file, exit 70.

Textual's own handling prints the traceback with every local variable (for
arcroom, the whole bible: thousands of lines) and the command exits 0. The
editor instead writes the traceback to ``crash-<time>.log`` beside the
recovery journal (``.arcroom/`` beside the bible, or the user's cache for the
read-only sample), prints three lines that name the log and say the unsaved
edits are safe, and exits with :data:`CRASHED`.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from story_bible.writing.journal import folder_for

if TYPE_CHECKING:
    from textual.app import App

#: The exit code of ``arcroom edit`` after an unexpected error (sysexits' EX_SOFTWARE).
CRASHED = 70


def write_log(
    error: BaseException, bible: Path | None, read_only: bool, journal: Path | None,
    after: Path | None = None,
) -> Path | None:
    """Write ``error``'s full traceback to a new log file; its path (None if none could be).

    ``after``: the log of an earlier error of the same run, which this one is added to
    (an error often brings others while the app closes; the first is the one to read).
    """
    cause = getattr(error, "error", None)  # a failed worker carries the real error
    lines = [
        f"arcroom edit stopped on an unexpected error, {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"bible: {bible or '(in memory)'}",
        f"recovery journal: {journal or '(none)'}",
        f"python {sys.version.split()[0]} on {sys.platform}",
        "",
        *traceback.format_exception(error),
    ]
    if isinstance(cause, BaseException) and cause is not error.__cause__:
        lines += ["", "The worker's error:", *traceback.format_exception(cause)]
    text = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    if after is not None:
        try:
            with after.open("a", encoding="utf-8") as log:
                log.write("\n\nThen, while closing:\n" + text)
            return after
        except OSError:
            pass
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folders = [folder_for(bible, read_only=read_only).parent] if bible is not None else []
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "arcroom"
    for folder in [*folders, cache]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if folder.name == ".arcroom" and not (folder / ".gitignore").exists():
                (folder / ".gitignore").write_text("*\n", "utf-8")
            for n in range(100):
                path = folder / f"crash-{stamp}-{os.getpid()}{f'-{n}' if n else ''}.log"
                try:
                    with path.open("x", encoding="utf-8") as log:  # never over an older one
                        log.write(text)
                    return path
                except FileExistsError:
                    continue
        except OSError:
            continue
    return None


def message(error: BaseException, log: Path | None) -> str:
    """The few lines the terminal shows after the editor stopped (plain: a path must
    stay whole to be copied, which a console that wraps at its width would not do)."""
    cause = getattr(error, "error", None)
    shown = cause if isinstance(cause, BaseException) else error
    what = f"{type(shown).__name__}: {shown}"
    if len(what) > 200:
        what = what[:197] + "..."
    where = _short(log) if log else "(none: nowhere could be written)"
    return (
        f"arcroom edit stopped on an unexpected error: {what}\n"
        "Your unsaved edits are in the recovery journal: open the bible again to restore "
        "them.\n"
        f"The full report (send it with a bug report): {where}"
    )


def end_app(app: App[int], error: Exception) -> None:
    """End ``app`` as Textual does after an error, less the traceback with its locals.

    The app prints :func:`message` itself once the terminal is back (see
    ``ArcroomApp._print_error_renderables``).
    """
    app._return_code = CRASHED
    if app._exception is None:  # what Pilot re-raises in the tests
        app._exception = error
        app._exception_event.set()
    app.bell()
    app._close_messages_no_wait()


def _short(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
