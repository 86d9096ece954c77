"""``arcroom schema``: a JSON Schema editors can use, that agrees with the loader.

Whatever the loader accepts must validate (the bundled sample, the test
bibles, the converted Game of Thrones bible in tests/test_got.py), and the
mistakes a writer makes in an editor (a misspelt key, a malformed position,
an unknown stance) must not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from arcs.schema import bible_schema
from story_bible import vocabulary
from story_bible.errors import LoadError
from story_bible.reading.loader import load, load_text, sample_path

TESTS = Path(__file__).resolve().parent.parent
GOLDEN_BIBLE = TESTS / "arcs" / "report" / "golden" / "bible.yaml"
VALIDATOR = jsonschema.Draft202012Validator(bible_schema())


class YamlAsEditorsReadIt(yaml.SafeLoader):
    """YAML as yaml-language-server reads it: dates stay text (the loader keeps them text too)."""


YamlAsEditorsReadIt.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read(text: str) -> Any:
    return yaml.load(text, Loader=YamlAsEditorsReadIt)


def errors(document: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def _loadable_fixtures() -> list[Path]:
    """The test bibles the loader accepts (B-rule fixtures are broken on purpose)."""
    found = []
    for path in sorted((TESTS / "fixtures" / "bibles").glob("*.yaml")):
        try:
            load(path)
        except LoadError:
            continue
        found.append(path)
    return found


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = bible_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_arcroom_schema_prints_the_schema(arcroom) -> None:
    out = arcroom("schema")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == bible_schema()


@pytest.mark.parametrize(
    "path", [sample_path(), GOLDEN_BIBLE, *_loadable_fixtures()], ids=lambda p: p.name
)
def test_bibles_the_loader_accepts_validate(path: Path) -> None:
    assert errors(read(path.read_text(encoding="utf-8"))) == []


def _properties(schema: dict[str, Any], name: str) -> set[str]:
    return set(schema["$defs"][name]["properties"])


def test_schema_knows_exactly_the_loaders_keys() -> None:
    schema = bible_schema()
    assert set(schema["properties"]) == set(vocabulary.TOP_KEYS)
    assert _properties(schema, "series") == set(vocabulary.SERIES_KEYS)
    assert _properties(schema, "status") == set(vocabulary.STATUS_KEYS)
    assert _properties(schema, "season") == set(vocabulary.SEASON_KEYS)
    assert _properties(schema, "faction") == set(vocabulary.FACTION_KEYS)
    assert _properties(schema, "relation") == set(vocabulary.RELATION_KEYS)
    assert _properties(schema, "character") == set(vocabulary.CHARACTER_KEYS)
    assert _properties(schema, "arc") == set(vocabulary.ARC_KEYS)
    assert _properties(schema, "beat") == set(vocabulary.BEAT_KEYS)
    change = schema["$defs"]["change"]["anyOf"][1]
    assert set(change["properties"]) == set(vocabulary.CHANGE_KEYS)


def _walk(node: Any, path: str = "#") -> list[str]:
    """Every schema for a field (a property) that has no description, by path."""
    missing = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            if isinstance(value, dict) and "description" not in value:
                missing.append(f"{path}/properties/{key}")
        for key, value in node.items():
            missing += _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += _walk(value, f"{path}/{i}")
    return missing


def test_every_field_has_a_description() -> None:
    schema = bible_schema()
    assert _walk(schema) == []
    assert all("description" in definition for definition in schema["$defs"].values())


BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  military: {name: Martial-law command, kind: state}
relations:
  - {between: [military, survivors], stance: hostile, from: S1E10}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01, characters: [nam-ra]}
      bitten: {at: S1E07, after: outbreak, characters: [nam-ra], changes: {nam-ra: immune}}
"""


def test_the_example_bible_loads_and_validates() -> None:
    load_text(BIBLE)
    assert errors(read(BIBLE)) == []


@pytest.mark.parametrize(
    ("before", "after", "complaint"),
    [
        ("nam-ra: {name: Choi Nam-ra,", "nam-ra: {nmae: Choi Nam-ra,", "'nmae' was unexpected"),
        ("arcroom: 1\n", "arcroom: 1\nepisodes: 12\n", "'episodes' was unexpected"),
        ("{at: S1E07,", "{at: S1E00,", "does not match"),
        ("{at: S1E07,", "{at: E7,", "does not match"),
        ("from: S1E10", "from: S1-10", "does not match"),
        ("stance: hostile", "stance: hostle", "is not one of"),
        ("S1: {title", "Season1: {title", "does not match"),
        ("episodes: 12}", "episodes: 0}", "less than the minimum"),
        ("episodes: 12}", "episodes: 1000}", "greater than the maximum"),
        ("season: S1\n", "season: S1\n    seasons: [S1]\n", "should not be valid"),
        ("nam-ra: {name: Choi", "nam ra: {name: Choi", "does not match"),
        ("changes: {nam-ra: immune}", "changes: {nam-ra: {}}", "not valid under any"),
        ("[military, survivors]", "[military]", "is too short"),
    ],
    ids=[
        "misspelt-key", "unknown-section", "episode-zero", "no-season", "bad-from",
        "unknown-stance", "bad-season-id", "no-episodes", "too-many-episodes",
        "season-and-seasons", "id-with-space",
        "empty-change", "one-sided-relation",
    ],
)
def test_writers_mistakes_fail_validation(before: str, after: str, complaint: str) -> None:
    assert BIBLE.count(before) == 1
    broken = BIBLE.replace(before, after)
    found = errors(read(broken))
    assert found, "the schema accepted a broken bible"
    assert any(complaint in message for message in found), found
    with pytest.raises(LoadError):  # the editor and arcroom check agree
        load_text(broken)


def test_an_ignore_of_a_code_arcroom_does_not_have_fails_validation() -> None:
    broken = BIBLE.replace("nam-ra: {name: Choi Nam-ra,",
                           "nam-ra: {ignore: [Z999], name: Choi Nam-ra,")
    assert any("is not one of" in message for message in errors(read(broken)))
