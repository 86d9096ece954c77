"""SARIF 2.1.0, for code-scanning dashboards: one run, rule metadata, located results.

Valid against the official OASIS schema (the tests check it). The driver
lists the rules that ran (and any whose problems are reported, such as B
codes from loading), each with its summary and its documentation as
``help``; each result carries the baseline key of :mod:`arcs.baseline` (code,
entity, who it is about) and its rank among the results of that key as a
fingerprint, so dashboards track a problem across edits that move lines or
move a beat to another episode, and still tell apart two problems of one
key. Artifact URIs are relative paths, percent-encoded (``my%20bible.yaml``).

Sample (abridged)::

    {"version": "2.1.0", "$schema": "https://docs.oasis-open.org/sarif/.../sarif-schema-2.1.0.json",
     "runs": [{"tool": {"driver": {"name": "arcroom", "rules": [{"id": "C001", ...}]}},
               "results": [{"ruleId": "C001", "ruleIndex": 0, "level": "error",
                            "message": {"text": "..."},
                            "locations": [{"physicalLocation": {
                                "artifactLocation": {"uri": "bible.yaml", "uriBaseId": "%SRCROOT%"},
                                "region": {"startLine": 41, "startColumn": 48, ...}}}]}]}]}
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any, TextIO

from arcs.baseline import Key, key_of
from arcs.checker import Result
from arcs.diagnostics import Diagnostic, Severity
from arcs.report.paths import relative_uri
from arcs.rules import FAMILIES, RULES, Rule
from arcs.rules.docs import as_markdown, as_text, description, plain
from arcs.version import version

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "arcroomProblem/v2"
SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": plain(rule.summary)},
        "fullDescription": {"text": description(rule)},
        "help": {"text": as_text(rule), "markdown": as_markdown(rule)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [FAMILIES.get(rule.code[0], "arcroom")]},
    }


def _result(d: Diagnostic, index: dict[str, int], rank: int) -> dict[str, Any]:
    region = {"startLine": d.line, "startColumn": d.column}
    if d.end_line > d.line or (d.end_line == d.line and d.end_column > d.column):
        region |= {"endLine": d.end_line, "endColumn": d.end_column}
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    location = {"uri": relative_uri(d.file)}
    if "://" not in location["uri"]:
        location["uriBaseId"] = "%SRCROOT%"
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "partialFingerprints": {FINGERPRINT: _fingerprint(d, rank)},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    return result


def _fingerprint(d: Diagnostic, rank: int) -> str:
    identity = "\0".join((*key_of(d), str(rank)))
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def _ranked(diagnostics: list[Diagnostic]) -> Iterator[tuple[Diagnostic, int]]:
    """Each diagnostic with how many of the same baseline key came before it."""
    seen: Counter[Key] = Counter()
    for d in diagnostics:
        key = key_of(d)
        yield d, seen[key]
        seen[key] += 1


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    wanted = set(result.rules_run) | {d.code for d in result.diagnostics}
    rules = [rule for code, rule in RULES.items() if code in wanted]
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "arcroom",
        "version": version(),
        "rules": [_descriptor(rule) for rule in rules],
    }
    document = {
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [_result(d, index, n) for d, n in _ranked(result.diagnostics)],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
