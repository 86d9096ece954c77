"""End to end in a real terminal: ``arcroom edit`` in tmux, keys sent, the file on disk checked."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import missing

ROOT = Path(__file__).resolve().parents[2]



class Terminal:
    """One detached tmux session running a command, driven by keys."""

    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str, literal: bool = False) -> None:
        flag = ["-l"] if literal else []
        subprocess.run(["tmux", "send-keys", "-t", self.name, *flag, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], check=True, capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return subprocess.run(
            ["tmux", "has-session", "-t", self.name], capture_output=True
        ).returncode == 0


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        missing("tmux")
    name = f"arcroom-e2e-{os.getpid()}"
    command = shlex.join([sys.executable, "-m", "tui", "edit", "bible.yaml"])
    env = {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", str(tmp_path),
         f"env {exports} {command}"],
        check=True,
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


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
    terminal.wait_for("BEAT  nam-ra-bitten")
    terminal.keys("Home", "C-k")
    terminal.keys("S1E08", literal=True)
    terminal.keys("Enter")
    terminal.wait_for("● unsaved")
    terminal.keys("C-s")
    screen = terminal.wait_for("Saved bible.yaml")
    assert "at S1E08" in screen
    terminal.keys("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "arcroom edit did not quit"
    after = bible.read_bytes()
    assert after == before.replace(b"        at: S1E07\n", b"        at: S1E08\n", 1)
    assert after != before
