"""Filter and find: what ``/`` narrows the board, the graph and the outline to.

The writer types names, not syntax: ``Nam-ra`` is a character, ``The horde``
a faction, ``Escape Hyosan High`` an arc, ``#death`` a tag, anything else is
text found in a beat's summary or id. Commas join terms; a beat is kept when
it matches every term. A character's term keeps the beats that list them
(their path through the story).

The Factions and Character tabs narrow to the same story: :func:`characters`
are the people in the kept beats (a character's term chooses that character),
:func:`factions` the sides those beats involve (a faction's term shows all of
that faction's stances).
"""

from __future__ import annotations

from dataclasses import dataclass

from story_bible.model import Beat, Bible


@dataclass(frozen=True, slots=True)
class Term:
    """One thing the writer filters by: ``kind`` is character, faction, arc, tag or text."""

    kind: str
    value: str
    label: str


def parse(query: str, bible: Bible) -> list[Term]:
    """The terms of ``query`` (names resolved to ids, case-insensitive)."""
    terms: list[Term] = []
    for part in (p.strip() for p in query.split(",")):
        if not part:
            continue
        folded = part.casefold()
        if folded.startswith("#"):
            terms.append(Term("tag", folded[1:], part))
            continue
        terms.append(_named(folded, bible) or Term("text", folded, f"“{part}”"))
    return terms


def _named(folded: str, bible: Bible) -> Term | None:
    for c in bible.characters.values():
        if folded in (c.id.casefold(), c.name.casefold()) or folded in c.name.casefold().split():
            return Term("character", c.id, c.name)
    for f in bible.factions.values():
        if folded in (f.id.casefold(), f.name.casefold()):
            return Term("faction", f.id, f.name)
    for a in bible.arcs.values():
        if folded in (a.id.casefold(), a.title.casefold()):
            return Term("arc", a.id, a.title)
    return None


def matches(beat: Beat, terms: list[Term], bible: Bible) -> bool:
    """Whether ``beat`` matches every term."""
    for term in terms:
        if term.kind == "character" and term.value not in beat.characters \
                and term.value not in beat.changes:
            return False
        if term.kind == "faction":
            arc = bible.arcs.get(beat.arc)
            if term.value not in (beat.factions or (arc.factions if arc else ())):
                return False
        if term.kind == "arc" and beat.arc != term.value:
            return False
        if term.kind == "tag" and term.value not in (t.casefold() for t in beat.tags):
            return False
        if term.kind == "text" and term.value not in (
            f"{beat.id} {beat.summary or ''}".casefold()
        ):
            return False
    return True


def kept(terms: list[Term], bible: Bible) -> set[str] | None:
    """The ids of the beats ``terms`` keep (None: no filter, every beat)."""
    if not terms:
        return None
    return {b.id for b in bible.beats.values() if matches(b, terms, bible)}


def chips(terms: list[Term]) -> str:
    """What the filter bar shows: each active term, by kind and name."""
    return "  ".join(f"[{t.kind} {t.label}]" for t in terms)


@dataclass(frozen=True, slots=True)
class Cast:
    """Who and which sides the kept beats involve (the Factions and Character tabs)."""

    #: The characters in the kept beats, listed or changed, and those a term names.
    characters: frozenset[str]
    #: The factions the kept beats involve (their own, else their arc's), their
    #: characters' sides, and those a term names.
    factions: frozenset[str]
    #: The factions a term names: every stance of theirs is shown.
    named_factions: frozenset[str]
    #: The character a term names, the one the timeline shows (the first named).
    named_character: str | None

    def shows_pair(self, a: str, b: str) -> bool:
        """Whether the stance between factions ``a`` and ``b`` stays in view."""
        return (a in self.named_factions or b in self.named_factions
                or (a in self.factions and b in self.factions))


def cast(terms: list[Term], keep: set[str] | None, bible: Bible) -> Cast | None:
    """The characters and factions of the beats ``keep`` (None: no filter, everyone)."""
    if not terms or keep is None:
        return None
    people = {t.value for t in terms if t.kind == "character"}
    named = {t.value for t in terms if t.kind == "faction"}
    sides = set(named)
    for beat_id in keep:
        beat = bible.beats.get(beat_id)
        if beat is None:
            continue
        people.update(beat.characters)
        people.update(beat.changes)
        arc = bible.arcs.get(beat.arc)
        sides.update(beat.factions or (arc.factions if arc else ()))
        sides.update(change.faction for change in beat.changes.values() if change.faction)
    for character in bible.characters.values():
        if character.faction in named:
            people.add(character.id)
    sides.update(who.faction for p in people
                 if (who := bible.characters.get(p)) is not None and who.faction)
    first = next((t.value for t in terms if t.kind == "character"), None)
    return Cast(frozenset(p for p in people if p in bible.characters),
                frozenset(f for f in sides if f in bible.factions),
                frozenset(named), first)
