"""S002: a payoff that nothing set up."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S2: {title: Survival of the zombies, episodes: 12}
  S3: {title: World war, episodes: 12}
arcs:
  the-cure:
    seasons: [S2, S3]
    title: The cure
    beats:
      lab-notes: {at: S2E04, setup: Nam-ra's blood fights the virus}
      cure: {at: S3E12, payoff: "Nam-ra's blood is the cure, and the army wants it all"}
"""


def test_payoff_from_nowhere_is_a_warning_at_its_text() -> None:
    assert found(BIBLE, "S002") == [("S002", 12, 33)]
    (d,) = diagnostics(BIBLE, "S002")
    assert d.message == (
        "the payoff of cure (S3E12), \"Nam-ra's blood is the cure, and the army wants it…\", "
        "has no setup"
    )


def test_linked_payoff_passes() -> None:
    text = BIBLE.replace("wants it all\"}", "wants it all\", pays_off: [lab-notes]}")
    assert found(text, "S002") == []
    text = BIBLE.replace("fights the virus}", "fights the virus, sets_up: [cure]}")
    assert found(text, "S002") == []
