"""SARIF 2.1.0, for code-scanning dashboards: one run, rule metadata, located results.

Sample (abridged)::

    {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
     "runs": [{"tool": {"driver": {"name": "arcroom", "rules": [{"id": "C001", ...}]}},
               "results": [{"ruleId": "C001", "level": "error",
                            "message": {"text": "..."},
                            "locations": [{"physicalLocation": {
                                "artifactLocation": {"uri": "bible.yaml"},
                                "region": {"startLine": 41, "startColumn": 48, ...}}}]}]}]}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from arcs.checker import Result
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules import RULES
from arcs.version import VERSION

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return path.as_posix()


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    region = {"startLine": d.line, "startColumn": d.column}
    if d.end_line >= d.line and d.end_column > 0:
        region |= {"endLine": d.end_line, "endColumn": d.end_column}
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity],
        "message": {"text": text},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(d.file)}, "region": region}}
        ],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.entity:
        result["partialFingerprints"] = {"arcroomEntity/v1": f"{d.code}:{d.entity}"}
    return result


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    rules = list(RULES.values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "arcroom",
        "version": VERSION,
        "informationUri": "https://pypi.org/project/arcroom/",
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.doc or rule.summary},
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            }
            for rule in rules
        ],
    }
    document = {
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [_result(d, index) for d in result.diagnostics],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
