"""Output formats for ``arcroom check``: one module each, one signature.

``write(result, out, *, color=False)`` writes the whole report to a text
stream; stdout carries the report, stderr carries notes.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from arcs.checker import Result
from arcs.report import github, gitlab, json, junit, sarif, text


class Writer(Protocol):
    def __call__(self, result: Result, out: TextIO, *, color: bool = False) -> None: ...


FORMATS: dict[str, Writer] = {
    "text": text.write,
    "json": json.write,
    "sarif": sarif.write,
    "junit": junit.write,
    "github": github.write,
    "gitlab": gitlab.write,
}
