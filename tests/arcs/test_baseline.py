"""Baselines: accept today's problems, survive edits that move lines, fail on new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from arcs.baseline import Baseline, BaselineError, key_of, read_baseline
from arcs.diagnostics import Diagnostic, Severity

GOLDEN_BIBLE = Path(__file__).resolve().parent / "report" / "golden" / "bible.yaml"
# The golden bible has three problems: S001 on outbreak, C001 on goodbye, S005 on the-cure.


def dead_in(beat: str, line: int, column: int) -> Diagnostic:
    return Diagnostic(
        "bible.yaml", line, column, "C001",
        f"cheong-san appears in {beat} (S1E02) while dead (since sacrifice, S1E02)",
        Severity.ERROR, line, column + 10, beat, subjects=("cheong-san",),
    )


def test_the_key_leaves_out_lines_and_columns() -> None:
    assert key_of(dead_in("goodbye", 28, 85)) == key_of(dead_in("goodbye", 40, 9))
    assert key_of(dead_in("goodbye", 28, 85)) != key_of(dead_in("notes-found", 28, 85))


def test_the_key_leaves_out_places_written_in_the_message() -> None:
    first = Diagnostic("b.yaml", 9, 3, "T001", "cycle: a -> b -> a (b at b.yaml:12:5, line 12)")
    moved = Diagnostic("b.yaml", 19, 3, "T001", "cycle: a -> b -> a (b at b.yaml:22:5, line 22)")
    assert key_of(first) == key_of(moved)


def test_each_known_problem_hides_as_many_as_its_count() -> None:
    baseline = Baseline.of([dead_in("goodbye", 28, 85)])
    new, known, fixed = baseline.split([dead_in("goodbye", 30, 1), dead_in("goodbye", 31, 1)])
    assert (len(new), known, fixed) == (1, 1, 0)
    assert new[0].line == 31


def test_problems_no_longer_found_are_counted_as_fixed_for_the_rules_that_ran() -> None:
    s001 = Diagnostic("bible.yaml", 22, 16, "S001", "the setup of outbreak ...", entity="outbreak")
    baseline = Baseline.of([dead_in("goodbye", 28, 85), s001])
    assert baseline.split([]).fixed == 2
    assert baseline.split([], checked={"C001"}).fixed == 1


def test_a_baseline_reads_back_what_was_written(tmp_path: Path) -> None:
    baseline = Baseline.of([dead_in("goodbye", 28, 85), dead_in("goodbye", 29, 1)])
    baseline.write(tmp_path / "known.json")
    assert read_baseline(tmp_path / "known.json") == baseline
    document = json.loads((tmp_path / "known.json").read_text(encoding="utf-8"))
    assert document["problems"][0]["count"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"arcroom-baseline": 1,\n "problems": [,]}', "known.json:2:15: not JSON: "),
        ('{"problems": []}', "known.json:1:1: not an arcroom baseline"),
        ('{"arcroom-baseline": 1}', 'known.json:1:1: the baseline needs a "problems" list'),
        ('{"arcroom-baseline": 1, "problems": [{"code": "C001"}]}', "known.json:1:1: problem 1 "),
        ('{"arcroom-baseline": 1, "problems": [{"code": "C001", "entity": "", "message": "",'
         ' "count": 0}]}', 'known.json:1:1: problem 1: "count"'),
    ],
    ids=["not-json", "not-a-baseline", "no-problems", "missing-fields", "bad-count"],
)
def test_a_broken_baseline_is_refused_with_its_place(tmp_path: Path, text: str,
                                                     message: str) -> None:
    path = tmp_path / "known.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        read_baseline(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")


def test_a_problem_stays_known_when_its_beat_moves_to_another_episode() -> None:
    # The message names the episode; the key does not.
    baseline = Baseline.of([dead_in("goodbye", 28, 85)])
    moved = Diagnostic(
        "bible.yaml", 28, 85, "C001",
        "cheong-san appears in goodbye (S1E05) while dead (since sacrifice, S1E04)",
        Severity.ERROR, 28, 95, "goodbye", subjects=("cheong-san",),
    )
    assert baseline.split([moved]) == ([], 1, 0)


def test_the_key_is_the_code_the_entity_and_who_the_problem_is_about() -> None:
    about = Diagnostic("bible.yaml", 28, 85, "C001", "on-jo appears in goodbye (S1E02) ...",
                       entity="goodbye", subjects=("on-jo",))
    moved = Diagnostic("bible.yaml", 40, 9, "C001", "on-jo appears in goodbye (S1E09) ...",
                       entity="goodbye", subjects=("on-jo",))
    other = Diagnostic("bible.yaml", 28, 99, "C001", "cheong-san appears in goodbye ...",
                       entity="goodbye", subjects=("cheong-san",))
    assert key_of(about) == key_of(moved)
    assert key_of(about) != key_of(other)
    assert Baseline.of([about]).split([moved, other]).new == [other]


def test_a_format_1_baseline_still_hides_the_problems_it_lists(tmp_path: Path) -> None:
    path = tmp_path / "known.json"
    path.write_text(json.dumps({"arcroom-baseline": 1, "problems": [
        {"code": "C001", "entity": "goodbye", "count": 1,
         "message": "cheong-san appears in goodbye (S1E02) while dead (since sacrifice, S1E02)"},
    ]}), encoding="utf-8")
    baseline = read_baseline(path)
    assert baseline.split([dead_in("goodbye", 30, 1)]) == ([], 1, 0)
    assert baseline.split([dead_in("notes-found", 30, 1)]).known == 0
    assert baseline.split([]).fixed == 1


def test_a_baseline_is_written_in_format_2_with_the_message_for_the_reader(
    tmp_path: Path,
) -> None:
    about = Diagnostic("bible.yaml", 28, 85, "C001", "on-jo appears in goodbye (S1E02) ...",
                       entity="goodbye", subjects=("on-jo",))
    document = json.loads(Baseline.of([about]).dumps())
    assert document == {"arcroom-baseline": 2, "problems": [
        {"code": "C001", "entity": "goodbye", "about": ["on-jo"], "count": 1,
         "message": "on-jo appears in goodbye (S1E02) ..."},
    ]}


# -- through the command line ----------------------------------------------------------


@pytest.fixture
def room(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(GOLDEN_BIBLE, tmp_path / "bible.yaml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_baseline_accepts_todays_problems_and_fails_only_on_new_ones(arcroom,
                                                                       room: Path) -> None:
    wrote = arcroom("check", "--write-baseline", "known.json", cwd=room)
    assert wrote.returncode == 0, wrote.stderr
    assert "wrote 3 known problems to known.json" in wrote.stderr
    assert wrote.stdout == ""

    clean = arcroom("check", "--baseline", "known.json", cwd=room)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout == "All checks passed (1 file).\n"
    assert "3 known problems hidden by known.json" in clean.stderr

    # Move everything: a header comment, the arcs swapped, the dead boy's beat reflowed.
    bible = room / "bible.yaml"
    text = bible.read_text(encoding="utf-8")
    arcs_at = text.index("  escape-hyosan:")
    cure_at = text.index("  the-cure:")
    text = text[:arcs_at] + text[cure_at:] + text[arcs_at:cure_at]
    bible.write_text("# Season 1 as aired.\n# Notes from the showrunner below.\n\n" + text,
                     encoding="utf-8")
    edit(bible, "      goodbye: {at: S1E02, after: [sacrifice], summary: 청산의 작별, "
                "characters: [on-jo, cheong-san]}",
         "      goodbye:\n        at: S1E02\n        after: [sacrifice]\n"
         "        summary: 청산의 작별\n        characters:\n          - on-jo\n"
         "          - cheong-san\n")
    moved = arcroom("check", "--baseline", "known.json", "--format", "json", cwd=room)
    assert moved.returncode == 0, moved.stdout
    assert json.loads(moved.stdout)["diagnostics"] == []
    before = arcroom("check", "--format", "json", cwd=room)
    lines = [d["line"] for d in json.loads(before.stdout)["diagnostics"]]
    assert lines != [22, 28, 32]  # the problems really moved

    # A new problem: the dead boy turns up where the cure is found.
    edit(bible, "notes-found: {at: S1E02, after: [goodbye], characters: [on-jo]}",
         "notes-found: {at: S1E02, after: [goodbye], characters: [on-jo, cheong-san]}")
    new = arcroom("check", "--baseline", "known.json", "--format", "json", cwd=room)
    assert new.returncode == 1
    (only,) = json.loads(new.stdout)["diagnostics"]
    assert (only["code"], only["entity"]) == ("C001", "notes-found")


def test_fixed_problems_are_noted_and_a_new_baseline_forgets_them(arcroom, room: Path) -> None:
    arcroom("check", "--write-baseline", "known.json", cwd=room)
    edit(room / "bible.yaml", "characters: [on-jo, cheong-san]}", "characters: [on-jo]}")
    out = arcroom("check", "--baseline", "known.json", cwd=room)
    assert out.returncode == 0
    assert "2 known problems hidden by known.json" in out.stderr
    assert "1 problem in known.json no longer found" in out.stderr

    arcroom("check", "--write-baseline", "known.json", cwd=room)
    again = arcroom("check", "--baseline", "known.json", cwd=room)
    assert "no longer found" not in again.stderr
    problems = json.loads((room / "known.json").read_text(encoding="utf-8"))["problems"]
    assert [p["code"] for p in problems] == ["S001", "S005"]


def test_selecting_rules_does_not_count_the_others_as_fixed(arcroom, room: Path) -> None:
    arcroom("check", "--write-baseline", "known.json", cwd=room)
    out = arcroom("check", "--baseline", "known.json", "--select", "C", cwd=room)
    assert out.returncode == 0
    assert "1 known problem hidden" in out.stderr
    assert "no longer found" not in out.stderr


def test_a_bible_that_does_not_load_is_never_baselined(arcroom, room: Path) -> None:
    edit(room / "bible.yaml", "    open: true", "    open: yes")
    out = arcroom("check", "--write-baseline", "known.json", cwd=room)
    assert out.returncode == 2
    assert "B007" in out.stderr
    assert not (room / "known.json").exists()


def test_a_broken_baseline_exits_2(arcroom, room: Path) -> None:
    (room / "known.json").write_text("[1, 2", encoding="utf-8")
    out = arcroom("check", "--baseline", "known.json", cwd=room)
    assert out.returncode == 2
    assert out.stderr.startswith("known.json:1:6: not JSON: ")


def test_moving_a_beat_to_another_episode_keeps_its_problem_known(arcroom, room: Path) -> None:
    arcroom("check", "--write-baseline", "known.json", cwd=room)
    bible = room / "bible.yaml"
    edit(bible, "episodes: 2}", "episodes: 3}")
    edit(bible, "goodbye: {at: S1E02,", "goodbye: {at: S1E03,")
    edit(bible, "notes-found: {at: S1E02,", "notes-found: {at: S1E03,")
    moved = arcroom("check", "--baseline", "known.json", "--format", "json", cwd=room)
    assert json.loads(moved.stdout)["diagnostics"] == []
    assert moved.returncode == 0
    shown = arcroom("check", "--format", "json", cwd=room)
    assert "goodbye (S1E03)" in json.loads(shown.stdout)["diagnostics"][1]["message"]
