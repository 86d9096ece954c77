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


def missing(thing: str) -> NoReturn:
    """End a test that needs ``thing`` (a system tool, or shared/ data) on a machine without it.

    Under CI (``CI`` set; ``.ci/run`` sets it) that is a failure: CI installs every
    tool and keeps shared/ beside the checkout, so nothing may quietly go untested.
    On a machine with only Python it is a skip that says what to install, so the
    README's test command passes there as well.
    """
    message = (f"{thing} is not here: `bash .ci/run` installs the tools (apt-get, as root) "
               "and CI keeps shared/ beside the checkout")
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
