"""The quick reader (``story_bible/reading/quick.py``) gives the full reading's model and spans.

``load``/``load_text`` read beats straight from the YAML events; the editor's
``load_texts(texts, roots)`` composes every node. Whatever the text, both
must give equal bibles, every beat must locate each of its fields at the
same place, and a text with any problem must get the full reading's
diagnostics.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bible_strategies import bibles, plain_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from story_bible import Bible, load_text, sample_path
from story_bible.errors import LoadError
from story_bible.model import Beat, Span
from story_bible.reading import quick
from story_bible.reading.loader import load_texts
from story_bible.reading.nodes import Unusual
from story_bible.reading.quick import QuickReader
from story_bible.vocabulary import BEAT_KEYS, CHARACTER_KEYS, ID_PATTERN
from story_bible.writing.dump import _Dumper, bible_dict, dump

ROOT = Path(__file__).resolve().parents[2]
FILE = "bible.yaml"


def _full(text: str) -> Bible:
    return load_texts({FILE: text}, {})


def _paths(beat: Beat) -> list[tuple[str | int, ...]]:
    """Every field of ``beat`` and what is inside it, as span paths."""
    paths: list[tuple[str | int, ...]] = [(), ("at",), ("nowhere",)]
    for name in ("summary", "notes", "setup", "payoff", "flashback", "ignore"):
        paths.append((name,))
    for name in ("after", "characters", "factions", "sets_up", "pays_off", "tags"):
        paths += [(name,), *((name, k) for k in range(len(getattr(beat, name)) + 1))]
    paths.append(("changes",))
    for who in beat.changes:
        paths += [("changes", who), ("changes", who, "status"), ("changes", who, "faction")]
    return paths


CHARACTER_PATHS: list[tuple[str | int, ...]] = [
    (), ("nowhere",), ("name",), ("faction",), ("status",), ("introduced",), ("actor",),
    ("summary",), ("notes",), ("ignore",), ("ignore", 0),
]


def _spans(bible: Bible) -> dict[tuple[str, tuple[str | int, ...], bool], Span]:
    paths = [(beat, _paths(beat)) for beat in bible.beats.values()]
    paths += [(character, CHARACTER_PATHS) for character in bible.characters.values()]
    return {
        (entity.id, path, key): entity.span(*path, key=key)
        for entity, entity_paths in paths
        for path in entity_paths
        for key in (False, True)
    }


def assert_same_reading(text: str) -> Bible:
    """The quick reading of ``text`` is the full one; returns the quick model."""
    try:
        full = _full(text)
    except LoadError as exc:
        with pytest.raises(LoadError) as quick_error:
            load_text(text, FILE)
        assert quick_error.value.problems == exc.problems
        raise
    quick = load_text(text, FILE)
    assert quick == full
    assert _spans(quick) == _spans(full)
    return quick


def _read_quickly(bible: Bible) -> bool:
    """Whether every beat and character was read without nodes."""
    entities = [*bible.beats.values(), *bible.characters.values()]
    return all(entity.source is not None for entity in entities)


LAYOUTS = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, None, True]),
    "width": st.sampled_from([24, 80, 10_000]),
    "explicit_start": st.booleans(),
})


def _text(bible: Bible, layout: dict[str, object]) -> str:
    return yaml.dump(
        bible_dict(bible), Dumper=_Dumper, sort_keys=False, allow_unicode=True, **layout
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bibles(), LAYOUTS)
def test_random_bibles_in_any_layout_read_alike(bible: Bible, layout: dict[str, object]) -> None:
    # Odd text ('-', '!tag', '# x') mostly sends the whole file to the full reading.
    assert assert_same_reading(_text(bible, layout)) == bible


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bibles(words=plain_texts), LAYOUTS)
def test_random_bibles_of_plain_text_are_read_quickly_and_alike(
    bible: Bible, layout: dict[str, object]
) -> None:
    quick = assert_same_reading(_text(bible, layout))
    assert quick == bible
    assert _read_quickly(quick)


def test_the_sample_is_read_quickly_and_alike() -> None:
    bible = assert_same_reading(sample_path().read_text(encoding="utf-8"))
    assert bible.beats and _read_quickly(bible)


def test_a_generated_bible_is_read_quickly_and_alike(tmp_path: Path) -> None:
    out = tmp_path / "bible.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--beats", "400",
         "--characters", "60", "-o", str(out)],
        check=True, capture_output=True,
    )
    bible = assert_same_reading(out.read_text(encoding="utf-8"))
    assert len(bible.beats) == 400 and _read_quickly(bible)


def test_a_beat_composes_its_nodes_when_a_span_inside_it_is_asked() -> None:
    text = sample_path().read_text(encoding="utf-8")
    beat = next(b for b in load_text(text).beats.values() if b.characters)
    assert beat.node is None  # read without nodes
    span = beat.span("characters", 0)
    assert text[span.start : span.end] == beat.characters[0]
    assert beat.node is not None


CHARACTERS = "characters: {a: {name: A}, b: {name: B}}\n"
HEAD = """\
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}}
factions: {f: {name: F}}
characters: {a: {name: A}, b: {name: B}}
arcs:
  arc:
    title: Arc
    season: S1
    beats:
"""

#: Beats of the shapes the quick reader takes with care: each loads, quickly and alike.
UNUSUAL_BEATS = {
    "block fields": "      one:\n        at: S1E01\n        summary: Hi\n",
    "block lists": (
        "      one:\n        at: S1E02\n        characters:\n          - a\n          - b\n"
    ),
    "nulls": "      one: {at: S1E01, summary: ~, notes: null, tags: ~, after: ,"
             " changes: ~, flashback: ~, ignore: ~}\n",
    "quoted look-alikes": "      one: {at: S1E01, summary: 'true', notes: '', tags: ['~']}\n",
    "plain look-alikes": "      one: {at: S1E01, summary: true, notes: no, tags: [null, 'y']}\n",
    "one id, not a list": "      one: {at: S1E01, characters: a, factions: f}\n",
    "flashback": (
        "      one: {at: S1E01, flashback: true}\n      two: {at: S1E01, flashback: False}\n"
    ),
    "changes": "      one: {at: S1E01, characters: [a, b], changes: {a: dead, b: {faction: f}}}\n",
    "a change with a null": "      one: {at: S1, changes: {a: {status: ~, faction: f}}}\n",
    "ignore": "      one: {at: S1E01, ignore: [C001, S004]}\n",
    "a block scalar last": (
        "      one:\n        at: S1E01\n        summary: |\n          Two\n"
        "          lines\n\n\n      two: {at: S1E02}\n"
    ),
    "a folded scalar, kept": (
        "      one:\n        at: S1E01\n        summary: >+\n          Folded\n\n"
    ),
    "a comment inside": "      one:  # the first\n        at: S1E01   # here\n"
                        "        # between\n        summary: x\n",
    "multi-line flow": "      one: {at: S1E01,\n        characters: [a,\n          b],\n"
                       "        summary: \"two\n          lines\"}\n",
    "empty lists": "      one: {at: S1E01, characters: [], tags: [], changes: {}}\n",
    "a lone dash, quoted": "      one: {at: S1E01, summary: '-'}\n",
}


#: Beats that load, but that the quick reader leaves to the full one.
FULL_BEATS = {
    "a tag": "      one: {at: S1E01, tags: !!seq [x]}\n",
    "an anchor and alias": (
        "      one: {at: S1E01, characters: &who [a, b]}\n"
        "      two: {at: S1E02, characters: *who}\n"
    ),
    "a quoted lone dash in a list": "      one: {at: S1E01, tags: ['-']}\n",
    "a comment touching a quote": "      one: {at: S1E01, summary: 'x'} # fine\n"
                                  "      two: {at: S1E01, summary: '#x'}\n",
}


#: Characters of the shapes the quick reader takes with care (in place of a and b).
UNUSUAL_CHARACTERS = {
    "every field": "characters:\n  a:\n    name: A\n    faction: f\n    status: zombie\n"
                   "    introduced: S1E02\n    actor: ~\n    summary: 'no'\n"
                   "    notes: |\n      Two\n      lines\n    ignore: [C001]\n  b: {name: B}\n",
    "nulls": "characters: {a: {name: A, faction: ~, status: ~, introduced: , ignore: ~},"
             " b: {name: B, introduced: S1}}\n",
    "look-alikes": "characters: {a: {name: 'null', actor: true, summary: ''}, b: {name: no}}\n",
}


@pytest.mark.parametrize(
    "characters", UNUSUAL_CHARACTERS.values(), ids=UNUSUAL_CHARACTERS.keys()
)
def test_characters_of_unusual_shapes_are_read_quickly_and_alike(characters: str) -> None:
    bible = assert_same_reading(HEAD.replace(CHARACTERS, characters) + "      one: {at: S1}\n")
    assert len(bible.characters) == 2 and _read_quickly(bible)


#: Characters the loader refuses (in place of a and b).
BAD_CHARACTERS = {
    "no name": "characters: {a: {actor: x}, b: {name: B}}\n",
    "a null name": "characters: {a: {name: ~}, b: {name: B}}\n",
    "unknown key": "characters: {a: {name: A, statu: dead}, b: {name: B}}\n",
    "factions, a list": "characters: {a: {name: A, faction: [f]}, b: {name: B}}\n",
    "bad introduced": "characters: {a: {name: A, introduced: S7}, b: {name: B}}\n",
    "bad id": "characters: {'a a': {name: A}, b: {name: B}}\n",
    "a merge key": "characters: {<<: {name: A}, b: {name: B}}\n",
    "text, not a mapping": "characters: {a: A, b: {name: B}}\n",
    "repeated": "characters: {a: {name: A}, a: {name: B}}\n",
    "an id two kinds share": "characters: {f: {name: A}, b: {name: B}}\n",
    "no statuses for them": "statuses: {zombie: {}}\ncharacters: {a: {name: A}, b: {name: B}}\n",
}


@pytest.mark.parametrize("characters", BAD_CHARACTERS.values(), ids=BAD_CHARACTERS.keys())
def test_bad_characters_get_the_full_readings_diagnostics(characters: str) -> None:
    with pytest.raises(LoadError):
        assert_same_reading(HEAD.replace(CHARACTERS, characters) + "      one: {at: S1}\n")


@pytest.mark.parametrize("beats", UNUSUAL_BEATS.values(), ids=UNUSUAL_BEATS.keys())
def test_beats_of_unusual_shapes_are_read_quickly_and_alike(beats: str) -> None:
    bible = assert_same_reading(HEAD + beats)
    assert bible.beats and _read_quickly(bible)


@pytest.mark.parametrize("beats", FULL_BEATS.values(), ids=FULL_BEATS.keys())
def test_what_the_quick_reader_leaves_is_read_in_full_and_alike(beats: str) -> None:
    bible = assert_same_reading(HEAD + beats)
    assert bible.beats and not _read_quickly(bible)


#: Beats the loader refuses: the quick reading must report exactly what the full one does.
BAD_BEATS = {
    "unknown key": "      one: {at: S1E01, sumary: x}\n",
    "no at": "      one: {summary: x}\n",
    "null at": "      one: {at: ~}\n",
    "bad at": "      one: {at: S9E01}\n",
    "past the last episode": "      one: {at: S1E04}\n",
    "bad id in a list": "      one: {at: S1E01, characters: [a, 'not an id']}\n",
    "bad beat id": "      'not an id': {at: S1E01}\n",
    "repeated key": "      one: {at: S1E01, summary: x, summary: y}\n",
    "repeated beat": "      one: {at: S1E01}\n      one: {at: S1E02}\n",
    "text as a list": "      one: {at: S1E01, summary: [x]}\n",
    "list as text": "      one: {at: S1E01, tags: x}\n",
    "flag as text": "      one: {at: S1E01, flashback: 'true'}\n",
    "yes is not true": "      one: {at: S1E01, flashback: yes}\n",
    "a change of nothing": "      one: {at: S1E01, changes: {a: {}}}\n",
    "a list of changes": "      one: {at: S1E01, changes: [a]}\n",
    "not a rule code": "      one: {at: S1E01, ignore: [c1]}\n",
    "a lone dash": "      one: {at: S1E01, tags: [-]}\n",
    "a disallowed tag": "      one: {at: S1E01, summary: !python/str x}\n",
    "a beat as text": "      one: S1E01\n",
    "a collection as a key": "      one: {at: S1E01, [x]: y}\n",
    "a beat id used twice": "      a: {at: S1E01}\n",
}


@pytest.mark.parametrize("beats", BAD_BEATS.values(), ids=BAD_BEATS.keys())
def test_bad_beats_get_the_full_readings_diagnostics(beats: str) -> None:
    with pytest.raises(LoadError):
        assert_same_reading(HEAD + beats)


def test_a_dumped_bible_reads_alike() -> None:
    bible = load_text(sample_path().read_text(encoding="utf-8"))
    assert assert_same_reading(dump(bible)) == bible


def test_a_bible_of_several_files_is_read_quickly_and_alike() -> None:
    texts = {
        "main.yaml": HEAD.replace("    beats:\n", "    beats:\n      one: {at: S1E01}\n"),
        "more.yaml": "arcs:\n  later:\n    title: Later\n    season: S1\n    beats:\n"
                     "      two:\n        at: S1E03\n        after: [one]\n"
                     "        characters: [a, b]\n",
    }
    quick, full = load_texts(texts), load_texts(texts, {})
    assert quick == full and _read_quickly(quick)
    assert _spans(quick) == _spans(full)
    assert quick.beats["two"].span("after", 0).file == "more.yaml"


@pytest.mark.parametrize(
    ("read", "ids"),
    [([], True), (["nam-ra", "S1E01", "o'brien", "남라", "_x"], True), (["nam ra"], False),
     (["a", ""], False), (["a\nb"], False), (["-a"], False), (["a", "b-", "c."], True)],
)
def test_the_ids_a_reading_met_are_checked_at_once(read: list[str], ids: bool) -> None:
    reader = QuickReader("f", "", {})
    for text in read:
        reader._id(text)
    if ids:
        reader.check()
    else:
        with pytest.raises(Unusual):
            reader.check()
    assert all(ID_PATTERN.fullmatch(t) for t in read) == ids


def test_the_quick_reader_knows_every_key_of_beats_and_characters() -> None:
    # A key the format gains and the reader lacks would send every bible to the full reading.
    assert set(quick.kinds("beat")) == set(BEAT_KEYS)
    assert set(quick.kinds("character")) == set(CHARACTER_KEYS)



#: Keys the quick reader does not know, written with an empty value or named like
#: a model field: each once reached the entity's constructor (a TypeError).
#: (characters, beats, the one located headline)
_ONE_BEAT = "      one: {at: S1E01}\n"
UNKNOWN_EMPTY_KEYS = {
    "misspelt, empty, on a character": (
        "characters:\n  a:\n    name: A\n    zz:\n  b: {name: B}\n", _ONE_BEAT,
        "bible.yaml:8:5: B002 unknown key 'zz' in character 'a'",
    ),
    "misspelt, empty, on a beat": (
        CHARACTERS, "      one:\n        at: S1E01\n        sumary: \n",
        "bible.yaml:13:9: B002 unknown key 'sumary' in beat 'one'",
    ),
    "a key alone in a flow mapping": (
        "characters: {a: {name: N, jo}, b: {name: B}}\n", _ONE_BEAT,
        "bible.yaml:5:27: B002 unknown key 'jo' in character 'a'",
    ),
    "a model field on a character": (
        "characters: {a: {name: A, file: ~}, b: {name: B}}\n", _ONE_BEAT,
        "bible.yaml:5:27: B002 unknown key 'file' in character 'a'",
    ),
    "a model field on a beat": (
        CHARACTERS, "      one: {at: S1E01, file: ~}\n",
        "bible.yaml:11:24: B002 unknown key 'file' in beat 'one'",
    ),
    "an id on a beat": (
        CHARACTERS, "      one: {at: S1E01, id: null}\n",
        "bible.yaml:11:24: B002 unknown key 'id' in beat 'one'",
    ),
}


@pytest.mark.parametrize("command", ["check", "export"])
@pytest.mark.parametrize(
    ("characters", "beats", "headline"), UNKNOWN_EMPTY_KEYS.values(),
    ids=UNKNOWN_EMPTY_KEYS.keys(),
)
def test_an_unknown_key_left_empty_is_reported_never_a_traceback(
    tmp_path: Path, command: str, characters: str, beats: str, headline: str
) -> None:
    from tests.support import run_arcroom

    (tmp_path / FILE).write_text(HEAD.replace(CHARACTERS, characters) + beats, encoding="utf-8")
    args = [command, FILE] if command == "check" else [command, FILE, "-o", "plan.html"]
    done = run_arcroom(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    located = [line for line in (done.stdout + done.stderr).splitlines() if ": B0" in line]
    assert [line.partition(" (")[0] for line in located] == [headline]
    assert not (tmp_path / "plan.html").exists()
