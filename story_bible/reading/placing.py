"""Finish a bible once every file is read: positions placed, defaults, what spans files.
"""

from __future__ import annotations

import dataclasses

from story_bible.field_table import DEFAULT_STATUSES, FORMAT_VERSION
from story_bible.model import (
    DEFAULT_STATUS,
    Beat,
    Bible,
    Entity,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import (
    Position,
    PositionError,
    parse_position,
)
from story_bible.reading.field_reader import folded, slug, whole_file
from story_bible.reading.nodes import Node, Scalar
from story_bible.reading.reading_state import NOWHERE, State


class Placer(State):
    """Places positions in the seasons and finishes the model."""

    def finish(self, texts: dict[str, str]) -> Bible:
        if self.statuses and DEFAULT_STATUS not in self.statuses and self.unstated:
            self._no_default_status()
        if not self.statuses:
            for name, (appears, becomes) in DEFAULT_STATUSES.items():
                self.statuses[name] = Status(id=name, appears=appears, becomes=becomes)
                taken = self.ids.setdefault(name, self.statuses[name])
                if taken is not self.statuses[name] and taken.key_node is not None:
                    self._problem(
                        taken.file,
                        taken.key_node,
                        "B011",
                        f"id {name!r} is taken by the default status {name!r}",
                        "rename it, or define 'statuses' yourself",
                        name,
                    )
        files = tuple(texts)
        if self.version is None and not self.problems:
            self.problems.append(
                whole_file(
                    files[0] if files else "<bible>",
                    "B008",
                    "the bible does not say its format version",
                    "add 'arcroom: 1' at the top",
                )
            )
        if self.series is None and not self.problems:
            self.problems.append(
                whole_file(
                    files[0] if files else "<bible>",
                    "B008",
                    "the bible has no 'series'",
                    "add 'series: {title: ...}'",
                )
            )
        self._resolve_positions()
        self._leave_out_unplaced()
        self._hint_misnamed()
        self._name_relations()
        seasons = dict(sorted(self.seasons.items(), key=lambda item: item[1].number))
        return Bible(
            version=self.version[0] if self.version else FORMAT_VERSION,
            series=self.series[0] if self.series else Series(title=""),
            statuses=self.statuses,
            seasons=seasons,
            factions=self.factions,
            relations=self.relations,
            characters=self.characters,
            arcs=self.arcs,
            files=files,
            texts=texts,
        )

    def _name_relations(self) -> None:
        for relation in self.relations:
            relation.id = relation.derived_id()

    def _no_default_status(self) -> None:
        """Characters who write no status start as 'human', which these statuses lack."""
        assert self.statuses_at is not None  # statuses were read, so their section was
        file, node = self.statuses_at
        who = self.unstated
        named = ", ".join(who[:-1]) + " and " + who[-1] if len(who) > 1 else who[0]
        if len(who) > 10:
            named = f"{', '.join(who[:10])} and {len(who) - 10:,} more"
        self._problem(
            file,
            node,
            "B008",
            f"{named} {'have' if len(who) > 1 else 'has'} no 'status', and these statuses "
            f"have no {DEFAULT_STATUS!r} (the default status)",
            "give these characters a `status:` or add a `human` status",
        )

    def _resolve_positions(self) -> None:
        by_number = {s.number: s for s in self.seasons.values()}
        first = min(by_number) if by_number else 1
        # A plan has a few hundred distinct positions, written thousands of times.
        done: dict[tuple[str, str], Position | tuple[str, str | None]] = {}
        for entity, attr, node, whole, file in self.positions:
            outcome = done.get((node.value, whole))
            if outcome is None:
                outcome = done[node.value, whole] = position_of(node.value, whole, by_number)
            if isinstance(outcome, Position):
                setattr(entity, attr, outcome)
            else:
                message, hint = outcome
                self._bad_position(file, node, message, entity, hint)
        for (attr, text), entities in self.pending_at.items():
            assert text is not None  # only a written 'at' or 'introduced' is pending
            outcome = done.get((text, "first")) or position_of(text, "first", by_number)
            if isinstance(outcome, Position):
                for entity in entities:
                    setattr(entity, attr, outcome)
                continue
            message, hint = outcome
            for entity in entities:
                where = entity.node_at(attr)
                assert isinstance(where, Scalar)  # the quick reader read it as text
                self._bad_position(entity.file, where, message, entity, hint)
        for relation in self.relations:
            if relation.start == Position(0, 0):
                relation.start = Position(first, 1)

    def _bad_position(
        self, file: str, node: Node, message: str, entity: Entity, hint: str | None = None
    ) -> None:
        hint = hint or "write a position as S1E07 (season, episode) or S2 (a whole season)"
        self._problem(file, node, "B009", message, hint, entity.id or None)
        self.unplaced.append(entity)

    def _hint_misnamed(self) -> None:
        """Say which id a name written as a reference meant: the entity so named, or its slug."""
        if not self.misnamed:
            return
        named: dict[str, str] = {}
        for table, attr in ((self.characters, "name"), (self.factions, "name"),
                            (self.arcs, "title"), (self.seasons, "title")):
            for key, entity in table.items():
                named.setdefault(folded(getattr(entity, attr)), key)
        for index, text in self.misnamed:
            meant = named.get(folded(text)) or slug(text)
            if meant is None:
                continue
            problem = self.problems[index]
            hint = f"did you mean {meant!r}? {problem.hint}"
            self.problems[index] = dataclasses.replace(problem, hint=hint)

    def _leave_out_unplaced(self) -> None:
        """Size the seasons that say no size; take out what has no place in the story.

        A beat or relation placed nowhere would be placed somewhere by the
        rules, and report problems the writers did not make.
        """
        for key in self.unsized:
            used = [b.at.episode for arc in self.arcs.values() for b in arc.beats.values()
                    if b.at.season == self.seasons[key].number]
            self.seasons[key].episodes = max(used, default=1)
        if not self.problems:
            return
        for arc in self.arcs.values():
            for beat in list(arc.beats.values()):
                if beat.at == NOWHERE:
                    self.unplaced.append(beat)
        # A character keeps its place in the cast without its 'introduced'.
        self.unplaced = [
            e for e in {id(e): e for e in self.unplaced}.values() if isinstance(e, Beat | Relation)
        ]
        gone = {id(e) for e in self.unplaced}
        for entity in self.unplaced:
            if isinstance(entity, Beat) and entity.arc in self.arcs:
                self.arcs[entity.arc].beats.pop(entity.id, None)
                if self.ids.get(entity.id) is entity:
                    del self.ids[entity.id]
        self.relations = [r for r in self.relations if id(r) not in gone]


def position_of(
    text: str, whole: str, by_number: dict[int, Season]
) -> Position | tuple[str, str | None]:
    """The position ``text`` names in these seasons, or what is wrong with it (and a hint).

    ``whole`` says which episode a whole season stands for: its first or its last.
    """
    try:
        season_no, episode = parse_position(text)
    except PositionError as exc:
        return str(exc), None
    season = by_number.get(season_no)
    if season is None:
        known = (
            "the seasons are " + ", ".join(f"S{n}" for n in sorted(by_number))
            if by_number
            else "this bible has no seasons: add a `seasons:` section, "
            "e.g. seasons: {S1: {title: ..., episodes: 12}}"
        )
        return f"{text}: there is no season S{season_no}", known
    if episode is None:
        return Position(season_no, 1 if whole == "first" else season.episodes)
    if episode > season.episodes:
        return (
            f"{text}: {past_the_end(season)}",
            f"change the episode or give {season.id} more 'episodes'",
        )
    return Position(season_no, episode)


def past_the_end(season: Season) -> str:
    """What to say of an episode after ``season``'s last: its size, and its last episode."""
    n = season.episodes
    return f"{season.id} has {n} episode{'s' * (n != 1)}; did you mean {season.last}?"
