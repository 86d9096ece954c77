"""The exporters' tests' one option: ``--update-golden`` rewrites the golden pictures.

(ARCROOM_UPDATE_GOLDEN=1 does the same from anywhere: pytest reads this file's
option only when it is started on this folder or a file in it.)
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="write the golden PNGs of tests/arcs/export/golden/ instead of comparing",
    )
