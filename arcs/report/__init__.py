"""Output formats for ``arcroom check``: one module each, one signature.

``write(result, out, *, color=False)`` writes the whole report to a text
stream; stdout carries the report, stderr carries notes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from arcs.checker import Result
from arcs.report import github, json, junit, sarif, text

FORMATS: dict[str, Callable[[Result, TextIO], None]] = {
    "text": text.write,
    "json": json.write,
    "sarif": sarif.write,
    "junit": junit.write,
    "github": github.write,
}
