"""arcroom's version is written once (arcs.version) and is the installed metadata's."""

from __future__ import annotations

import importlib.metadata
import re

from arcs.version import VERSION, version


def test_the_version_is_the_installed_metadatas() -> None:
    assert version() == VERSION == importlib.metadata.version("arcroom")
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
