"""What kind of id completion offers where, from the field table (no language server here).

``tui/lsp/story.py`` finds the YAML key the cursor's value is written under
and asks the field table what that key names; the editor's form completes a
beat's ``changes`` the same way. A field added to a copy of the table is
completed with no other change.
"""

from __future__ import annotations

import asyncio

from story_bible import field_table as table
from story_bible.reading.loader import load_text
from tui.form_fields import FIELDS, Catalog
from tui.lsp.story import completions, expected_kind
from tui.widgets.inputs import IdSuggester

BIBLE = """\
arcroom: 1
series: {title: T}
statuses:
  human: {becomes: [dead]}
  dead: {appears: false}
seasons: {S1: {title: One, episodes: 2}}
factions:
  school: {name: School}
  army: {name: Army}
relations:
  - between: [school, army]
    stance: war
    from: S1E02
characters:
  on-jo:
    name: On-jo
    faction: school
    status: human
arcs:
  escape:
    title: Escape
    season: S1
    beats:
      bite:
        at: S1E01
        characters: [on-jo]
        changes: {on-jo: dead}
"""


def _kind_after(text: str, before: str) -> str | None:
    """The kind expected right after the first ``before`` in ``text``."""
    return expected_kind(load_text(BIBLE), text, text.index(before) + len(before))


def test_each_key_that_names_ids_is_completed_with_the_kind_the_table_says() -> None:
    assert _kind_after(BIBLE, "faction: ") == "faction"
    assert _kind_after(BIBLE, "    status: ") == "status"
    assert _kind_after(BIBLE, "characters: [") == "character"
    assert _kind_after(BIBLE, "between: [") == "faction"
    assert _kind_after(BIBLE, "changes: {") == "character"
    assert _kind_after(BIBLE, "{on-jo: ") == "status"


def test_every_position_key_of_the_table_is_completed_with_episodes() -> None:
    assert _kind_after(BIBLE, "at: ") == "episode"
    assert _kind_after(BIBLE, "from: ") == "episode"
    labels = [i.label for i in completions(load_text(BIBLE), BIBLE, BIBLE.index("from: ") + 6)]
    assert labels == ["S1", "S1E01", "S1E02"]


def test_keys_that_hold_entities_or_free_text_are_not_completed() -> None:
    assert _kind_after(BIBLE, "characters:\n") is None
    assert _kind_after(BIBLE, "name: ") is None
    assert _kind_after(BIBLE, "title: ") is None


def test_a_field_added_to_a_copy_of_the_table_is_completed() -> None:
    witnesses = table.Field("witnesses", table.IDS, "Who sees it.", "character", default=())
    text = BIBLE.replace("        characters: [on-jo]\n", "        witnesses: [\n")
    assert _kind_after(text, "witnesses: [") is None
    with table.using({**table.FIELDS, "beat": (*table.FIELDS["beat"], witnesses)}):
        assert _kind_after(text, "witnesses: [") == "character"


def test_the_forms_changes_complete_statuses_and_factions_as_the_table_says() -> None:
    catalog = Catalog(load_text(BIBLE))
    changes = next(f for f in FIELDS["beat"] if f.name == "changes")
    suggest = IdSuggester(changes, catalog).get_suggestion
    assert asyncio.run(suggest("on")) == "on-jo"
    assert asyncio.run(suggest("on-jo: de")) == "on-jo: dead"
    assert asyncio.run(suggest("on-jo: dead/ar")) == "on-jo: dead/army"
