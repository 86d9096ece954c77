"""T001: beats that come after each other, or arcs that require each other, in a cycle."""

from __future__ import annotations

from helpers import diagnostics, found

CYCLES = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
arcs:
  martial-law:
    season: S1
    title: Martial law
    requires: [mutant-war]
    beats:
      rescue: {at: S1E10, after: [bombing]}
      bombing: {at: S1E10, after: [rescue]}
      aftermath: {at: S1E11, after: [bombing]}
  mutant-war:
    season: S2
    title: The mutant war
    requires: [martial-law]
    beats:
      halbies-rise: {at: S2E01, after: [aftermath, halbies-rise]}
"""

NO_CYCLES = (
    CYCLES.replace("    requires: [mutant-war]\n", "")
    .replace("rescue: {at: S1E10, after: [bombing]}", "rescue: {at: S1E10}")
    .replace("[aftermath, halbies-rise]", "[aftermath]")
)


def test_each_cycle_is_reported_once_at_a_link_of_it() -> None:
    assert found(CYCLES, "T001") == [
        ("T001", 10, 16),  # martial-law requires mutant-war, which requires martial-law
        ("T001", 12, 35),  # rescue after bombing, bombing after rescue
        ("T001", 20, 52),  # halbies-rise after itself
    ]


def test_the_message_prints_the_whole_cycle() -> None:
    assert [d.message for d in diagnostics(CYCLES, "T001")] == [
        "dependency cycle ('requires'): martial-law -> mutant-war -> martial-law",
        "dependency cycle ('after'): rescue -> bombing -> rescue",
        "dependency cycle ('after'): halbies-rise -> halbies-rise",
    ]


def test_a_longer_cycle_starts_at_its_first_written_beat_and_follows_story_order() -> None:
    text = NO_CYCLES.replace(
        "      aftermath: {at: S1E11, after: [bombing]}\n",
        "      aftermath: {at: S1E11, after: [bombing]}\n"
        "      curfew: {at: S1E11, after: [aftermath]}\n",
    ).replace("rescue: {at: S1E10}", "rescue: {at: S1E10, after: [curfew]}")
    [d] = diagnostics(text, "T001")
    # Each name must come before the next one: rescue, then bombing, ...
    assert d.message == (
        "dependency cycle ('after'): rescue -> bombing -> aftermath -> curfew -> rescue"
    )
    assert (d.line, d.column, d.entity) == (11, 35, "rescue")


def test_dependencies_without_a_cycle_pass() -> None:
    assert found(NO_CYCLES, "T001") == []


def test_ignore_on_the_first_beat_silences_its_cycle() -> None:
    text = CYCLES.replace("[bombing]}", "[bombing], ignore: [T001]}", 1)
    assert found(text, "T001") == [("T001", 10, 16), ("T001", 20, 52)]
