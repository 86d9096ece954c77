"""`arcroom edit` on a large bible: a spinner on the terminal while it is read."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from contextlib import nullcontext
from functools import partial
from pathlib import Path

import pytest

from tui.commands.edit import SPINNER_BYTES, reading

ROOT = Path(__file__).resolve().parents[2]


def _bible(folder: Path, size: int) -> Path:
    path = folder / "big.yaml"
    path.write_text("# " + "x" * (size - 3) + "\n", encoding="utf-8")
    return path


def test_a_small_bible_or_no_terminal_shows_no_spinner(tmp_path: Path) -> None:
    assert isinstance(reading(_bible(tmp_path, SPINNER_BYTES - 10), terminal=True),
                      nullcontext)
    assert isinstance(reading(_bible(tmp_path, SPINNER_BYTES + 10), terminal=False),
                      nullcontext)
    assert not isinstance(reading(_bible(tmp_path, SPINNER_BYTES + 10), terminal=True),
                          nullcontext)


# The child shows the spinner until the test has seen it (a line on the child's stdin),
# as the editor's start shows it until the bible is read.
_CHILD = """
import sys
from pathlib import Path
from tui.commands.edit import reading
with reading(Path(sys.argv[1])):
    sys.stdin.readline()
print("read", file=sys.stderr)
"""


def test_a_large_bible_shows_a_spinner_on_the_terminal_until_it_is_read(
    tmp_path: Path,
) -> None:
    big = _bible(tmp_path, 2 * SPINNER_BYTES)
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(big)], cwd=ROOT, stderr=child,
        stdin=subprocess.PIPE, env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"},
    )
    assert process.stdin is not None
    os.close(child)
    out = b""
    deadline = time.monotonic() + 30
    try:
        while b"read" not in out and time.monotonic() < deadline:
            if not select.select([main], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child ended and closed its end
                break
            out += chunk
            if b"Reading big.yaml (2.0 MB, 1 file)" in out and not process.stdin.closed:
                process.stdin.write(b"seen\n")
                process.stdin.close()
    finally:
        process.wait(timeout=30)
        os.close(main)
    text = out.decode("utf-8", "replace")
    assert "Reading big.yaml (2.0 MB, 1 file)" in text
    # The spinner is gone once the bible is read: its line erased (the cursor back up
    # to it, the line cleared) before anything else is written.
    before, _, _ = text.rpartition("read")
    assert "\x1b[1A\x1b[2K" in before[before.rindex("Reading big.yaml"):]


def test_the_editor_is_made_once_the_spinners_thread_has_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first check of a bible big enough for the spinner may be made in a forked child
    (``arcs.check_aside``), which is only done while no other thread runs: the editor is
    made after the spinner's thread has ended, not under it."""
    import shutil
    import threading

    import tui.app
    import tui.commands.edit as edit
    from story_bible.reading.loader import sample_path
    from tui.cli import build_parser

    bible = tmp_path / "bible.yaml"
    shutil.copyfile(sample_path(), bible)
    monkeypatch.setattr(edit, "SPINNER_BYTES", 0)
    monkeypatch.setattr(edit, "reading", partial(reading, terminal=True))
    # Threads are compared by identity, not counted: another test's thread in this worker
    # may still be winding down, and it is not the spinner's.
    spinners: list[threading.Thread] = []
    alive_when_made: list[list[threading.Thread]] = []

    class Made:
        return_code = 0

        def run(self) -> int:
            return 0

    def make_app(document: object, **kwargs: object) -> Made:
        alive_when_made.append([t for t in spinners if t.is_alive()])
        return Made()

    monkeypatch.setattr(tui.app, "make_app", make_app)
    open_bible = tui.app.open_bible

    def opened(path: Path) -> object:  # under the spinner
        spinners.extend(t for t in threading.enumerate() if t not in before)
        return open_bible(path)

    monkeypatch.setattr(tui.app, "open_bible", opened)
    # Rich only tells its refresh thread to stop; on a busy machine it ends a while later.
    import rich.live

    refreshing = rich.live._RefreshThread.run
    stopped = threading.Event()

    def slow_to_end(thread: rich.live._RefreshThread) -> None:
        refreshing(thread)
        stopped.wait(0.5)  # (never set: a thread that takes its time)

    monkeypatch.setattr(rich.live._RefreshThread, "run", slow_to_end)
    before = set(threading.enumerate())
    words = ["edit", str(bible)]
    assert edit.run(build_parser(words).parse_args(words)) == 0
    assert spinners  # the spinner ran a thread of its own
    assert alive_when_made == [[]]
