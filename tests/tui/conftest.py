"""Fixtures for the editor's tests: the test bibles, copies to edit, a ready app."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
