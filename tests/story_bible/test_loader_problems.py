"""The loader's B problems: each one located (code, line, column), and its passing counterpart.

Each case is a bible a writer could have typed, with one mistake; the
passing version fixes only that mistake and must load without a problem.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from story_bible import LoadError, load_text
from story_bible.errors import Problem
from story_bible.reading.nodes import Lines

HEADER = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
"""


def problems(body: str, header: str = HEADER) -> list[Problem]:
    """The problems of ``header + body`` (empty if it loads)."""
    try:
        load_text(header + body, "bible.yaml")
    except LoadError as exc:
        return exc.problems
    return []


def located(body: str, header: str = HEADER) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in problems(body, header)]


# (failing body, expected problems, passing body); line 5 is the body's first line.
CASES = {
    "B001 syntax error": (
        """\
characters:
  nam-ra: {name: Choi Nam-ra
  su-hyeok: {name: Park Su-hyeok}
""",
        [("B001", 6, 11)],  # the '{' never closed, not where libyaml noticed it
        """\
characters:
  nam-ra: {name: Choi Nam-ra}
  su-hyeok: {name: Park Su-hyeok}
""",
    ),
    "B002 unknown key": (
        """\
characters:
  nam-ra: {name: Choi Nam-ra, stauts: immune}
""",
        [("B002", 6, 31)],
        """\
characters:
  nam-ra: {name: Choi Nam-ra, status: immune}
""",
    ),
    "B003 duplicate key": (
        """\
characters:
  nam-ra:
    name: Choi Nam-ra
    name: Nam-ra
""",
        [("B003", 8, 5)],
        """\
characters:
  nam-ra:
    name: Choi Nam-ra
""",
    ),
    "B004 tag": (
        """\
characters:
  nam-ra: {name: !shout Choi Nam-ra}
""",
        [("B004", 6, 18)],
        """\
characters:
  nam-ra: {name: !!str Choi Nam-ra}
""",
    ),
    "B005 aliases beyond the bound": (
        "factions:\n"
        "  survivors: {name: Hyosan High survivors}\n"
        "laughs:\n"
        + "".join(
            f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol, lol'}]\n"
            for i in range(9)
        ),
        [("B005", 13, 27)],
        """\
factions:
  survivors: {name: Hyosan High survivors}
arcs:
  escape:
    season: S1
    title: Escape
    factions: &sides [survivors]
  rooftop:
    season: S1
    title: The rooftop
    factions: *sides
""",
    ),
    "B007 wrong type": (
        """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      memory: {at: S1E03, flashback: yes}
""",
        [("B007", 10, 38)],
        """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      memory: {at: S1E03, flashback: true}
""",
    ),
    "B008 missing field": (
        """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {summary: The virus spreads through Hyosan High}
""",
        [("B008", 10, 17)],
        """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {at: S1E01, summary: The virus spreads through Hyosan High}
""",
    ),
    "B009 position outside its season": (
        """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      rescue: {at: S1E13}
""",
        [("B009", 10, 20)],
        """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      rescue: {at: S1E12}
""",
    ),
    "B010 bad value": (
        """\
factions:
  survivors: {name: Hyosan High survivors}
  military: {name: Martial-law command}
relations:
  - {between: [military, survivors], stance: frenemy, from: S1E10}
""",
        [("B010", 9, 46)],
        """\
factions:
  survivors: {name: Hyosan High survivors}
  military: {name: Martial-law command}
relations:
  - {between: [military, survivors], stance: hostile, from: S1E10}
""",
    ),
    "B011 duplicate id": (
        """\
characters:
  outbreak: {name: Outbreak}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {at: S1E01}
""",
        [("B011", 12, 7)],
        """\
characters:
  on-jo: {name: Nam On-jo}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {at: S1E01}
""",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_format_problem_is_located(case: str) -> None:
    failing, expected, _ = CASES[case]
    assert located(failing) == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_corrected_bible_loads(case: str) -> None:
    _, _, passing = CASES[case]
    assert located(passing) == []


def test_every_format_code_has_a_located_case_here_or_in_the_file_tests() -> None:
    # B006 (not a bible) needs files, folders and empty text: test_loader_files.py.
    assert {case.split()[0] for case in CASES} | {"B006"} == {f"B{n:03d}" for n in range(1, 12)}


# -- unknown keys ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("characters:\n  nam-ra: {name: Choi Nam-ra, stauts: immune}\n", "did you mean 'status'?"),
        ("charaters:\n  nam-ra: {name: Choi Nam-ra}\n", "did you mean 'characters'?"),
        (
            "arcs:\n  escape:\n    season: S1\n    title: Escape\n    beats:\n"
            "      bitten: {at: S1E07, charcters: [nam-ra]}\n",
            "did you mean 'characters'?",
        ),
        (
            "factions:\n  horde: {name: The zombies, knid: zombie}\n",
            "did you mean 'kind'?",
        ),
    ],
)
def test_unknown_key_hints_the_key_it_was_meant_to_be(body: str, hint: str) -> None:
    [problem] = problems(body)
    assert (problem.code, problem.hint) == ("B002", hint)


def test_unknown_key_without_a_close_match_lists_the_known_keys() -> None:
    [problem] = problems("factions:\n  horde: {name: The zombies, smell: rotten}\n")
    assert problem.code == "B002"
    assert problem.message == "unknown key 'smell' in faction 'horde'"
    assert problem.hint == "known keys: name, kind, summary, notes, ignore"


# -- duplicates name both places ---------------------------------------------


def test_duplicate_key_names_where_it_was_first_given() -> None:
    [problem] = problems("characters:\n  nam-ra: {name: Choi Nam-ra}\n  nam-ra: {name: Nam-ra}\n")
    assert (problem.code, problem.line, problem.column) == ("B003", 7, 3)
    assert "first at line 6, column 3" in problem.message


def test_duplicate_section_is_a_duplicate_key() -> None:
    assert located("seasons:\n  S2: {title: Survival of the zombies, episodes: 12}\n") == [
        ("B003", 5, 1)
    ]


def test_duplicate_id_across_kinds_names_its_first_definition() -> None:
    failing, _, _ = CASES["B011 duplicate id"]
    [problem] = problems(failing)
    assert problem.message == "id 'outbreak' is defined twice: first at bible.yaml:6:3"
    assert problem.entity == "outbreak"


def test_a_beat_id_used_in_two_arcs_is_a_duplicate_id() -> None:
    body = """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      rooftop: {at: S1E08}
  rescue:
    season: S1
    title: Rescue
    beats:
      rooftop: {at: S1E11}
"""
    [problem] = problems(body)
    assert (problem.code, problem.line, problem.column) == ("B011", 15, 7)
    assert "first at bible.yaml:10:7" in problem.message


def test_an_id_taken_by_a_default_status_is_a_duplicate_id() -> None:
    [problem] = problems("characters:\n  zombie: {name: A zombie}\n")
    assert (problem.code, problem.line, problem.column) == ("B011", 6, 3)
    assert "default status 'zombie'" in problem.message


# -- text stays text ---------------------------------------------------------


def test_yaml_11_lookalikes_stay_text_in_names_ids_and_summaries() -> None:
    body = """\
factions:
  'yes': {name: on, kind: off}
characters:
  no: {name: no, actor: 1e3, summary: 2024-01-01, faction: 'yes'}
  on: {name: 0x1F, summary: 12:30:00, notes: .inf}
arcs:
  null-island:
    season: S1
    title: 1_000
    beats:
      y: {at: S1E01, summary: NO, tags: [no, on, 1e3, 2024-01-01], characters: [no, on]}
"""
    bible = load_text(HEADER + body)
    assert set(bible.characters) == {"no", "on"}
    no, on = bible.characters["no"], bible.characters["on"]
    assert (no.name, no.actor, no.summary, no.faction) == ("no", "1e3", "2024-01-01", "yes")
    assert (on.name, on.summary, on.notes) == ("0x1F", "12:30:00", ".inf")
    assert (bible.factions["yes"].name, bible.factions["yes"].kind) == ("on", "off")
    assert bible.arcs["null-island"].title == "1_000"
    beat = bible.beats["y"]
    assert beat.summary == "NO"
    assert beat.tags == ("no", "on", "1e3", "2024-01-01")
    assert beat.characters == ("no", "on")


def test_a_tilde_is_null_so_a_required_name_written_as_tilde_is_missing() -> None:
    assert located("characters:\n  nam-ra: {name: ~}\n") == [("B008", 6, 12)]


def test_quoted_null_words_are_text() -> None:
    bible = load_text(HEADER + "characters:\n  nam-ra: {name: '~', actor: 'null'}\n")
    assert (bible.characters["nam-ra"].name, bible.characters["nam-ra"].actor) == ("~", "null")


def test_korean_names_and_ids_load_and_are_located_by_character() -> None:
    body = "characters:\n  남라: {name: 최남라, faction: 생존자, stauts: 면역}\n"
    [problem] = problems(body)
    # Columns count characters, not UTF-8 bytes.
    assert (problem.code, problem.line, problem.column) == ("B002", 6, 33)
    bible = load_text(HEADER + "characters:\n  남라: {name: 최남라, faction: 생존자}\n")
    assert bible.characters["남라"].name == "최남라"


# -- flags and counts --------------------------------------------------------


def _beat_with_flashback(value: str) -> str:
    return (
        "arcs:\n  escape:\n    season: S1\n    title: Escape\n    beats:\n"
        f"      memory: {{at: S1E03, flashback: {value}}}\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    # YAML 1.2's core schema spells booleans three ways; all mean the same.
    [("true", True), ("false", False), ("True", True), ("FALSE", False)],
)
def test_flags_read_true_and_false(value: str, expected: bool) -> None:
    bible = load_text(HEADER + _beat_with_flashback(value))
    assert bible.beats["memory"].flashback is expected


@pytest.mark.parametrize(
    "value", ["yes", "no", "on", "off", "y", "n", "1", "0", "'true'", '"false"', "[true]", "maybe"]
)
def test_flags_refuse_anything_but_true_or_false(value: str) -> None:
    [problem] = problems(_beat_with_flashback(value))
    assert (problem.code, problem.line, problem.column) == ("B007", 10, 38)
    assert "should be true or false" in problem.message


@pytest.mark.parametrize("value", ["twelve", "1e3", "'12'", "-3", "12.0", "²", "١٢", "0x0C"])
def test_episode_counts_are_plain_whole_numbers(value: str) -> None:
    header = "arcroom: 1\nseries: {title: T}\n"
    header += f"seasons:\n  S1: {{title: One, episodes: {value}}}\n"
    assert [p.code for p in problems("", header)] == ["B007"]


def test_a_season_has_at_least_one_episode() -> None:
    header = "arcroom: 1\nseries: {title: T}\nseasons:\n  S1: {title: One, episodes: 0}\n"
    assert located("", header) == [("B010", 4, 30)]


# -- positions ---------------------------------------------------------------


def _beat_at(position: str) -> str:
    return (
        "arcs:\n  escape:\n    season: S1\n    title: Escape\n    beats:\n"
        f"      bitten: {{at: {position}}}\n"
    )


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ("S1E99", "S1E99: S1 has 12 episodes; did you mean S1E12?"),
        ("S1E13", "S1E13: S1 has 12 episodes; did you mean S1E12?"),
        ("S0E1", "'S0E1' is not an episode position"),
        ("E3", "'E3' is not an episode position"),
        ("S1E00", "'S1E00': episodes are numbered from 1"),
        ("S4E01", "S4E01: there is no season S4"),
        ("S4", "S4: there is no season S4"),
        ("s1e07", "'s1e07' is not an episode position"),
        ("S1E7x", "'S1E7x' is not an episode position"),
        ("3", "'3' is not an episode position"),
    ],
)
def test_malformed_or_impossible_positions_are_located(position: str, message: str) -> None:
    [problem] = problems(_beat_at(position))
    assert (problem.code, problem.line, problem.column) == ("B009", 10, 20)
    assert problem.message == message
    assert problem.entity == "bitten"


def test_a_position_in_a_season_that_does_not_exist_names_the_seasons_there_are() -> None:
    [problem] = problems(_beat_at("S4E01"))
    assert problem.hint == "the seasons are S1"


@pytest.mark.parametrize(
    ("position", "expected"), [("S1E07", (1, 7)), ("S1E7", (1, 7)), ("S1", (1, 1))]
)
def test_positions_read_as_season_and_episode(position: str, expected: tuple[int, int]) -> None:
    assert load_text(HEADER + _beat_at(position)).beats["bitten"].at == expected


def test_a_whole_season_span_runs_from_its_first_to_its_last_episode() -> None:
    body = """\
  S2: {title: Survival of the zombies, episodes: 8}
factions:
  halbies: {name: The immune and the immortal}
  horde: {name: The zombies}
relations:
  - {between: [halbies, horde], stance: war, from: S2, until: S2}
  - {between: [halbies, horde], stance: tense}
"""
    war, tense = load_text(HEADER + body).relations
    assert (war.start, war.until) == ((2, 1), (2, 8))
    # No 'from': the relation holds from the bible's first episode.
    assert (tense.start, tense.until) == ((1, 1), None)


# -- tags, aliases -----------------------------------------------------------


def test_python_tags_are_refused_and_never_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pwned"
    body = f"characters:\n  nam-ra: {{name: !!python/object/apply:os.system ['touch {marker}']}}\n"
    found = problems(body)
    assert ("B004", 6, 18) in [(p.code, p.line, p.column) for p in found]
    assert "python/object/apply:os.system" in found[0].message
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag", ["!!binary", "!!timestamp", "!!set", "!!omap", "!local", "!<tag:example.com,2000:x>"]
)
def test_tags_beyond_the_core_schema_are_refused(tag: str) -> None:
    found = problems(f"characters:\n  nam-ra: {{name: {tag} x}}\n")
    assert (found[0].code, found[0].line, found[0].column) == ("B004", 6, 18)


def test_a_billion_laughs_ends_with_b005_quickly_and_in_little_memory() -> None:
    import time
    import tracemalloc

    failing, expected, _ = CASES["B005 aliases beyond the bound"]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert located(failing) == expected
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Expanded, it would be 9**9 (387 million) "lol"s.
    assert elapsed < 2.0
    assert peak < 10 * 1024 * 1024


def test_an_alias_to_the_node_that_contains_it_is_refused() -> None:
    found = problems("factions: &everyone\n  horde: *everyone\n")
    assert [(p.code, p.line, p.column) for p in found] == [("B001", 6, 10)]
    assert found[0].message == "alias *everyone refers to the node that contains it"


def test_an_undefined_alias_is_refused() -> None:
    assert located("factions:\n  horde: *zombies\n") == [("B001", 6, 10)]


def test_an_anchored_list_nested_as_deep_as_libyaml_allows_does_not_crash() -> None:
    depth = 999  # libyaml's own limit is 1,000 levels
    body = f"deep: &deep {'[' * depth}{']' * depth}\nagain: *deep\n"
    assert [p.code for p in problems(body)] == ["B002", "B002"]


def test_a_second_document_is_refused() -> None:
    assert located("---\ncharacters: {}\n") == [("B001", 5, 1)]


def test_a_mapping_used_as_a_key_is_refused() -> None:
    assert located("characters:\n  ? {name: Choi Nam-ra}\n  : {}\n") == [("B001", 6, 5)]


# -- bounds, odd characters and what the messages promise ------------------------


def test_a_season_has_at_most_999_episodes_as_positions_stop_at_e999() -> None:
    header = "arcroom: 1\nseries: {title: T}\nseasons:\n  S1: {title: One, episodes: 200000}\n"
    body = "arcs:\n  a:\n    season: S1\n    title: A\n    beats:\n      b: {at: S1E01}\n"
    [problem] = problems(body, header)
    assert (problem.code, problem.line, problem.column) == ("B010", 4, 30)
    assert problem.message == "a season has at most 999 episodes (positions stop at E999)"
    header = header.replace("200000", "999")
    assert located(body, header) == []


@pytest.mark.parametrize(
    ("character", "name"),
    [("\x07", "U+0007 (a control character)"), ("\x80", "U+0080 (a control character)"),
     ("\x7f", "U+007F (a control character)"), ("\ufffe", "U+FFFE (a noncharacter)")],
)
def test_a_character_yaml_forbids_is_named_and_located(character: str, name: str) -> None:
    # Korean before it: the reader counts UTF-8 bytes, the report counts characters.
    body = f"characters:\n  nam-ra: {{name: 최남라, summary: a{character}b}}\n"
    [problem] = problems(body)
    assert (problem.code, problem.line, problem.column) == ("B001", 6, 33)
    assert problem.message == f"{name} is not allowed in YAML text; remove it"
    assert "\n" not in str(problem)


@pytest.mark.parametrize("linebreak", ["\u2028", "\u2029", "\x85"])
def test_a_syntax_error_after_a_unicode_line_separator_is_on_its_own_line(
    linebreak: str,
) -> None:
    # libyaml counts U+2028, U+2029 and NEL as line breaks; arcroom (and editors) do not.
    body = (
        f'characters:\n  nam-ra: {{name: "Choi{linebreak}Nam-ra", summary: a{linebreak}b}}\n'
        "  su-hyeok: {name: Park Su-hyeok\n"
        "  on-jo: {name: Nam On-jo}\n"
    )
    assert located(body) == [("B001", 7, 13)]  # the '{' never closed
    # Where libyaml's own mark is reported (a mistake with no name), as well.
    body = (
        f'characters:\n  nam-ra: {{name: "Choi{linebreak}Nam-ra", summary: a{linebreak}b}}\n'
        "  su-hyeok: {name: Park Su-hyeok}\n"
        "  - on-jo\n"
    )
    assert located(body) == [("B001", 8, 3)]


def test_positions_are_checked_in_a_bible_without_seasons() -> None:
    header = "arcroom: 1\nseries: {title: T}\n"
    body = (
        "characters:\n  x: {name: X}\n"
        "arcs:\n  a:\n    season: S1\n    title: A\n    beats:\n"
        "      b1: {at: S1E05, characters: [x]}\n"
    )
    [problem] = problems(body, header)
    assert (problem.code, problem.line, problem.column) == ("B009", 10, 16)
    assert problem.message == "S1E05: there is no season S1"
    assert problem.hint is not None and "add a `seasons:` section" in problem.hint


CUSTOM_STATUSES = """\
statuses:
  alive: {becomes: [gone]}
  gone: {appears: false}
characters:
  x: {name: X}
  y: {name: Y, status: alive}
  z: {name: Z}
"""


def test_characters_without_a_status_need_a_human_status_to_default_to() -> None:
    [problem] = problems(CUSTOM_STATUSES)
    assert (problem.code, problem.line, problem.column) == ("B008", 5, 1)
    assert problem.message == (
        "x and z have no 'status', and these statuses have no 'human' (the default status)"
    )
    assert problem.hint == "give these characters a `status:` or add a `human` status"
    assert located(CUSTOM_STATUSES.replace("gone: {appears: false}", "human: {}\n  gone: {}")) == []
    assert located(CUSTOM_STATUSES.replace("{name: X}", "{name: X, status: alive}").replace(
        "{name: Z}", "{name: Z, status: gone}")) == []


def test_the_duplicate_key_hint_says_which_one_arcroom_keeps() -> None:
    [problem] = problems("characters:\n  nam-ra: {name: Choi Nam-ra, name: Nam-ra}\n")
    assert problem.code == "B003"
    assert problem.message == (
        "'name' is written twice in one mapping: first at line 6, column 12 (Choi Nam-ra), "
        "and again here (Nam-ra)"
    )
    assert problem.hint == (
        "arcroom reads only the first 'name' (other YAML tools keep the last, silently): "
        "delete one, merge the two, or rename one"
    )


def test_a_yaml_merge_key_is_refused_with_a_hint_to_write_the_fields_out() -> None:
    body = "  S2:\n    <<: {title: Two, episodes: 12}\n    title: Two\n"
    found = problems(body)
    merge = next(p for p in found if p.code == "B002")
    assert (merge.line, merge.column) == (6, 5)
    assert merge.hint == "merge keys (<<) are not supported in a bible; write the fields out"
    [merge] = problems("characters:\n  <<: {x: {name: X}}\n")
    assert (merge.code, merge.line, merge.column) == ("B002", 6, 3)
    assert merge.hint == "merge keys (<<) are not supported in a bible; write the fields out"


def test_an_ignore_item_that_is_not_a_rule_code_is_located_at_the_item() -> None:
    [problem] = problems("characters:\n  nam-ra: {name: Choi Nam-ra, ignore: [C001, c-one]}\n")
    assert (problem.code, problem.line, problem.column) == ("B010", 6, 46)
    assert problem.message == "'c-one' in 'ignore' is not a rule code"


def test_the_pure_python_reader_names_and_locates_a_forbidden_character_the_same_way() -> None:
    # Without libyaml the reader checks characters when it starts, and counts characters.
    body = "characters:\n  nam-ra: {name: 최남라, summary: a\x07b}\n"
    program = (
        "import sys; sys.modules['yaml._yaml'] = None\n"
        "from story_bible import LoadError, load_text\n"
        "try:\n    load_text(sys.stdin.read(), 'bible.yaml')\n"
        "except LoadError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], input=HEADER + body, capture_output=True, text=True,
        encoding="utf-8", timeout=60,
    )
    assert done.stderr == ""
    assert done.stdout == "\n".join(str(p) for p in problems(body)) + "\n"
    assert done.stdout.startswith("bible.yaml:6:33: B001 U+0007 (a control character)")


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("characters:\n  nam-ra: {name: Choi Nam-ra, summary: [a,\nb]}\n", (7, 1)),
        ('characters:\n  nam-ra: {name: Choi Nam-ra, summary: "a\nb"}\n', (7, 1)),
        ('characters:\n  nam-ra: {name: "Choi\n\tNam-ra"}\n', (7, 1)),
        ("characters:\n  nam-ra:\n    name: Choi Nam-ra\n    tags: [a]#note\n", (8, 14)),
        ("characters:\n  nam-ra:\n    name: Choi Nam-ra\n    actor: 'x'#note\n", (8, 15)),
        ("characters:\n  nam-ra: {name: Choi Nam-ra, tags: [-]}\n", (6, 38)),
    ],
    ids=["flow-in-column-0", "quoted-in-column-0", "tab-indent", "touching-]", "touching-'",
         "lone-dash"],
)
def test_yaml_that_libyaml_lets_through_but_the_spec_forbids_is_refused(
    body: str, where: tuple[int, int]
) -> None:
    found = [(p.line, p.column) for p in problems(body) if p.code == "B001"]
    assert found[:1] == [where]


def test_text_that_only_looks_like_those_mistakes_is_read() -> None:
    body = (
        "characters:\n"
        "  nam-ra: {name: 'Choi #1', actor: \"a]#b\", notes: '-'}\n"
        "  on-jo:\n    name: Nam On-jo\n    summary: a]#b,#c'#d\n"
        "  # a comment with ]#, and ,# in it\n"
        "\ufeff# a byte order mark on a later line\n"
    )
    assert located(body) == []


def test_a_string_starting_with_a_byte_order_mark_is_located_as_without_it() -> None:
    body = "characters:\n  nam-ra: {name: Nam-ra, bogus: 1}\n"
    assert located(body, "\ufeff" + HEADER) == located(body) == [("B002", 6, 26)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_problems_are_located_alike_whatever_ends_the_lines(newline: str) -> None:
    body = "characters:\n  nam-ra: {name: Nam-ra}\n  su-hyeok: {name: Su-hyeok, bogus: 1}\n"
    with pytest.raises(LoadError) as caught:
        load_text((HEADER + body).replace("\n", newline), "bible.yaml")
    found = [(p.code, p.line, p.column, p.end_line, p.end_column) for p in caught.value.problems]
    assert found == [("B002", 7, 30, 7, 35)]


def test_lines_and_columns_count_each_line_ending_once() -> None:
    lines = Lines("a\r\nb\rc\nd")
    assert [lines.locate(i) for i in (0, 3, 5, 7)] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert [Lines("a\nb\n").locate(i) for i in (3, 4)] == [(2, 2), (3, 1)]


SECRET = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACDmZ3QAbGx0aGlzaXNub3RhcmVhbGtleWJ1dGxvbmdlbm91Z2g=\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)
PASSWD = (
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
)
#: Not YAML at all: the second line is a syntax error.
CONFIG = "Host example\n  User: me: admin\n  IdentityFile ~/.ssh/id_ed25519\n"
#: YAML, a mapping, but of none of a bible's sections (one problem, not one a key).
KUBECONFIG = (
    "apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:6443\n"
    "users:\n- name: default\n  user:\n    token: sk-live-0123456789abcdef\n"
)


@pytest.mark.parametrize("kind", ["text", "github", "json", "sarif"])
@pytest.mark.parametrize(
    "secret", [SECRET, PASSWD, CONFIG, KUBECONFIG], ids=["key", "passwd", "config", "kubeconfig"]
)
def test_a_link_to_a_file_that_is_no_bible_names_it_and_quotes_at_most_a_line(
    tmp_path, kind: str, secret: str  # type: ignore[no-untyped-def]
) -> None:
    from tests.support import run_arcroom

    (tmp_path / "id_ed25519").write_text(secret, encoding="utf-8")
    (tmp_path / "bible.yaml").symlink_to(tmp_path / "id_ed25519")
    done = run_arcroom("check", "bible.yaml", "--format", kind, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    out = done.stdout + done.stderr
    assert "bible.yaml" in out
    quoted = [line for line in secret.splitlines() if line.strip() and line.strip() in out]
    assert len(quoted) <= 1, out
    # Nor a piece of another line, folded into a message.
    first, *rest = secret.splitlines()
    pieces = {line[i : i + 20] for line in rest for i in range(len(line) - 19)}
    assert not any(piece in out for piece in pieces if piece not in first), out


def test_a_mapping_of_none_of_a_bibles_sections_is_one_problem() -> None:
    [problem] = problems("", header=KUBECONFIG)
    assert (problem.code, problem.line, problem.column) == ("B006", 1, 1)
    assert problem.message == (
        "a bible is a mapping of sections, but this file has none of them (3 other keys)"
    )
    # One misspelt section is still a misspelt section.
    [typo] = problems("", header="charaters:\n  a: {name: A}\n")
    assert (typo.code, typo.hint) == ("B002", "did you mean 'characters'?")
