"""What changed in the story between two bibles: entities, fields, and problems.

:func:`story_diff` takes the bible before and after (and the problems the
checker found in each) and says, in the writers' terms, what changed:
entities added, removed and renamed (an id that changed while the entity
stayed, and every reference followed, is a rename, as ``arcroom rename``
makes it), and each changed field with its value before and after (a beat
moved S1E03 -> S1E05, a death moved earlier, a character changed faction, a
stance between two factions changed, ``after``/``requires`` edges added or
cut). Problems are matched as baselines match them (rule, entity, subjects;
the old side's ids read through the renames), so a problem that only moved
is neither introduced nor fixed.

Pure: models in, data out; no git, no files, no output formats (see
:mod:`arcs.diff_formats`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from arcs.baseline import Key, key_of, text_key_of
from arcs.diagnostics import Diagnostic
from story_bible.model import Beat, Bible, Change, Entity, Relation
from story_bible.positions import Position

#: Fields that hold the writers' free text: never read as references to ids.
TEXT_FIELDS = frozenset({
    "title", "name", "summary", "notes", "setup", "payoff", "description", "actor",
    "logline", "based_on", "kind",
})
#: Fields that list ids: a change is told as edges added and cut.
EDGE_FIELDS = frozenset({
    "after", "requires", "sets_up", "pays_off", "characters", "factions", "tags", "becomes",
    "seasons", "ignore",
})
_SOURCE_FIELDS = frozenset({"id", "file", "key_node", "node", "source", "beats"})
#: How the world's sections are listed after the seasons.
WORLD = "world"
#: Kinds in the order a section lists them.
KINDS = ("series", "status", "season", "faction", "relation", "character", "arc", "beat")


@dataclass(frozen=True)
class FieldChange:
    """One field of one entity, before and after (plain values: text, lists, mappings)."""

    field: str
    before: Any
    after: Any
    words: str


@dataclass(frozen=True)
class EntityChange:
    """An entity added, removed, renamed or changed; ``season``/``arc`` group it."""

    kind: str
    id: str
    change: str  # "added", "removed", "renamed", "changed"
    words: str
    old_id: str | None = None
    season: str = WORLD
    arc: str | None = None
    fields: tuple[FieldChange, ...] = ()
    #: A beat's episode (after the change; before it, for a removed beat).
    at: str | None = None


@dataclass
class StoryDiff:
    """Every change, in story order; problems introduced and fixed by them."""

    changes: list[EntityChange] = field(default_factory=list)
    introduced: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.introduced or self.fixed)

    def moved_beats(self) -> list[tuple[EntityChange, FieldChange]]:
        """The beats whose episode changed, with that change (the PR comment's table)."""
        return [(c, f) for c in self.changes if c.kind == "beat"
                for f in c.fields if f.field == "at"]

    def groups(self) -> list[tuple[str, list[EntityChange]]]:
        """Changes grouped by season (``S1``...), then the world (cast, factions...)."""
        by: dict[str, list[EntityChange]] = {}
        for change in self.changes:
            by.setdefault(change.season, []).append(change)
        seasons = sorted((s for s in by if s != WORLD), key=_season_order)
        return [(s, by[s]) for s in [*seasons, *([WORLD] if WORLD in by else [])]]


def story_diff(
    old: Bible, new: Bible,
    old_problems: Iterable[Diagnostic] = (), new_problems: Iterable[Diagnostic] = (),
) -> StoryDiff:
    """What changed from ``old`` to ``new``, and which problems that introduced and fixed."""
    before, after = _entities(old), _entities(new)
    renames = _renames(before, after)
    diff = StoryDiff(renames=renames)
    dead = {s.id for s in new.statuses.values() if not s.appears} | {
        s.id for s in old.statuses.values() if not s.appears}
    renamed_from = {n: o for o, n in renames.items()}
    for key in sorted(set(before) | set(after), key=_kind_order):
        kind, entity_id = key
        old_id: str | None = None
        if key in after:
            old_id = renamed_from.get(entity_id) if key not in before else None
            if old_id is not None and (kind, old_id) in before:
                a = before[(kind, old_id)]
            elif key in before:
                a, old_id = before[key], None
            else:
                diff.changes.append(_whole(kind, after[key], "added"))
                continue
            b = after[key]
        else:
            if (kind, renames.get(entity_id, "")) not in after:
                diff.changes.append(_whole(kind, before[key], "removed"))
            continue
        fields = tuple(_field_changes(kind, a, b, renames, dead, new))
        if old_id is None and not fields:
            continue
        # A relation's id is made from its factions and start: a new start is a change.
        change = "renamed" if old_id and kind != "relation" else "changed"
        words = (f"renamed {kind} {old_id} → {entity_id}" if change == "renamed"
                 else _changed_words(kind, fields))
        season, arc = _group(b)
        at = str(b.at) if isinstance(b, Beat) else None
        diff.changes.append(EntityChange(kind, entity_id, change, words, old_id, season, arc,
                                         fields, at))
    diff.changes.sort(key=_story_order)
    diff.introduced, diff.fixed = _problems(list(old_problems), list(new_problems), renames)
    return diff


# -- entities and renames --------------------------------------------------------


def _entities(bible: Bible) -> dict[tuple[str, str], Entity | Any]:
    found: dict[tuple[str, str], Any] = {("series", "series"): bible.series}
    for kind, table in (("status", bible.statuses), ("season", bible.seasons),
                        ("faction", bible.factions), ("character", bible.characters),
                        ("arc", bible.arcs), ("beat", bible.beats)):
        for entity_id, entity in table.items():
            if kind == "status" and entity.node is None:
                continue  # a default status, written nowhere
            found[(kind, entity_id)] = entity
    for relation in bible.relations:
        found[("relation", relation.id)] = relation
    return found


def plain_fields(entity: Any, renames: dict[str, str] | None = None) -> dict[str, Any]:
    """An entity's fields as plain values, ids read through ``renames``."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(entity):
        if f.name in _SOURCE_FIELDS:
            continue
        value = _plain(getattr(entity, f.name))
        if renames and f.name not in TEXT_FIELDS:
            value = _renamed(value, renames)
        out[f.name] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Position):
        return str(value)
    if isinstance(value, Change):
        return {k: v for k, v in (("status", value.status), ("faction", value.faction)) if v}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _renamed(value: Any, renames: dict[str, str]) -> Any:
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, list):
        return [_renamed(v, renames) for v in value]
    if isinstance(value, dict):
        return {renames.get(k, k): _renamed(v, renames) for k, v in value.items()}
    return value


def _renames(before: dict[tuple[str, str], Any], after: dict[tuple[str, str], Any]
             ) -> dict[str, str]:
    """Old id -> new id for entities whose id changed while they stayed themselves.

    A pair of one kind, gone and new, is a rename when their fields agree once
    references are read through the renames found so far (every field, first;
    then most of them, the closest pair first). Relations have derived ids and
    are matched by their factions instead (:func:`_relation_pairs`).
    """
    gone = [k for k in before if k not in after and k[0] not in ("relation", "series")]
    new = [k for k in after if k not in before and k[0] not in ("relation", "series")]
    renames: dict[str, str] = {}
    if not gone or not new:
        return {**renames, **_relation_pairs(before, after, renames)}
    refs_before, refs_after = _reference_counts(before), _reference_counts(after)
    for strict in (True, False):
        scored = []
        for g in gone:
            for n in new:
                if g[0] != n[0] or g[1] in renames or n[1] in renames.values():
                    continue
                trial = {**renames, g[1]: n[1]}
                a, b = plain_fields(before[g], trial), plain_fields(after[n], trial)
                written = [k for k in a if a[k] not in _EMPTY or b.get(k) not in _EMPTY]
                score = sum(1 for k in written if a[k] == b.get(k)) / max(len(written), 1)
                # Most fields the same is a rename only when every reference followed
                # the id, as `arcroom rename` leaves it; all of them always is.
                followed = (refs_before[g[1]] > 0 and refs_after[g[1]] == 0
                            and refs_after[n[1]] > 0)
                if (strict and score == 1) or (not strict and score >= 0.6 and followed):
                    scored.append((score, g[1], n[1]))
        for _, old_id, new_id in sorted(scored, key=lambda s: -s[0]):
            if old_id not in renames and new_id not in renames.values():
                renames[old_id] = new_id
    renames.update(_relation_pairs(before, after, renames))
    return renames


_EMPTY: tuple[Any, ...] = (None, [], {}, False, "")


def _reference_counts(entities: dict[tuple[str, str], Any]) -> Counter[str]:
    """How often each id is referred to by the entities' fields (free text aside)."""
    counts: Counter[str] = Counter()

    def count(value: Any) -> None:
        if isinstance(value, str):
            counts[value] += 1
        elif isinstance(value, list):
            for item in value:
                count(item)
        elif isinstance(value, dict):
            for k, v in value.items():
                counts[k] += 1
                count(v)

    for entity in entities.values():
        for name, value in plain_fields(entity).items():
            if name not in TEXT_FIELDS:
                count(value)
    return counts


def _relation_pairs(before: dict[tuple[str, str], Any], after: dict[tuple[str, str], Any],
                    renames: dict[str, str]) -> dict[str, str]:
    """A stance whose dates or kind changed keeps its pair of factions: match on the pair."""
    def pair(r: Relation) -> tuple[str, ...]:
        return tuple(sorted(renames.get(f, f) for f in r.between))

    gone = [before[k] for k in before if k[0] == "relation" and k not in after]
    new = [after[k] for k in after if k[0] == "relation" and k not in before]
    pairs: dict[str, str] = {}
    for g in gone:
        match = next((n for n in new if pair(n) == pair(g) and n.id not in pairs.values()), None)
        if match is not None:
            pairs[g.id] = match.id
    return pairs


# -- words ------------------------------------------------------------------------


def _field_changes(kind: str, a: Any, b: Any, renames: dict[str, str], dead: set[str],
                   new: Bible) -> Iterator[FieldChange]:
    if a == b and not renames:
        return  # the same story (source places never take part in equality)
    old_fields, new_fields = plain_fields(a, renames), plain_fields(b)
    for name, value in new_fields.items():
        was = old_fields.get(name)
        if was == value:
            continue
        yield FieldChange(name, was, value, _field_words(kind, b, name, was, value, dead))


def _field_words(kind: str, entity: Any, name: str, was: Any, now: Any, dead: set[str]) -> str:
    if kind == "beat" and name == "at":
        move = _direction(was, now)
        deaths = [c for c, ch in entity.changes.items() if ch.status in dead]
        if deaths:
            return f"{' and '.join(deaths)}'s death moved {move}: {was} → {now}"
        return f"moved {was} → {now} ({move})"
    if kind == "beat" and name == "arc":
        return f"moved from arc {was} to arc {now}"
    if kind == "character" and name == "faction":
        return f"changed faction: {_show(was)} → {_show(now)}"
    if kind == "relation" and name in ("stance", "start", "until", "between"):
        what = {"stance": ":", "start": " starts", "until": " ends", "between": " between"}[name]
        return f"{_relation_words(entity)}{what} {_show(was)} → {_show(now)}"
    if name in EDGE_FIELDS and isinstance(now, list) and isinstance(was, list | None):
        added = [x for x in now if x not in (was or [])]
        cut = [x for x in (was or []) if x not in now]
        parts = [f"added {', '.join(map(str, added))}" if added else "",
                 f"cut {', '.join(map(str, cut))}" if cut else ""]
        if not any(parts):
            return f"{name}: reordered"
        return f"{name}: " + "; ".join(p for p in parts if p)
    return f"{name}: {_show(was)} → {_show(now)}"


def _direction(was: str | None, now: str | None) -> str:
    return "earlier" if _direction_key(now or "") < _direction_key(was or "") else "later"


def _relation_words(r: Relation) -> str:
    return f"stance between {r.between[0]} and {r.between[1]}"


def _show(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _whole(kind: str, entity: Any, change: str) -> EntityChange:
    entity_id = getattr(entity, "id", kind)
    season, arc = _group(entity)
    if isinstance(entity, Beat):
        what = f"{change} beat {entity_id} ({entity.at})"
        if entity.summary:
            what += f": {entity.summary}"
    elif isinstance(entity, Relation):
        until = f" until {entity.until}" if entity.until else ""
        what = f"{change} {_relation_words(entity)}: {entity.stance} from {entity.start}{until}"
    else:
        title = getattr(entity, "title", None) or getattr(entity, "name", None)
        what = f"{change} {kind} {entity_id}" + (f" ({title})" if title else "")
    at = str(entity.at) if isinstance(entity, Beat) else None
    return EntityChange(kind, entity_id, change, what, None, season, arc, (), at)


def _changed_words(kind: str, fields: tuple[FieldChange, ...]) -> str:
    return "; ".join(f.words for f in fields)


def _group(entity: Any) -> tuple[str, str | None]:
    if isinstance(entity, Beat):
        return entity.at.season_id, entity.arc
    seasons = getattr(entity, "seasons", None)
    if seasons and hasattr(entity, "beats"):
        return seasons[0], entity.id
    return WORLD, None


def _season_order(season: str) -> tuple[int, str]:
    digits = season[1:]
    return (int(digits), season) if digits.isdigit() else (1 << 30, season)


def _story_order(change: EntityChange) -> tuple[Any, ...]:
    return (_season_order(change.season), change.arc or "", KINDS.index(change.kind),
            _direction_key(change.at or ""), change.id)


def _direction_key(text: str) -> tuple[int, int]:
    season, _, episode = text[1:].partition("E")
    return (int(season) if season.isdigit() else 0, int(episode) if episode.isdigit() else 0)


def _kind_order(key: tuple[str, str]) -> tuple[int, str]:
    return KINDS.index(key[0]), key[1]


# -- problems ---------------------------------------------------------------------


def _problems(old: list[Diagnostic], new: list[Diagnostic], renames: dict[str, str]
              ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    def renamed_key(d: Diagnostic) -> Key:
        key = key_of(d)
        about = ",".join(renames.get(s, s) for s in key.about.split(",")) if key.about else ""
        return Key(key.code, renames.get(key.entity, key.entity), about)

    # Pair the same problem first (same key, same words), then any of the same key:
    # of several problems under one key, those that stayed are not the ones listed.
    old_keys = [(renamed_key(d), _words(d, renames)) for d in old]
    new_keys = [(key_of(d), _words(d, {})) for d in new]
    exact = Counter(old_keys) & Counter(new_keys)
    rest_old = _unmatched(old, old_keys, exact)
    rest_new = _unmatched(new, new_keys, exact)
    loose = (Counter(k for _, (k, _) in rest_old) & Counter(k for _, (k, _) in rest_new))
    fixed = [d for d, _ in _drop(rest_old, loose)]
    introduced = [d for d, _ in _drop(rest_new, loose)]
    return introduced, fixed


def _words(d: Diagnostic, renames: dict[str, str]) -> str:
    message = text_key_of(d).message
    for old_id, new_id in renames.items():
        message = message.replace(old_id, new_id)
    return message


def _unmatched(found: list[Diagnostic], keys: list[tuple[Key, str]],
               matched: Counter[tuple[Key, str]]) -> list[tuple[Diagnostic, tuple[Key, str]]]:
    left = Counter(matched)
    out = []
    for d, key in zip(found, keys, strict=True):
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append((d, key))
    return out


def _drop(found: list[tuple[Diagnostic, tuple[Key, str]]], matched: Counter[Key]
          ) -> list[tuple[Diagnostic, tuple[Key, str]]]:
    left = Counter(matched)
    out = []
    for d, key in found:
        if left[key[0]] > 0:
            left[key[0]] -= 1
        else:
            out.append((d, key))
    return out
