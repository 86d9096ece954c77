"""Output formats for ``arcroom check``: one module each, one signature.

``write(result, out, *, color=False)`` writes the whole report to a text
stream; stdout carries the report, stderr carries notes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from arcs.checker import Result


class Writer(Protocol):
    def __call__(self, result: Result, out: TextIO, *, color: bool = False) -> None: ...


class _Writers(Mapping[str, Writer]):
    """Format name -> writer, each format's module imported when first asked.

    A check writes one format; importing the XML and hashing machinery of
    SARIF and JUnit for a text report would cost every run its start-up.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self._names = names

    def __getitem__(self, name: str) -> Writer:
        if name not in self._names:
            raise KeyError(name)
        writer: Writer = import_module(f"arcs.report.{name}").write
        return writer

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


FORMATS: Mapping[str, Writer] = _Writers(("text", "json", "sarif", "junit", "github", "gitlab"))
