"""End to end in tmux: a new show from `arcroom init`, a character, an arc and three beats
added through the editor's keys only, saved; git diff shows block-style entries in their
sections and nothing else changed. Its own tmux server (-L), never the default one."""

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

from tests.support import missing, poll_until

ROOT = Path(__file__).resolve().parents[2]


class Terminal:
    """The editor in a detached tmux session on a private tmux server."""

    def __init__(self, socket: str, cwd: Path) -> None:
        self.socket, self.cwd = socket, cwd

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "edit", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "edit", "-l", text)

    def wait_for(self, text: str, timeout: float = 30, without: str | None = None) -> str:
        last = [""]

        def shown() -> str | None:
            last[0] = self.tmux("capture-pane", "-p", "-t", "edit")
            wanted = text in last[0] and (without is None or without not in last[0])
            return last[0] if wanted else None

        return poll_until(shown, timeout,
                          lambda: f"{text!r}, which never appeared; the screen was:\n{last[0]}")


def run(*command: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True,
                          env=env).stdout


@pytest.fixture
def show(tmp_path: Path) -> Iterator[Terminal]:
    for tool in ("tmux", "git"):
        if shutil.which(tool) is None:
            missing(tool)
    run(sys.executable, "-m", "tui", "init", cwd=tmp_path)
    for step in (["init", "-q"], ["add", "."],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"]):
        run("git", *step, cwd=tmp_path)
    socket = f"arcroom-board-{os.getpid()}-{time.monotonic_ns()}"
    terminal = Terminal(socket, tmp_path)
    command = shlex.join([sys.executable, "-m", "tui", "edit", "bible.yaml"])
    # pytest's COLUMNS/LINES would make Textual draw 80x24 inside the 160x48 pane.
    exports = f"-u COLUMNS -u LINES PYTHONPATH={shlex.quote(str(ROOT))} TERM=xterm-256color"
    terminal.tmux("new-session", "-d", "-s", "edit", "-x", "160", "-y", "48", "-c",
                  str(tmp_path), f"env {exports} {command}")
    try:
        yield terminal
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def to_outline(terminal: Terminal) -> None:
    """From the form (where a jump or an Add leaves the focus) back to the outline."""
    terminal.wait_for("^z Undo", without="a Add r Rename")  # the form has the focus
    terminal.keys("Escape")
    terminal.wait_for("a Add r Rename")  # the outline's keys in the footer: it has the focus


def add(terminal: Terminal, name: str, *more: str) -> None:
    """In the open Add dialog: the name (the id proposed from it), then Enter through."""
    terminal.type(name)
    terminal.keys("Enter")  # on to the id, proposed from the name (no waiting: typed fast)
    for value in more:  # the proposed values of the fields after it
        terminal.wait_for(value)
        terminal.keys("Enter")
    terminal.keys("Enter")


def test_a_show_planned_through_the_editor_diffs_as_block_entries_in_place(
    show: Terminal,
) -> None:
    terminal = show
    terminal.wait_for("Problems: none")  # shown and checked: ready for keys
    # A character: the outline's Characters section (End is Statuses; two up).
    terminal.keys("o", "End", "Up", "Up", "a")
    terminal.wait_for("Add a character")
    add(terminal, "Jo Min-ho")
    terminal.wait_for("(Jo Min-ho) is in no beat")  # the checker has seen the new character
    # An arc in Season 1: find the season with the palette, then Add from the outline.
    terminal.keys("C-p")
    terminal.type("S1 Survival")
    terminal.wait_for("season · 12 episodes")
    terminal.keys("Enter")
    terminal.wait_for("SEASON  S1")  # its form is shown
    to_outline(terminal)
    terminal.keys("a")
    terminal.wait_for("Add an arc")
    add(terminal, "Night watch", "S1")
    terminal.wait_for("● Night watch")  # in the outline, under S1
    terminal.wait_for("ARC  Night watch")  # and its form is shown
    # Three beats, each added from the last (same arc, same episode).
    beats = (("min-ho-keeps-watch", "Min-ho keeps watch"),
             ("the-lights-go-out", "The lights go out"),
             ("min-ho-rings-the-bell", "Min-ho rings the bell"))
    for beat_id, summary in beats:
        to_outline(terminal)
        terminal.keys("a")
        terminal.wait_for("Add a beat to Night watch")
        add(terminal, summary, "S1E01")
        terminal.wait_for(f"BEAT  {summary}")  # added: its form is shown
        terminal.wait_for(f"id {beat_id}")
    terminal.keys("C-s")
    terminal.wait_for("Saved bible.yaml")
    terminal.keys("C-q")

    diff = run("git", "diff", "-U0", "--", "bible.yaml", cwd=terminal.cwd)
    removed = [line for line in diff.splitlines() if line.startswith("-") and
               not line.startswith("---")]
    assert removed == [], diff  # nothing that was there changed
    text = (terminal.cwd / "bible.yaml").read_text()
    assert "  jo-min-ho:\n    name: Jo Min-ho\n" in text
    arc = text.index("  night-watch:\n    season: S1\n    title: Night watch\n    beats:\n")
    assert text.index("# ── Season 1") < arc < text.index("# ── Season 2")
    assert text.index("\narcs:") > text.index("  jo-min-ho:")
    for beat_id, summary in beats:
        assert f"      {beat_id}:\n        at: S1E01\n        summary: {summary}\n" in text
