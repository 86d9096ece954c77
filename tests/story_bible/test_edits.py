"""Edits of a bible change only what they touch, in the writer's own style, or nothing at all."""

from __future__ import annotations

import pytest
from test_edits_support import AOUAD, assert_sound

from story_bible.model import Change
from story_bible.positions import Position
from story_bible.writing import reparse
from story_bible.writing.document import Document, EditError


def doc_of(text: str = AOUAD) -> Document:
    return Document.from_texts({"bible.yaml": text})


def text_of(doc: Document) -> str:
    return doc.texts["bible.yaml"]


# -- set: a value changes, nothing else ----------------------------------------------


def test_setting_a_beats_episode_changes_only_that_value() -> None:
    doc = doc_of()
    doc.set("nam-ra-bitten", "at", "S1E08")
    assert text_of(doc) == AOUAD.replace("{at: S1E07,", "{at: S1E08,")
    assert doc.bible.beats["nam-ra-bitten"].at == Position(1, 8)
    assert doc.history == ["set nam-ra-bitten.at to S1E08"]
    assert_sound(doc)


def test_text_another_yaml_reader_would_take_for_a_boolean_is_quoted() -> None:
    doc = doc_of()
    doc.set("outbreak", "summary", "no")
    doc.set("nam-ra", "name", "yes: a name with a colon")
    text = text_of(doc)
    assert "summary: 'no', characters: [nam-ra]}" in text
    assert "{name: 'yes: a name with a colon', faction: survivors}   # class president" in text
    assert doc.bible.beats["outbreak"].summary == "no"
    assert_sound(doc)


def test_the_writers_quote_style_is_kept() -> None:
    doc = doc_of()
    doc.set("gwi-nam", "name", "Yoon Gwi-nam")
    doc.set("on-jo", "actor", "Park Ji-hu (2022)")
    text = text_of(doc)
    assert 'gwi-nam: {name: "Yoon Gwi-nam", faction: survivors}' in text
    assert "    actor: 'Park Ji-hu (2022)'" in text
    assert_sound(doc)


def test_a_literal_block_stays_a_literal_block_and_the_blank_line_after_it_stays() -> None:
    doc = doc_of()
    doc.set("roof", "summary", "They reach the roof.\nNobody comes.\n")
    assert (
        "        summary: |\n          They reach the roof.\n          Nobody comes.\n\n"
        "  mutant-war:" in text_of(doc)
    )
    assert_sound(doc)


def test_a_new_field_goes_next_to_its_kin_in_the_entitys_style() -> None:
    doc = doc_of()
    doc.set("outbreak", "flashback", True)
    doc.set("roof", "tags", ["rain", "비"])
    text = text_of(doc)
    assert "characters: [nam-ra], flashback: true}" in text
    assert "          It starts to rain.\n        tags: [rain, 비]\n\n  mutant-war:" in text
    assert doc.bible.beats["roof"].tags == ("rain", "비")
    assert_sound(doc)


def test_list_items_keep_their_own_comments() -> None:
    doc = doc_of()
    doc.set("roof", "characters", ["on-jo", "nam-ra", "gwi-nam"])
    assert (
        "          - on-jo     # leads them up\n          - nam-ra\n          - gwi-nam\n"
        in text_of(doc)
    )
    doc.set("roof", "characters", ["on-jo", "gwi-nam"])
    assert "          - on-jo     # leads them up\n          - gwi-nam\n" in text_of(doc)
    assert_sound(doc)


def test_changes_are_set_as_a_mapping() -> None:
    doc = doc_of()
    doc.set("nam-ra-bitten", "changes", {"nam-ra": {"status": "immune", "faction": "horde"}})
    assert "changes: {nam-ra: {status: immune, faction: horde}}}" in text_of(doc)
    assert doc.bible.beats["nam-ra-bitten"].changes == {"nam-ra": Change("immune", "horde")}
    assert_sound(doc)


def test_removing_a_field_takes_its_line() -> None:
    doc = doc_of()
    doc.set("on-jo", "actor", None)
    assert text_of(doc) == AOUAD.replace("    actor: 'Park Ji-hu'\n", "")
    assert doc.history == ["remove on-jo.actor"]
    assert_sound(doc)


def test_the_series_is_set_by_its_name() -> None:
    doc = doc_of()
    doc.set("series", "title", "지금 우리 학교는")
    assert "  title: 지금 우리 학교는   # working title\n" in text_of(doc)
    assert_sound(doc)


def test_setting_what_is_already_written_records_nothing() -> None:
    doc = doc_of()
    doc.set("nam-ra-bitten", "at", "S1E07")
    doc.set("outbreak", "flashback", None)
    assert doc.history == [] and not doc.dirty


def test_windows_line_endings_are_kept_and_used_for_new_lines() -> None:
    crlf = AOUAD.replace("\n", "\r\n")
    doc = doc_of(crlf)
    doc.set("roof", "tags", ["rain"])
    doc.add("character", "su-hyeok", {"name": "Lee Su-hyeok", "faction": "survivors"})
    text = text_of(doc)
    assert "\n" not in text.replace("\r\n", "")
    assert "        tags: [rain]\r\n" in text
    assert_sound(doc)


# -- add ---------------------------------------------------------------------------


def test_an_added_character_follows_its_neighbours_layout() -> None:
    doc = doc_of()
    doc.add("character", "su-hyeok", {"name": "Lee Su-hyeok", "faction": "survivors"})
    assert (
        "    actor: 'Park Ji-hu'\n  su-hyeok:\n    name: Lee Su-hyeok\n"
        "    faction: survivors\n\narcs:"
        in text_of(doc)
    )
    assert doc.history == ["add character su-hyeok"]
    assert_sound(doc)


def test_an_added_flow_entry_lines_up_with_an_aligned_neighbour() -> None:
    text = AOUAD.replace(
        "  # the army arrives late\n  military:\n    name: Martial-law command\n    kind: state\n",
        "",
    )
    doc = doc_of(text)
    doc.add("faction", "military", {"name": "Martial-law command", "kind": "state"})
    assert "  horde:     {name: The zombies, kind: zombie}\n" \
           "  military:  {name: Martial-law command, kind: state}\n" in text_of(doc)
    assert_sound(doc)


def test_an_added_beat_goes_in_story_order() -> None:
    doc = doc_of()
    doc.add("beat", "bell", {"at": "S1E08", "characters": ["on-jo"], "summary": "The bell rings"},
            arc="escape-hyosan")
    text = text_of(doc)
    assert text.index("nam-ra-bitten:") < text.index("bell:") < text.index("roof:")
    assert "      bell:          {at: S1E08, summary: The bell rings, characters: [on-jo]}" in text
    assert doc.bible.beats["bell"].arc == "escape-hyosan"
    assert_sound(doc)


def test_an_arc_without_beats_gets_a_beats_mapping() -> None:
    doc = doc_of()
    doc.add("arc", "world-war", {"title": "World war", "season": "S2"})
    doc.add("beat", "invasion", {"at": "S2E12"}, arc="world-war")
    # The keys in the order the other arcs write them (season, then title).
    assert "  world-war:\n    season: S2\n    title: World war\n    beats:\n" \
           "      invasion: {at: S2E12}\n" in text_of(doc)
    assert_sound(doc)


def test_an_added_relation_follows_the_list_style() -> None:
    doc = doc_of()
    doc.add("relation", "", {"between": ["military", "horde"], "stance": "war", "from": "S1E11"})
    assert "    stance: war   # from the first bite\n" \
           "  - between: [military, horde]\n    stance: war\n    from: S1E11\n" in text_of(doc)
    assert doc.bible.relations[-1].id == "military~horde@S1E11"
    assert_sound(doc)


def test_the_first_written_status_brings_the_defaults_along() -> None:
    doc = doc_of()
    doc.add("status", "cured", {"appears": True, "becomes": ["dead"]})
    text = text_of(doc)
    assert "statuses:\n  human: {appears: true, becomes: [infected, dead]}\n" in text
    assert "  dead: {appears: false, becomes: []}\n" \
           "  cured: {appears: true, becomes: [dead]}\n" in text
    assert set(doc.bible.statuses) == {"human", "infected", "zombie", "immune", "immortal",
                                       "dead", "cured"}
    assert not doc.bible.statuses["dead"].appears
    assert_sound(doc)


# -- remove ---------------------------------------------------------------------------


def test_removing_an_entity_takes_its_own_comments_with_it() -> None:
    doc = doc_of()
    doc.remove("military")
    assert text_of(doc) == AOUAD.replace(
        "  # the army arrives late\n  military:\n    name: Martial-law command\n    kind: state\n",
        "",
    )
    assert "military" not in doc.bible.factions
    assert_sound(doc)


def test_removing_a_beat_from_a_flow_line_and_a_relation_by_its_id() -> None:
    doc = doc_of()
    doc.remove("nam-ra-bitten")
    doc.remove("military~survivors@S1E10")
    text = text_of(doc)
    assert "the bite that changes everything" not in text and "nam-ra-bitten" not in text
    assert "stance: hostile" not in text
    assert [r.id for r in doc.bible.relations] == ["survivors~horde@S1E01"]
    assert_sound(doc)


def test_removing_an_arc_removes_its_beats() -> None:
    doc = doc_of()
    doc.remove("mutant-war")
    assert "hunger" not in doc.bible.beats
    assert text_of(doc).endswith("          It starts to rain.\n\n")
    assert_sound(doc)


# -- rename and move -------------------------------------------------------------------


def test_rename_changes_the_id_and_every_reference_and_nothing_else() -> None:
    doc = doc_of()
    doc.rename("nam-ra", "최남라")
    text = text_of(doc)
    assert text == (
        AOUAD.replace("  nam-ra:  {", "  최남라:  {")
        .replace("[nam-ra]", "[최남라]")
        .replace("{nam-ra: infected}", "{최남라: infected}")
        .replace("          - nam-ra\n", "          - 최남라\n")
    )
    assert "nam-ra-bitten" in doc.bible.beats
    assert doc.bible.beats["nam-ra-bitten"].changes == {"최남라": Change("infected")}
    assert_sound(doc)


def test_renaming_an_arc_or_faction_follows_into_beats_and_relations() -> None:
    doc = doc_of()
    doc.rename("escape-hyosan", "escape")
    doc.rename("survivors", "students")
    assert doc.bible.arcs["mutant-war"].requires == ("escape",)
    assert {b.arc for b in doc.bible.beats.values()} == {"escape", "mutant-war"}
    assert [r.id for r in doc.bible.relations] == [
        "military~students@S1E10", "students~horde@S1E01"
    ]
    assert_sound(doc)


def test_moving_a_beat_to_another_arc_takes_its_comments_along() -> None:
    doc = doc_of()
    doc.move_beat("roof", arc="mutant-war", at="S2E02")
    text = text_of(doc)
    assert (
        "      hunger: {at: S2E01, characters: [nam-ra], summary: 'no'}\n"
        "      roof:\n        at: S2E02\n        characters:\n"
        "          - on-jo     # leads them up\n" in text
    )
    assert doc.bible.beats["roof"].arc == "mutant-war"
    assert doc.history == ["move beat roof to arc mutant-war and S2E02"]
    assert_sound(doc)
    assert doc.undo()
    assert text_of(doc) == AOUAD


def test_a_moved_beat_re_indents_to_its_new_arc() -> None:
    text = AOUAD.replace(
        "    beats:\n      hunger: {at: S2E01, characters: [nam-ra], summary: 'no'}\n",
        "    beats:\n        hunger: {at: S2E01, characters: [nam-ra], summary: 'no'}\n",
    )
    doc = doc_of(text)
    doc.move_beat("nam-ra-bitten", arc="mutant-war")
    assert (
        "        # the bite that changes everything\n"
        "        nam-ra-bitten: {at: S1E07, after: [outbreak], characters: [nam-ra],\n"
        "                        changes: {nam-ra: infected}}\n"
        "        hunger:" in text_of(doc)
    )
    assert_sound(doc)


# -- what is refused ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.set("S1", "episodes", 5), "S1 has 5 episodes"),
        (lambda d: d.set("nam-ra-biten", "at", "S1E02"), "did you mean 'nam-ra-bitten'?"),
        (lambda d: d.set("roof", "charaters", ["nam-ra"]), "did you mean 'characters'?"),
        (lambda d: d.set("roof", "flashback", "yes"), "'flashback' is true or false"),
        (lambda d: d.set("roof", "at", "S3E01"), "there is no season S3"),
        (lambda d: d.set("roof", "at", None), "a beat needs 'at'"),
        (lambda d: d.set("military~survivors@S1E10", "stance", "frenemies"), "is not one of"),
        (lambda d: d.add("character", "horde", {"name": "Horde"}), "already taken by a faction"),
        (lambda d: d.add("character", "cheong-san", {}), "needs 'name'"),
        (lambda d: d.add("beat", "lost", {"at": "S1E01"}, arc="nowhere"), "no arc 'nowhere'"),
        (lambda d: d.rename("nam-ra", "gwi-nam"), "already taken"),
        (lambda d: d.rename("S1", "S3"), "cannot be renamed"),
        (lambda d: d.rename("nam-ra", "not an id"), "not a valid id"),
        (lambda d: d.remove("dead"), "default status"),
    ],
)
def test_an_edit_that_cannot_be_made_is_refused_and_changes_nothing(edit, message) -> None:  # type: ignore[no-untyped-def]
    doc = doc_of()
    with pytest.raises(EditError, match=message):
        edit(doc)
    assert text_of(doc) == AOUAD and doc.history == [] and not doc.dirty
    assert_sound(doc)


def test_read_only_sample_refuses_to_save() -> None:
    doc = Document.from_texts({"bible.yaml": AOUAD}, read_only=True)
    doc.set("roof", "at", "S1E10")
    with pytest.raises(EditError, match="read-only"):
        doc.save()


# -- undo, redo, history ------------------------------------------------------------------


def test_undo_and_redo_walk_the_history() -> None:
    doc = doc_of()
    doc.set("roof", "at", "S1E10")
    after_first = text_of(doc)
    doc.remove("outbreak")
    assert doc.history == ["set roof.at to S1E10", "remove beat outbreak"]
    assert doc.undo() and doc.history == ["set roof.at to S1E10"]
    assert text_of(doc) == after_first
    assert doc.undo() and text_of(doc) == AOUAD and not doc.dirty
    assert not doc.undo()
    assert doc.redo() and doc.redo() and not doc.redo()
    assert "outbreak" not in doc.bible.beats
    assert doc.redo_history == []
    assert_sound(doc)


def test_a_new_edit_after_undo_drops_what_could_be_redone() -> None:
    doc = doc_of()
    doc.set("roof", "at", "S1E10")
    doc.undo()
    assert doc.redo_history == ["set roof.at to S1E10"]
    doc.set("roof", "at", "S1E11")
    assert not doc.can_redo and doc.history == ["set roof.at to S1E11"]


# -- speed: an edit re-reads only what it touched -------------------------------------------


def test_an_edit_of_one_beat_does_not_reload_the_bible(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = doc_of()

    def no_full_load(texts: dict[str, str]) -> None:
        raise AssertionError("the whole bible was re-loaded")

    monkeypatch.setattr(reparse, "full", no_full_load)
    doc.set("roof", "at", "S1E11")
    doc.set("nam-ra-bitten", "characters", ["nam-ra", "on-jo"])
    doc.add("beat", "bell", {"at": "S1E08"}, arc="escape-hyosan")
    doc.remove("outbreak")
    doc.add("character", "su-hyeok", {"name": "Lee Su-hyeok"})
    monkeypatch.undo()
    assert_sound(doc)
