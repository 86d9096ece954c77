"""JUnit XML: one testcase per rule that ran, for CI dashboards.

A problem at or above ``--fail-on`` (errors, unless the room's
configuration says otherwise) is a ``<failure>`` of its rule's testcase, so
the dashboard and the exit code agree. A problem below it is advice, written
to the testcase's ``<system-out>``; the testcase passes.

Sample::

    <testsuites name="arcroom" tests="6" failures="1" errors="0">
      <testsuite name="arcroom check" tests="6" failures="1" errors="0" skipped="0">
        <testcase classname="arcroom.C" name="C001 appears-while-dead">
          <failure type="error" message="bible.yaml:41:48: cheong-san appears ...">...</failure>
        </testcase>
        <testcase classname="arcroom.S" name="S001 setup-without-payoff">
          <system-out>warning: bible.yaml:22:16: S001 the setup of outbreak ...</system-out>
        </testcase>
      </testsuite>
    </testsuites>
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from arcs.checker import Result
from arcs.diagnostics import Diagnostic
from arcs.rules import RULES


def write(result: Result, out: TextIO, *, color: bool = False) -> None:
    by_code: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        by_code[d.code].append(d)
    codes = sorted(set(result.rules_run) | set(by_code))
    fails = result.fail_on
    failures = sum(
        1 for code in codes if any(d.severity >= fails for d in by_code.get(code, ()))
    )
    root = ET.Element(
        "testsuites", name="arcroom", tests=str(len(codes)), failures=str(failures), errors="0"
    )
    suite = ET.SubElement(
        root, "testsuite", name="arcroom check", tests=str(len(codes)),
        failures=str(failures), errors="0", skipped="0",
    )
    for code in codes:
        rule = RULES.get(code)
        case = ET.SubElement(
            suite, "testcase", classname=f"arcroom.{code[0]}",
            name=f"{code} {rule.name}" if rule else code,
        )
        found = by_code.get(code, [])
        for d in found:
            if d.severity >= fails:
                failure = ET.SubElement(
                    case, "failure", type=str(d.severity),
                    message=f"{d.file}:{d.line}:{d.column}: {d.message}",
                )
                failure.text = _described(d)
        # The JUnit schema allows one <system-out>, after the failures.
        advice = [f"{d.severity}: {_described(d)}" for d in found if d.severity < fails]
        if advice:
            ET.SubElement(case, "system-out").text = "\n".join(advice)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def _described(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" + (
        f"\nhint: {d.hint}" if d.hint else ""
    )
