"""C001: a character appears in a beat while dead (in a status with ``appears: false``)."""

from __future__ import annotations

from helpers import diagnostics, found

from arcs.context import Context
from arcs.rules import c_appears_while_dead
from story_bible.reading.loader import load_text

DEAD_WALK = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
characters:
  cheong-san: {name: Lee Cheong-san}
  on-jo: {name: Nam On-jo}
  su-hyeok: {name: Lee Su-hyeok}
  byeong-chan: {name: Lee Byeong-chan, status: dead}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      lab: {at: S1E01, characters: [byeong-chan]}
      sacrifice: {at: S1E11, characters: [cheong-san, on-jo], changes: {cheong-san: dead}}
      goodbye: {at: S1E12, characters: [on-jo, su-hyeok, cheong-san]}
  mutant-war:
    season: S2
    title: The mutant war
    beats:
      return: {at: S2E01, characters: [cheong-san], changes: {cheong-san: human}}
"""

ALIVE = (
    DEAD_WALK.replace(", status: dead}", "}")
    .replace("[on-jo, su-hyeok, cheong-san]", "[on-jo, su-hyeok]")
    .replace("[cheong-san], changes: {cheong-san: human}", "[on-jo]")
)


def test_the_dead_appearing_again_is_reported_at_their_name_in_the_beat() -> None:
    assert found(DEAD_WALK, "C001") == [
        ("C001", 16, 37),  # lab: byeong-chan starts dead
        ("C001", 18, 58),  # goodbye: cheong-san died in sacrifice
        ("C001", 23, 40),  # return: dead cannot become human again by default
    ]


def test_the_message_says_since_when_they_are_dead() -> None:
    assert [d.message for d in diagnostics(DEAD_WALK, "C001")] == [
        "byeong-chan appears in lab (S1E01) while dead (from the start)",
        "cheong-san appears in goodbye (S1E12) while dead (since sacrifice, S1E11)",
        "cheong-san appears in return (S2E01) while dead (since sacrifice, S1E11)",
    ]
    assert diagnostics(DEAD_WALK, "C001")[0].hint == (
        "mark the beat 'flashback: true', or take the character out of it"
    )


def test_the_beat_where_a_character_dies_may_list_them() -> None:
    assert found(ALIVE, "C001") == []


def test_a_flashback_may_show_the_dead() -> None:
    text = DEAD_WALK.replace(
        "goodbye: {at: S1E12,", "goodbye: {at: S1E12, flashback: true,"
    )
    assert found(text, "C001") == [("C001", 16, 37), ("C001", 23, 40)]


def test_a_change_the_statuses_permit_in_the_same_beat_explains_the_appearance() -> None:
    # In this room the dead can rise as zombies: the beat that raises them shows them.
    rising = DEAD_WALK.replace(
        "seasons:\n",
        "statuses:\n"
        "  human: {becomes: [infected, dead]}\n"
        "  infected: {becomes: [zombie, dead]}\n"
        "  zombie: {becomes: [dead]}\n"
        "  dead: {appears: false, becomes: [zombie]}\n"
        "seasons:\n",
        1,
    ).replace("{cheong-san: human}", "{cheong-san: zombie}")
    assert found(rising, "C001") == [("C001", 21, 37), ("C001", 23, 58)]


def test_a_forbidden_change_in_the_same_beat_does_not_explain_it() -> None:
    # return changes cheong-san from dead to human, which dead's 'becomes' does not allow.
    assert ("C001", 23, 40) in found(DEAD_WALK, "C001")
    assert found(DEAD_WALK, "C002") == [("C002", 23, 75)]


def test_any_status_that_does_not_appear_counts() -> None:
    text = ALIVE.replace(
        "seasons:\n",
        "statuses:\n"
        "  human: {becomes: [missing]}\n"
        "  missing: {appears: false, becomes: [human]}\n"
        "seasons:\n",
        1,
    ).replace("{cheong-san: dead}", "{cheong-san: missing}").replace(
        "[on-jo, su-hyeok]}", "[on-jo, su-hyeok, cheong-san]}"
    )
    [d] = diagnostics(text, "C001")
    assert (d.line, d.column) == (21, 58)
    assert d.message == (
        "cheong-san appears in goodbye (S1E12) while missing (since sacrifice, S1E11)"
    )


def test_story_order_not_file_order_decides_who_is_dead() -> None:
    # Written first, but 'after' places the funeral after the sacrifice in S1E11.
    text = ALIVE.replace(
        "      sacrifice:",
        "      funeral: {at: S1E11, after: [sacrifice], characters: [on-jo, cheong-san]}\n"
        "      sacrifice:",
    )
    assert found(text, "C001") == [("C001", 17, 68)]
    before = text.replace("after: [sacrifice], ", "")
    assert found(before, "C001") == []


def test_ignore_on_the_beat_or_its_arc_silences_it() -> None:
    on_beat = DEAD_WALK.replace("lab: {at: S1E01,", "lab: {at: S1E01, ignore: [C001],")
    assert found(on_beat, "C001") == [("C001", 18, 58), ("C001", 23, 40)]
    on_arc = DEAD_WALK.replace(
        "    title: The mutant war\n", "    title: The mutant war\n    ignore: [C001]\n"
    )
    assert found(on_arc, "C001") == [("C001", 16, 37), ("C001", 18, 58)]


class _Reads(list):  # type: ignore[type-arg]
    """Story order that counts how many beats are read from it."""

    read = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for beat in super().__iter__():
            self.read += 1
            yield beat

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        found = super().__getitem__(index)
        self.read += len(found) if isinstance(index, slice) else 1
        return found


def test_the_since_of_each_message_costs_no_walk_back_through_the_story() -> None:
    # The dead boy in 2,000 later beats: finding "since" by scanning back from each
    # beat read the story 2 million times over (quadratic); remembered on the way, once.
    beats = "".join(f"      b{i}: {{at: S1E01, characters: [x]}}\n" for i in range(1, 2000))
    bible = load_text(
        "arcroom: 1\nseries: {title: T}\nseasons: {S1: {title: One, episodes: 1}}\n"
        "characters: {x: {name: X}}\narcs:\n  a:\n    season: S1\n    title: A\n    beats:\n"
        "      b0: {at: S1E01, characters: [x], changes: {x: dead}}\n" + beats
    )
    ctx = Context(bible)
    story = ctx.story
    story.beats = order = _Reads(story.beats)
    found = list(c_appears_while_dead.check(ctx))
    assert len(found) == 1999
    assert found[-1].message == "x appears in b1999 (S1E01) while dead (since b0, S1E01)"
    assert order.read <= 2 * len(order)
