"""``arcroom set`` reads its VALUE wherever it stands, even one that starts with '-'."""

from __future__ import annotations

from pathlib import Path

import pytest

from story_bible.reading.loader import load
from tests.support import run_arcroom

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 1}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {at: S1E01, summary: It starts}
"""


@pytest.mark.parametrize(
    ("args", "summary"),
    [
        (["--bible", "b.yaml", "--", "-.inf"], "-.inf"),
        (["--bible", "b.yaml", "-.inf"], "-.inf"),
        (["-.inf", "--bible", "b.yaml"], "-.inf"),
        (["--bible", "b.yaml", "-1"], "-1"),
        (["--bible", "b.yaml", "--", "--cut--"], "--cut--"),
        (["--bible", "b.yaml", "--", "- a dash first"], "- a dash first"),
        (["--bible", "b.yaml", "plain words"], "plain words"),
    ],
)
def test_set_takes_a_value_that_starts_with_a_dash(
    tmp_path: Path, args: list[str], summary: str
) -> None:
    (tmp_path / "b.yaml").write_text(BIBLE, encoding="utf-8")
    done = run_arcroom("set", "outbreak.summary", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load(tmp_path / "b.yaml").beats["outbreak"].summary == summary


def test_a_value_that_starts_with_two_dashes_needs_them_after_a_double_dash(
    tmp_path: Path,
) -> None:
    # '--cut--' may be a misspelt option: refused, and the file left as it was.
    (tmp_path / "b.yaml").write_text(BIBLE, encoding="utf-8")
    done = run_arcroom("set", "outbreak.summary", "--bible", "b.yaml", "--cut--", cwd=tmp_path)
    assert done.returncode == 2
    assert "unrecognized arguments: --cut--" in done.stderr
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == BIBLE
