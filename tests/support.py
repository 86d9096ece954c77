"""Helpers any test module may import (``from tests.support import ...``).

Not a conftest: the folders' own conftest modules would shadow a second one
imported by name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
