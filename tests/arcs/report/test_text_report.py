"""The text report as a person reads it: order, summary, and nothing raw reaching the terminal."""

from __future__ import annotations

import io
import time

from arcs.checker import Result
from arcs.diagnostics import Diagnostic, Severity
from arcs.report import github, text
from arcs.report.visible import visible


def _d(line: int, code: str, severity: Severity, message: str = "m", hint: str | None = None
       ) -> Diagnostic:
    return Diagnostic("b.yaml", line, 1, code, message, severity, line, 2, None, hint)


def _report(*diagnostics: Diagnostic, order: str = "severity") -> list[str]:
    out = io.StringIO()
    text.write(Result(sorted(diagnostics), ("b.yaml",)), out, order=order)
    return out.getvalue().splitlines()


MIXED = (
    _d(1, "S001", Severity.WARNING), _d(2, "S005", Severity.INFO), _d(3, "C001", Severity.ERROR),
    _d(4, "S003", Severity.WARNING), _d(5, "T002", Severity.ERROR),
)


def test_errors_come_first_then_warnings_then_infos_each_in_file_order() -> None:
    heads = [line.split()[0] for line in _report(*MIXED)[:-1]]
    assert heads == ["b.yaml:3:1:", "b.yaml:5:1:", "b.yaml:1:1:", "b.yaml:4:1:", "b.yaml:2:1:"]


def test_position_order_keeps_the_files_order() -> None:
    heads = [line.split()[0] for line in _report(*MIXED, order="position")[:-1]]
    assert heads == [f"b.yaml:{n}:1:" for n in range(1, 6)]


def test_the_summary_counts_each_severity_in_plain_words() -> None:
    assert _report(*MIXED)[-1] == "Found 2 errors, 2 warnings and 1 info."
    assert _report(MIXED[2])[-1] == "Found 1 error."
    assert _report(MIXED[0], MIXED[2])[-1] == "Found 1 error and 1 warning."
    infos = [_d(n, "S005", Severity.INFO) for n in range(3)]
    assert _report(MIXED[2], *infos)[-1] == "Found 1 error and 3 infos."
    assert _report()[-1] == "All checks passed (1 file)."


def test_control_characters_in_messages_and_hints_never_reach_the_terminal() -> None:
    evil = _d(1, "S001", Severity.WARNING, "setup 'red\x1b[31m' rings\x07", "hint \x1b]0;x\x07")
    lines = _report(evil)
    assert not any(c in "".join(lines) for c in "\x1b\x07")
    assert lines[0] == "b.yaml:1:1: S001 setup 'red\u241b[31m' rings\u2407"
    assert lines[1] == "       = hint: hint \u241b]0;x\u2407"
    out = io.StringIO()
    github.write(Result([evil], ("b.yaml",)), out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "red\u241b[31m" in out.getvalue()


def test_visible_leaves_text_alone_and_shows_every_control() -> None:
    assert visible("청산의 작별, 100%") == "청산의 작별, 100%"
    assert visible("a\tb\x7fc\x9bd\u202ee") == "a\u2409b\u2421c\ufffdd\ufffde"
    assert visible("one\ntwo\x1b", keep="\n") == "one\ntwo\u241b"


def test_a_long_line_is_cut_before_it_is_read_character_by_character() -> None:
    # One problem per id on a 1 MB line: each quoted excerpt must cost its window,
    # not the line (1 MB x 20,000 problems would be 20 GB of characters).
    line = "x: [" + ", ".join(f"c{i:06d}" for i in range(110_000)) + "]"
    problems = [
        Diagnostic("b.yaml", 1, col, "R001", "unknown", Severity.ERROR, 1, col + 7)
        for col in range(5, 5 + 9 * 20_000, 9)
    ]
    out = io.StringIO()
    began = time.process_time()
    text.write(Result(problems, ("b.yaml",), sources={"b.yaml": line + "\n"}), out)
    assert time.process_time() - began < 10  # about 0.2 s; scanning the line each time: minutes
    quoted = out.getvalue().splitlines()[1]
    assert quoted == "     1 | " + line[:100] + "…"
    assert len(out.getvalue()) < 300 * len(problems)
