"""The YAML test suite (shared/data/yaml-test-suite) against the loader and ``arcroom check``.

Every invalid case (a folder with an ``error`` file) must make ``arcroom
check`` exit 2 with a located B message and no traceback; every valid case
whose JSON is a mapping must not crash either (it is not a bible, so exit 2
with a B message is the expected answer). Most cases run through
``tui.cli.main`` in this process, a sample through the real command line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from story_bible.errors import LoadError
from story_bible.loader import read_text
from story_bible.nodes import compose
from tui.cli import main

SUITE = Path(__file__).resolve().parents[3] / "shared" / "data" / "yaml-test-suite"
CASES = sorted(p for p in SUITE.iterdir() if p.is_dir()) if SUITE.is_dir() else []
INVALID = [case for case in CASES if (case / "error").exists()]


def _first_json_value(case: Path) -> object:
    text = (case / "in.json").read_text(encoding="utf-8").strip()
    return json.JSONDecoder().raw_decode(text)[0] if text else None


VALID_MAPPINGS = [
    case
    for case in CASES
    if not (case / "error").exists()
    and (case / "in.json").exists()
    and isinstance(_first_json_value(case), dict)
]

#: Invalid YAML that libyaml's parser lets through, so arcroom's loader reads
#: it as a (non-bible) document; `arcroom check` still exits 2 on each, with a
#: B002/B006 message. libyaml does not check these rules of the YAML spec:
STILL_ACCEPTED = {
    # continuation lines of a flow sequence at the key's indentation (column 1)
    "9C9N": "Wrong indented flow sequence",
    # a comment must be separated by a space: '] #', not ']#'
    "9JBA": "Invalid comment after end of flow sequence",
    # ... nor ',#' inside a flow sequence
    "CVW2": "Invalid comment after comma",
    # a tab as the indentation of a quoted scalar's continuation line
    "DK95-01": "Tabs that look like indentation",
    # '-' alone is not a plain scalar inside [ ]
    "G5U8": "Plain dashes in flow sequence",
    # '%YAML 1.1#...': a comment touching the directive's version
    "MUS6-00": "Directive variants",
    # continuation lines of a double-quoted scalar at the key's indentation
    "QB6E": "Wrong indented multiline quoted scalar",
    # leading blank lines of a block scalar longer than its first text line
    "S98Z": "Block scalar with more spaces than first content line",
    # '"value"# comment': a comment touching a closing quote
    "SU5Z": "Comment without whitespace after doublequoted scalar",
    # '>#comment': a comment touching a block scalar's header
    "X4QW": "Comment without whitespace after block scalar indicator",
    # a tab as the indentation of a flow sequence's continuation line
    "Y79Y-003": "Tabs in various contexts",
    # '[-]'
    "YJV2": "Dash in flow sequence",
}

LOCATED = re.compile(r"^(?P<file>.+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<code>B0[0-9]{2}) ")


def _located_b_messages(stdout: str, file: Path) -> list[re.Match[str]]:
    found = [m for m in map(LOCATED.match, stdout.splitlines()) if m]
    return [m for m in found if m["file"] == str(file)]


def test_the_suite_is_where_ci_keeps_it() -> None:
    assert SUITE.is_dir(), f"{SUITE} is missing: CI keeps shared/ beside the checkout"
    # SOURCE.md's counts: 402 cases, 94 invalid.
    assert (len(CASES), len(INVALID)) == (402, 94)
    assert len(VALID_MAPPINGS) > 100


def _accepted_by_compose(case: Path) -> bool:
    try:
        _, problems = compose(read_text(case / "in.yaml"), str(case / "in.yaml"))
    except LoadError:
        return False
    return not any(p.code == "B001" for p in problems)


def test_exactly_the_known_invalid_cases_get_past_the_yaml_reader() -> None:
    accepted = {case.name for case in INVALID if _accepted_by_compose(case)}
    assert accepted == set(STILL_ACCEPTED)
    for name, title in STILL_ACCEPTED.items():
        assert (SUITE / name / "name.txt").read_text(encoding="utf-8").strip() == title


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case.name)
def test_invalid_yaml_exits_2_with_a_located_message(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = case / "in.yaml"
    code = main(["check", str(file)])
    out, err = capsys.readouterr()
    assert code == 2
    found = _located_b_messages(out, file)
    assert found, out
    if case.name not in STILL_ACCEPTED:
        # What the reader rejects is reported as B001 (syntax) at its place.
        assert "B001" in [m["code"] for m in found], out
    assert "Traceback" not in err


@pytest.mark.parametrize("case", VALID_MAPPINGS, ids=lambda case: case.name)
def test_valid_yaml_that_is_not_a_bible_does_not_crash(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = case / "in.yaml"
    code = main(["check", str(file)])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    if code == 2:
        assert _located_b_messages(out, file), out
    assert "Traceback" not in err


# Every tenth invalid case and a few valid ones, through a real `arcroom` process.
SAMPLE = INVALID[::10] + VALID_MAPPINGS[::40]


@pytest.mark.parametrize("case", SAMPLE, ids=lambda case: case.name)
def test_the_command_line_reports_suite_cases_without_a_traceback(case: Path) -> None:
    file = case / "in.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(file)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert done.returncode == 2
    assert _located_b_messages(done.stdout, file), done.stdout
    assert "Traceback" not in done.stderr
