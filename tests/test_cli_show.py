"""``arcroom show``: impact, path, timeline and stances, as the room reads them."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES

Run = Callable[..., subprocess.CompletedProcess[str]]
SMALL = str(FIXTURES / "hyosan_small.yaml")


def test_impact_lists_what_follows_a_beat(arcroom: Run) -> None:
    done = arcroom("show", "impact", "nam-ra-bitten", "--bible", SMALL)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "If S1E03  nam-ra-bitten  (escape-hyosan) moves or is cut:"
    assert "   * S1E04  nam-ra-immune  (escape-hyosan)" in lines
    assert "   * S2E03  first-stand  (mutant-war)  pays it off" in lines
    assert "  it turns nam-ra infected; 4 later beat(s) with nam-ra assume it" in lines


def test_path_prints_the_longest_chain(arcroom: Run) -> None:
    done = arcroom("show", "path", "--bible", SMALL, "--season", "S1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Critical path: 4 beats, S1E01 to S1E04"
    assert "S1E04  cheong-san-falls  (escape-hyosan)" in done.stdout


def test_path_through_a_cycle_is_a_problem(arcroom: Run, write_bible: Callable[..., Path]) -> None:
    path = write_bible("""\
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 1}}
arcs:
  a:
    season: S1
    title: A
    beats:
      egg: {at: S1E01, after: [hen]}
      hen: {at: S1E01, after: [egg]}
""")
    done = arcroom("show", "path", "--bible", str(path))
    assert done.returncode == 1
    assert "cycle" in done.stderr


def test_timeline_shows_status_and_faction_per_episode(arcroom: Run) -> None:
    done = arcroom("show", "timeline", "nam-ra", "--bible", SMALL)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Choi Nam-ra (nam-ra), episode by episode:"
    assert lines[1].split() == ["S1E01", "human", "survivors"]
    assert lines[4].split() == ["S1E04", "immune", "halbies", "*", "nam-ra-immune"]
    assert lines[5].split() == ["S2E01", "immune", "halbies", "the-others"]


def test_stances_make_a_table_per_season(arcroom: Run) -> None:
    done = arcroom("show", "stances", "--bible", SMALL)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["S1", "S2"]
    assert "survivors ↔ halbies   tense" in done.stdout
    row = next(line for line in lines if line.startswith("military ↔ survivors"))
    assert row.split("  ")[-1].strip() == "hostile"
    assert "- E1–2 · hostile E3–4" in row


def test_an_unknown_name_exits_2_with_a_suggestion(arcroom: Run) -> None:
    done = arcroom("show", "timeline", "nam-r", "--bible", SMALL)
    assert done.returncode == 2
    assert "did you mean 'nam-ra'?" in done.stderr


def test_show_works_on_the_sample(arcroom: Run) -> None:
    done = arcroom("show", "stances", "--sample")
    assert done.returncode == 0, done.stderr
    assert "survivors ↔ horde" in done.stdout


def test_a_season_without_a_stance_shows_a_dash(arcroom: Run) -> None:
    # coalition and the compact only meet in S3
    done = arcroom("show", "stances", "--sample", "--season", "S2")
    assert done.returncode == 0, done.stderr
    rows = {line.split("  ")[0]: line.split()[-1] for line in done.stdout.splitlines()[1:]}
    assert rows["coalition ↔ compact"] == "-"
    assert all(rows.values())
    done = arcroom("show", "stances", "--sample")
    row = next(line for line in done.stdout.splitlines() if line.startswith("coalition ↔ compact"))
    assert row.split()[3:5] == ["-", "-"]  # S1 and S2, then S3's stretches
