"""The outline of a long-running show is lazy: it starts with sections, seasons and arcs,
and makes a beat's node only when its arc is opened or something jumps to it."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets.tree import TreeNode

from tests.support import wait_until
from tui.app import ArcroomApp, make_app
from tui.form_fields import SERIES
from tui.widgets.form import EntityForm
from tui.widgets.outline import SECTIONS, Outline

SIZE = (160, 48)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    busy = [w for w in pilot.app.workers if w.group in ("check", "form", "graph")]
    if busy:  # (an empty list would wait for every worker)
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


def made(outline: Outline) -> list[str]:
    """The keys of the tree nodes that exist now (made, whether shown or collapsed)."""
    keys: list[str] = []
    todo: list[TreeNode[str]] = list(outline.root.children)
    while todo:
        node = todo.pop()
        keys.append(str(node.data))
        todo.extend(node.children)
    return keys


async def jump_from_palette(pilot: Pilot[int], beat_id: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+p", *beat_id)

    def listed() -> bool:
        lists = app.screen.query(CommandList)
        return (isinstance(app.screen, CommandPalette) and bool(lists)
                and lists.first().option_count > 0
                and f"id {beat_id}" in str(lists.first().get_option_at_index(0).prompt))

    await wait_until(pilot, listed, f"the palette to list {beat_id} first")
    await pilot.press("enter")
    assert isinstance(app, ArcroomApp)
    form = app.editor.query_one(EntityForm)
    await wait_until(pilot, lambda: form.entity_id == beat_id and form.is_built,
                     f"{beat_id}'s form")


async def test_a_2000_beat_outline_starts_with_sections_seasons_and_arcs_only(
    two_thousand_beats: Path,
) -> None:
    app = make_app(two_thousand_beats, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bible = app.bible
        outline = app.editor.query_one(Outline)
        keys = made(outline)
        allowed = {SERIES, *SECTIONS, *bible.seasons, *bible.arcs}
        assert set(keys) <= allowed, sorted(set(keys) - allowed)[:5]
        assert len(keys) == len(set(keys))
        # Every arc is there (under its season), no beat, character or relation yet.
        assert set(bible.arcs) <= set(keys)
        assert len(keys) < len(bible.beats) // 5
        # ...while the outline still knows every beat it shows.
        assert set(bible.beats) <= outline.shown()

        # Opening an arc with the keyboard makes its beats, in story order.
        arc = next(iter(bible.arcs.values()))
        assert outline.select_entity(arc.id)
        outline.focus()
        await pilot.press("right")
        await settle(pilot)
        node = outline.node(arc.id)
        assert node is not None and node.is_expanded
        shown = [str(child.data) for child in node.children]
        assert sorted(shown) == sorted(arc.beats)
        rank = app.story.rank
        assert shown == sorted(shown, key=rank.__getitem__)


async def test_jumping_to_a_beat_in_a_closed_arc_selects_it_with_and_without_a_filter(
    two_thousand_beats: Path,
) -> None:
    app = make_app(two_thousand_beats, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bible = app.bible
        outline = app.editor.query_one(Outline)
        beat_id = app.story.beats[len(app.story.beats) // 2].id
        assert beat_id not in made(outline)
        await jump_from_palette(pilot, beat_id)
        await settle(pilot)
        assert outline.entity_id == beat_id
        assert outline.cursor_node is not None and outline.cursor_node.data == beat_id
        arc = outline.node(bible.beats[beat_id].arc)
        assert arc is not None and arc.is_expanded
        # Only the way to it was made: the other arcs are still closed and empty.
        assert sum(1 for key in made(outline) if key in bible.beats) == len(arc.children)

        # A filter by a character: the outline rebuilds with only their beats, lazily too.
        character = next(c for c in bible.characters.values()
                         if sum(c.id in b.characters for b in bible.beats.values()) >= 3)
        await app.editor.set_filter(character.name)
        await settle(pilot)
        theirs = {b.id for b in bible.beats.values() if character.id in b.characters}
        assert app.editor.keep is not None and theirs <= app.editor.keep
        assert {key for key in outline.shown() if key in bible.beats} == app.editor.keep
        target = max(app.editor.keep - {beat_id}, key=app.story.rank.__getitem__)
        await jump_from_palette(pilot, target)
        await settle(pilot)
        assert outline.entity_id == target
        assert outline.cursor_node is not None and outline.cursor_node.data == target
        assert {key for key in made(outline) if key in bible.beats} <= app.editor.keep
