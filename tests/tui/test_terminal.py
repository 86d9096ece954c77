"""End to end in a real terminal: ``arcroom edit`` in tmux, keys sent, the file on disk checked."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import missing, poll_until, tmux_socket

ROOT = Path(__file__).resolve().parents[2]



class Terminal:
    """One detached tmux session running a command, driven by keys.

    The session lives on its own tmux server (``socket``, from ``tmux_socket``), so
    parallel tests and anything ending the default server cannot reach it.
    """

    def __init__(self, name: str, socket: str) -> None:
        self.name = name
        self.socket = socket

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``tmux ARGS`` on this terminal's server, its output captured."""
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True)

    def keys(self, *keys: str, literal: bool = False) -> None:
        flag = ["-l"] if literal else []
        self.tmux("send-keys", "-t", self.name, *flag, *keys).check_returncode()

    def screen(self) -> str:
        done = self.tmux("capture-pane", "-p", "-t", self.name)
        done.check_returncode()
        return done.stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        last = [""]

        def shown() -> str | None:
            last[0] = self.screen()
            return last[0] if text in last[0] else None

        return poll_until(shown, timeout,
                          lambda: f"{text!r}, which never appeared; the screen was:\n{last[0]}")

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def kill_server(self) -> None:
        """End this terminal's tmux server and every session on it."""
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        missing("tmux")
    name = f"arcroom-e2e-{os.getpid()}"
    socket = tmux_socket("e2e")
    command = shlex.join([sys.executable, "-m", "tui", "edit", "bible.yaml"])
    env = {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c",
         str(tmp_path), f"env {exports} {command}"],
        check=True,
    )
    terminal = Terminal(name, socket)
    try:
        yield terminal
    finally:
        terminal.kill_server()


def test_changing_a_beats_episode_in_a_real_terminal_changes_only_that_in_the_file(
    tmp_path: Path, hyosan_original: Path, terminal: Terminal
) -> None:
    bible = tmp_path / "bible.yaml"
    shutil.copyfile(hyosan_original, bible)
    before = bible.read_bytes()
    terminal.wait_for("Problems: none")
    # Find the beat by name, change its episode in the form, save.
    terminal.keys("C-p")
    terminal.wait_for("Search")
    terminal.keys("nam-ra-bitten", literal=True)
    terminal.wait_for("beat · S1E07")
    terminal.keys("Enter")
    terminal.wait_for("at S1E07 · id nam-ra-bitten")  # the form's heading: title, then id
    terminal.keys("Home", "C-k")
    terminal.keys("S1E08", literal=True)
    terminal.keys("Enter")
    terminal.wait_for("● unsaved")
    terminal.keys("C-s")
    screen = terminal.wait_for("Saved bible.yaml")
    assert "at S1E08" in screen
    terminal.keys("C-q")
    poll_until(lambda: not terminal.alive(), 10, "arcroom edit to quit after ctrl+q")
    assert not terminal.alive(), "arcroom edit did not quit"
    after = bible.read_bytes()
    assert after == before.replace(b"        at: S1E07\n", b"        at: S1E08\n", 1)
    assert after != before
