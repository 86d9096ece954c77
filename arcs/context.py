"""What a rule gets to look at: the bible, and what is derived from it once."""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from itertools import chain, combinations
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from arcs.order import Story, build_story
from arcs.state import Stances
from story_bible.field_table import CHANGES, IDS, derived, field, referring
from story_bible.model import Beat, Bible, Relation
from story_bible.references import Ref, references

if TYPE_CHECKING:
    import networkx as nx

KINDS = ("status", "season", "faction", "character", "arc", "beat")


class Link(NamedTuple):
    """Beat ``setup`` is paid off by beat ``payoff``, as ``beat`` declares at ``path``.

    ``path`` is ``("sets_up", i)`` or ``("pays_off", i)`` inside ``beat``.
    """

    setup: str
    payoff: str
    beat: Beat
    path: tuple[str, int]


class Context:
    """Shared, lazily computed facts about one bible (story order, graphs, ids)."""

    def __init__(self, bible: Bible) -> None:
        self.bible = bible

    @cached_property
    def story(self) -> Story:
        return build_story(self.bible)

    @cached_property
    def stances(self) -> Stances[Relation]:
        return Stances(self.bible.relations)

    @cached_property
    def arc_beats(self) -> dict[str, list[Beat]]:
        """Each arc's beats in story order (an arc without beats has an empty list)."""
        found: dict[str, list[Beat]] = {arc: [] for arc in self.bible.arcs}
        for beat in self.story.beats:
            found[beat.arc].append(beat)
        return found

    @cached_property
    def setup_links(self) -> list[Link]:
        """Every setup -> payoff link between two beats, once, where it is first written.

        A link may be written on either end (``sets_up`` on the setup,
        ``pays_off`` on the payoff) or both; links naming no beat are left to
        the R rules.
        """
        beats = self.bible.beats
        links: dict[tuple[str, str], Link] = {}
        for beat in beats.values():
            if not (beat.sets_up or beat.pays_off):
                continue
            for i, payoff in enumerate(beat.sets_up):
                if payoff in beats:
                    link = Link(beat.id, payoff, beat, ("sets_up", i))
                    links.setdefault((beat.id, payoff), link)
            for i, setup in enumerate(beat.pays_off):
                if setup in beats:
                    link = Link(setup, beat.id, beat, ("pays_off", i))
                    links.setdefault((setup, beat.id), link)
        return list(links.values())

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Every id and the kind of entity it names."""
        return {i: kind for kind, table in zip(KINDS, self._tables(), strict=True) for i in table}

    def _tables(self) -> tuple[Collection[str], ...]:
        """The ids of each kind, as the bible holds them (in the order of ``KINDS``)."""
        b = self.bible
        return (b.statuses, b.seasons, b.factions, b.characters, b.arcs, b.beats)

    @cached_property
    def misreferences(self) -> list[Ref]:
        """References whose target is missing or of another kind (rare, so kept)."""
        if self._references_resolve():
            return []
        kinds = self.kinds
        return [ref for ref in references(self.bible) if kinds.get(ref.target) != ref.kind]

    def _references_resolve(self) -> bool:
        """Whether every reference surely names an id of its kind.

        A screen for :attr:`misreferences`: walking :func:`references` makes a
        :class:`Ref` for each of ~20 names a beat holds, and a bible is
        nearly always clean. It tests, field by field, every name that
        ``references`` yields (and a character's unwritten default status
        too; faction names are :attr:`named_factions`), so True means none
        is a misreference; False sends the caller to the exact walk.
        """
        ids = [set(table) for table in self._tables()]
        if any(not a.isdisjoint(b) for a, b in combinations(ids, 2)):
            return False  # an id of two kinds: only the exact walk can tell which is meant
        known = dict(zip(KINDS, ids, strict=True))
        if not known["faction"].issuperset(self.named_factions):
            return False
        for kind, entities in self._written():
            for get, refers, many in _screen(kind):
                names = known[refers]
                if many:
                    if not all(map(names.issuperset, map(get, entities))):
                        return False
                elif not names.issuperset(v for v in map(get, entities) if v is not None):
                    return False
        who_kind = field("beat", "changes").refers or ""
        parts = [(attrgetter(f.attr), known[f.refers or ""]) for f in referring("change")
                 if f.refers != "faction"]
        for beat in self._every_beat:
            for who, change in beat.changes.items():
                if who not in known[who_kind]:
                    return False
                for get, names in parts:
                    value = get(change)
                    if value and value not in names:
                        return False
        return True

    @cached_property
    def named_factions(self) -> set[str]:
        """Every faction id that some reference names.

        Read from the fields :func:`references` takes faction names from,
        without making a :class:`Ref` of every reference in the bible.
        """
        named: set[str] = set()
        for kind, entities in self._written():
            for get, many in _naming_factions(kind):
                if many:
                    named.update(chain.from_iterable(map(get, entities)))
                else:
                    named.update(v for v in map(get, entities) if v)
        parts = [attrgetter(f.attr) for f in referring("change") if f.refers == "faction"]
        changes = chain.from_iterable(
            beat.changes.values() for beat in self._every_beat if beat.changes
        )
        for change in changes:
            named.update(v for get in parts if (v := get(change)))
        return named

    @cached_property
    def _every_beat(self) -> list[Beat]:
        return [beat for arc in self.bible.arcs.values() for beat in arc.beats.values()]

    def _written(self) -> tuple[tuple[str, Collection[Any]], ...]:
        """Each kind's entities (the field table's kinds), to screen their fields."""
        b = self.bible
        return (
            ("status", b.statuses.values()), ("season", b.seasons.values()),
            ("faction", b.factions.values()), ("relation", b.relations),
            ("character", b.characters.values()), ("arc", b.arcs.values()),
            ("beat", self._every_beat),
        )

    @cached_property
    def beat_graph(self) -> nx.DiGraph:
        """Beats, with an edge from each beat to the beats that come ``after`` it."""
        import networkx as nx  # only T001 asks, and only when written order is not an answer

        graph = nx.DiGraph()
        beats = self.bible.beats
        graph.add_nodes_from(beats)
        graph.add_edges_from(
            (before, beat.id) for beat in beats.values() for before in beat.after if before in beats
        )
        return graph

    @cached_property
    def arc_graph(self) -> nx.DiGraph:
        """Arcs, with an edge from each required arc to the arc requiring it."""
        import networkx as nx  # as for beat_graph

        graph = nx.DiGraph()
        arcs = self.bible.arcs
        graph.add_nodes_from(arcs)
        graph.add_edges_from(
            (need, arc.id) for arc in arcs.values() for need in arc.requires if need in arcs
        )
        return graph

    def suggest(self, name: str, kind: str) -> str | None:
        """The id of ``kind`` closest to a mistyped ``name``, if any is close."""
        candidates = [i for i, k in self.kinds.items() if k == kind]
        import difflib  # (only for a name mistyped)

        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        return close[0] if close else None


@derived
def _screen(kind: str) -> list[tuple[attrgetter[Any], str, bool]]:
    """How :meth:`Context._references_resolve` tests ``kind``'s references, from the field table.

    Each attribute once (an arc's 'season' and 'seasons' fill one), as a
    list when any field filling it is; faction names are
    :attr:`Context.named_factions`' and a beat's changes its own.
    """
    fields: dict[str, tuple[str, bool]] = {}
    for f in referring(kind):
        if f.refers is None or f.refers == "faction" or f.value == CHANGES:
            continue
        many = f.value == IDS or fields.get(f.attr, ("", False))[1]
        fields[f.attr] = (f.refers, many)
    return [(attrgetter(attr), refers, many) for attr, (refers, many) in fields.items()]


@derived
def _naming_factions(kind: str) -> list[tuple[attrgetter[Any], bool]]:
    """``kind``'s attributes that name factions, each as a list or not, from the field table."""
    fields: dict[str, bool] = {}
    for f in referring(kind):
        if f.refers == "faction" and f.value != CHANGES:
            fields[f.attr] = f.value == IDS or fields.get(f.attr, False)
    return [(attrgetter(attr), many) for attr, many in fields.items()]
