"""``arcroom export`` as a coordinator runs it: formats, views, files, the sample, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

Run = Callable[..., subprocess.CompletedProcess[str]]
SMALL = FIXTURES / "hyosan_small.yaml"


def test_the_sample_report_is_written_with_a_note(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("export", "--sample", "--format", "html", "-o", str(tmp_path / "plan.html"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"wrote {tmp_path / 'plan.html'}" in done.stderr
    page = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<div class="ar-view"') == 5  # arcs, beats, factions, stances, overview


def test_the_format_follows_the_file_suffix(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("export", str(SMALL), "-o", str(tmp_path / "plan.gexf"))
    assert done.returncode == 0, done.stderr
    assert "<gexf" in (tmp_path / "plan.gexf").read_text(encoding="utf-8")


@pytest.mark.parametrize("output", [None, "-"])
def test_text_goes_to_stdout_without_a_file(arcroom: Run, output: str | None) -> None:
    args = ["export", str(SMALL), "--format", "json", "--view", "arcs"]
    done = arcroom(*args, *(["-o", output] if output else []))
    assert done.returncode == 0, done.stderr
    assert sorted(n["id"] for n in json.loads(done.stdout)["nodes"]) == [
        "escape-hyosan", "martial-law", "mutant-war",
    ]


def test_filters_and_views_reach_the_picture(arcroom: Run) -> None:
    done = arcroom("export", str(SMALL), "--format", "svg", "--view", "character:nam-ra",
                   "--season", "S2")
    assert done.returncode == 0, done.stderr
    root = ET.fromstring(done.stdout.encode("utf-8"))
    ids = [g.get("data-id") for g in root.iter("{http://www.w3.org/2000/svg}g")
           if g.get("data-id")]
    assert ids == ["the-others", "truce", "first-stand"]


def test_factions_at_one_episode(arcroom: Run) -> None:
    done = arcroom("export", str(SMALL), "-f", "mermaid", "--view", "factions", "--at", "S1E02")
    assert done.returncode == 0, done.stderr
    assert '---|"war"|' in done.stdout
    assert '---|"hostile"|' not in done.stdout  # the military turns hostile in S1E03


def test_without_a_bible_here_the_sample_is_used_and_said(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("export", "--format", "dot", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "using the bundled sample" in done.stderr
    assert done.stdout.startswith('digraph "All of Us Are Dead"')


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "arcs"], "say which format"),
        (["-f", "svg", "--view", "character:nam-r"], "did you mean 'nam-ra'?"),
        (["-f", "svg", "--season", "S7"], "no season 'S7'"),
        (["-f", "svg", "--at", "S1E02"], "--at applies to the factions view"),
        (["-o", "plan.xyz"], "say which format"),
    ],
)
def test_misuse_exits_2_with_a_reason(arcroom: Run, args: list[str], message: str) -> None:
    done = arcroom("export", str(SMALL), *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_an_unreadable_bible_exits_2(arcroom: Run, write_bible: Callable[..., Path]) -> None:
    path = write_bible("arcroom: 1\nseries: {title: T}\nseasons: {S1: {title: One}}\n")
    done = arcroom("export", str(path), "-f", "svg")
    assert done.returncode == 2
    assert "B008" in done.stderr and done.stdout == ""


def test_the_same_bible_exports_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "tui", "export", "--sample", "-f", "html"],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_export_never_loads_textual() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['export', '--sample', '-f', 'svg'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_an_episode_the_season_does_not_have_exits_2(arcroom: Run) -> None:
    done = arcroom("export", "--sample", "--view", "factions", "--at", "S2E99", "-f", "svg")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "arcroom export: the bible has no episode S2E99: S2 has 12 episodes (S2E01–S2E12)",
    ]


def test_a_season_the_bible_does_not_have_is_named_with_the_ones_it_has(arcroom: Run) -> None:
    done = arcroom("export", str(SMALL), "--view", "factions", "--at", "S7E01", "-f", "svg")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "arcroom export: the bible has no season S7 (its seasons: S1, S2)",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--view", "factions", "-f", "svg"],
        ["-f", "html"],  # the report: --at goes to its factions tab
    ],
)
def test_an_episode_outside_the_chosen_season_is_refused(
    arcroom: Run, tmp_path: Path, args: list[str]
) -> None:
    target = tmp_path / "web.out"
    done = arcroom("export", str(SMALL), "--season", "S1", "--at", "S2E02", *args,
                   "-o", str(target))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "arcroom export: --at S2E02 is outside --season S1: give an episode of S1 "
        "(S1E01–S1E04), or leave out --season",
    ]
    assert not target.exists()


def test_an_episode_inside_the_chosen_season_is_drawn(arcroom: Run) -> None:
    done = arcroom("export", str(SMALL), "--view", "factions", "--season", "S1", "--at", "S1E02",
                   "-f", "mermaid")
    assert done.returncode == 0, done.stderr
    assert '---|"war"|' in done.stdout
