"""GitHub Actions workflow commands: each diagnostic annotates its line in the pull request.

One ``::error``/``::warning``/``::notice`` command per line; the file is
named relative to the working folder (the repository root in CI). Escaping
follows the runner's rules: ``%``, CR and LF in the message; those and
``:`` and ``,`` in property values. Other control characters (ESC, BEL...)
are shown as symbols, as in the text report: a CI log is a terminal too.

Sample::

    ::error file=bible.yaml,line=41,col=48,endLine=41,endColumn=58,title=C001 ...::cheong-san ...
"""

from __future__ import annotations

from typing import TextIO

from arcs.checker import Result
from arcs.diagnostics import Severity
from arcs.report.paths import relative_path
from arcs.report.visible import visible
from arcs.rules import RULES

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    text = visible(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    for d in result.diagnostics:
        rule = RULES.get(d.code)
        title = f"{d.code} {rule.name}" if rule else d.code
        where: list[tuple[str, object]] = [
            ("file", relative_path(d.file)), ("line", d.line), ("col", d.column)
        ]
        if d.end_line > d.line or (d.end_line == d.line and d.end_column > d.column):
            where += [("endLine", d.end_line), ("endColumn", d.end_column)]
        props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in [*where, ("title", title)])
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.write(f"::{_COMMAND[d.severity]} {props}::{_escape_data(message)}\n")
