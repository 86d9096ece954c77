"""A bible's first whole check, made on another core while this process goes on.

The editor opens a big bible, then starts Textual and draws it: a quarter of a
second and more of work on one core, after which the first whole check took
another 0.1-0.15 s (20,000 beats) before the problems could be listed. Checked
aside, in a child process forked once the bible is read, the problems are there
by the time the screen is drawn. The child shares the read bible with this
process (copy-on-write: nothing is copied or re-read) and sends back only its
diagnostics, pickled, through a pipe.

It is only worth it where there is a second core and the check takes long
enough to pay for the fork (:func:`worthwhile`), and only safe to fork where no
other thread may hold a lock the child would need: at the start, before the
editor starts any. Whatever goes wrong in the child (it raises, dies or never
answers) gives :data:`None`, and the caller checks in this process as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

from arcs.diagnostics import Diagnostic
from arcs.incremental import Checker
from story_bible.model import Bible

#: From this many beats on, the first check is made aside (a 1,000-beat bible's whole
#: check takes ~5 ms: less than forking a process).
ASIDE_BEATS = 3_000
#: How long to wait for the child's answer before checking here instead (a machine so
#: busy that the child cannot answer in this time would not have checked here sooner).
ANSWER_SECONDS = 60.0


def worthwhile(bible: Bible) -> bool:
    """Whether checking ``bible`` aside can bring its problems sooner, here and now."""
    return (
        len(bible.beats) >= ASIDE_BEATS
        and hasattr(os, "fork")
        and sys.platform == "linux"  # (macOS's system libraries are not safe to fork)
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1
    )


class CheckAside:
    """The diagnostics of ``bible``'s whole check, made in a forked child.

    Start it with the bible as read; ask for :meth:`result` from any one thread,
    once. The child is always reaped: by :meth:`result`, or by :meth:`close`.
    """

    def __init__(
        self, bible: Bible, afterwards: Callable[[list[Diagnostic]], object] | None = None,
    ) -> None:
        """``afterwards``: what to do with the diagnostics once they are sent (keep them,
        ``arcs.opening_cache``). It runs in a grandchild of its own, which no one waits
        for: the child ends as soon as it has answered."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: check, answer, and leave without any of the parent's exits
            code = 1
            try:
                os.close(read)
                diagnostics = Checker(bible).diagnostics
                answer = pickle.dumps(diagnostics, pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(answer)
                if afterwards is not None and os.fork() == 0:
                    code = 1
                    os.setsid()  # (not in the editor's terminal's group: no ctrl+c)
                    afterwards(diagnostics)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid: int | None = pid
        self._read = read

    def result(self, seconds: float = ANSWER_SECONDS) -> list[Diagnostic] | None:
        """The child's diagnostics (waits up to ``seconds``); None if it gave none. Once."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + seconds
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._read], [], [], left)[0]:
                    self.stop()  # no answer in time
                    return None
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            code = self._end()
        if code != 0 or not chunks:
            return None
        found: list[Diagnostic] = pickle.loads(b"".join(chunks))
        return found

    def stop(self) -> None:
        """Stop the child if it still runs (safe from another thread than result's: the
        wait in :meth:`result` then ends, without an answer)."""
        pid = self._pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):  # (reaped meanwhile)
                os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        """Stop the child and reap it, where :meth:`result` is not going to be asked."""
        self.stop()
        self._end()

    def _end(self) -> int | None:
        """Reap the child and close the pipe; the child's exit code (None if ended before)."""
        code = None
        if self._pid is not None:
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            code = os.waitstatus_to_exitcode(status)
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
        return code


class Answered:
    """A first check already made (kept from an earlier opening, ``arcs.opening_cache``),
    answered as :class:`CheckAside` answers, with no child to wait for."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self._diagnostics = diagnostics

    def result(self, seconds: float = ANSWER_SECONDS) -> list[Diagnostic] | None:
        return self._diagnostics

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass
