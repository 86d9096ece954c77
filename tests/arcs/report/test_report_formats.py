"""Every ``--format`` of ``arcroom check``: a golden file each, and a real reader of each.

The golden bible (``golden/bible.yaml``) has one problem of each severity.
The reports are compared byte for byte with ``golden/report.*`` (LF pinned
by ``.gitattributes``); after a deliberate change to a format or to one of
the three rules' messages, regenerate them with
``ARCROOM_UPDATE_GOLDEN=1 python -m pytest tests/arcs/report`` and review the diff.

Readers: SARIF is validated against the official OASIS SARIF 2.1.0 JSON
Schema (``tests/fixtures/sarif-schema-2.1.0.json``); JUnit is parsed back
with ``xml.etree``; GitHub workflow commands are parsed with a regex per
the runner's syntax and unescaped; text is read back headline by headline,
caret by caret.
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from arcs.checker import Result
from arcs.diagnostics import Diagnostic, Severity
from arcs.report import FORMATS, github
from arcs.version import version

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
FINGERPRINT = "arcroomProblem/v2"
SARIF_SCHEMA = HERE.parent.parent / "fixtures" / "sarif-schema-2.1.0.json"
# One rule per severity keeps the golden files about the formats, not the catalogue.
SELECT = "C001,S001,S005"
EXPECTED = [  # (code, severity, line, column, end_column)
    ("S001", "warning", 22, 16, 66),
    ("C001", "error", 28, 85, 95),
    ("S005", "info", 32, 11, 15),
]
GOLDEN_NAMES = {
    "text": "report.txt", "json": "report.json", "sarif": "report.sarif.json",
    "junit": "report.xml", "github": "report.github.txt", "gitlab": "report.gitlab.json",
}


def report(arcroom, fmt: str, *extra: str):  # type: ignore[no-untyped-def]
    return arcroom("check", "bible.yaml", "--select", SELECT, "--format", fmt, *extra, cwd=GOLDEN)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_matches_its_golden_file(arcroom, fmt: str) -> None:
    out = report(arcroom, fmt)
    assert out.returncode == 1, out.stderr
    text = out.stdout.replace(version(), "<version>")
    golden = GOLDEN / GOLDEN_NAMES[fmt]
    if os.environ.get("ARCROOM_UPDATE_GOLDEN"):
        golden.write_bytes(text.encode("utf-8"))
    assert golden.read_bytes().decode("utf-8") == text


def test_golden_files_are_lf_only() -> None:
    for path in GOLDEN.iterdir():
        assert b"\r" not in path.read_bytes(), path


def test_json_report_has_the_documented_shape(arcroom) -> None:
    document = json.loads(report(arcroom, "json").stdout)
    assert set(document) == {"arcroom", "files", "diagnostics", "summary"}
    assert document["files"] == ["bible.yaml"]
    keys = {"code", "severity", "message", "file", "line", "column", "end_line", "end_column",
            "entity", "hint"}
    assert all(set(d) == keys for d in document["diagnostics"])
    found = [(d["code"], d["severity"], d["line"], d["column"], d["end_column"])
             for d in document["diagnostics"]]
    assert found == EXPECTED
    assert document["summary"] == {"error": 1, "warning": 1, "info": 1}


def test_sarif_report_is_valid_against_the_official_schema(arcroom) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    document = json.loads(report(arcroom, "sarif").stdout)
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["C001", "S001", "S005"]
    found = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "bible.yaml"
        region = location["region"]
        level = {"note": "info"}.get(result["level"], result["level"])
        found.append(
            (result["ruleId"], level, region["startLine"], region["startColumn"],
             region["endColumn"])
        )
    assert found == EXPECTED


def test_sarif_fingerprints_survive_moving_lines(arcroom, tmp_path: Path) -> None:
    moved = tmp_path / "bible.yaml"
    moved.write_text("# a note from the showrunner\n\n" + (GOLDEN / "bible.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")

    def prints(cwd: Path) -> list[str]:
        out = arcroom("check", "bible.yaml", "--select", SELECT, "--format", "sarif", cwd=cwd)
        results = json.loads(out.stdout)["runs"][0]["results"]
        return [r["partialFingerprints"][FINGERPRINT] for r in results]

    assert prints(tmp_path) == prints(GOLDEN)


def test_sarif_fingerprints_survive_moving_a_beat_to_another_episode(
    arcroom, tmp_path: Path
) -> None:
    text = (GOLDEN / "bible.yaml").read_text(encoding="utf-8")
    text = text.replace("episodes: 2}", "episodes: 3}").replace(
        "goodbye: {at: S1E02,", "goodbye: {at: S1E03,").replace(
        "notes-found: {at: S1E02,", "notes-found: {at: S1E03,")
    (tmp_path / "bible.yaml").write_text(text, encoding="utf-8")

    def prints(cwd: Path) -> list[tuple[str, str]]:
        out = arcroom("check", "bible.yaml", "--select", SELECT, "--format", "sarif", cwd=cwd)
        results = json.loads(out.stdout)["runs"][0]["results"]
        return [(r["message"]["text"], r["partialFingerprints"][FINGERPRINT]) for r in results]

    moved, golden = prints(tmp_path), prints(GOLDEN)
    assert [m for m, _ in moved] != [m for m, _ in golden]  # the messages name the episode
    assert [f for _, f in moved] == [f for _, f in golden]


def test_sarif_fingerprints_tell_apart_problems_of_one_code_on_one_beat(
    arcroom, tmp_path: Path
) -> None:
    text = (GOLDEN / "bible.yaml").read_text(encoding="utf-8").replace(
        "characters: [on-jo]}", "characters: [on-jo, nam-ra, su-hyeok]}")
    (tmp_path / "bible.yaml").write_text(text, encoding="utf-8")
    out = arcroom("check", "bible.yaml", "--select", "R001", "--format", "sarif", cwd=tmp_path)
    results = json.loads(out.stdout)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["R001", "R001"]
    assert len({r["partialFingerprints"][FINGERPRINT] for r in results}) == 2


def test_sarif_artifact_uris_are_percent_encoded(arcroom, tmp_path: Path) -> None:
    shutil.copyfile(GOLDEN / "bible.yaml", tmp_path / "my bible,v1.yaml")
    out = arcroom("check", "my bible,v1.yaml", "--select", SELECT, "--format", "sarif",
                  cwd=tmp_path)
    results = json.loads(out.stdout)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"my%20bible%2Cv1.yaml"}


LOCATED = re.compile(r"(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): ")


def test_junit_report_parses_back_to_one_testcase_per_rule(arcroom) -> None:
    root = ET.fromstring(report(arcroom, "junit", "--fail-on", "warning").stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name", "").split()[0]: case for case in suite.iter("testcase")}
    assert sorted(cases) == ["C001", "S001", "S005"]
    assert suite.get("tests") == root.get("tests") == "3"
    assert suite.get("failures") == root.get("failures") == "2"  # the error and the warning
    found = []
    for code, case in cases.items():
        failures = case.findall("failure")
        if failures:
            (failure,) = failures
            severity, text = failure.get("type"), failure.text or ""
            where = LOCATED.match(failure.get("message", ""))
        else:  # below --fail-on: advice on the passing testcase's output
            severity, _, text = (case.findtext("system-out") or "").partition(": ")
            where = LOCATED.match(text)
        assert where is not None and where["file"] == "bible.yaml"
        assert code in text
        found.append((code, severity, int(where["line"]), int(where["col"])))
    assert sorted(found) == sorted((c, s, line, col) for c, s, line, col, _ in EXPECTED)


@pytest.mark.parametrize(
    ("select", "fail_on", "exit_code", "failing"),
    [
        (SELECT, "error", 1, {"C001"}),
        (SELECT, "info", 1, {"C001", "S001", "S005"}),
        ("S001", "error", 0, set()),
        ("S001", "warning", 1, {"S001"}),
    ],
)
def test_junit_failures_are_the_problems_that_fail_the_check(
    arcroom, select: str, fail_on: str, exit_code: int, failing: set[str]
) -> None:
    # The dashboard and the exit code agree: a failure is what --fail-on fails on.
    out = arcroom("check", "bible.yaml", "--select", select, "--format", "junit",
                  "--fail-on", fail_on, cwd=GOLDEN)
    assert out.returncode == exit_code, out.stderr
    root = ET.fromstring(out.stdout)
    failed = {c.get("name", "").split()[0] for c in root.iter("testcase") if c.find("failure")
              is not None}
    assert failed == failing
    assert root.get("failures") == str(len(failing))


def test_junit_report_keeps_infos_out_of_the_failures(arcroom) -> None:
    out = arcroom("check", "bible.yaml", "--select", "S005", "--format", "junit", cwd=GOLDEN)
    assert out.returncode == 0, out.stderr
    root = ET.fromstring(out.stdout)
    assert root.get("failures") == "0"
    (case,) = root.iter("testcase")
    assert case.get("name") == "S005 open-at-end"
    assert case.find("failure") is None
    assert (case.findtext("system-out") or "").splitlines() == [
        "info: bible.yaml:32:11: S005 arc the-cure is left open at the end of the plan; "
        "it reaches the last season (notes-found, S1E02): a hook",
        "hint: resolve the-cure and drop 'open', or keep the hook (ignore: [S005])",
    ]


def test_junit_report_lists_passing_rules_as_passing_testcases(arcroom) -> None:
    out = arcroom("check", "bible.yaml", "--select", "C00", "--format", "junit", cwd=GOLDEN)
    suite = ET.fromstring(out.stdout).find("testsuite")
    assert suite is not None
    failing = {c.get("name", "").split()[0] for c in suite.iter("testcase") if c.find("failure")
               is not None}
    passing = {c.get("name", "").split()[0] for c in suite.iter("testcase") if c.find("failure")
               is None}
    assert failing == {"C001"}
    assert "C002" in passing


# ::error file=...,line=...::message  (the runner's workflow-command syntax)
COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def _unescape(text: str, prop: bool) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for escaped, raw in pairs:
        text = text.replace(escaped, raw)
    return text.replace("%25", "%")


def parse_github(output: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        parsed.append((
            match["command"],
            {k: _unescape(v, prop=True) for k, v in props.items()},
            _unescape(match["data"], prop=False),
        ))
    return parsed


def test_github_commands_parse_back_to_the_diagnostics(arcroom) -> None:
    commands = parse_github(report(arcroom, "github").stdout)
    level = {"error": "error", "warning": "warning", "notice": "info"}
    found = [(p["title"].split()[0], level[c], int(p["line"]), int(p["col"]),
              int(p["endColumn"])) for c, p, _ in commands]
    assert found == EXPECTED
    messages = [data for _, _, data in commands]
    assert "100% infection, no cure" in messages[0]


def test_github_escapes_percent_newlines_commas_and_colons() -> None:
    tricky = Diagnostic(
        "s1: the cure, 50%.yaml", 3, 5, "S001", "line one\nline two, 100% sure: yes",
        Severity.WARNING, 3, 9, "the-cure", "add a payoff\r\nsoon",
    )
    out = io.StringIO()
    github.write(Result([tricky], (tricky.file,)), out)
    assert out.getvalue().count("\n") == 1  # one command, one line
    ((command, props, data),) = parse_github(out.getvalue())
    assert command == "warning"
    assert props["file"] == "s1: the cure, 50%.yaml"
    where = (props["line"], props["col"], props["endLine"], props["endColumn"])
    assert where == ("3", "5", "3", "9")
    assert data == "line one\nline two, 100% sure: yes (hint: add a payoff\r\nsoon)"


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_text_report_puts_the_caret_under_the_span(arcroom) -> None:
    lines = report(arcroom, "text", "--color", "never").stdout.splitlines()
    headline = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3}) ")
    source = (GOLDEN / "bible.yaml").read_text(encoding="utf-8").splitlines()
    found = []
    for i, line in enumerate(lines):
        match = headline.match(line)
        if not match:
            continue
        number, col = int(match["line"]), int(match["col"])
        quoted, caret = lines[i + 1], lines[i + 2]
        assert quoted == f"{number:>6} | {source[number - 1]}"
        start = caret.index("^") - len("       | ")
        width = caret.count("^")
        written = source[number - 1]
        end = next(e for c, _, n, _, e in EXPECTED if c == match["code"] and n == number)
        # Carets are drawn in terminal cells: a Hangul syllable is two.
        assert start == _cells(written[: col - 1])
        assert width == _cells(written[col - 1 : end - 1])
        found.append((match["code"], number, col))
    # Errors first, then warnings, then infos.
    by_severity = sorted(EXPECTED, key=lambda e: ["error", "warning", "info"].index(e[1]))
    assert found == [(c, line, col) for c, _, line, col, _ in by_severity]
    assert lines[-1] == "Found 1 error, 1 warning and 1 info."


def _run_check(*args: str, no_color: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "tui", "check", "bible.yaml", "--select", SELECT, *args],
        cwd=GOLDEN, capture_output=True, text=True, env=env, timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "no_color", "coloured"),
    [
        (("--color", "always"), False, True),
        (("--color", "always"), True, True),  # asking wins over NO_COLOR
        (("--color", "never"), False, False),
        ((), False, False),  # auto: a pipe is not a terminal
    ],
)
def test_colour_only_when_asked_or_on_a_terminal(
    args: tuple[str, ...], no_color: bool, coloured: bool
) -> None:
    out = _run_check(*args, no_color=no_color)
    assert out.returncode == 1
    assert ("\x1b[" in out.stdout) is coloured


def _on_a_terminal(no_color: bool) -> bytes:
    """What ``arcroom check`` writes when its stdout is a terminal (a pseudo-terminal)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    argv = [sys.executable, "-m", "tui", "check", "bible.yaml", "--select", SELECT]
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdout is the terminal
        try:
            os.chdir(GOLDEN)
            os.execve(sys.executable, argv, env)
        finally:
            os._exit(127)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal closes when the child exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    os.close(fd)
    return b"".join(chunks)


def test_colour_on_a_terminal_unless_no_color() -> None:
    assert b"\x1b[" in _on_a_terminal(no_color=False)
    assert b"\x1b[" not in _on_a_terminal(no_color=True)


def text_report(source: str, *diagnostics: Diagnostic) -> list[str]:
    out = io.StringIO()
    FORMATS["text"](Result(list(diagnostics), ("b.yaml",), sources={"b.yaml": source}), out)
    return out.getvalue().splitlines()


def test_a_long_line_is_quoted_around_the_column_only() -> None:
    line = "characters: {" + ", ".join(f"c{i}: {{name: C{i}}}" for i in range(2000)) + "}"
    column = line.index("c1500:") + 1
    wrong = Diagnostic("b.yaml", 1, column, "B002", "unknown key", Severity.ERROR, 1, column + 5)
    _, quoted, caret, _ = text_report(line + "\n", wrong)
    assert len(quoted) < 130 and len(caret) < 130
    shown = quoted[len("     1 | "):]
    start = caret.index("^") - len("       | ")
    assert shown[start : start + caret.count("^")] == "c1500"
    assert shown.startswith("…") and shown.endswith("…")


def test_the_quoted_line_is_the_loaders_line_whatever_unicode_calls_a_break() -> None:
    # U+2028 and U+0085 are line breaks to str.splitlines, not to YAML's reader.
    source = "a: 1\ntitle: one\u2028two\x85three\nname: Nam-ra\n"
    problem = Diagnostic("b.yaml", 3, 1, "B002", "unknown key 'name'", Severity.ERROR, 3, 5)
    assert text_report(source, problem)[1] == "     3 | name: Nam-ra"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_quoted_line_is_the_loaders_line_whatever_ends_the_lines(newline: str) -> None:
    # \n alone is split the fast way; \r\n and a lone \r are line breaks to YAML too.
    source = newline.join(["a: 1", "title: One", "name: Nam-ra", ""])
    problem = Diagnostic("b.yaml", 3, 1, "B002", "unknown key 'name'", Severity.ERROR, 3, 5)
    assert text_report(source, problem)[1:3] == ["     3 | name: Nam-ra", "       | ^^^^"]


def test_control_characters_in_a_quoted_line_never_reach_the_terminal() -> None:
    source = 'series: {title: "a\x1b[31mred\x07"}\n'
    bad = Diagnostic("b.yaml", 1, 19, "B001", "U+001B is not allowed", Severity.ERROR, 1, 20)
    _, quoted, caret, _ = text_report(source, bad)
    assert "\x1b" not in quoted and "\x07" not in quoted
    assert quoted == '     1 | series: {title: "a\u241b[31mred\u2407"}'
    assert caret.index("^") - len("       | ") == 18


def test_gitlab_code_quality_report_has_gitlabs_fields(arcroom) -> None:
    issues = json.loads(report(arcroom, "gitlab").stdout)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] \
        == [("S001", "minor", 22), ("C001", "major", 28), ("S005", "info", 32)]
    assert all(i["location"]["path"] == "bible.yaml" for i in issues)
    assert len({i["fingerprint"] for i in issues}) == 3
