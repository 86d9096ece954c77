"""Fixtures for the editor's tests: the test bibles, copies to edit, a ready app."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BIBLES = Path(__file__).resolve().parent / "bibles"
HYOSAN = BIBLES / "hyosan.yaml"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def hyosan_original() -> Path:
    """The short Hyosan plan itself (read it; edit a copy)."""
    return HYOSAN


@pytest.fixture
def hyosan(tmp_path: Path) -> Path:
    """A copy of the short Hyosan plan (comments, flow and block style, Korean names)."""
    path = tmp_path / "bible.yaml"
    shutil.copyfile(HYOSAN, path)
    return path


@pytest.fixture(scope="session")
def two_thousand_beats(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated, consistent 2,000-beat bible (read it, or edit a copy)."""
    out = tmp_path_factory.mktemp("long-show") / "bible.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--beats", "2000",
         "--characters", "150", "-o", str(out)],
        check=True, capture_output=True,
    )
    return out


@pytest.fixture(autouse=True)
def _collector_left_as_found() -> Iterator[None]:
    """An editor pauses the garbage collector while it works in turns (and while the
    palette is open); every app must leave it as it found it when it ends, whatever it was
    doing then, or every later test (and a long-lived process) runs without it."""
    enabled = gc.isenabled()
    yield
    assert gc.isenabled() == enabled, "the test's app left the garbage collector paused"
