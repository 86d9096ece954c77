"""The YAML test suite (tests/data/yaml-test-suite) against the loader and ``arcroom check``.

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
from story_bible.reading.composer import compose
from story_bible.reading.loader import read_text
from story_bible.reading.strict_yaml import strict_yaml
from tui.cli import main

#: The cases the tests read, kept in the repository (see its SOURCE.md).
SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"
CASES = sorted(p for p in SUITE.iterdir() if p.is_dir())
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

#: Invalid YAML that arcroom's loader would still read as a (non-bible)
#: document: case id -> the reason no cheap exact check catches it. libyaml
#: lets through twelve invalid cases; the loader's own checks
#: (``story_bible.reading.strict_yaml.strict_yaml``) catch all twelve:
#: 9C9N, QB6E (continuation lines in column 0), DK95-01, Y79Y-003 (a tab as
#: indentation), 9JBA, CVW2, SU5Z, X4QW, MUS6-00 (a '#' touching ], ',', a
#: quote, a block header, the %YAML version), G5U8, YJV2 (a lone '-' in a
#: flow sequence), S98Z (blank lines deeper than a block scalar's first line).
STILL_ACCEPTED: dict[str, str] = {}

LOCATED = re.compile(r"^(?P<file>.+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<code>B0[0-9]{2}) ")


def _located_b_messages(stdout: str, file: Path) -> list[re.Match[str]]:
    # check names a file under the working folder relatively, others absolutely.
    found = [m for m in map(LOCATED.match, stdout.splitlines()) if m]
    return [m for m in found if Path(m["file"]).resolve() == file.resolve()]


def test_the_suite_is_all_here() -> None:
    # SOURCE.md's counts: 402 cases, 94 invalid; every case has its input.
    assert (len(CASES), len(INVALID)) == (402, 94)
    assert all((case / "in.yaml").is_file() for case in CASES)
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


def test_the_checks_libyaml_lacks_reject_no_valid_case() -> None:
    # Exactness: every valid case the reader reads passes the loader's own checks.
    refused = {}
    for case in CASES:
        if (case / "error").exists() or not (case / "in.yaml").exists():
            continue
        text = read_text(case / "in.yaml")
        try:
            root, _ = compose(text, "in.yaml")
        except LoadError:
            continue  # libyaml (or a bible's one-document rule) refuses it already
        found = strict_yaml(text, root)
        if found:
            refused[case.name] = found
    assert refused == {}


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
