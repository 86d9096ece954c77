"""The examples in the graph, layout, query and export docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "arcs.graph", "arcs.views", "arcs.layout", "arcs.queries", "arcs.export.values",
    "arcs.export.style", "arcs.export.svg", "arcs.export.graphml", "arcs.export.mermaid",
    "arcs.export.dot", "arcs.export.html",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
