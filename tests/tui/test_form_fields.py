"""What the forms accept: typed text becomes the value the edit API takes, or a reason why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from story_bible import load
from story_bible.model import Bible
from story_bible.reading.loader import load_text
from tui.form_fields import (
    FIELDS,
    Catalog,
    Field,
    Invalid,
    current_text,
    fields_of,
    parse,
    shown_text,
)


@pytest.fixture(scope="module")
def bible(hyosan_original: Path) -> Bible:
    return load(hyosan_original)


@pytest.fixture(scope="module")
def catalog(bible: Bible) -> Catalog:
    return Catalog(bible)


def field(kind: str, name: str) -> Field:
    return next(f for f in FIELDS[kind] if f.name == name)


def test_every_field_of_format_v1_has_a_form_field() -> None:
    from story_bible import vocabulary

    keys = {
        "season": vocabulary.SEASON_KEYS, "faction": vocabulary.FACTION_KEYS,
        "relation": vocabulary.RELATION_KEYS, "character": vocabulary.CHARACTER_KEYS,
        "status": vocabulary.STATUS_KEYS, "beat": vocabulary.BEAT_KEYS,
        "arc": tuple(k for k in vocabulary.ARC_KEYS if k not in ("season", "beats")),
    }
    for kind, names in keys.items():
        assert {f.name for f in FIELDS[kind]} == set(names), kind


def test_a_position_in_the_plan_is_accepted_as_written(catalog: Catalog) -> None:
    assert parse(field("beat", "at"), "S1E08", catalog) == "S1E08"
    assert parse(field("relation", "until"), "S2", catalog) == "S2"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("S1E13", "S1 has 12 episodes"),
        ("S4E01", "there is no season S4"),
        ("E7", "not an episode position"),
        ("S2", "a beat happens in one episode"),
    ],
)
def test_a_beat_outside_the_plan_is_refused_with_the_reason(
    catalog: Catalog, text: str, reason: str
) -> None:
    with pytest.raises(Invalid, match=reason):
        parse(field("beat", "at"), text, catalog)


def test_references_must_name_entities_of_the_right_kind(catalog: Catalog) -> None:
    characters = field("beat", "characters")
    assert parse(characters, "nam-ra, on-jo", catalog) == ["nam-ra", "on-jo"]
    with pytest.raises(Invalid, match="survivors is a faction, not a character"):
        parse(characters, "nam-ra, survivors", catalog)
    with pytest.raises(Invalid, match="there is no character 'nam-ro'"):
        parse(characters, "nam-ro", catalog)
    with pytest.raises(Invalid, match="listed twice"):
        parse(characters, "nam-ra, nam-ra", catalog)


def test_references_read_by_name_and_parse_back_to_the_same_ids(
    bible: Bible, catalog: Catalog
) -> None:
    characters = field("beat", "characters")
    beat = bible.beats["cheong-san-stays"]
    shown = shown_text(beat, characters, catalog)
    assert shown == "Lee Cheong-san (이청산), Nam On-jo (남온조), Min Eun-ji (민은지)"
    assert parse(characters, shown, catalog) == list(beat.characters)
    # A name in any case, or an id, is the id; names and ids may be mixed.
    assert parse(characters, "nam on-jo (남온조), nam-ra", catalog) == ["on-jo", "nam-ra"]
    with pytest.raises(Invalid, match=r"Choi Nam-ra .* is listed twice"):
        parse(characters, "nam-ra, Choi Nam-ra (최남라)", catalog)
    changes = field("beat", "changes")
    immune = bible.beats["nam-ra-immune"]
    assert shown_text(immune, changes, catalog) == (
        "Choi Nam-ra (최남라): immune/The immune and the immortal")
    assert parse(changes, shown_text(immune, changes, catalog), catalog) == {
        "nam-ra": {"status": "immune", "faction": "halbies"}}


def test_a_name_that_would_not_read_back_is_shown_by_its_id(hyosan_original: Path) -> None:
    text = hyosan_original.read_text(encoding="utf-8").replace(
        "{name: Min Eun-ji (민은지)", "{name: 'Min, Eun-ji'").replace(
        "{name: Lee Cheong-san (이청산)", "{name: Nam On-jo (남온조)")
    bible = load_text(text)
    catalog = Catalog(bible)
    characters = field("beat", "characters")
    # A comma in the name, or two people of one name: the ids, which read back alike.
    shown = shown_text(bible.beats["cheong-san-stays"], characters, catalog)
    assert shown == "cheong-san, on-jo, eun-ji"
    with pytest.raises(Invalid, match=r"2 characters are named 'Nam On-jo \(남온조\)'"):
        parse(characters, "Nam On-jo (남온조)", catalog)


def test_changes_read_as_status_or_status_and_faction(catalog: Catalog) -> None:
    changes = field("beat", "changes")
    typed = "nam-ra: immune/halbies, gwi-nam: immortal, eun-ji: /halbies"
    assert parse(changes, typed, catalog) == {
        "nam-ra": {"status": "immune", "faction": "halbies"},
        "gwi-nam": "immortal",
        "eun-ji": {"faction": "halbies"},
    }
    with pytest.raises(Invalid, match="there is no status 'zombified'"):
        parse(changes, "nam-ra: zombified", catalog)


def test_required_fields_cannot_be_emptied_and_optional_ones_are_removed(
    catalog: Catalog,
) -> None:
    with pytest.raises(Invalid, match="name is required"):
        parse(field("character", "name"), "  ", catalog)
    assert parse(field("character", "actor"), "", catalog) is None


def test_flags_counts_stances_and_rule_codes(catalog: Catalog) -> None:
    assert parse(field("season", "episodes"), "10", catalog) == 10
    with pytest.raises(Invalid):
        parse(field("season", "episodes"), "0", catalog)
    assert parse(field("relation", "stance"), "war", catalog) == "war"
    with pytest.raises(Invalid, match="one of ally"):
        parse(field("relation", "stance"), "frenemy", catalog)
    assert parse(field("beat", "ignore"), "c001, t002", catalog) == ["C001", "T002"]
    with pytest.raises(Invalid, match="unknown rule code X999"):
        parse(field("beat", "ignore"), "X999", catalog)


def test_the_form_shows_what_is_written(bible: Bible) -> None:
    relation = next(r for r in bible.relations if r.stance == "war")
    texts = {f.name: current_text(relation, f) for f in fields_of(relation)}
    assert texts["between"] == "halbies, horde"
    assert texts["from"] == "S2E01"
    assert texts["until"] == "S2E12"
    beat = bible.beats["nam-ra-immune"]
    assert current_text(beat, field("beat", "changes")) == "nam-ra: immune/halbies"
    assert current_text(bible.characters["nam-ra"], field("character", "name")) == (
        "Choi Nam-ra (최남라)"
    )


@pytest.mark.parametrize(
    ("kind", "name", "typed", "suggested"),
    [
        ("beat", "factions", "survivors, horde, mi", "survivors, horde, military"),
        ("beat", "factions", "survivors,mi", "survivors,military"),
        ("beat", "characters", "nam-ra, gwi", "nam-ra, gwi-nam"),
        ("beat", "changes", "nam-ra: imm", "nam-ra: immune"),
        ("beat", "changes", "nam-ra: immune/hal", "nam-ra: immune/halbies"),
        ("beat", "at", "S2E0", "S2E01"),
        # Names complete as the form shows them; the case typed is kept.
        ("beat", "characters", "nam-ra, Yoon", "nam-ra, Yoon Gwi-nam (윤귀남)"),
        ("beat", "characters", "Choi Nam-ra (최남라), yoon g",
         "Choi Nam-ra (최남라), yoon gwi-nam (윤귀남)"),
        ("beat", "changes", "Choi Nam-ra (최남라): immune/The im",
         "Choi Nam-ra (최남라): immune/The immune and the immortal"),
        ("arc", "requires", "The h", "The halbies' war"),
    ],
)
async def test_completion_finishes_the_word_being_typed_and_keeps_the_rest(
    catalog: Catalog, kind: str, name: str, typed: str, suggested: str
) -> None:
    from tui.widgets.inputs import IdSuggester

    assert await IdSuggester(field(kind, name), catalog).get_suggestion(typed) == suggested
