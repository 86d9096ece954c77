"""Broken bibles never crash ``check``, ``export`` or ``set``: exit 0, 1 or 2, no traceback, soon.

The fixture bibles are mutated with a fixed seed (bytes flipped, spans
deleted, YAML punctuation inserted, a word put where another was, lines
repeated, the file cut short) and each mutant goes through the real command
line. To keep CI fast, one
``python`` per command imports ``tui.cli`` once and calls ``main(argv)`` for
every mutant, noting the exit code, any exception that escaped and the time
taken; a few mutants also run as whole ``arcroom`` processes.
``ARCROOM_FUZZ_SEED`` and ``ARCROOM_FUZZ_MUTANTS`` try other or more mutants.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from story_bible.reading.loader import load
from tests.support import ROOT, run_arcroom

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "bibles").glob("*.yaml"))
SEED = int(os.environ.get("ARCROOM_FUZZ_SEED", "20260113"))
#: Mutants per fixture bible.
MUTANTS = int(os.environ.get("ARCROOM_FUZZ_MUTANTS", "30"))
#: No single call may take longer (the fixtures are small; a hang is a bug).
SLOWEST = 5.0

PUNCTUATION = [b":", b": ", b"- ", b"[", b"]", b"{", b"}", b",", b"#", b"&a ", b"*a", b"!!str ",
               b"!x ", b"|", b">", b"'", b'"', b"%", b"@", b"`", b"\t", b"\n", b"? ", b"---\n",
               b"...\n", b"<<: ", b"~", b"\\", b"\x00", b"\xff", b"\r"]

#: Imports the CLI once and runs ``main(argv)`` for each case of the JSON file argv[1].
DRIVER = r"""
import contextlib, io, json, sys, time, traceback
from tui import cli

def stream():
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace")

results = []
for argv in json.load(open(sys.argv[1], encoding="utf-8")):
    out, err = stream(), stream()
    crash = None
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:
        code, crash = None, traceback.format_exc()
    seconds = time.perf_counter() - start
    text = ""
    for s in (out, err):
        s.flush()
        text += s.buffer.getvalue().decode("utf-8", "replace")
    results.append({"argv": argv, "code": code, "crash": crash, "seconds": seconds,
                    "traceback": "Traceback (most recent call last)" in text})
json.dump(results, sys.stdout)
"""


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random damages of the kinds a hand, a merge or a disk does."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["flip", "delete", "punctuation", "punctuation", "line", "truncate",
                           "word", "word"])
        at = rng.randrange(len(data) + 1)
        words = list(re.finditer(rb"[\w-]+", data))
        if kind == "word" and words:
            # A word where another belongs (an id, a key, a number): the YAML still reads,
            # so the loader's checks, the rules and the exporters get their turn.
            old, new = rng.choice(words), rng.choice(words)
            data = data[:old.start()] + new.group() + data[old.end():]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
        elif kind == "delete":
            data = data[:at] + data[at + rng.randint(1, 40):]
        elif kind == "punctuation":
            data = data[:at] + rng.choice(PUNCTUATION) + data[at:]
        elif kind == "line":
            lines = data.splitlines(keepends=True)
            if lines:
                n = rng.randrange(len(lines))
                lines.insert(rng.randrange(len(lines) + 1), lines[n])  # a line merged twice
                data = b"".join(lines)
        else:
            data = data[:at]
    return data


@pytest.fixture(scope="module")
def mutants(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    """(mutant file, a beat of its fixture to ``set``), with a fixed seed."""
    folder = tmp_path_factory.mktemp("mutants")
    rng = random.Random(SEED)
    found = []
    for fixture in FIXTURES:
        beat = next(iter(load(fixture).beats))
        original = fixture.read_bytes()
        for n in range(MUTANTS):
            path = folder / f"{fixture.stem}-{n}.yaml"
            path.write_bytes(mutate(original, rng))
            found.append((path, beat))
    return found


def _drive(cases: list[list[str]], folder: Path) -> list[dict[str, object]]:
    plan = folder / "cases.json"
    plan.write_text(json.dumps(cases), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(plan)], capture_output=True, text=True, cwd=folder,
        timeout=SLOWEST * len(cases), env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: list[dict[str, object]] = json.loads(done.stdout)
    return results


def _assert_well_behaved(results: list[dict[str, object]]) -> None:
    bad = [r for r in results if r["crash"] or r["traceback"] or r["code"] not in (0, 1, 2)]
    assert not bad, "\n\n".join(f"{r['argv']}: exit {r['code']}\n{r['crash']}" for r in bad[:3])
    slow = [r for r in results if float(r["seconds"]) > SLOWEST]  # type: ignore[arg-type]
    assert not slow, [(r["argv"], r["seconds"]) for r in slow]


def _cases(command: str, mutants: list[tuple[Path, str]], folder: Path) -> list[list[str]]:
    formats = ["json", "svg", "mermaid", "dot", "graphml", "gexf", "html"]
    cases = []
    for n, (path, beat) in enumerate(mutants):
        if command == "check":
            cases.append(["check", str(path)])
        elif command == "export":
            fmt = formats[n % len(formats)]
            cases.append(["export", str(path), "--format", fmt, "-o", str(folder / f"out.{fmt}")])
        else:
            copy = folder / path.name  # set writes: each edits its own copy
            copy.write_bytes(path.read_bytes())
            cases.append(["set", f"{beat}.summary", "Fuzzed, again", "--bible", str(copy)])
    return cases


@pytest.mark.parametrize("command", ["check", "export", "set"])
def test_mutated_bibles_never_crash_the_command_line(
    command: str, mutants: list[tuple[Path, str]], tmp_path: Path
) -> None:
    results = _drive(_cases(command, mutants, tmp_path), tmp_path)
    _assert_well_behaved(results)
    codes = {r["code"] for r in results}
    # The mutants are varied enough to reach both the happy and the refusing paths.
    assert 2 in codes and (0 in codes or 1 in codes), codes


def test_a_few_mutants_through_whole_arcroom_processes(
    mutants: list[tuple[Path, str]], tmp_path: Path
) -> None:
    for command, (path, beat) in zip(["check", "export", "set"], mutants[::MUTANTS], strict=False):
        args = {"check": ["check", str(path)],
                "export": ["export", str(path), "--format", "svg", "-o", str(tmp_path / "o.svg")],
                "set": ["set", f"{beat}.summary", "Fuzzed", "--bible", str(path)]}[command]
        done = run_arcroom(*args, timeout=30)
        assert done.returncode in (0, 1, 2), (args, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr


#: Mutants the fuzz found crashing, kept as (fixture, text, what it became).
FOUND = [
    # An arc's season the loader refuses (B010) left the arc with no season, and
    # listing its references for the cascades took the first of none (IndexError).
    ("hyosan_s1.yaml", b"    season: S1\n", b"    season: S1%\n"),
]


@pytest.mark.parametrize(("fixture", "text", "mutated"), FOUND)
def test_what_the_fuzz_found_stays_fixed(
    fixture: str, text: bytes, mutated: bytes, tmp_path: Path
) -> None:
    original = (ROOT / "tests" / "fixtures" / "bibles" / fixture).read_bytes()
    assert text in original
    path = tmp_path / "bible.yaml"
    path.write_bytes(original.replace(text, mutated, 1))
    results = _drive([["check", str(path)], ["export", str(path), "--format", "json"]], tmp_path)
    _assert_well_behaved(results)
    assert [r["code"] for r in results] == [2, 2]
