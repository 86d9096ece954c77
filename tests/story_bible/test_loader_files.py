"""Reading bibles from disk: unreadable files, folder bibles merged by section."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from story_bible import LoadError, load
from story_bible.errors import Problem
from story_bible.reading import loader

SERIES = "arcroom: 1\nseries: {title: All of Us Are Dead}\n"


def load_problems(path: Path) -> list[Problem]:
    with pytest.raises(LoadError) as caught:
        load(path)
    return caught.value.problems


def located(path: Path) -> list[tuple[str, str, int, int]]:
    return [(Path(p.file).name, p.code, p.line, p.column) for p in load_problems(path)]


# -- one file that is not a bible --------------------------------------------


def test_a_binary_file_is_not_utf8_text(tmp_path: Path) -> None:
    png = tmp_path / "poster.yaml"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [problem] = load_problems(png)
    assert (problem.code, problem.line, problem.column) == ("B001", 1, 1)
    assert "not UTF-8" in problem.message


def test_invalid_utf8_is_located_at_its_byte(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    path.write_bytes(SERIES.encode() + b"characters:\n  nam-ra: {name: Choi Nam\xffra}\n")
    assert located(path) == [("bible.yaml", "B001", 4, 26)]


def test_nul_bytes_in_utf8_text_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    path.write_bytes(SERIES.encode() + b"notes: a\x00b\n")
    [problem] = load_problems(path)
    assert (problem.code, problem.line) == ("B001", 3)
    assert "NUL" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# the room will write this tomorrow\n"])
def test_a_file_with_nothing_in_it_is_not_a_bible(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text(text, encoding="utf-8")
    assert [(p.code, p.line, p.column) for p in load_problems(path)] == [("B006", 1, 1)]
    assert load_problems(path)[0].hint is not None


@pytest.mark.parametrize(
    ("text", "what", "where"),
    [
        ("- nam-ra\n- gwi-nam\n", "a list", (1, 1)),
        ("All of Us Are Dead\n", "text 'All of Us Are Dead'", (1, 1)),
        ("\n\n  [1, 2]\n", "a list", (3, 3)),
        ("---\n", "an empty value", (2, 1)),
    ],
)
def test_a_file_that_is_not_a_mapping_is_not_a_bible(
    tmp_path: Path, text: str, what: str, where: tuple[int, int]
) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = load_problems(path)
    assert problem.code == "B006"
    assert problem.message == f"a bible is a mapping of sections, but this file holds {what}"
    assert (problem.line, problem.column) == where


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    [problem] = load_problems(tmp_path / "bilbe.yaml")
    assert (problem.code, problem.line, problem.column) == ("B006", 1, 1)
    assert problem.file == str(tmp_path / "bilbe.yaml")
    assert problem.message == "no such file"


@pytest.mark.parametrize("contents", [(), ("outline.txt", "notes.md")])
def test_a_folder_without_yaml_files_is_not_a_bible(
    tmp_path: Path, contents: tuple[str, ...]
) -> None:
    folder = tmp_path / "bible"
    folder.mkdir()
    for name in contents:
        (folder / name).write_text("arcroom: 1\n", encoding="utf-8")
    [problem] = load_problems(folder)
    assert (problem.code, problem.file) == ("B006", str(folder))
    assert problem.message == "no *.yaml files in this folder"


def test_a_file_beyond_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text(SERIES, encoding="utf-8")
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 16)
    [problem] = load_problems(path)
    assert (problem.code, problem.line, problem.column) == ("B005", 1, 1)
    assert "the limit is 16" in problem.message


def test_a_byte_order_mark_is_not_part_of_the_first_key(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SERIES.encode())
    assert load(path).series.title == "All of Us Are Dead"


def test_a_file_without_a_version_or_series_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text("characters:\n  nam-ra: {name: Choi Nam-ra}\n", encoding="utf-8")
    [problem] = load_problems(path)
    assert (problem.code, problem.message) == ("B008", "the bible does not say its format version")


def test_a_future_format_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text("arcroom: 2\nseries: {title: All of Us Are Dead}\n", encoding="utf-8")
    assert located(path) == [("bible.yaml", "B010", 1, 10)]


# -- a folder bible ----------------------------------------------------------


def write_folder(root: Path, files: dict[str, str]) -> Path:
    folder = root / "bible"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


SEASONS_FILE = """\
arcroom: 1
series: {title: All of Us Are Dead, based_on: Now at Our School}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12, planned: true}
factions:
  survivors: {name: Hyosan High survivors}
  military: {name: Martial-law command, kind: state}
relations:
  - {between: [military, survivors], stance: hostile, from: S1E10}
"""
CHARACTERS_FILE = """\
factions:
  halbies: {name: The immune and the immortal, kind: mutant}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
  gwi-nam: {name: Yoon Gwi-nam, faction: survivors}
relations:
  - {between: [halbies, survivors], stance: tense, from: S2E01}
"""
S1_FILE = """\
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01, characters: [nam-ra]}
      nam-ra-bitten: {at: S1E07, after: [outbreak], changes: {nam-ra: infected}}
"""
S2_FILE = """\
arcs:
  mutant-war:
    season: S2
    title: The mutant war
    requires: [escape-hyosan]
    beats:
      halbies-rise: {at: S2E01, characters: [nam-ra, gwi-nam]}
"""


def test_a_folder_bible_is_merged_by_section(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path,
        {
            "00-show.yaml": SEASONS_FILE,
            "characters.yaml": CHARACTERS_FILE,
            "arcs/s1.yaml": S1_FILE,
            "arcs/s2.yml": S2_FILE,
        },
    )
    bible = load(folder)
    assert bible.series.title == "All of Us Are Dead"
    assert list(bible.seasons) == ["S1", "S2"]
    assert set(bible.factions) == {"survivors", "military", "halbies"}
    assert [r.between for r in bible.relations] == [
        ("military", "survivors"), ("halbies", "survivors")
    ]
    assert set(bible.characters) == {"nam-ra", "gwi-nam"}
    assert list(bible.arcs) == ["escape-hyosan", "mutant-war"]
    assert set(bible.beats) == {"outbreak", "nam-ra-bitten", "halbies-rise"}
    assert [Path(f).name for f in bible.files] == [
        "00-show.yaml", "s1.yaml", "s2.yml", "characters.yaml"
    ]
    # Each entity remembers the file it came from.
    assert Path(bible.beats["halbies-rise"].span().file).name == "s2.yml"
    assert bible.beats["halbies-rise"].span()[1:3] == (7, 7)


def test_a_folder_bible_leaves_out_hidden_folders_and_files(tmp_path: Path) -> None:
    # A room's repo: git's objects, a virtualenv, an editor's backup of a file.
    folder = write_folder(
        tmp_path,
        {
            "00-show.yaml": SEASONS_FILE,
            "arcs/s1.yaml": S1_FILE,
            ".backup/arcs/s1.yaml": S1_FILE,
            ".venv/lib/config.yaml": "not: [a bible\n",
            "arcs/.s1.yaml": S1_FILE,
        },
    )
    bible = load(folder)
    assert [Path(f).relative_to(folder).as_posix() for f in bible.files] == [
        "00-show.yaml", "arcs/s1.yaml"
    ]
    assert list(bible.arcs) == ["escape-hyosan"]


def test_a_folder_bible_may_give_the_version_and_series_in_any_one_file(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"a-arcs.yaml": S1_FILE, "z-show.yaml": SEASONS_FILE})
    assert list(load(folder).arcs) == ["escape-hyosan"]


def test_series_given_in_two_files_names_both(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path, {"a.yaml": SEASONS_FILE, "b.yaml": "series: {title: All of Us Are Dead 2}\n"}
    )
    [problem] = load_problems(folder)
    assert (Path(problem.file).name, problem.code, problem.line, problem.column) == (
        "b.yaml", "B011", 1, 9
    )
    assert problem.message == f"'series' is given twice: also at {folder / 'a.yaml'}:2:9"


def test_an_id_defined_in_two_files_names_both_places(tmp_path: Path) -> None:
    again = "characters:\n  outbreak: {name: Patient zero}\n"
    folder = write_folder(
        tmp_path, {"a.yaml": SEASONS_FILE, "arcs.yaml": S1_FILE, "people.yaml": again}
    )
    [problem] = load_problems(folder)
    assert (Path(problem.file).name, problem.code, problem.line, problem.column) == (
        "people.yaml", "B011", 2, 3
    )
    assert problem.message == f"id 'outbreak' is defined twice: first at {folder / 'arcs.yaml'}:6:7"


def test_the_same_section_in_two_files_is_not_a_duplicate_key(tmp_path: Path) -> None:
    more = "characters:\n  su-hyeok: {name: Park Su-hyeok}\n"
    folder = write_folder(
        tmp_path, {"a.yaml": SEASONS_FILE, "b.yaml": CHARACTERS_FILE, "c.yaml": more}
    )
    assert list(load(folder).characters) == ["nam-ra", "gwi-nam", "su-hyeok"]


def test_problems_in_several_files_are_all_reported_with_their_files(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path,
        {
            "a.yaml": SEASONS_FILE,
            "b.yaml": "characters:\n  nam-ra: {name: Choi Nam-ra, stauts: immune}\n",
            "c.yaml": "arcs: [escape\n",
        },
    )
    assert located(folder) == [("b.yaml", "B002", 2, 31), ("c.yaml", "B001", 1, 7)]


def test_positions_in_one_file_use_seasons_from_another(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"arcs.yaml": S2_FILE, "show.yaml": SEASONS_FILE})
    assert load(folder).beats["halbies-rise"].at == (2, 1)


def test_a_pipe_is_read_only_up_to_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pipe or a device has no size to check first (st_size is 0): /dev/zero never ends.
    fifo = tmp_path / "bible.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as pipe:
            pipe.write(b"# " + b"-" * 5000 + b"\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        [problem] = load_problems(fifo)
    finally:
        writer.join(timeout=10)
    assert (problem.code, problem.line, problem.column) == ("B005", 1, 1)
    assert problem.message == "the file is more than 1,000 bytes; the limit is 1,000"
