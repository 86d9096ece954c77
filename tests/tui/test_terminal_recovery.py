"""In a real terminal (tmux): `kill -9` mid-edit loses nothing, and a bug exits 70, briefly."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from story_bible.writing.document import Document
from tests.support import missing, poll_until, tmux_socket
from tests.tui.test_terminal import ROOT, Terminal


class Sessions:
    """tmux sessions started by one test, each ``arcroom``-like command in ``folder``.

    They share one tmux server of their own (``tmux -L``), ended by :meth:`close`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: list[str] = []
        self.socket = tmux_socket("rec")

    def start(self, *python_args: str, keep: bool = False) -> Terminal:
        name = f"arcroom-rec-{os.getpid()}-{len(self.names)}"
        command = shlex.join([sys.executable, *python_args])
        if keep:  # the pane stays after the program, to read what it printed and its code
            command += '; echo "exit code $?"; sleep 600'
        env = {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-s", name, "-x", "160", "-y",
             "48", "-c", str(self.folder), f"env {exports} sh -c {shlex.quote(command)}"],
            check=True,
        )
        self.names.append(name)
        return Terminal(name, self.socket)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def sessions(tmp_path: Path, hyosan_original: Path) -> Iterator[Sessions]:
    if shutil.which("tmux") is None:
        missing("tmux")
    shutil.copyfile(hyosan_original, tmp_path / "bible.yaml")
    started = Sessions(tmp_path)
    try:
        yield started
    finally:
        started.close()


def _editor_pid(terminal: Terminal) -> int:
    """The process id of the arcroom under the pane's shell."""
    shown = terminal.tmux("display-message", "-p", "-t", terminal.name, "#{pane_pid}")
    shown.check_returncode()
    shell = int(shown.stdout)
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert children, "the editor is not running under the pane's shell"
    return int(children[0])


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_gone(pid: int, timeout: float = 10) -> None:
    poll_until(lambda: _gone(pid), timeout, f"process {pid} to end; it is still there")


def test_kill_9_after_an_edit_then_restore_saves_the_same_bytes(
    tmp_path: Path, sessions: Sessions
) -> None:
    bible = tmp_path / "bible.yaml"
    # The same edit made with no crash, for the bytes to compare.
    expected_copy = tmp_path / "expected" / "bible.yaml"
    expected_copy.parent.mkdir()
    shutil.copyfile(bible, expected_copy)
    document = Document.open(expected_copy)
    document.set("nam-ra-bitten", "at", "S1E08")
    document.save()

    first = sessions.start("-m", "tui", "edit", "bible.yaml", keep=True)
    first.wait_for("Problems: none")
    first.keys("C-p")
    first.wait_for("Search")
    first.keys("nam-ra-bitten", literal=True)
    first.wait_for("beat · S1E07")
    first.keys("Enter")
    first.wait_for("at S1E07 · id nam-ra-bitten")  # the form's heading: title, then id
    first.keys("Home", "C-k")
    first.keys("S1E08", literal=True)
    first.keys("Enter")
    first.wait_for("● unsaved")
    pid = _editor_pid(first)
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid)
    assert bible.read_bytes() != expected_copy.read_bytes(), "nothing was saved"

    second = sessions.start("-m", "tui", "edit", "bible.yaml")
    screen = second.wait_for("Unsaved edits found")
    assert "set nam-ra-bitten.at to S1E08" in screen
    second.keys("Enter")  # Restore has the focus
    second.wait_for("Restored 1 of 1 edits")
    second.wait_for("● unsaved")
    second.keys("C-s")
    second.wait_for("Saved bible.yaml")
    second.keys("C-q")
    assert bible.read_bytes() == expected_copy.read_bytes()
    assert not list((tmp_path / ".arcroom" / "recovery").glob("*.journal"))


def test_a_bug_prints_three_lines_names_the_log_and_exits_70(
    tmp_path: Path, sessions: Sessions
) -> None:
    # A bug planted in the real program: the problems key raises.
    script = (
        "import sys\n"
        "from tui.screens.editor import EditorScreen\n"
        "def bug(self):\n"
        "    raise RuntimeError('planted bug')\n"
        "EditorScreen.action_focus_problems = bug\n"
        "from tui.cli import main\n"
        "sys.exit(main(['edit', 'bible.yaml']))\n"
    )
    terminal = sessions.start("-c", script, keep=True)
    terminal.wait_for("Problems: none")
    terminal.keys("p")
    screen = terminal.wait_for("exit code")
    assert "exit code 70" in screen
    assert "arcroom edit stopped on an unexpected error: RuntimeError: planted bug" in screen
    logs = list((tmp_path / ".arcroom").glob("crash-*.log"))
    assert len(logs) == 1
    assert f".arcroom/{logs[0].name}" in screen.replace("\n", "")
    assert "Traceback" in logs[0].read_text("utf-8")
    printed = screen[screen.index("arcroom edit stopped"):screen.index("exit code")]
    assert len(printed.strip().splitlines()) <= 4, "no traceback, no locals"
