"""After an edit the views are redrawn where they changed, and keep their place.

An edit's cost on screen should follow what it changed, not the size of the
screen or of the bible: the header's unsaved mark is its own line, not a
repaint of everything; the outline relabels or reorders only the nodes that
changed and keeps what was open and where the cursor was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.coordinate import Coordinate

from tests.tui.test_editor import outline_on, settle
from tests.tui.test_problems import screen_words
from tui.app import make_app
from tui.widgets.episode_grid import Board, EpisodeGrid
from tui.widgets.outline import Outline

SIZE = (120, 40)


async def test_the_unsaved_mark_is_drawn_without_repainting_the_whole_screen(
        hyosan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The header names the bible by its path from here: a short one, so that the mark
    # after it is on screen whatever the temporary folder's name.
    monkeypatch.chdir(hyosan.parent)
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "unsaved" not in screen_words(app)
        full: list[int] = []
        render_full_update = Compositor.render_full_update

        def counted(self: Compositor, *args: object, **kwargs: object) -> object:
            full.append(1)
            return render_full_update(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Compositor, "render_full_update", counted)
        await app.edit_field("nam-ra-bitten", "summary", "Nam-ra is bitten, and hides it")
        await settle(pilot)
        assert "unsaved" in app.sub_title
        assert not full, "the edit repainted the whole screen"
        monkeypatch.setattr(Compositor, "render_full_update", render_full_update)
        header = screen_words(app)[:12]  # (a whole screenshot, after the count)
        assert "●" in header, "the header shows the mark (the path may cut its word)"


async def test_the_unsaved_mark_is_on_screen_whatever_the_paths_length(
        hyosan: Path, tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 6) / "bible.yaml"
    deep.parent.mkdir()
    deep.write_bytes(hyosan.read_bytes())
    app = make_app(deep, poll=None, journal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.edit_field("nam-ra-bitten", "summary", "Nam-ra is bitten, and hides it")
        await settle(pilot)
        header = " ".join(screen_words(app)[:12])
        assert "● unsaved" in header, header  # before the path, which the edge cuts


def drawn(outline: Outline) -> list[str]:
    """The outline's lines as it draws them now (through the Line API)."""
    return ["".join(segment.text for segment in outline.render_line(y))
            for y in range(outline.size.height)]


def opened(outline: Outline) -> set[str]:
    """The keys of the outline's expanded nodes."""
    found: set[str] = set()
    todo = list(outline.root.children)
    while todo:
        node = todo.pop()
        if node.is_expanded:
            found.add(str(node.data))
            todo.extend(node.children)
    return found


async def test_a_summary_edit_relabels_its_beat_and_keeps_the_outline_as_it_was(
        hyosan: Path) -> None:
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        # (choosing nam-ra-immune opens S2's arc too)
        outline = await outline_on(pilot, "nam-ra-immune", "gwi-nam-bitten")
        before, lines = opened(outline), drawn(outline)
        node = outline.node("nam-ra-bitten")
        assert node is not None
        # A beat's label is its summary's first words (its id without one).
        await app.edit_field("nam-ra-bitten", "summary", "Nam-ra is bitten. She hides it")
        await settle(pilot)
        assert str(outline.node("nam-ra-bitten").label) == "E07 Nam-ra is bitten"  # type: ignore[union-attr]
        assert outline.node("nam-ra-bitten") is node  # relabelled, not made again
        assert opened(outline) == before
        assert outline.entity_id == "gwi-nam-bitten"
        changed = [(a, b) for a, b in zip(lines, drawn(outline), strict=True) if a != b]
        assert len(changed) == 1 and "Nam-ra is bitten" in changed[0][1], changed


async def test_a_beat_moved_in_its_arc_moves_its_node_and_the_lines_are_drawn_right(
        hyosan: Path) -> None:
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        outline = await outline_on(pilot, "nam-ra-immune", "nam-ra-bitten")
        before = opened(outline)
        arc = outline.node("escape-hyosan")
        assert arc is not None
        kept = {child.data: child for child in arc.children}
        order = ["outbreak", "gwi-nam-bitten", "nam-ra-bitten", "cheong-san-stays"]
        assert [child.data for child in arc.children] == order
        # Back and forth: the lines drawn before the move are right again after it.
        for at, now in (("S1E02", ["outbreak", "cheong-san-stays", "gwi-nam-bitten",
                                   "nam-ra-bitten"]), ("S1E12", order)):
            await app.edit_field("cheong-san-stays", "at", at)
            await settle(pilot)
            assert [child.data for child in arc.children] == now
            assert all(kept[child.data] is child for child in arc.children)  # not made again
            assert "E02" in str(kept["cheong-san-stays"].label) or at == "S1E12"
            assert opened(outline) == before
            assert outline.entity_id == "nam-ra-bitten"
            assert outline.cursor_node is kept["nam-ra-bitten"]
            shown = drawn(outline)
            outline._clear_line_cache()  # every line drawn afresh, as Tree draws it
            assert shown == drawn(outline)


async def test_an_edit_in_the_form_of_a_narrow_screen_draws_the_board_when_it_is_shown(
        hyosan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(120, 40)) as pilot:  # the form takes the views' place
        await settle(pilot)
        await app.editor.open_entity("cheong-san-stays", "at")
        await settle(pilot)
        grid = app.editor.query_one(EpisodeGrid)
        shown: list[str] = []
        show = Board.show

        def counted(self: Board, *args: object) -> None:
            shown.append("board")
            show(self, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(Board, "show", counted)
        await app.edit_field("cheong-san-stays", "at", "S1E02")
        await settle(pilot)
        assert not shown, "the hidden board was drawn"
        await app.editor.action_show_view("")  # the views again (v, from the outline)
        await settle(pilot)
        assert shown == ["board"]
        # The card is in its new episode's column (the arc's row: the first).
        cell = grid.get_cell_at(Coordinate(0, 2)).plain
        assert "Cheong-san stays" in cell, cell
