"""R003: an id listed twice in the same list, reported at the repeat."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from helpers import diagnostics, found

REPEATS = """\
arcroom: 1
series: {title: All of Us Are Dead}
statuses:
  human: {appears: true, becomes: [infected, dead, infected]}
  infected: {appears: true, becomes: [dead]}
  dead: {appears: false}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  horde: {name: The zombies}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
  su-hyeok: {name: Lee Su-hyeok, faction: survivors}
arcs:
  escape-hyosan:
    seasons: [S1, S1]
    title: Escape Hyosan High
    factions: [survivors, horde, survivors]
    beats:
      outbreak: {at: S1E01, characters: [nam-ra, su-hyeok], sets_up: [rooftop, rooftop]}
      rooftop:
        at: S1E08
        after: [outbreak, outbreak]
        characters: [nam-ra, nam-ra, su-hyeok, nam-ra]
        factions: [horde, horde]
        pays_off: [outbreak, outbreak]
  mutant-war:
    season: S2
    title: The mutant war
    requires: [escape-hyosan, escape-hyosan]
    beats:
      halbies: {at: S2E01, characters: [nam-ra], after: [rooftop]}
"""

NO_REPEATS = (
    REPEATS.replace("[infected, dead, infected]", "[infected, dead]")
    .replace("[S1, S1]", "[S1]").replace("[survivors, horde, survivors]", "[survivors, horde]")
    .replace("[rooftop, rooftop]", "[rooftop]").replace("[outbreak, outbreak]", "[outbreak]")
    .replace("[nam-ra, nam-ra, su-hyeok, nam-ra]", "[nam-ra, su-hyeok]")
    .replace("[horde, horde]", "[horde]")
    .replace("[escape-hyosan, escape-hyosan]", "[escape-hyosan]")
)


def test_each_repeat_is_reported_at_the_second_and_later_mentions() -> None:
    assert found(REPEATS, "R003") == [
        ("R003", 4, 52),  # becomes: [infected, dead, infected]
        ("R003", 18, 19),  # seasons: [S1, S1]
        ("R003", 20, 34),  # factions: [survivors, horde, survivors]
        ("R003", 22, 80),  # sets_up: [rooftop, rooftop]
        ("R003", 25, 27),  # after: [outbreak, outbreak]
        ("R003", 26, 30),  # characters: [nam-ra, nam-ra, ...]
        ("R003", 26, 48),  # characters: [..., su-hyeok, nam-ra] (a third time)
        ("R003", 27, 27),  # factions: [horde, horde]
        ("R003", 28, 30),  # pays_off: [outbreak, outbreak]
        ("R003", 32, 31),  # requires: [escape-hyosan, escape-hyosan]
    ]


def test_lists_that_name_each_id_once_pass() -> None:
    assert found(NO_REPEATS, "R003") == []


def test_the_message_names_the_id_the_list_and_its_entity() -> None:
    (d,) = [d for d in diagnostics(REPEATS, "R003") if d.entity == "mutant-war"]
    assert (d.severity.name, d.message, d.hint) == (
        "WARNING", "'escape-hyosan' is already in 'requires' of mutant-war",
        "drop this one, or name the id you meant",
    )
    assert (d.end_line, d.end_column) == (32, 44)  # the repeated name, no more


def test_ignore_on_the_arc_silences_its_beats_and_itself() -> None:
    silenced = REPEATS.replace(
        "    title: Escape Hyosan High\n", "    title: Escape Hyosan High\n    ignore: [R003]\n"
    )
    assert [line for _, line, _ in found(silenced, "R003")] == [4, 33]  # human, mutant-war


def test_the_same_id_in_two_lists_of_a_beat_is_no_repeat() -> None:
    text = NO_REPEATS.replace("after: [rooftop]}", "after: [rooftop], pays_off: [rooftop]}")
    assert found(text, "R003") == []


def test_check_warns_and_fails_only_on_warning(
    arcroom: Callable[..., CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "bible.yaml").write_text(
        NO_REPEATS.replace("characters: [nam-ra], after", "characters: [nam-ra, nam-ra], after"),
        encoding="utf-8",
    )
    done = arcroom("check", "bible.yaml", "--select", "R", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        "bible.yaml:34:49: R003 'nam-ra' is already in 'characters' of halbies"
    )
    strict = arcroom("check", "bible.yaml", "--select", "R", "--fail-on", "warning", cwd=tmp_path)
    assert strict.returncode == 1
