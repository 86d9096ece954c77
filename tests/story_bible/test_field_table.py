"""Each field is described once, in the field table, and every reader and writer follows it.

These tests hold each consumer of the table to it field by field: how the
quick and the full reader read a beat's fields, the edit API's types and
defaults, what ``dump`` writes, the JSON Schema's properties and their
descriptions, which fields :func:`references` follows (what a rename
rewrites), and the editor's forms.
"""

from __future__ import annotations

import pytest

from arcs.schema import bible_schema
from story_bible import field_table as table
from story_bible.model import Beat, Change
from story_bible.positions import Position
from story_bible.reading import quick
from story_bible.reading.arc_reader import beat_table
from story_bible.reading.loader import load_text
from story_bible.references import references
from story_bible.vocabulary import BEAT_KEYS, CHARACTER_KEYS
from story_bible.writing import values as fields
from story_bible.writing.dump import entity_dict

ENTITIES = ("status", "season", "faction", "relation", "character", "arc", "beat")

BIBLE = """\
arcroom: 1
series: {title: T}
statuses:
  human: {becomes: [dead]}
  dead: {appears: false}
seasons: {S1: {title: One, episodes: 3}}
factions:
  school: {name: School}
  army: {name: Army}
relations:
  - {between: [school, army], stance: war}
characters:
  on-jo: {name: On-jo, faction: school, status: human, introduced: S1E01}
arcs:
  first: {title: First, season: S1}
  escape:
    title: Escape
    season: S1
    factions: [school]
    requires: [first]
    beats:
      bite:
        at: S1E01
        characters: [on-jo]
        factions: [army]
        changes: {on-jo: {status: dead, faction: army}}
      run:
        at: S1E02
        after: [bite]
        sets_up: [bite]
        pays_off: [bite]
"""


def test_the_keys_of_every_kind_are_the_tables() -> None:
    assert table.keys("beat") == BEAT_KEYS
    assert table.keys("character") == CHARACTER_KEYS
    for kind in (*ENTITIES, "series"):
        assert fields.KEYS[kind] == table.keys(kind)


def test_the_quick_reader_reads_each_field_as_its_value_kind() -> None:
    expected = {
        table.TEXT: quick._TEXT, table.IDS: quick._IDS, table.WORDS: quick._WORDS,
        table.FLAG: quick._FLAG, table.CHANGES: quick._CHANGES, table.CODES: quick._IGNORE,
        table.ID: quick._ID, table.POSITION: quick._POSITION,
    }
    for kind, kinds in (("beat", quick.kinds("beat")), ("character", quick.kinds("character"))):
        for f in table.FIELDS[kind]:
            required_position = f.value == table.POSITION and f.required
            assert kinds[f.key] == (quick._AT if required_position else expected[f.value]), f.key


def test_the_full_reader_reads_each_beat_field_by_its_value_kind() -> None:
    by_kind = {f.key: f.value for f in table.FIELDS["beat"]}
    read = beat_table()
    assert set(read.readers) == set(by_kind) - {"at", "changes"}
    assert {k for k, v in by_kind.items() if v == table.IDS} == read.id_lists
    assert {k for k, v in by_kind.items() if v == table.TEXT} == read.texts


def test_the_edit_api_takes_each_fields_type_required_and_default() -> None:
    for kind in ENTITIES:
        for f in table.FIELDS[kind]:
            assert fields.TYPES[kind][f.key] == f.value
            assert (f.key in fields.REQUIRED[kind]) == f.required
    assert fields.ATTRIBUTES == {"from": "start", "season": "seasons"}


def test_dump_writes_every_field_of_a_full_beat_in_the_tables_order() -> None:
    beat = Beat(
        id="b", arc="a", at=Position(1, 2), summary="S", after=("x",), characters=("c",),
        factions=("f",), changes={"c": Change(status="dead")}, flashback=True, tags=("t",),
        setup="U", payoff="P", sets_up=("y",), pays_off=("z",), notes="N",
        ignore=frozenset({"C001"}),
    )
    assert tuple(entity_dict(beat)) == table.keys("beat")


def test_dump_leaves_out_each_field_at_its_default() -> None:
    assert entity_dict(Beat(id="b", arc="a", at=Position(1, 2))) == {"at": "S1E02"}


def test_the_schema_describes_each_field_with_the_tables_words() -> None:
    defs = bible_schema()["$defs"]
    # a change is an id, or a mapping of the change's fields
    defs["change"] = defs["change"]["anyOf"][1]
    for kind in (*ENTITIES, "series", "change"):
        properties = defs[kind]["properties"]
        assert tuple(properties) == table.keys(kind), kind
        for f in table.FIELDS[kind]:
            assert properties[f.key]["description"].startswith(f.doc.rstrip(".")), f.key
        required = [f.key for f in table.FIELDS[kind] if f.required]
        assert defs[kind].get("required", []) == required, kind


def test_rename_follows_every_field_the_table_says_names_an_entity() -> None:
    bible = load_text(BIBLE)
    followed = {(type(r.entity).__name__.lower(), r.field, r.kind) for r in references(bible)}
    declared = {
        (kind, f.key, f.refers)
        for kind in ENTITIES for f in table.referring(kind)
        if (kind, f.key) != ("arc", "seasons")  # an arc writes 'season' or 'seasons'
    }
    assert declared <= followed
    # and nothing else: each followed field is one the table says names something
    assert {(k, field) for k, field, _ in followed} <= {(k, f) for k, f, _ in declared}


@pytest.mark.parametrize("kind", ["status", "season", "faction", "relation", "character", "beat"])
def test_the_editors_form_has_each_field_with_the_tables_target(kind: str) -> None:
    from tui.form_fields import FIELDS

    form = {f.name: f for f in FIELDS[kind]}
    assert set(form) == set(table.keys(kind))
    for f in table.FIELDS[kind]:
        assert form[f.key].required == f.required
        if f.value in (table.ID, table.IDS):
            assert form[f.key].target == f.refers
