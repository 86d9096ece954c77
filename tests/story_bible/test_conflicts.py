"""B012: git's conflict markers are reported at each ``<<<<<<<`` with both versions."""

from __future__ import annotations

import pytest

from story_bible.errors import LoadError
from story_bible.reading.conflicts import conflict_markers
from story_bible.reading.loader import load_text

MARKED = """\
arcroom: 1
series: {title: Test}
seasons:
  S1: {title: One, episodes: 10}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
<<<<<<< HEAD
      rescue: {at: S1E07}
||||||| base
      rescue: {at: S1E08}
=======
      rescue: {at: S1E09}
>>>>>>> theirs
      siege: {at: S1E10}
<<<<<<< ours
=======
      epilogue: {at: S1E10}
>>>>>>> theirs
"""


def test_each_conflict_is_a_b012_with_both_versions_not_a_syntax_error() -> None:
    with pytest.raises(LoadError) as caught:
        load_text(MARKED, "bible.yaml")
    problems = caught.value.problems
    assert [(p.code, p.line, p.end_line) for p in problems] == [
        ("B012", 10, 16), ("B012", 18, 21)]
    first, second = problems
    assert first.message == "merge conflict: git left two versions here"
    assert first.hint is not None and first.hint.startswith(
        "ours: rescue: {at: S1E07} | theirs: rescue: {at: S1E09};")  # the base is not quoted
    assert second.hint is not None and second.hint.startswith(
        "ours: (nothing: removed on this side) | theirs: epilogue: {at: S1E10};")


def test_text_without_markers_costs_one_search() -> None:
    assert conflict_markers("bible.yaml", "arcroom: 1\nnotes: '<<<<<<'\n") == []
    # A marker-like line inside text is a marker only at the start of a line.
    assert conflict_markers("bible.yaml", "notes: a <<<<<<< b\n") == []
