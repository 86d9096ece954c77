"""GitLab's Code Quality report: a JSON list of issues, shown on the merge request.

Each problem is one issue whose fingerprint is the SARIF one (rule, entity,
subjects and rank among problems of that key), so GitLab tells a problem the
merge request introduced from one the target branch already had, whatever
lines moved. Severities map to GitLab's: error -> major, warning -> minor,
info -> info.

Sample::

    [{"description": "C001 cheong-san appears in goodbye (S1E12) while dead (...)",
      "check_name": "C001", "fingerprint": "3f2a...", "severity": "major",
      "location": {"path": "bible.yaml", "lines": {"begin": 41}}}]
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from arcs.checker import Result
from arcs.diagnostics import Severity
from arcs.report.sarif import _fingerprint, _ranked

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    issues: list[dict[str, Any]] = [
        {
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": _fingerprint(d, rank),
            "severity": SEVERITIES[d.severity],
            "location": {"path": d.file, "lines": {"begin": d.line}},
        }
        for d, rank in _ranked(result.diagnostics)
    ]
    json.dump(issues, out, ensure_ascii=False, indent=2)
    out.write("\n")
