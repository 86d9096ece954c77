"""Shared fixtures: run the real CLI in a subprocess, find the shared data, write bibles."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bibles"
SHARED = ROOT.parent / "shared"


def run_arcroom(*args: str, cwd: Path | None = None, stdin: str | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``arcroom ARGS`` as a user would (a new process), capturing its output."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=cwd or ROOT, input=stdin,
        capture_output=True, text=True, timeout=timeout, env=env,
    )


@pytest.fixture
def arcroom() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_arcroom


@pytest.fixture
def write_bible(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "bible.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: CI keeps shared/ beside the checkout")
    return SHARED
