"""R002: a reference names an id, but of another kind (ids share one namespace)."""

from __future__ import annotations

from helpers import diagnostics, found

WRONG_KINDS = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  horde: {name: The zombies}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
  gwi-nam: {name: Yoon Gwi-nam, faction: nam-ra, status: horde}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    factions: [survivors, nam-ra]
    requires: [outbreak]
    beats:
      outbreak: {at: S1E01, characters: [nam-ra, survivors]}
      rooftop: {at: S1E08, after: [escape-hyosan], changes: {nam-ra: outbreak}}
"""

RIGHT_KINDS = (
    WRONG_KINDS.replace("faction: nam-ra, status: horde", "faction: survivors, status: zombie")
    .replace("[survivors, nam-ra]", "[survivors, horde]").replace("    requires: [outbreak]\n", "")
    .replace("[nam-ra, survivors]", "[nam-ra, gwi-nam]").replace("[escape-hyosan]", "[outbreak]")
    .replace("{nam-ra: outbreak}", "{nam-ra: infected}")
)


def test_each_reference_to_the_wrong_kind_is_reported_where_it_is_written() -> None:
    assert found(WRONG_KINDS, "R002") == [
        ("R002", 10, 42),  # faction: nam-ra (a character)
        ("R002", 10, 58),  # status: horde (a faction)
        ("R002", 15, 27),  # factions: [survivors, nam-ra]
        ("R002", 16, 16),  # requires: [outbreak] (a beat)
        ("R002", 18, 50),  # characters: [nam-ra, survivors]
        ("R002", 19, 36),  # after: [escape-hyosan] (an arc)
        ("R002", 19, 70),  # changes: {nam-ra: outbreak} (a beat as a status)
    ]


def test_references_of_the_right_kind_pass() -> None:
    assert found(RIGHT_KINDS, "R002") == []


def test_the_message_names_both_kinds() -> None:
    rooftop = [d for d in diagnostics(WRONG_KINDS, "R002") if d.entity == "rooftop"]
    assert [(d.message, d.hint) for d in rooftop] == [
        (
            "'after' of rooftop should name a beat, but 'escape-hyosan' is an arc",
            "name a beat here",
        ),
        (
            "'changes' of rooftop should name a status, but 'outbreak' is a beat",
            "name a status here",
        ),
    ]


def test_a_wrong_kind_is_not_also_an_unknown_reference() -> None:
    assert found(WRONG_KINDS, "R001") == []


def test_ignore_on_the_arc_silences_its_beats() -> None:
    wrong = RIGHT_KINDS.replace("after: [outbreak]", "after: [escape-hyosan]")
    assert found(wrong, "R002") == [("R002", 18, 36)]
    silenced = wrong.replace(
        "    title: Escape Hyosan High\n", "    title: Escape Hyosan High\n    ignore: [R002]\n"
    )
    assert found(silenced, "R002") == []
