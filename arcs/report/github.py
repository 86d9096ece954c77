"""GitHub Actions workflow commands: each diagnostic annotates its line in the pull request.

Sample::

    ::error file=bible.yaml,line=41,col=48,endLine=41,endColumn=58,title=C001 appears-while-dead::cheong-san appears in goodbye (S1E12) while dead
"""

from __future__ import annotations

from typing import TextIO

from arcs.checker import Result
from arcs.diagnostics import Severity
from arcs.rules import RULES

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    for d in result.diagnostics:
        rule = RULES.get(d.code)
        title = f"{d.code} {rule.name}" if rule else d.code
        props = ",".join(
            f"{k}={_escape_property(str(v))}"
            for k, v in (
                ("file", d.file), ("line", d.line), ("col", d.column),
                ("endLine", d.end_line), ("endColumn", d.end_column), ("title", title),
            )
        )
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.write(f"::{_COMMAND[d.severity]} {props}::{_escape_data(message)}\n")
