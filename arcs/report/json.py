"""The machine format: one JSON object, as DESIGN.md fixes it.

Sample::

    {"arcroom": "0.1.0", "files": ["bible.yaml"],
     "diagnostics": [{"code": "C001", "severity": "error", "message": "...",
                      "file": "bible.yaml", "line": 41, "column": 48,
                      "end_line": 41, "end_column": 58, "entity": "goodbye",
                      "hint": "..."}],
     "summary": {"error": 1, "warning": 0, "info": 0}}
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from arcs.checker import Result
from arcs.diagnostics import Diagnostic
from arcs.version import version


def as_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code, "severity": str(d.severity), "message": d.message,
        "file": d.file, "line": d.line, "column": d.column,
        "end_line": d.end_line, "end_column": d.end_column,
        "entity": d.entity, "hint": d.hint,
    }


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    document = {
        "arcroom": version(),
        "files": list(result.files),
        "diagnostics": [as_dict(d) for d in result.diagnostics],
        "summary": result.summary,
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
