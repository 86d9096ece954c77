"""Fixtures for every test: run the real CLI in a subprocess, write bibles."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import run_arcroom

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bibles"


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



def pytest_configure(config: pytest.Config) -> None:
    # The editor's cache of big bibles (arcs.opening_cache) is off for every test, and
    # every arcroom they start, but the cache's own: an entry one test leaves would
    # change how another opens the same file, and the writer's ~/.cache is theirs.
    os.environ["ARCROOM_CACHE_DIR"] = "off"


def pytest_addoption(parser: pytest.Parser) -> None:
    # Here, not in tests/arcs/export/: a second conftest.py beside tests/tui's clashes
    # by module name when both folders run together.
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="write the exporters' golden PNGs (tests/arcs/export/golden/) instead of comparing",
    )
