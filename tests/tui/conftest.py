"""Fixtures for the editor's tests: the test bibles, copies to edit, a ready app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BIBLES = Path(__file__).resolve().parent / "bibles"
HYOSAN = BIBLES / "hyosan.yaml"


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
