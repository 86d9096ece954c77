"""The editor's side of crash safety: the journal offered back, and a bug's short exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from story_bible.writing.recovery import find
from tests.tui.test_editor import SIZE, open_form, retype, settle
from tui.app import make_app
from tui.crash import CRASHED
from tui.screens.dialogs import Choice


async def _edit_and_stop(bible: Path) -> dict[str, str]:
    """Edit in one editor that then stops without saving or quitting (as a crash would)."""
    app = make_app(bible, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E08")
        await pilot.press("ctrl+z", "ctrl+y")
        await settle(pilot)
        assert app.journal is not None and app.journal.path.exists()
        return dict(app.document.texts)


@pytest.mark.parametrize("answer", ["restore", "both", "discard"])
async def test_unsaved_edits_are_offered_back_when_the_bible_is_opened_again(
    hyosan: Path, answer: str
) -> None:
    edited = await _edit_and_stop(hyosan)
    journal = find(hyosan)[0].path
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert "3 edits" in app.screen.message and "S1E08" in app.screen.message
        await pilot.click(f"#{answer}")
        await settle(pilot)
        assert not isinstance(app.screen, Choice)
        if answer == "discard":
            assert not app.document.dirty
            assert app.document.texts[str(hyosan)] == hyosan.read_text("utf-8")
        else:
            assert app.document.texts == edited
            assert "● unsaved" in app.sub_title
            assert app.journal is not None and app.journal.path.exists(), "journaled again"
        kept = list(journal.parent.glob(f"{journal.name}.kept-*"))
        assert not journal.exists()
        assert len(kept) == (1 if answer == "both" else 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.journal is not None and not app.journal.path.exists(), "a save ends it"
    assert find(hyosan) == []


async def test_escape_leaves_the_journal_to_be_offered_next_time(hyosan: Path) -> None:
    await _edit_and_stop(hyosan)
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.document.dirty
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert len(find(hyosan)) == 1


async def test_a_journal_for_a_file_changed_since_says_so_and_enter_keeps_it(
    hyosan: Path,
) -> None:
    await _edit_and_stop(hyosan)
    journal = find(hyosan)[0].path
    text = hyosan.read_text("utf-8")
    hyosan.write_text(text.replace("title: The grand war", "title: The last war"), "utf-8")
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert "changed on disk since" in app.screen.message
        await pilot.press("enter")  # Keep both has the focus: restore, and keep the journal
        await settle(pilot)
        assert app.bible.beats["nam-ra-bitten"].at.episode == 8
        assert app.bible.arcs["world-war"].title == "The last war"
    assert not journal.exists()
    assert list(journal.parent.glob(f"{journal.name}.kept-*"))


async def test_quitting_without_saving_ends_the_journal(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E08")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
    assert find(hyosan) == []


async def test_a_bug_ends_the_editor_with_a_short_message_a_log_and_exit_70(
    hyosan: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = make_app(hyosan, poll=None)

    def bug() -> None:
        raise RuntimeError("a bug in arcroom")

    with pytest.raises(RuntimeError, match="a bug in arcroom"):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await open_form(pilot, "nam-ra-bitten")
            await retype(pilot, "S1E08")
            app.call_later(bug)
            await settle(pilot)
    assert app.return_code == CRASHED
    log = app.crash_log
    assert log is not None and log.parent == hyosan.parent / ".arcroom"
    report = log.read_text("utf-8")
    assert "Traceback" in report and "RuntimeError: a bug in arcroom" in report
    said = capfd.readouterr().err.strip()
    assert "RuntimeError: a bug in arcroom" in said and log.name in said
    assert len(said.splitlines()) <= 4, "no traceback, no locals on the terminal"
    assert len(find(hyosan)) == 1, "the journal survives the bug"
