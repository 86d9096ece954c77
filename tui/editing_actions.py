"""The editor's editing actions: add, remove, rename, move, undo, redo, save as.

A mixin of :class:`tui.app.ArcroomApp`, kept apart so the app module stays
about the app's life cycle. Each action asks what it needs in a dialog
(with the ids that exist as suggestions, and checks as you type), then makes
one edit-API call through :meth:`ArcroomApp.apply`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from story_bible.model import Arc, Beat, Character, Faction, Relation, Season, Status
from story_bible.positions import Position
from story_bible.vocabulary import ID_PATTERN
from tui.form_fields import FIELDS, Field, Invalid, parse
from tui.widgets.inputs import IdSuggester

# The dialogs (tui.screens.dialogs) are imported by the actions that ask: the first
# screen shows none, and the editor's start-up is mostly imports.
if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from textual.app import App

    from story_bible.model import Bible
    from story_bible.writing.document import Document
    from tui.form_fields import Catalog
    from tui.screens.dialogs import Ask
    from tui.screens.editor import EditorScreen

    # To the type checker the mixin is an App, so the actions may use App's API; at
    # run time it stays a plain mixin, and ArcroomApp brings App itself.
    _AppBase = App[int]
else:
    _AppBase = object

#: What "add" adds, given what the outline's cursor is on.
_ADD_UNDER = {
    "#seasons": "season", "#factions": "faction", "#characters": "character",
    "#relations": "relation", "#statuses": "status",
}


class EditingActions(_AppBase):
    """Actions that change the document (mixed into the app)."""

    if TYPE_CHECKING:
        # What the actions use of ArcroomApp, which defines them all.
        document: Document

        @property
        def bible(self) -> Bible: ...
        @property
        def catalog(self) -> Catalog: ...
        @property
        def editor(self) -> EditorScreen: ...
        async def apply(self, description: str, edit: Any, *args: Any, **kwargs: Any) -> bool: ...
        async def after_edit(self) -> None: ...
        def relabel(self) -> None: ...
        def holding_the_screen(self, held: Callable[[], None] | None = None,
                               most: float = 0.5) -> AbstractContextManager[None]: ...
        def journal_undo(self, before: dict[str, str], redo: bool = False) -> None: ...
        def _start_journal(self) -> None: ...

    # -- field edits from forms ----------------------------------------------------------

    async def edit_field(self, entity_id: str, field: str, value: Any) -> bool:
        """Set one field from a form; False if the edit was refused (and explained)."""
        entity = self.bible.entity(entity_id)
        name = field
        if isinstance(entity, Arc) and field == "seasons":
            # Keep the key the writer used: `season: S1` stays singular while it can.
            single = entity.node_at("season") is not None
            if single and isinstance(value, list) and len(value) == 1:
                name, value = "season", value[0]
        return await self.apply(f"set {entity_id}.{name}", self.document.set, entity_id, name,
                                value)

    async def action_undo(self) -> None:
        before = dict(self.document.texts)
        if self.document.undo():
            self.journal_undo(before)
            await self.after_edit()
            self.notify(f"Undid: {self.document.redo_history[-1]} (ctrl+y redoes)", timeout=3)
        else:
            self.notify("Nothing to undo")

    async def action_redo(self) -> None:
        before = dict(self.document.texts)
        if self.document.redo():
            self.journal_undo(before, redo=True)
            await self.after_edit()
            self.notify(f"Redid: {self.document.history[-1]}", timeout=3)
        else:
            self.notify("Nothing to redo")

    # -- structure -----------------------------------------------------------------------

    def _cursor(self) -> tuple[str | None, str | None]:
        """The entity under the outline's cursor, and the section node if on one."""
        from tui.widgets.outline import Outline

        outline = self.editor.query_one(Outline)
        node = outline.cursor_node
        data = node.data if node is not None else None
        if data is not None and data.startswith("#"):
            return None, data
        return data, None

    @work(group="edit", exclusive=True)
    async def action_add(self) -> None:
        entity_id, section = self._cursor()
        entity = self.bible.entity(entity_id) if entity_id else None
        kind, arc = _what_to_add(entity, section)
        asks = _add_asks(self, kind, entity)
        from tui.screens.dialogs import AskForm
        where = f" to {self.bible.arcs[arc].title}" if arc in self.bible.arcs else ""
        article = "an" if kind[0] in "aeiou" else "a"
        dialog = AskForm(f"Add {article} {kind}{where}", asks, ok="Add", hold=True)
        answer = await self.push_screen_wait(dialog)
        if answer is None:
            return
        # The dialog's closing and the new entry's form in one frame: the screen under the
        # dialog was repainted first on its own, with the old form (40 ms on the sample).
        with self.holding_the_screen(dialog.held):
            await self._add(kind, article, arc, answer)

    async def _add(self, kind: str, article: str, arc: str | None,
                   answer: dict[str, str]) -> None:
        new_id = answer.pop("id", None) or None
        fields = {}
        for field in FIELDS[kind]:
            if field.name in answer:
                fields[field.name] = parse(field, answer[field.name], self.catalog)
        if kind == "arc":
            fields["season"] = fields.pop("seasons")[0]
        if await self.apply(f"add {kind}", self.document.add, kind, new_id, fields, arc=arc):
            target = new_id or (self.bible.relations[-1].id if kind == "relation" else None)
            if target:
                self.notify(f"Added {article} {kind}: {_name_of(self.bible, target)} "
                            f"(id {target}; ctrl+z undoes)", timeout=4)
                await self.editor.open_entity(target)

    @work(group="edit", exclusive=True)
    async def action_rename(self) -> None:
        entity_id, _ = self._cursor()
        entity = self.bible.entity(entity_id) if entity_id else None
        if entity is None or isinstance(entity, Relation):
            self.notify("Choose an arc, beat, character, faction or status to rename")
            return
        if isinstance(entity, Season):
            # Positions are written with it (S1E07): say so before asking for a new id.
            self.notify(f"{entity.id} is named by its number, which every position uses; "
                        "change its title instead", severity="warning")
            return
        label = next((f for f in ("name", "title") if hasattr(entity, f)), None)
        from tui.screens.dialogs import Ask, AskForm
        asks = [Ask("id", "id", entity.id, check=lambda t: _id_problem(self, t, entity.id))]
        if label is not None:
            asks.insert(0, Ask(label, label, getattr(entity, label),
                               check=lambda t: None if t.strip() else f"a {label} is required"))
        answer = await self.push_screen_wait(
            AskForm(
                f"Rename {_name_of(self.bible, entity.id)}",
                asks,
                ok="Rename",
                message=f"The {label} is what the writers read; the id is what the file "
                "and every reference to it use (they are renamed too)." if label else
                "Every reference to it is renamed too.",
            )
        )
        if answer is None:
            return
        said = []
        if label is not None and answer[label] != getattr(entity, label):
            if not await self.apply(f"set {entity.id}.{label}", self.document.set, entity.id,
                                    label, answer[label]):
                return
            said.append(f"{label} “{answer[label]}”")
        if answer["id"] != entity.id:
            if not await self.apply(f"rename {entity_id}", self.document.rename, entity.id,
                                    answer["id"]):
                return
            said.append(f"id {entity.id} → {answer['id']} (every reference follows)")
        if said:
            self.notify("Renamed: " + "; ".join(said), timeout=4)
            await self.editor.open_entity(answer["id"])

    @work(group="edit", exclusive=True)
    async def action_remove(self) -> None:
        entity_id, _ = self._cursor()
        if entity_id is None or self.bible.entity(entity_id) is None:
            self.notify("Choose something in the outline to remove")
            return
        name = _name_of(self.bible, entity_id)
        from tui.screens.dialogs import Choice
        answer = await self.push_screen_wait(
            Choice(
                f"Remove {name}?",
                f"{name} ({entity_id}) is removed from the plan (ctrl+z brings it back). "
                "References to it become problems to fix.",
                # Cancel first: it has the focus, so Enter alone never removes.
                [("Cancel", "cancel", "default"), ("Remove", "remove", "error")],
            )
        )
        if answer == "remove" and await self.apply(f"remove {entity_id}", self.document.remove,
                                                   entity_id):
            self.notify(f"Removed {name} (ctrl+z brings it back)", timeout=4)

    @work(group="edit", exclusive=True)
    async def action_move(self) -> None:
        beat = self._selected_beat()
        if beat is None:
            return
        at = Field("at", "position", required=True)
        arc_field = Field("arc", "ref", target="arc", required=True)
        from tui.screens.dialogs import Ask, AskForm
        answer = await self.push_screen_wait(
            AskForm(
                f"Move {beat.id}",
                [
                    Ask("at", "episode", str(beat.at), check=_checker(self, at),
                        suggester=IdSuggester(at, self.catalog)),
                    Ask("arc", "arc", beat.arc, check=_checker(self, arc_field),
                        suggester=IdSuggester(arc_field, self.catalog)),
                ],
                ok="Move",
            )
        )
        if answer is None:
            return
        at_value = answer["at"] if answer["at"] != str(beat.at) else None
        arc_value = answer["arc"] if answer["arc"] != beat.arc else None
        if at_value is None and arc_value is None:
            return
        await self.apply(f"move {beat.id}", self.document.move_beat, beat.id, at=at_value,
                         arc=arc_value)

    async def action_nudge(self, step: int) -> None:
        """Move the selected beat one episode earlier or later (within the plan)."""
        beat = self._selected_beat()
        if beat is None:
            return
        target = _neighbour_episode(self, beat.at, step)
        if target is None:
            self.notify(f"{beat.id} is already at the {'start' if step < 0 else 'end'} of the plan")
            return
        await self.apply(f"move {beat.id}", self.document.move_beat, beat.id, at=str(target))

    async def move_card(self, beat_id: str, how: str, step: int, target: str | None) -> bool:
        """Move a card of the board: to the episode before or after (``how`` 'episode'),
        earlier or later in its episode ('order'), or to the arc ``target`` ('arc')."""
        beat = self.bible.beats.get(beat_id)
        if beat is None:
            return False
        name = _title(beat)
        if how == "episode":
            position = _neighbour_episode(self, beat.at, step)
            if position is None:
                self.notify(f"“{name}” is already at the {'start' if step < 0 else 'end'} "
                            "of the plan")
                return False
            done = await self.apply(f"move {beat.id}", self.document.move_beat, beat.id,
                                    at=str(position))
            said = f"Moved “{name}” to {position}"
        elif how == "arc":
            if target is None:
                self.notify(f"There is no arc {'above' if step < 0 else 'below'}")
                return False
            done = await self.apply(f"move {beat.id}", self.document.move_beat, beat.id,
                                    arc=target)
            said = f"Moved “{name}” to the arc {self.bible.arcs[target].title}"
        else:
            changes = _reordered(self, beat, step)
            if changes is None:
                self.notify(f"“{name}” is already the {'first' if step < 0 else 'last'} "
                            f"beat of {beat.at}")
                return False
            done = await self.apply(f"move {beat.id} {'earlier' if step < 0 else 'later'}",
                                    self.document.set_fields,
                                    f"move {beat.id} {'earlier' if step < 0 else 'later'}",
                                    changes)
            said = f"Moved “{name}” {'earlier' if step < 0 else 'later'} in {beat.at}"
        if done:
            self.notify(said + " (ctrl+z undoes)", timeout=4)
        return done

    def _selected_beat(self) -> Beat | None:
        entity_id = self.editor.selected
        entity = self.bible.entity(entity_id) if entity_id else None
        if not isinstance(entity, Beat):
            self.notify("Choose a beat to move")
            return None
        return entity

    @work(group="edit", exclusive=True)
    async def action_save_as(self) -> None:
        suggestion = "bible.yaml" if not Path("bible.yaml").exists() else "my-show/bible.yaml"
        from tui.screens.dialogs import Ask, AskForm
        answer = await self.push_screen_wait(
            AskForm(
                "Save as a new show",
                [Ask("path", "file", suggestion, check=_path_problem)],
                ok="Save",
                message="The bundled sample is read-only; this writes your copy "
                "(as `arcroom init` does) and edits it from now on.",
            )
        )
        if answer is None:
            return
        path = Path(answer["path"]).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.document.save_as(path)
        except (OSError, ValueError) as exc:
            self.notify(str(exc), title="Could not save", severity="error", timeout=10)
            return
        self.relabel()
        self._start_journal()  # the old journal was of the sample; this is a new bible
        self.notify(f"Saved {path}; this is your show now")

    async def jump_to(self, entity_id: str) -> None:
        await self.editor.open_entity(entity_id)


def _what_to_add(entity: object, section: str | None) -> tuple[str, str | None]:
    """The kind "add" adds here, and the arc a new beat goes into."""
    if section is not None:
        return _ADD_UNDER.get(section, "arc"), None
    if isinstance(entity, Beat):
        return "beat", entity.arc
    if isinstance(entity, Arc):
        return "beat", entity.id
    if isinstance(entity, Season):
        return "arc", None
    for kind, cls in (("character", Character), ("faction", Faction), ("relation", Relation),
                      ("status", Status)):
        if isinstance(entity, cls):
            return kind, None
    return "arc", None


#: The field a new entity is named by; its id is proposed from it.
NAMED_BY = {"character": "name", "faction": "name", "arc": "title", "beat": "summary"}
#: What the id input shows before anything is typed, per kind.
ID_EXAMPLES = {"character": "nam-ra", "faction": "survivors", "arc": "escape-hyosan",
               "beat": "nam-ra-bitten", "status": "zombie"}


def _add_asks(app: EditingActions, kind: str, entity: object) -> list[Ask]:
    from tui.screens.dialogs import Ask

    asks: list[Ask] = []
    named_by = NAMED_BY.get(kind)
    if kind == "season":
        number = max((s.number for s in app.bible.seasons.values()), default=0) + 1
        asks.append(Ask("id", "id", f"S{number}", check=lambda t: _id_problem(app, t)))
    elif kind != "relation":
        taken = app.bible.entity
        asks.append(Ask("id", "id", "", check=lambda t: _id_problem(app, t),
                        placeholder=f"proposed from the {named_by}, e.g. {ID_EXAMPLES[kind]}"
                        if named_by else f"e.g. {ID_EXAMPLES.get(kind, kind)}",
                        follows=(named_by, lambda t: propose_id(t, taken)) if named_by
                        else None))
    for field in sorted(FIELDS[kind], key=lambda f: f.name != named_by):
        if not field.required and not (kind == "beat" and field.name == "summary"):
            continue
        value = _default(app, kind, field, entity)
        suggester = IdSuggester(field, app.catalog) if field.kind in (
            "ref", "refs", "position"
        ) else None
        asks.append(Ask(field.name, field.label, value, check=_checker(app, field),
                        suggester=suggester, placeholder=field.help))
    if named_by:  # the name first, then the id proposed from it, then the rest
        asks.insert(1, asks.pop(0))
    return asks


def propose_id(text: str, taken: Any, words: int = 4) -> str:
    """An id for a new entity named ``text``: its first words as a slug, made unique.

    >>> propose_id("Choi Nam-ra (최남라)", lambda i: None)
    'choi-nam-ra'
    >>> propose_id("On a rain-soaked rooftop Gwi-nam's gang beats Jin-su", lambda i: None)
    'on-a-rain-soaked-rooftop'
    >>> propose_id("The Resistance", lambda i: i == "the-resistance" or None)
    'the-resistance-2'
    """
    import re
    import unicodedata

    plain = re.sub(r"\(.*?\)", " ", text)  # a name's gloss in brackets
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode() or plain
    parts = [re.sub(r"[^\w]+", "-", w).strip("-")
             for w in plain.casefold().replace("'", "").split()]
    slug = "-".join([p for p in parts if p][:words])
    if not slug:
        return ""
    candidate, n = slug, 2
    while taken(candidate) is not None:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _name_of(bible: Bible, entity_id: str) -> str:
    """How the writer knows an entity: its name or title, a beat by its first words."""
    from tui.widgets.episode_grid import title_line

    entity = bible.entity(entity_id)
    if isinstance(entity, Beat):
        return f"“{title_line(entity, 40)}”"
    name = getattr(entity, "name", None) or getattr(entity, "title", None)
    return str(name) if name else entity_id


def _default(app: EditingActions, kind: str, field: Field, entity: object) -> str:
    if field.name == "at":
        if isinstance(entity, Beat):
            return str(entity.at)
        if isinstance(entity, Arc) and entity.seasons:
            return f"{entity.seasons[0]}E01"
    if field.name == "seasons" and isinstance(entity, Season):
        return entity.id
    if field.name == "episodes":
        return "12"
    if field.name == "stance":
        return "neutral"
    return ""


def _checker(app: EditingActions, field: Field) -> Any:
    def check(text: str) -> str | None:
        try:
            parse(field, text, app.catalog)
        except Invalid as exc:
            return str(exc)
        return None

    return check


def _id_problem(app: EditingActions, text: str, current: str | None = None) -> str | None:
    if not text:
        return "an id is required"
    if not ID_PATTERN.fullmatch(text):
        return "ids are letters, digits, '-', '_', '.' and ' (like nam-ra)"
    if text != current and app.bible.entity(text) is not None:
        return f"{text} is already used (ids are unique across the bible)"
    return None


def _path_problem(text: str) -> str | None:
    if not text:
        return "give a file name, e.g. bible.yaml"
    path = Path(text).expanduser()
    if path.suffix not in (".yaml", ".yml"):
        return "a bible file ends in .yaml"
    if path.exists():
        return f"{text} exists; choose a new file"
    return None


def _title(beat: Beat) -> str:
    """A beat as the writer reads it: its summary's first words."""
    from tui.widgets.episode_grid import title_line

    return title_line(beat, 40)


def _reordered(app: EditingActions, beat: Beat, step: int) -> list[tuple[str, str, Any]] | None:
    """The ``after`` fields that swap ``beat`` with its neighbour in its episode's story
    order (None at the episode's edge).

    The one that goes second names the other in ``after``; the one that goes
    first keeps (or gains) the beat before the pair, so it does not jump further.
    """
    from arcs.order import build_story

    order = [b for b in build_story(app.bible).beats if b.at == beat.at]
    i = [b.id for b in order].index(beat.id)
    j = i + step
    if not 0 <= j < len(order):
        return None
    first, second = (beat, order[j]) if step < 0 else (order[j], beat)
    k = min(i, j)  # the pair's place: order[k - 1] comes before both
    before = order[k - 1].id if k > 0 else None
    first_after = [a for a in first.after if a != second.id]
    if before is not None and before not in first_after:
        first_after.append(before)
    second_after = [a for a in second.after if a != first.id and a != before]
    second_after.append(first.id)
    return [(first.id, "after", first_after or None), (second.id, "after", second_after)]


def _neighbour_episode(app: EditingActions, at: Position, step: int) -> Position | None:
    plan = [
        Position(s.number, n)
        for s in sorted(app.bible.seasons.values(), key=lambda s: s.number)
        for n in range(1, s.episodes + 1)
    ]
    if at not in plan:
        return None
    index = plan.index(at) + step
    return plan[index] if 0 <= index < len(plan) else None
