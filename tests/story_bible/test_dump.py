"""``dump`` writes format-v1 YAML that loads back into the same bible."""

from __future__ import annotations

import yaml
from bible_strategies import bibles
from hypothesis import HealthCheck, given, settings

from story_bible import Bible, load_text
from story_bible.writing.dump import dump, entity_dict, to_yaml

BIBLE = """\
arcroom: 1
series:
  title: All of Us Are Dead
  based_on: Now at Our School (webtoon)
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12, planned: true}
factions:
  survivors: {name: Hyosan High survivors, kind: human}
  military: {name: Martial-law command, kind: state}
relations:
  - {between: [military, survivors], stance: hostile, from: S1E10, until: S2}
  - {between: [military, survivors], stance: tense}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
  gwi-nam: {name: Yoon Gwi-nam, status: human, actor: no}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    ignore: [T002]
    beats:
      outbreak: {at: S1E01, summary: 1e3 students, characters: [nam-ra]}
      nam-ra-bitten:
        at: S1E07
        after: [outbreak]
        characters: [nam-ra]
        changes: {nam-ra: infected, gwi-nam: {status: infected, faction: military}}
        flashback: false
"""


def test_dump_writes_sections_and_fields_in_format_order_without_defaults() -> None:
    assert dump(load_text(BIBLE)) == """\
arcroom: 1
series:
  title: All of Us Are Dead
  based_on: Now at Our School (webtoon)
seasons:
  S1:
    title: Survival of mankind
    episodes: 12
  S2:
    title: Survival of the zombies
    episodes: 12
    planned: true
factions:
  survivors:
    name: Hyosan High survivors
    kind: human
  military:
    name: Martial-law command
    kind: state
relations:
- between: [military, survivors]
  stance: hostile
  from: S1E10
  until: S2E12
- between: [military, survivors]
  stance: tense
characters:
  nam-ra:
    name: Choi Nam-ra
    faction: survivors
  gwi-nam:
    name: Yoon Gwi-nam
    actor: 'no'
arcs:
  escape-hyosan:
    title: Escape Hyosan High
    season: S1
    beats:
      outbreak:
        at: S1E01
        summary: 1e3 students
        characters: [nam-ra]
      nam-ra-bitten:
        at: S1E07
        after: [outbreak]
        characters: [nam-ra]
        changes:
          nam-ra: infected
          gwi-nam:
            status: infected
            faction: military
    ignore: [T002]
"""


def test_dump_of_a_written_bible_loads_back_equal() -> None:
    bible = load_text(BIBLE)
    assert load_text(dump(bible)) == bible


def test_text_any_yaml_reader_could_mistake_is_quoted() -> None:
    words = ["no", "on", "1e3", "2024-01-01", "0o17", "+12", ".5", "null", "~", "True", "12:30"]
    out = to_yaml({"tags": words})
    assert yaml.safe_load(out) == {"tags": words}
    for word in words:
        assert f"'{word}'" in out


def test_plain_words_stay_unquoted() -> None:
    assert to_yaml({"name": "Choi Nam-ra", "id": "남라"}) == "name: Choi Nam-ra\nid: 남라\n"


def test_custom_statuses_are_written_and_the_default_set_is_not() -> None:
    custom = BIBLE.replace(
        "seasons:",
        "statuses:\n  human: {becomes: [dead]}\n  dead: {appears: false}\nseasons:",
    )
    text = dump(load_text(custom))
    assert "statuses:\n  human:\n    becomes: [dead]\n  dead:\n    appears: false\n" in text
    assert "statuses" not in dump(load_text(BIBLE))


def test_entity_dict_gives_one_entity_for_an_edit_to_insert() -> None:
    bible = load_text(BIBLE)
    assert entity_dict(bible.beats["outbreak"]) == {
        "at": "S1E01", "summary": "1e3 students", "characters": ["nam-ra"]
    }
    # Alone, a relation cannot know its bible's first episode, so 'from' is always written.
    assert entity_dict(bible.relations[1]) == {
        "between": ["military", "survivors"], "stance": "tense", "from": "S1E01"
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bibles())
def test_any_bible_round_trips_through_its_yaml(bible: Bible) -> None:
    assert load_text(dump(bible)) == bible
