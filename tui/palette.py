"""Command palette providers (ctrl+p): jump to any entity by name, run any action.

:class:`EntitiesProvider` matches characters, factions, arcs, beats, seasons
and relations by name or id and opens the one chosen; a hit reads as the
writer names it (a beat by its title, the board's), its id in the line below.
:class:`ActionsProvider` offers every editor action, so nothing needs its key
to be remembered.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.widgets.episode_grid import title_line
from tui.widgets.outline import relation_label

if TYPE_CHECKING:
    from tui.app import ArcroomApp

#: (name, help, action string run on the app)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Save", "write the bible (format and comments kept)", "save"),
    ("Save as new show", "write a copy of the plan to a new file and edit that", "save_as"),
    ("Undo", "take back the last edit", "undo"),
    ("Redo", "make the edit undone again", "redo"),
    ("Add", "add a beat, arc, character, faction... where the outline's cursor is", "add"),
    ("Rename", "rename the selected entity and every reference to it", "rename"),
    ("Remove", "remove the selected entity", "remove"),
    ("Move beat", "move the selected beat to another episode or arc", "move"),
    ("Move beat one episode earlier", "the selected beat, one episode back", "nudge(-1)"),
    ("Move beat one episode later", "the selected beat, one episode on", "nudge(1)"),
    ("Reload from disk", "read the bible again (unsaved changes are lost)", "reload"),
    ("Export report and picture", "write plan.html (the report) and plan.svg beside the "
     "bible, as `arcroom export` does", "export"),
    ("Keys", "the keys of the focused pane (? or F1)", "help"),
    ("Show graph", "the arc graph, laid out", "screen.show_view('graph')"),
    ("Show board", "episodes across, arcs down, a card per beat",
     "screen.show_view('episodes')"),
    ("Show factions", "stances and members, season by season", "screen.show_view('factions')"),
    ("Show character timeline", "status and faction per episode",
     "screen.show_view('character')"),
    ("Show form", "the selected entity's fields", "screen.show_form"),
    ("Next problem", "jump to the next problem the checker found", "screen.next_problem"),
    ("Toggle dark/light theme", "switch between arcroom's dark and light themes", "toggle_dark"),
    ("Quit", "leave arcroom (asks about unsaved changes)", "quit"),
)


class ActionsProvider(Provider):
    """Every editor action, by name."""

    async def discover(self) -> Hits:
        for name, help_text, action in ACTIONS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self.app.run_action, action),
                    text=name, help=help_text,
                )


#: A beat's title in the palette is cut at this many cells.
TITLE_WIDTH = 60


class EntitiesProvider(Provider):
    """Characters, factions, arcs, beats, seasons and relations, by name or id."""

    async def search(self, query: str) -> Hits:
        app: ArcroomApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for name, entity_id, detail in _entities(app):
            # The id still finds it (a writer may know `nam-ra`), but the name is shown.
            score = max(matcher.match(name), matcher.match(entity_id) * 0.9)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(app.jump_to, entity_id),
                    text=name, help=detail,
                )


def _entities(app: ArcroomApp) -> Iterator[tuple[str, str, str]]:
    """``(the name shown and matched, id, the detail line)`` for every entity worth
    jumping to; the detail line carries the id."""
    bible = app.bible
    for c in bible.characters.values():
        faction = bible.factions.get(c.faction or "")
        side = faction.name if faction is not None else "no faction"
        yield c.name, c.id, f"character · {side} · {c.status} · id {c.id}"
    for f in bible.factions.values():
        yield f.name, f.id, f"faction · {f.kind or ''} · id {f.id}"
    for a in bible.arcs.values():
        yield a.title, a.id, (f"arc · {', '.join(a.seasons)} · {len(a.beats)} beats"
                              f" · id {a.id}")
    for b in bible.beats.values():
        arc = bible.arcs.get(b.arc)
        yield (title_line(b, TITLE_WIDTH), b.id,
               f"beat · {b.at} · {arc.title if arc else b.arc} · id {b.id}")
    for s in bible.seasons.values():
        yield f"{s.id} {s.title}", s.id, f"season · {s.episodes} episodes"
    for r in bible.relations:
        yield relation_label(r, bible).plain, r.id, f"relation · id {r.id}"
