"""F003: a faction nothing in the bible names."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  police: {name: Hyosan police}
characters:
  on-jo: {name: Nam On-jo, faction: survivors}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      radio: {at: S1E05, characters: [on-jo]}
"""


def test_unnamed_faction_is_a_warning_at_its_id() -> None:
    assert found(BIBLE, "F003") == [("F003", 7, 3)]
    (d,) = diagnostics(BIBLE, "F003")
    assert d.message == (
        "faction police (Hyosan police) is not named by any character, arc, beat or relation"
    )


def test_each_kind_of_use_counts() -> None:
    uses = {
        "character": ("faction: survivors}", "faction: police}"),
        "beat": ("characters: [on-jo]}", "characters: [on-jo], factions: [police]}"),
        "arc": ("    season: S1\n", "    season: S1\n    factions: [police]\n"),
        "change": (
            "characters: [on-jo]}", "characters: [on-jo], changes: {on-jo: {faction: police}}}"
        ),
        "relation": (
            "characters:\n",
            "relations:\n  - {between: [police, survivors], stance: tense}\ncharacters:\n",
        ),
    }
    for old, new in uses.values():
        text = BIBLE.replace(old, new)
        assert "police" not in {d.entity for d in diagnostics(text, "F003")}, new


def test_ignore_on_the_faction_silences_it() -> None:
    text = BIBLE.replace("{name: Hyosan police}", "{name: Hyosan police, ignore: [F003]}")
    assert found(text, "F003") == []
