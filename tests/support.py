"""Helpers any test module may import (``from tests.support import ...``).

Not a conftest: the folders' own conftest modules would shadow a second one
imported by name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import pytest

if TYPE_CHECKING:
    from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")

#: Seconds between two looks at a condition a test waits on (not a wait in itself).
POLL = 0.05


#: The Debian package that brings each tool the tests drive (what ``.ci/run`` installs).
DEBIAN_PACKAGES = {
    "tmux": "tmux",
    "chromium": "chromium",
    "Graphviz (dot)": "graphviz",
    "npm (for Mermaid)": "npm",
}


def missing(tool: str, package: str | None = None) -> NoReturn:
    """End a test that needs the system tool ``tool`` on a machine without it.

    Under CI (``CI`` set; ``.ci/run`` sets it) that is a failure: CI installs every
    tool, so nothing may quietly go untested. On a machine with only Python it is
    a skip that names the Debian ``package`` to install (by default looked up in
    :data:`DEBIAN_PACKAGES`), so the README's test command passes there as well.
    Every file the tests read is in the repository (``tests/data``), so a tool is
    the only thing a test may find missing.
    """
    package = package or DEBIAN_PACKAGES.get(tool, tool.split()[0].lower())
    message = f"{tool} is not installed: apt-get install {package} (bash .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_arcroom(*args: str, cwd: Path | None = None, stdin: str | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``arcroom ARGS`` as a user would (a new process), capturing its output."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=cwd or ROOT, input=stdin,
        capture_output=True, text=True, timeout=timeout, env=env,
    )


def poll_until(predicate: Callable[[], T], timeout: float, what: str | Callable[[], str]) -> T:
    """Look at ``predicate()`` every :data:`POLL` seconds until it is true; return its value.

    For what runs outside the test (a subprocess, tmux, a server). After ``timeout``
    seconds the test fails saying it waited for ``what`` (a callable is asked for the
    message then, e.g. to show the screen as it was).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"waited {timeout:g} s for {said}")
        time.sleep(POLL)


async def wait_until(pilot: Pilot[Any], predicate: Callable[[], object], what: str,
                     timeout: float = 10) -> None:
    """Let the app run (``pilot.pause()``) until ``predicate()`` is true.

    For a Textual app under Pilot: what the app does on a timer or in a worker
    that the test cannot await directly. After ``timeout`` seconds the test fails
    saying it waited for ``what``.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await pilot.pause()


def tmux_socket(purpose: str) -> str:
    """A tmux server name (``tmux -L NAME``) no other test, worker or person shares.

    Tests never use the default tmux server: another process ending it (``tmux
    kill-server``) or a parallel test's sessions must not reach them.
    """
    return f"arcroom-{purpose}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
