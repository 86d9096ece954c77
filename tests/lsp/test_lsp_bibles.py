"""The language server's bookkeeping without a client: bibles, patches, positions."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types as lsp

from arcs.checker import check_path
from story_bible.writing.patch import apply
from tests.support import ROOT
from tui.lsp.bibles import OpenBible, _patch, bible_of
from tui.lsp.server import _Lines, _Texts

FIXTURE = ROOT / "tests" / "fixtures" / "bibles" / "dead_walk_again.yaml"


@given(st.text(alphabet="ab\n😀é", max_size=40), st.text(alphabet="ab\n😀é", max_size=40))
def test_the_patch_turns_one_text_into_the_other(old: str, new: str) -> None:
    patch = _patch(old, new)
    assert apply(old, [patch]) == new
    assert patch.start <= patch.end <= len(old)


def test_the_patch_keeps_the_common_ends() -> None:
    old = "x" * 50_000 + "abc" + "y" * 50_000
    assert _patch(old, old.replace("abc", "aXc")) == (50_001, 50_002, "X")


def test_which_files_are_bibles(tmp_path: Path) -> None:
    show = tmp_path / "show"
    (show / "bible").mkdir(parents=True)
    part = show / "bible" / "arcs.yaml"
    part.write_text("arcs: {}\n", encoding="utf-8")
    single = tmp_path / "plan.yaml"
    single.write_text("# a show\narcroom: 1\n", encoding="utf-8")
    other = tmp_path / "compose.yaml"
    other.write_text("services: {}\n", encoding="utf-8")
    assert bible_of(part) == show / "bible"
    assert bible_of(single) == single
    assert bible_of(other) is None
    assert bible_of(other, "arcroom: 1\n") == other  # what the editor shows counts


def test_editor_changes_land_where_the_editor_means_them() -> None:
    texts = _Texts()
    text = "a😀b\nsecond line\nthird\n"
    # UTF-16: the emoji is two units, so "b" is at character 3 of line 0.
    text = texts.apply(
        "f",
        text,
        lsp.TextDocumentContentChangePartial(
            lsp.Range(lsp.Position(0, 3), lsp.Position(0, 4)), "B"
        ),
    )
    assert text == "a😀B\nsecond line\nthird\n"
    text = texts.apply(
        "f",
        text,
        lsp.TextDocumentContentChangePartial(
            lsp.Range(lsp.Position(2, 0), lsp.Position(2, 5)), "THIRD"
        ),
    )
    text = texts.apply(
        "f",
        text,
        lsp.TextDocumentContentChangePartial(
            lsp.Range(lsp.Position(1, 0), lsp.Position(1, 6)), "2nd"
        ),
    )  # back up from the anchor
    assert text == "a😀B\n2nd line\nTHIRD\n"
    whole = lsp.TextDocumentContentChangeWholeDocument(text="new\n")
    assert texts.apply("f", text, whole) == "new\n"


def test_columns_are_utf16_units() -> None:
    lines = _Lines("x: 😀 then\n")
    assert lines.position(1, 6) == lsp.Position(0, 6)  # code point 6 ("t") is unit 7... minus one
    assert lines.at(5) == lsp.Position(0, 6)


def test_typing_keeps_the_checkers_answer_equal_to_check(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    opened = OpenBible.open(path)
    file = str(path)
    at = text.index("summary: Gwi-nam") + len("summary: ")
    steps = [
        text[:at] + "Then " + text[at:],
        text.replace("cheong-san: dead", "cheong-san: infected"),
        text.replace("rescue: {at: S1E03", "rescue: {at: S1E02"),
        text.replace("      rescue:", "\n      rescue:"),
        text,
    ]
    for step in steps:
        checked = opened.change(file, step)
        path.write_text(step, encoding="utf-8")
        expected = check_path(path).diagnostics
        assert checked.read
        assert [(d.code, d.line, d.column, d.message) for d in checked.by_file[file]] == [
            (d.code, d.line, d.column, d.message) for d in expected
        ]
        opened.settle()


def test_an_entry_indented_out_of_its_arc_is_read_as_check_reads_it(tmp_path: Path) -> None:
    # Read alone, the re-indented entry is still a beat; in the file it is an arc.
    path = tmp_path / "bible.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    opened = OpenBible.open(path)
    moved = text.replace("      rescue:", "  rescue:")
    checked = opened.change(str(path), moved)
    path.write_text(moved, encoding="utf-8")
    expected = [
        (d.code, d.line, d.column) for d in check_path(path).diagnostics if d.code[0] == "B"
    ]
    assert expected
    assert not checked.read
    assert [(d.code, d.line, d.column) for d in checked.by_file[str(path)]] == expected
