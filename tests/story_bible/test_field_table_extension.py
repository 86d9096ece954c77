"""A field added to a copy of the field table is read, dumped, validated, offered and renamed.

The table (``story_bible/field_table.py``) is the one description of the
format: these tests give beats two fields it does not have -- ``witnesses``,
a list of character ids, and ``mood``, free text -- in a copy of it, and see
every consumer follow without being told: the full and the quick reader,
``dump``, the JSON Schema, the editor's form and rename (the references, the
edit API and ``arcroom rename``). The copy is in force only inside the
:func:`extended` fixture (``field_table.using``); the table itself is never
changed, which the last test checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from arcs.checker import run_rules
from arcs.schema import bible_schema
from story_bible import field_table as table
from story_bible.errors import LoadError
from story_bible.model import Bible, unmodelled
from story_bible.reading.loader import load_text, load_texts
from story_bible.references import references
from story_bible.writing.document import Document
from story_bible.writing.dump import dump, entity_dict
from tui.cli import main
from tui.form_fields import FIELDS as FORMS
from tui.form_fields import Catalog, Invalid, current_text, parse

WITNESSES = table.Field(
    "witnesses", table.IDS, "Characters who see it happen from off screen.", "character",
    default=(),
)
MOOD = table.Field("mood", table.TEXT, "How the beat feels.")

BIBLE = """\
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}}
factions:
  school: {name: School}
characters:
  on-jo: {name: On-jo, faction: school}
  su-hyeok: {name: Su-hyeok, faction: school}
  nam-ra: {name: Nam-ra, faction: school}
arcs:
  escape:
    title: Escape
    season: S1
    beats:
      bite:
        at: S1E01
        characters: [on-jo]
        witnesses: [su-hyeok, nam-ra]   # from the window
        mood: dread
      run:
        at: S1E02
        witnesses:
          - nam-ra
"""


@pytest.fixture
def extended() -> Iterator[dict[str, tuple[table.Field, ...]]]:
    """The field table with beats' ``witnesses`` and ``mood``, in force for one test."""
    fields = {**table.FIELDS, "beat": (*table.FIELDS["beat"], WITNESSES, MOOD)}
    with table.using(fields):
        yield fields


def _full(text: str) -> Bible:
    return load_texts({"bible.yaml": text}, {})


def test_the_full_reader_reads_the_new_fields(extended: Any) -> None:
    bible = _full(BIBLE)
    bite, run = bible.beats["bite"], bible.beats["run"]
    assert bite.witnesses == ("su-hyeok", "nam-ra")
    assert bite.mood == "dread"
    assert run.witnesses == ("nam-ra",)
    assert run.mood is None  # the table's default, when not written
    assert bite.span("witnesses", 1).line == BIBLE.splitlines().index(
        "        witnesses: [su-hyeok, nam-ra]   # from the window") + 1


def test_the_quick_reader_reads_the_new_fields_alike(extended: Any) -> None:
    quick = load_text(BIBLE, "bible.yaml")
    assert all(beat.source is not None for beat in quick.beats.values())  # read quickly
    assert quick.beats["bite"].witnesses == ("su-hyeok", "nam-ra")
    assert quick.beats["bite"].mood == "dread"
    assert quick == _full(BIBLE)


@pytest.mark.parametrize(
    ("kind", "where"),
    [
        ("status", "  dead: {appears: false"),
        ("season", "seasons: {S1: {title: One"),
        ("faction", "  school: {name: School"),
        ("relation", "  - {between: [school, army]"),
        ("character", "  on-jo: {name: On-jo"),
        ("arc", "    title: Escape"),
    ],
)
def test_a_field_added_to_any_kind_is_read_by_both_readers(kind: str, where: str) -> None:
    aka = table.Field("aka", table.TEXT, "Another name for it.")
    text = BIBLE.replace("factions:\n  school: {name: School}\n", (
        "statuses:\n  human: {becomes: [dead]}\n  dead: {appears: false}\n"
        "factions:\n  school: {name: School}\n  army: {name: Army}\n"
        "relations:\n  - {between: [school, army], stance: war}\n"
    )).replace("witnesses: [su-hyeok, nam-ra]   # from the window\n", "")
    text = text.replace("        witnesses:\n          - nam-ra\n", "").replace("mood: dread", "")
    block = kind == "arc"  # the others are written in flow: {name: ..., aka: Other}
    written = text.replace(where, where + ("\n    aka: Other" if block else ", aka: Other"), 1)
    with table.using({**table.FIELDS, kind: (*table.FIELDS[kind], aka)}):
        full, quick = _full(written), load_text(written, "bible.yaml")
        entity = {
            "status": full.statuses.get("dead"), "season": full.seasons.get("S1"),
            "faction": full.factions.get("school"), "character": full.characters.get("on-jo"),
            "relation": full.relations[0], "arc": full.arcs.get("escape"),
        }[kind]
        assert entity is not None and entity.aka == "Other"
        assert quick == full
    with pytest.raises(LoadError, match="unknown key 'aka'"):
        load_text(written)


def test_a_bad_value_of_a_new_field_is_told_where_it_is(extended: Any) -> None:
    text = BIBLE.replace("witnesses: [su-hyeok, nam-ra]", "witnesses: {su-hyeok: 1}")
    with pytest.raises(LoadError) as error:
        load_text(text, "bible.yaml")
    (problem,) = error.value.problems
    line = text.splitlines().index("        witnesses: {su-hyeok: 1}   # from the window") + 1
    assert (problem.code, problem.line) == ("B007", line)
    assert "'witnesses' should be a list of ids" in problem.message


def test_without_the_copy_the_new_fields_are_unknown_keys() -> None:
    with pytest.raises(LoadError) as error:
        load_text(BIBLE, "bible.yaml")
    assert {(p.code, p.message) for p in error.value.problems} >= {
        ("B002", "unknown key 'witnesses' in beat 'bite'"),
        ("B002", "unknown key 'mood' in beat 'bite'"),
    }


def test_dump_writes_the_new_fields_and_reads_back_alike(extended: Any) -> None:
    bible = load_text(BIBLE)
    assert entity_dict(bible.beats["bite"]) == {
        "at": "S1E01", "characters": ["on-jo"], "witnesses": ["su-hyeok", "nam-ra"],
        "mood": "dread",
    }
    assert entity_dict(bible.beats["run"]) == {"at": "S1E02", "witnesses": ["nam-ra"]}
    assert "witnesses: [su-hyeok, nam-ra]" in dump(bible)
    assert load_text(dump(bible)) == bible


def test_the_schema_validates_the_new_fields(extended: Any) -> None:
    schema = bible_schema()
    beat = schema["$defs"]["beat"]["properties"]
    assert beat["witnesses"]["description"] == WITNESSES.doc
    assert beat["mood"]["description"] == MOOD.doc
    validator = jsonschema.Draft202012Validator(schema)
    good = load_text(BIBLE)
    data: dict[str, Any] = {
        "arcroom": 1, "series": {"title": "T"}, "seasons": {"S1": {"title": "One", "episodes": 3}},
        "arcs": {"escape": {"title": "E", "season": "S1", "beats": {
            key: entity_dict(beat) for key, beat in good.beats.items()
        }}},
    }
    assert list(validator.iter_errors(data)) == []
    beats = data["arcs"]["escape"]["beats"]
    beats["bite"]["witnesses"] = {"su-hyeok": 1}  # a mapping, not ids
    beats["run"]["mood"] = ["grim", "cold"]  # a list, not text
    wrong = {tuple(e.absolute_path)[-2:] for e in validator.iter_errors(data)}
    assert wrong == {("bite", "witnesses"), ("run", "mood")}


def test_the_editors_form_offers_the_new_fields(extended: Any) -> None:
    form = {f.name: f for f in FORMS["beat"]}
    assert (form["witnesses"].kind, form["witnesses"].target) == ("refs", "character")
    assert form["witnesses"].help == WITNESSES.doc
    assert form["mood"].kind == "text"
    assert [f.name for f in FORMS["beat"]][-2:] == ["witnesses", "mood"]


def test_what_the_form_takes_for_them_is_set_by_the_edit_api(extended: Any) -> None:
    doc = Document.from_texts({"bible.yaml": BIBLE})
    form = {f.name: f for f in FORMS["beat"]}
    catalog = Catalog(doc.bible)
    assert current_text(doc.bible.beats["bite"], form["witnesses"]) == "su-hyeok, nam-ra"
    with pytest.raises(Invalid, match="there is no character 'ghost'"):
        parse(form["witnesses"], "on-jo, ghost", catalog)
    doc.set("run", "witnesses", parse(form["witnesses"], "on-jo, su-hyeok", catalog))
    doc.set("run", "mood", parse(form["mood"], "grim", catalog))
    doc.set("bite", "mood", None)
    run, bite = doc.bible.beats["run"], doc.bible.beats["bite"]
    assert (run.witnesses, run.mood, bite.mood) == (("on-jo", "su-hyeok"), "grim", None)
    text = doc.texts["bible.yaml"]
    assert "          - on-jo\n          - su-hyeok\n        mood: grim\n" in text
    assert "dread" not in text


def test_rename_follows_the_new_id_list(extended: Any, tmp_path: Path) -> None:
    bible = load_text(BIBLE)
    found = [(r.entity.id, r.path) for r in references(bible) if r.field == "witnesses"]
    assert found == [("bite", ("witnesses", 0)), ("bite", ("witnesses", 1)),
                     ("run", ("witnesses", 0))]

    doc = Document.from_texts({"bible.yaml": BIBLE})
    doc.rename("nam-ra", "choi-nam-ra")
    text = doc.texts["bible.yaml"]
    assert "witnesses: [su-hyeok, choi-nam-ra]   # from the window" in text
    assert "          - choi-nam-ra\n" in text
    assert doc.bible.beats["run"].witnesses == ("choi-nam-ra",)

    path = tmp_path / "bible.yaml"
    path.write_text(BIBLE, encoding="utf-8")
    assert main(["rename", "su-hyeok", "lee-su-hyeok", "--bible", str(path)]) == 0
    assert "witnesses: [lee-su-hyeok, nam-ra]" in path.read_text(encoding="utf-8")


def test_the_checker_follows_the_new_fields(extended: Any) -> None:
    """R001 finds a misnamed witness (its screen, arcs/context.py, follows the table too)."""
    assert [d.code for d in run_rules(load_text(BIBLE)) if d.code.startswith("R")] == []
    typo = load_text(BIBLE.replace("[su-hyeok, nam-ra]", "[su-hyeok, nam-ar]"))
    (found,) = [d for d in run_rules(typo) if d.code == "R001"]
    assert (found.entity, found.line) == ("bite", BIBLE.splitlines().index(
        "        witnesses: [su-hyeok, nam-ra]   # from the window") + 1)
    assert "nam-ar" in found.message and found.hint == "did you mean 'nam-ra'?"
    allies = table.Field("allies", table.IDS, "Factions on its side.", "faction", default=())
    fields = {**table.FIELDS, "beat": (*table.FIELDS["beat"], allies)}
    with table.using(fields):
        text = BIBLE.replace("        mood: dread\n", "        allies: [schol]\n")
        codes = [d.code for d in run_rules(load_text(text))]
    assert "R001" in codes  # a misnamed faction in a new field: the faction screen follows


def test_the_table_itself_is_left_as_it_was(extended: Any) -> None:
    assert "witnesses" in table.keys("beat")
    assert extended["beat"][-2:] == (WITNESSES, MOOD)
    assert [f.key for f in unmodelled("beat")] == ["witnesses", "mood"]


def test_after_the_copy_every_consumer_follows_the_table_again() -> None:
    assert "witnesses" not in table.keys("beat")
    assert unmodelled("beat") == ()
    assert "witnesses" not in {f.name for f in FORMS["beat"]}
    assert "witnesses" not in bible_schema()["$defs"]["beat"]["properties"]


@pytest.mark.parametrize("kind", [*sorted(table.SECTIONS), "beat"])
def test_the_model_names_every_field_of_format_v1(kind: str) -> None:
    """Format v1's fields are typed attributes; ``extra`` holds only a table's additions."""
    assert unmodelled(kind) == ()


def test_entities_read_attributes_the_fast_way_unless_the_table_has_more() -> None:
    # A class with __getattr__ reads every attribute the slow way (the rules
    # ran ~25% slower): format v1 names every field, so it has none.
    from story_bible.model import Entity

    assert "__getattr__" not in Entity.__dict__
    with table.using({**table.FIELDS, "beat": (*table.FIELDS["beat"], MOOD)}):
        assert "__getattr__" in Entity.__dict__
    assert "__getattr__" not in Entity.__dict__
