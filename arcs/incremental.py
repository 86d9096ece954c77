"""Incremental checking: after an edit, re-run only what the edit can change.

:class:`Checker` holds the last check of a bible and, given the edited
bible, returns exactly the diagnostics :func:`arcs.checker.run_rules` would
(same diagnostics, same order), re-running as little as it can. The editor,
a watch mode or a language server keep one per open bible::

    checker = Checker(document.bible)
    ...                                   # an edit through the Document
    diagnostics = checker.update(document.bible)

How it works (salsa's idea, at the size of a rule catalogue):

- Each rule declares a ``SCOPE``. An ``"entity"`` rule's diagnostics about
  an entity depend on that entity and on a few facts around it (a beat on its
  characters' timelines, the beats its ``after``/``sets_up``/``pays_off`` name
  or that name it, its arc); its results are kept per (rule, entity) and it
  is re-run on a *view* of the bible holding only the dirty entities (see
  :func:`_view`). An arc is dirty with its changed beats, and so is every arc
  that ``requires`` it (T003 reads the required arc's last beat).
  A ``"character"`` rule's diagnostics about a character (their subject, else
  where they are) depend only on that character, their timeline and the beats
  listing them; its results are kept per (rule, character) and it is re-run
  for the people a changed beat lists or changes, before or after the edit,
  on a view whose story walks only their beats (:func:`_character_view`).
  A ``"bible"`` rule is re-run whole, but only when one of the kinds of input
  it ``READS`` changed; it is cheap or rarely needed. (For the narrowed
  scopes, ``READS`` names the inputs whose change re-runs them whole.)
- What changed is found by comparing the two models, identity first (an
  edit re-reads only what it touched, so every other entity is the same
  object), so undo, redo, a reload and a journal replay need nothing special.
- Story order (:class:`arcs.order.Story`) is updated, not rebuilt: only the
  episodes a moved beat leaves or joins are ordered again, and only the
  timelines and appearances of the characters the changed beats name.
- The diagnostics kept from before are moved by the lines the text gained
  or lost above them; one that lies in the changed text is computed again.
- Suppression (``ignore:``, select/ignore, severities) is applied once, to
  the whole result, as :mod:`arcs.checker` does.

- Beats added or removed are narrowed too: the beats that name them, the
  entities with a reference that does not resolve (their "did you mean"
  may change), and the bible-wide rules that read ids.

What it cannot narrow (other ids added or removed, any id renamed, statuses
or seasons changed, beats written in another order) it checks whole, as a
fresh check.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from arcs.checker import Selection, _silenced, unknown_ignores
from arcs.context import Context, Link
from arcs.diagnostics import Diagnostic
from arcs.order import Story, _within_episode, build_story
from arcs.rules import RULES, Rule, r_unknown_reference, r_wrong_kind
from arcs.state import Stances, State, Timeline
from story_bible.model import Arc, Beat, Bible, Relation
from story_bible.positions import Position
from story_bible.reading.loader import collector_paused
from story_bible.references import Ref, references

if TYPE_CHECKING:
    import networkx as nx

#: The kinds of input an edit can change, as :attr:`Changes.kinds` names them.
INPUTS = frozenset({
    "statuses", "seasons", "factions", "characters", "relations", "arcs", "beats", "order",
    "links", "ids", "beat ids", "text", "timelines", "named", "prose",
})
#: Inputs whose change is checked whole: they reach nearly every rule.
_WHOLE = frozenset({"statuses", "seasons", "ids"})
#: The key of the unknown-ignore codes (B010) among the kept results.
_IGNORES = "ignore"


@dataclasses.dataclass
class Changes:
    """What one edit changed, found by comparing the model before and after it."""

    #: the kinds of input that changed (see :data:`INPUTS`).
    kinds: set[str] = dataclasses.field(default_factory=set)
    #: ids of entities whose own fields changed (beats, characters, arcs, ...).
    entities: set[str] = dataclasses.field(default_factory=set)
    #: ids of beats whose own fields changed.
    beats: set[str] = dataclasses.field(default_factory=set)
    #: ids of relations before and after, when a relation changed.
    relations: set[str] = dataclasses.field(default_factory=set)
    #: ids of beats the edit added, and of beats it removed.
    added: set[str] = dataclasses.field(default_factory=set)
    removed: set[str] = dataclasses.field(default_factory=set)


class Checker:
    """The diagnostics of a bible, kept up to date edit by edit (see the module)."""

    def __init__(
        self, bible: Bible, selection: Selection | None = None, story: Story | None = None
    ) -> None:
        """Check ``bible`` whole; ``story``, its story order when the caller has it."""
        self.selection = selection or Selection()
        self.rules: dict[str, Rule] = {
            code: rule for code, rule in RULES.items()
            if rule.check is not None and self.selection.wants(code)
        }
        #: Each rule's scope and the inputs whose change re-runs it whole (read once).
        self.scopes = {code: _scope(rule) for code, rule in self.rules.items()}
        self.reads = {code: _reads(rule) for code, rule in self.rules.items()}
        #: How many (rule, entity) results and whole rules the last update ran.
        self.recomputed: dict[str, int] = {}
        with collector_paused():
            self._full(bible, story if story is not None and story.bible is bible else None)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The diagnostics of the bible last checked, as :func:`run_rules` gives them."""
        return self._assembled

    def update(self, bible: Bible) -> list[Diagnostic]:
        """Check ``bible``, an edit of the one last checked; returns every diagnostic."""
        if bible is self.bible:
            return self._assembled
        with collector_paused():
            self._update(bible)
        return self._assembled

    # -- whole checks ------------------------------------------------------------------

    def _full(self, bible: Bible, story: Story | None = None) -> None:
        self.bible = bible
        self.story = story or build_story(bible)
        self.ctx = _context(bible, self.story)
        self._written = {name: i for i, name in enumerate(bible.beats)}
        self._named_by: dict[str, set[str]] | None = None
        self._links()
        #: Kept results of the entity and character rules, by rule and key (see _KEYS).
        self.by_entity: dict[str, dict[str, list[Diagnostic]]] = {}
        self.whole: dict[str, list[Diagnostic]] = {}
        for code, rule in self.rules.items():
            key = _KEYS.get(self.scopes[code])
            if key is not None:
                self.by_entity[code] = _keyed(rule.check(self.ctx), key)  # type: ignore[misc]
            else:
                self.whole[code] = list(rule.check(self.ctx))  # type: ignore[misc]
        self.by_entity[_IGNORES] = _keyed(unknown_ignores(bible))
        self.recomputed = {"whole": len(self.rules) + 1}
        self._assemble()

    # -- one edit ----------------------------------------------------------------------

    def _update(self, bible: Bible) -> None:
        old = self.bible
        changes = _compare(old, bible)
        if (changes.kinds & _WHOLE or not _same_order(old, bible, changes)
                or len(changes.beats) > len(bible.beats) // 4 + 8):
            self._full(bible)
            return
        written = self._written
        if changes.added or changes.removed:
            written = {name: i for i, name in enumerate(bible.beats)}
        story = _updated_story(self.story, old, bible, changes, written)
        if story is None:
            self._full(bible)
            return
        self._written = written
        kinds = changes.kinds
        # A bible-wide rule that reads ids reads the beats' too.
        whole_kinds = kinds | {"ids"} if "beat ids" in kinds else kinds
        previous = self.story
        self.bible, self.story = bible, story
        self.ctx = _context(bible, story, self.ctx, changes)
        self.recomputed = {}
        dirty = self._dirty(old, bible, previous, changes)
        people = _people(old, bible, changes)
        if "text" in kinds:
            hits, hit_rules = self._move(old, bible)
            dirty.update(hits["entity"])
            people.update(hits["character"])
        else:
            hit_rules = set()
        people = {c for c in people if c in bible.characters}
        # The views of the entities and characters to check again, made when first needed.
        views: dict[str, tuple[_ViewContext, set[str]]] = {}

        def view(scope: str) -> tuple[_ViewContext, set[str]]:
            if scope not in views:
                if scope == "entity":
                    shown, visible = _view(bible, dirty)
                    views[scope] = _ViewContext(shown, self.ctx, _in_order(story, dirty)), visible
                else:
                    views[scope] = _character_view(bible, self.ctx, people), people
            return views[scope]

        for code, rule in self.rules.items():
            reads, scope = self.reads[code], self.scopes[code]
            key = _KEYS.get(scope)
            if key is None:
                if reads & whole_kinds or code in hit_rules:
                    self.whole[code] = list(rule.check(self.ctx))  # type: ignore[misc]
                    self.recomputed[code] = -1
            elif reads & kinds:
                self.by_entity[code] = _keyed(rule.check(self.ctx), key)  # type: ignore[misc]
                self.recomputed[code] = -1
            elif dirty if scope == "entity" else people:
                ctx, visible = view(scope)
                _replace(self.by_entity[code], rule.check(ctx), visible, key)  # type: ignore[misc]
                self.recomputed[code] = len(visible)
        if dirty:
            ctx, visible = view("entity")
            _replace(self.by_entity[_IGNORES], unknown_ignores(ctx.bible), visible, _entity_key)
        self._assemble()

    def _dirty(self, old: Bible, new: Bible, previous: Story, changes: Changes) -> set[str]:
        """Every entity whose entity-scoped results the edit may change.

        The changed entities; the beats their links name or that name them
        (``after``, ``sets_up``, ``pays_off``); every beat listing or changing
        a character a changed beat changes (their timeline may have moved), or
        a changed character, before and after the edit; the beats of a changed
        arc. A character a changed beat only lists keeps their timeline: what
        their other beats say does not change.
        """
        dirty = set(changes.entities) | changes.relations
        named_by = self._links()
        people = {c for c in changes.entities if c in new.characters}
        for name in changes.beats:
            was, now = old.beats.get(name), new.beats.get(name)  # None: added, removed
            if was is not None:
                _unlink(named_by, was)
            if now is not None:
                _link(named_by, now)
            both = [beat for beat in (was, now) if beat is not None]
            for beat in both:
                people.update(beat.changes)  # whose timelines may have changed
            if was is None or now is None or _linked(was) != _linked(now):
                # What the beats it links and the beats linking it say of it may change.
                dirty.update(named_by.get(name, ()))
                for beat in both:
                    dirty.update(beat.sets_up)
                    dirty.update(beat.pays_off)
        if changes.added or changes.removed:
            # A name that did not resolve may now, or may be suggested differently.
            dirty.update(self._misreferring())
        for person in people:
            for story in (previous, self.story):
                dirty.update(b.id for b in story.appearances.get(person, ()))
                timeline = story.timelines.get(person)
                if timeline is not None:
                    dirty.update(story.beats[r].id for r in timeline.changed)
        for name in changes.entities:
            arc = new.arcs.get(name)
            if arc is not None:
                dirty.update(arc.beats)
        # An arc's first and last beats, and what the arcs requiring it read of them.
        arcs = {name for name in changes.entities if name in new.arcs}
        for name in changes.beats:
            for held in (old.beats.get(name), new.beats.get(name)):
                if held is not None:
                    arcs.add(held.arc)
        dirty.update(arcs)
        dirty.update(a.id for a in new.arcs.values() if not arcs.isdisjoint(a.requires))
        return {name for name in dirty if name in new.beats or name in new.characters
                or name in new.arcs or name in changes.entities or name in changes.relations}

    def _misreferring(self) -> set[str]:
        """The entities with a reference that names a missing id, or an id of another kind."""
        found: set[str] = set()
        for code in _MISREFERENCE_RULES:
            found.update(entity for entity, ds in self.by_entity.get(code, {}).items() if ds)
        return found

    def _links(self) -> dict[str, set[str]]:
        """Beat id -> the beats that name it in after, sets_up or pays_off (kept up to date)."""
        if self._named_by is None:
            self._named_by = defaultdict(set)
            for beat in self.bible.beats.values():
                _link(self._named_by, beat)
        return self._named_by

    def _move(self, old: Bible, new: Bible) -> tuple[dict[str, set[str]], set[str]]:
        """Move kept diagnostics by the lines their file gained above them.

        Returns the keys (by scope: entities, characters) and the whole rules
        with a diagnostic inside the changed text: those are computed again.
        """
        hits: dict[str, set[str]] = {scope: set() for scope in _KEYS}
        hit_rules: set[str] = set()
        regions = {
            file: _region(old.texts.get(file, ""), text)
            for file, text in new.texts.items() if old.texts.get(file) != text
        }
        if not regions:
            return hits, hit_rules

        def moved(found: list[Diagnostic]) -> tuple[list[Diagnostic], bool]:
            out, hit = [], False
            for d in found:
                region = regions.get(d.file)
                if region is None or d.end_line < region[0] or (
                    d.line > region[1] and not region[2]
                ):
                    out.append(d)
                elif d.line > region[1]:
                    out.append(dataclasses.replace(
                        d, line=d.line + region[2], end_line=d.end_line + region[2]))
                else:
                    hit = True
            return out, hit

        for code, found in self.whole.items():
            self.whole[code], hit = moved(found)
            if hit:
                hit_rules.add(code)
        for code, keyed in self.by_entity.items():
            hit_keys = hits[self.scopes.get(code, "entity")]
            for name, found in keyed.items():
                keyed[name], hit = moved(found)
                if hit and name:
                    hit_keys.add(name)
        return hits, hit_rules

    def _assemble(self) -> None:
        bible = self.bible
        severities = self.selection.severity
        found: list[Diagnostic] = [d for ds in self.by_entity[_IGNORES].values() for d in ds]
        for code in self.rules:
            keyed = self.by_entity.get(code)
            each = (
                (d for ds in keyed.values() for d in ds) if keyed is not None
                else self.whole[code]
            )
            severity = severities.get(code)
            for d in each:
                if _silenced(bible, d):
                    continue
                found.append(d.with_severity(severity) if severity else d)
        self._assembled = sorted(found)


# -- what an edit changed ---------------------------------------------------------------


def _compare(old: Bible, new: Bible) -> Changes:
    changes = Changes()
    kinds = changes.kinds
    if old.texts != new.texts:
        kinds.add("text")
    for name in ("statuses", "seasons", "factions", "characters"):
        before, after = getattr(old, name), getattr(new, name)
        if before is after:
            continue
        if before.keys() != after.keys():
            kinds.add("ids")
        changed = [i for i, e in after.items() if before.get(i) is not e and before.get(i) != e]
        if changed:
            kinds.add(name)
            changes.entities.update(changed)
    if old.series != new.series:
        kinds.add("series")
    if len(old.relations) != len(new.relations) or any(
        a is not b for a, b in zip(old.relations, new.relations, strict=True)
    ):
        kinds.add("relations")
        changes.relations = {r.id for r in (*old.relations, *new.relations)}
    if old.arcs is not new.arcs:
        if old.arcs.keys() != new.arcs.keys():
            kinds.add("ids")
        for name, arc in new.arcs.items():
            before = old.arcs.get(name)
            if before is arc or before is None:
                continue
            if not _same_arc(before, arc):
                kinds.add("arcs")
                changes.entities.add(name)
                if before.requires != arc.requires:
                    kinds.add("links")
            if before.beats is not arc.beats:
                _compare_beats(before.beats, arc.beats, changes)
    # Beats come and go in the arcs compared above: look only at those (comparing
    # 20,000 ids each edit took longer than the rest of the comparison).
    added = {n for n in changes.beats if n in new.beats and n not in old.beats}
    removed = {n for n in changes.beats if n in old.beats and n not in new.beats}
    if len(new.beats) - len(old.beats) != len(added) - len(removed):  # an arc came or went
        added, removed = new.beats.keys() - old.beats.keys(), old.beats.keys() - new.beats.keys()
    if added or removed:
        changes.added, changes.removed = added, removed
        kinds.add("beat ids")
        if any(_named_elsewhere(name, bible) for name in changes.added | changes.removed
               for bible in (old, new)):
            kinds.add("ids")  # an id of two kinds (the reader refuses it, B011): checked whole
    return changes


def _named_elsewhere(name: str, bible: Bible) -> bool:
    """Whether ``name`` is the id of an entity other than a beat."""
    return any(name in table for table in (
        bible.statuses, bible.seasons, bible.factions, bible.characters, bible.arcs,
    ))


def _same_order(old: Bible, new: Bible, changes: Changes) -> bool:
    """Whether the beats both bibles hold are written in the same order.

    A bible's beats are its arcs' in turn, so only the arcs whose beats
    changed are compared (a beat that changed arcs counts as reordered).
    """
    if list(old.arcs) != list(new.arcs):
        return False
    for name, arc in new.arcs.items():
        before = old.arcs[name].beats
        if before is not arc.beats and (
            [n for n in before if n not in changes.removed]
            != [n for n in arc.beats if n not in changes.added]
        ):
            return False
    return True


#: What a beat that comes or goes can change.
_A_BEAT = frozenset({"beats", "order", "links", "named", "timelines"})


def _compare_beats(before: dict[str, Beat], after: dict[str, Beat], changes: Changes) -> None:
    kinds = changes.kinds
    for name in before.keys() - after.keys():
        changes.beats.add(name)
        changes.entities.add(name)
        kinds.update(_A_BEAT)
    for name, beat in after.items():
        was = before.get(name)
        if was is beat:
            continue
        # A beat read again, even unchanged, is a new object with its own
        # place in the text: what is kept must hold the new one.
        changes.beats.add(name)
        changes.entities.add(name)
        if was is None:
            kinds.update(_A_BEAT)
            continue
        if was == beat:
            continue
        if _only_prose(was, beat):
            kinds.add("prose")  # what the beat says, not who, when or what follows
            continue
        kinds.add("beats")
        if was.at != beat.at or was.after != beat.after:
            kinds.add("order")
        if (was.after, was.sets_up, was.pays_off) != (beat.after, beat.sets_up, beat.pays_off):
            kinds.add("links")
        if was.factions != beat.factions or _factions_named(was) != _factions_named(beat):
            kinds.add("named")
        if (was.at, was.changes, was.characters, was.flashback) != (
            beat.at, beat.changes, beat.characters, beat.flashback
        ):
            kinds.add("timelines")


#: A beat's fields that only the beat's own (entity) rules read: typing in a
#: summary re-runs no rule of the whole bible.
_PROSE = frozenset({"summary", "notes", "tags", "setup", "payoff"})
_NOT_PROSE = tuple(f.name for f in dataclasses.fields(Beat) if f.compare and f.name not in _PROSE)


def _only_prose(was: Beat, now: Beat) -> bool:
    return all(getattr(was, f) == getattr(now, f) for f in _NOT_PROSE)


def _factions_named(beat: Beat) -> list[str | None]:
    return [change.faction for change in beat.changes.values()]


_ARC_FIELDS = tuple(f.name for f in dataclasses.fields(Arc) if f.name != "beats" and f.compare)


def _same_arc(a: Arc, b: Arc) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in _ARC_FIELDS)


def _region(old: str, new: str) -> tuple[int, int, int]:
    """The lines of ``old`` an edit changed (first, last, 1-based) and the lines it gained."""
    start = _common_prefix(old, new)
    tail = _common_suffix(old, new, start)
    first = old.count("\n", 0, start) + 1
    last = first + old.count("\n", start, len(old) - tail)
    gained = new.count("\n", start, len(new) - tail) - old.count("\n", start, len(old) - tail)
    if "\r" in old or "\r" in new:  # lone CRs end lines too: call every line changed
        return 1, max(old.count("\n"), old.count("\r")) + 1, gained
    return first, last, gained


_CHUNK = 1 << 14
_MAX_CHUNK = 1 << 18


def _agreeing(n: int, same: Callable[[int, int], bool]) -> int:
    """The longest run ``[0, k)``, k <= n, that ``same(i, j)`` (positions i to j agree) holds for.

    Growing chunks are compared, then the chunk that differs is bisected: no
    comparison character by character (a 16,000-character tail of those took
    milliseconds at 20,000 beats).
    """
    lo, step = 0, _CHUNK
    while lo < n:
        hi = min(n, lo + step)
        if not same(lo, hi):
            break
        lo, step = hi, min(step * 2, _MAX_CHUNK)
    else:
        return n
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if same(lo, mid):
            lo = mid
        else:
            hi = mid
    return lo


def _common_prefix(a: str, b: str) -> int:
    return _agreeing(min(len(a), len(b)), lambda i, j: a[i:j] == b[i:j])


def _common_suffix(a: str, b: str, floor: int) -> int:
    """How many characters ``a`` and ``b`` end with in common, not reaching into ``floor``."""
    x, y = len(a), len(b)
    # One side is sliced (a copy), the other compared where it lies.
    return _agreeing(min(x, y) - floor, lambda i, j: b.startswith(a[x - j:x - i], y - j))


def _people(old: Bible, new: Bible, changes: Changes) -> set[str]:
    """The characters whose character-rule results the edit may change.

    The changed characters, and everyone a changed beat lists or changes,
    before or after the edit (their appearances or timeline moved). A beat
    whose only change is what it says changes no one's: its kept results are
    moved with the text.
    """
    people = {c for c in changes.entities if c in new.characters}
    for name in changes.beats:
        was, now = old.beats.get(name), new.beats.get(name)
        if was is not None and now is not None and _only_prose(was, now):
            continue
        for beat in (was, now):
            if beat is not None:
                people.update(beat.changes)
                people.update(beat.characters)
    return people


# -- story order, updated -----------------------------------------------------------------


def _updated_story(
    story: Story, old: Bible, new: Bible, changes: Changes, written: dict[str, int]
) -> Story | None:
    """``story`` for ``new``, changed only where the changed beats are (None: rebuild it).

    The caller promises the same beats, written in the same order. Beats whose
    episode or ``after`` changed leave their place and join their episode's
    order again; None when that reorders beats the edit did not touch.
    """
    changed = changes.beats
    people = {c for c in changes.entities if c in new.characters}
    if not changed and not people:
        return Story(new, story.beats, story.rank, story.timelines, story.appearances)
    came_or_went = changes.added | changes.removed
    moved = came_or_went | {
        n for n in changed - came_or_went
        if (old.beats[n].at, old.beats[n].after) != (new.beats[n].at, new.beats[n].after)
    }
    beats = list(story.beats)
    for name in changed - moved:
        beats[story.rank[name]] = new.beats[name]
    rank = story.rank
    # Ranks change only from the first place a beat left or joined to the last.
    first, last = len(beats), 0
    if moved:
        left = sorted((story.rank[n] for n in moved if n in story.rank), reverse=True)
        for index in left:
            del beats[index]
        places = ({old.beats[n].at for n in moved if n in old.beats}
                  | {new.beats[n].at for n in moved if n in new.beats})
        for place in sorted(places):
            lo = bisect_left(beats, place, key=_at)
            hi = bisect_right(beats, place, key=_at)
            staying = beats[lo:hi]
            group = staying + [
                new.beats[n] for n in moved if n in new.beats and new.beats[n].at == place
            ]
            group.sort(key=lambda b: written[b.id])
            ordered = _episode_order(group, written)
            if [b for b in ordered if b.id not in moved] != staying:
                return None  # beats no edit touched changed places: rebuild the story
            beats[lo:hi] = ordered
        first = min([*left[-1:], *(bisect_left(beats, p, key=_at) for p in places)])
        last = max([*(i + 1 for i in left[:1]), *(bisect_right(beats, p, key=_at) for p in places)])
        if came_or_went:
            last = len(beats)  # every beat after the first place shifts
        rank = dict(rank)
        for name in changes.removed:
            del rank[name]
        for i in range(first, last):
            rank[beats[i].id] = i
    old_beats = story.beats
    listed: set[str] = set()
    for name in changed:
        for beat in (old.beats.get(name), new.beats.get(name)):
            if beat is not None:
                people.update(beat.changes)
                listed.update(beat.characters)
    timelines = dict(story.timelines)
    if moved:
        # The characters changed by a beat whose rank moved: found among those beats (a
        # few thousand at most), not by looking through every timeline. Beats that came
        # or went move every beat after them, up to the old story's end.
        end = len(old_beats) if came_or_went else last
        shifted = {cid for beat in old_beats[first:end] if beat.changes for cid in beat.changes}
        for cid in shifted - people:
            timeline = timelines.get(cid)
            if timeline is not None:
                timelines[cid] = Timeline([rank[old_beats[r].id] for r in timeline.changed],
                                          timeline.states, timeline.when)
    for cid in people:
        person = new.characters.get(cid)
        if person is None:
            continue
        changers = {old_beats[r].id for r in story.timelines[cid].changed} - changed
        changers.update(n for n in changed if n in new.beats and cid in new.beats[n].changes)
        timeline = Timeline.starting(State(person.status, person.faction))
        for r in sorted(rank[n] for n in changers):
            beat = beats[r]
            change = beat.changes[cid]
            timeline.change(r, beat.at, change.status, change.faction)
        timelines[cid] = timeline
    appearances = dict(story.appearances)
    for cid in listed:
        names = {b.id for b in story.appearances.get(cid, ())} - changed
        names.update(n for n in changed if n in new.beats and cid in new.beats[n].characters)
        if names:
            appearances[cid] = [beats[r] for r in sorted(rank[n] for n in names)]
        else:
            appearances.pop(cid, None)
    return Story(new, beats, rank, timelines, appearances)


def _at(beat: Beat) -> Position:
    return beat.at


def _episode_order(group: list[Beat], written: dict[str, int]) -> list[Beat]:
    """One episode's beats in story order, as :func:`arcs.order.story_order` orders them."""
    here = {beat.id: written[beat.id] for beat in group}
    ahead = any(here.get(a, -1) >= here[b.id] for b in group for a in b.after)
    return _within_episode(group, written) if ahead else group


# -- views of the dirty entities ---------------------------------------------------------


class _Visible(dict):  # type: ignore[type-arg]
    """A table of only the dirty entries, whose lookups still see every entry.

    Rules iterate a table for what they report and look entries up for what
    they need to know: iterating sees the dirty, looking up sees them all.
    """

    def __init__(self, shown: Iterable[tuple[str, Any]], every: dict[str, Any]) -> None:
        super().__init__(shown)
        self.every = every

    def __getitem__(self, key: str) -> Any:
        return self.every[key]

    def __contains__(self, key: object) -> bool:
        return key in self.every

    def get(self, key: str, default: Any = None) -> Any:
        return self.every.get(key, default)


def _view(bible: Bible, dirty: set[str]) -> tuple[Bible, set[str]]:
    """A bible holding only the ``dirty`` entities (and the arcs holding dirty beats).

    Returns it with the ids whose kept results a run on it replaces.
    """
    def only(table: dict[str, Any]) -> _Visible:
        return _Visible(((i, table[i]) for i in dirty if i in table), table)

    beats = bible.beats
    shown = [beats[i] for i in dirty if i in beats]
    holding: dict[str, list[Beat]] = defaultdict(list)
    for beat in shown:
        holding[beat.arc].append(beat)
    arcs = {
        name: dataclasses.replace(
            arc, beats=_Visible(((b.id, b) for b in holding.get(name, ())), arc.beats)
        )
        for name, arc in bible.arcs.items() if name in dirty or name in holding
    }
    view = _copy(bible)
    view.statuses = only(bible.statuses)
    view.seasons = only(bible.seasons)
    view.factions = only(bible.factions)
    view.characters = only(bible.characters)
    view.relations = [r for r in bible.relations if r.id in dirty]
    view.arcs = _Visible(arcs.items(), bible.arcs)
    view.beats = _Visible(((b.id, b) for b in shown), beats)
    return view, dirty | arcs.keys()


def _in_order(story: Story, names: Iterable[str]) -> list[Beat]:
    """The beats of ``names`` (other ids are left out) in story order."""
    rank = story.rank
    return [story.beats[r] for r in sorted(rank[n] for n in names if n in rank)]


def _character_view(bible: Bible, full: Context, people: set[str]) -> _ViewContext:
    """A context for re-running character rules for ``people`` only.

    The bible's characters are only those people, and its story walks only
    the beats listing or changing them (a character rule's results about a
    person come from those beats alone); lookups still see the whole bible.
    """
    story = full.story
    view = _copy(bible)
    view.characters = _Visible(((c, bible.characters[c]) for c in people), bible.characters)
    ranks: set[int] = set()
    rank = story.rank
    for cid in people:
        ranks.update(rank[b.id] for b in story.appearances.get(cid, ()))
        timeline = story.timelines.get(cid)
        if timeline is not None:
            ranks.update(timeline.changed)
    return _ViewContext(view, full, [story.beats[r] for r in sorted(ranks)])


class _ViewBible(Bible):
    """A bible of some entities (see :class:`_Visible`) whose whole-plan facts are the whole's."""

    whole: Bible

    @property
    def last_position(self) -> Position | None:
        return self.whole.last_position


def _copy(bible: Bible) -> _ViewBible:
    """A shallow copy of ``bible`` to make a view of, made without a re-index."""
    view = _ViewBible.__new__(_ViewBible)
    for f in dataclasses.fields(Bible):
        setattr(view, f.name, getattr(bible, f.name))
    view.whole = bible
    return view


class _ViewContext(Context):
    """A context over a view whose derived facts are the whole bible's (``full``).

    Its story walks only ``beats`` (in story order); ranks, timelines and
    appearances are the whole story's.
    """

    def __init__(self, view: Bible, full: Context, beats: list[Beat]) -> None:
        super().__init__(view)
        self.full = full
        story = full.story
        self.__dict__["story"] = Story(story.bible, beats, story.rank, story.timelines,
                                       story.appearances)

    @property
    def stances(self) -> Stances[Relation]:  # type: ignore[override]
        return self.full.stances

    @property
    def arc_beats(self) -> dict[str, list[Beat]]:  # type: ignore[override]
        return self.full.arc_beats

    @property
    def setup_links(self) -> list[Link]:  # type: ignore[override]
        return self.full.setup_links

    @property
    def kinds(self) -> dict[str, str]:  # type: ignore[override]
        return self.full.kinds

    @property
    def named_factions(self) -> set[str]:  # type: ignore[override]
        return self.full.named_factions

    @property
    def beat_graph(self) -> nx.DiGraph:  # type: ignore[override]
        return self.full.beat_graph

    @property
    def arc_graph(self) -> nx.DiGraph:  # type: ignore[override]
        return self.full.arc_graph

    @cached_property
    def misreferences(self) -> list[Ref]:
        kinds = self.kinds
        return [ref for ref in references(self.bible) if kinds.get(ref.target) != ref.kind]


def _context(bible: Bible, story: Story, before: Context | None = None,
             changes: Changes | None = None) -> Context:
    """A context for ``bible`` given its story, keeping what the edit did not change."""
    ctx = Context(bible)
    ctx.__dict__["story"] = story
    if before is None or changes is None:
        return ctx
    kept = before.__dict__
    if "relations" not in changes.kinds and "stances" in kept:
        ctx.__dict__["stances"] = kept["stances"]
    if not changes.kinds & {"ids", "beat ids"} and "kinds" in kept:
        ctx.__dict__["kinds"] = kept["kinds"]
    if "links" not in changes.kinds and "setup_links" in kept and not any(
        before.bible.beats[n].sets_up or before.bible.beats[n].pays_off for n in changes.beats
    ):
        ctx.__dict__["setup_links"] = kept["setup_links"]
    if "arc_beats" in kept and "ids" not in changes.kinds:
        # Only the arcs of changed beats change order: beats no edit touched keep theirs.
        arc_beats = dict(kept["arc_beats"])
        rank = story.rank
        # A beat moved to another arc leaves one and joins the other.
        arcs = {beat.arc for n in changes.beats
                for beat in (bible.beats.get(n), before.bible.beats.get(n)) if beat is not None}
        for arc in arcs & bible.arcs.keys():
            arc_beats[arc] = sorted(bible.arcs[arc].beats.values(), key=lambda b: rank[b.id])
        ctx.__dict__["arc_beats"] = arc_beats
    return ctx


# -- kept results ------------------------------------------------------------------------


#: The rules reporting references that do not resolve (see Checker._misreferring).
_MISREFERENCE_RULES = (r_unknown_reference.CODE, r_wrong_kind.CODE)


def _scope(rule: Rule) -> str:
    return str(getattr(_module(rule), "SCOPE", "bible"))


def _reads(rule: Rule) -> frozenset[str]:
    return frozenset(getattr(_module(rule), "READS", INPUTS))


def _module(rule: Rule) -> Any:
    import sys

    return sys.modules[rule.check.__module__] if rule.check is not None else None


def _entity_key(d: Diagnostic) -> str:
    return d.entity or ""


def _character_key(d: Diagnostic) -> str:
    """The character a character rule's diagnostic is about (its subject, or where it is)."""
    return d.subjects[0] if d.subjects else d.entity or ""


#: How the kept results of each narrowed scope are keyed: an edit re-runs a rule
#: for the keys it can change (entities, or characters) and keeps the rest.
_KEYS: dict[str, Callable[[Diagnostic], str]] = {
    "entity": _entity_key, "character": _character_key,
}


def _keyed(found: Iterable[Diagnostic], key: Callable[[Diagnostic], str] = _entity_key
           ) -> dict[str, list[Diagnostic]]:
    keyed: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        keyed[key(d)].append(d)
    return keyed


def _replace(keyed: dict[str, list[Diagnostic]], found: Iterator[Diagnostic],
             visible: set[str], key: Callable[[Diagnostic], str]) -> None:
    for name in visible:
        keyed.pop(name, None)
    for d in found:
        name = key(d)
        if name in visible:
            keyed.setdefault(name, []).append(d)


def _linked(beat: Beat) -> tuple[Any, ...]:
    """What the beats a beat links, or that link it, read of it."""
    return (beat.at, beat.flashback, beat.after, beat.sets_up, beat.pays_off)


def _link(named_by: dict[str, set[str]], beat: Beat) -> None:
    for target in (*beat.after, *beat.sets_up, *beat.pays_off):
        named_by[target].add(beat.id)


def _unlink(named_by: dict[str, set[str]], beat: Beat) -> None:
    for target in (*beat.after, *beat.sets_up, *beat.pays_off):
        named_by.get(target, set()).discard(beat.id)
