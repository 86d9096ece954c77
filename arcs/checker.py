"""Run the rule catalogue over a bible, and apply what the room silenced.

Suppression lives here and only here: ``select``/``ignore`` (by code or code
prefix, as linters do), per-rule severity, ``ignore: [CODE]`` on an
entity (an arc's ignores cover its beats; a character's cover the problems
about them, wherever they are written), and a baseline of known problems.
Rules just report. An entity's ``ignore`` naming a code that no rule has is
a B010 problem of the bible, as an unknown code in the configuration is.

A bible with format (B) problems is still checked, as far as it could be
read: the loader leaves out what is broken (an entity, or one field of it),
the rules run on the rest, and a problem the rules find only because
something was left out (a reference to a beat whose ``at`` is wrong, a
setup whose payoff was left out) is dropped here, not reported as the
writers' (see :func:`_cascades`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules import RULES
from story_bible.errors import LoadError, Problem
from story_bible.model import Beat, Bible, Entity, Relation
from story_bible.reading.loader import collector_paused, load, read_text
from story_bible.reading.nodes import Scalar, Sequence
from story_bible.references import references

if TYPE_CHECKING:  # (a check without --baseline does not load it)
    from arcs.baseline import Baseline


@dataclass(frozen=True)
class Selection:
    """Which rules run and how severe they are (config and command line)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def wants(self, code: str) -> bool:
        chosen = not self.select or any(code.startswith(p) for p in self.select)
        return chosen and not any(code.startswith(p) for p in self.ignore)


@dataclass
class Result:
    """What ``check`` found: diagnostics (sorted) and the bible, if it loaded."""

    diagnostics: list[Diagnostic]
    files: tuple[str, ...]
    bible: Bible | None = None
    #: file -> text, for reports that quote the source line.
    sources: dict[str, str] = field(default_factory=dict)
    #: codes of the rules that ran (a report of passing rules lists them).
    rules_run: tuple[str, ...] = ()
    #: problems a baseline hid, and baseline entries no longer found (fixed).
    known: int = 0
    fixed: int = 0
    #: the lowest severity that fails the check (``--fail-on``); JUnit's failures follow it.
    fail_on: Severity = Severity.ERROR

    @property
    def fully_read(self) -> bool:
        """The bible loaded without a format (B) problem; ``check`` exits 2 otherwise."""
        return self.bible is not None and not any(d.code[0] == "B" for d in self.diagnostics)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        return {str(s): self.count(s) for s in sorted(Severity, reverse=True)}


def run_rules(bible: Bible, selection: Selection | None = None) -> list[Diagnostic]:
    """Every diagnostic of the selected rules on ``bible``, suppressions applied, sorted.

    Unknown codes in entities' ``ignore`` come first, whatever is selected
    (see :func:`unknown_ignores`).
    """
    with collector_paused():
        return _run_rules(bible, selection or Selection())


def _run_rules(bible: Bible, selection: Selection) -> list[Diagnostic]:
    ctx = Context(bible)
    found: list[Diagnostic] = list(unknown_ignores(bible))
    for code, rule in RULES.items():
        if rule.check is None or not selection.wants(code):
            continue
        severity = selection.severity.get(code)
        for diagnostic in rule.check(ctx):
            if _silenced(bible, diagnostic):
                continue
            found.append(diagnostic.with_severity(severity) if severity else diagnostic)
    return sorted(found)


def _silenced(bible: Bible, diagnostic: Diagnostic) -> bool:
    code = diagnostic.code
    for subject in diagnostic.subjects:
        about = bible.entity(subject)
        if about is not None and code in about.ignore:
            return True
    if diagnostic.entity is None:
        return False
    entity = bible.entity(diagnostic.entity)
    if entity is None:
        return False
    if code in entity.ignore:
        return True
    if isinstance(entity, Beat):
        arc = bible.arcs.get(entity.arc)
        return arc is not None and code in arc.ignore
    return False


def unknown_ignores(bible: Bible) -> Iterator[Diagnostic]:
    """A B010 at each code in an entity's ``ignore`` that names no rule (``[Z999]``).

    The loader already refused what does not look like a code; this is the
    rest, which only the catalogue knows.
    """
    for entity in _entities(bible):
        if not entity.ignore or RULES.keys() >= entity.ignore:
            continue
        node = entity.node_at("ignore")
        if not isinstance(node, Sequence):
            continue
        for i, item in enumerate(node.items):
            if not isinstance(item, Scalar) or item.value in RULES:
                continue
            close = _closest_code(item.value)
            yield Diagnostic.at(
                entity.span("ignore", i), "B010", Severity.ERROR,
                f"{item.value!r} in 'ignore' is not one of arcroom's rule codes", entity.id,
                f"did you mean {close!r}?" if close else "`arcroom rules` lists them",
            )


def _entities(bible: Bible) -> Iterator[Entity]:
    for table in (bible.statuses, bible.seasons, bible.factions, bible.characters, bible.arcs,
                  bible.beats):
        yield from table.values()
    yield from bible.relations


def _closest_code(code: str) -> str | None:
    """The rule code ``code`` was likely meant to be: its family first, swapped digits first."""
    family = [c for c in RULES if c[0] == code[:1]] or list(RULES)
    swapped = [c for c in family if sorted(c) == sorted(code)]
    if swapped:
        return swapped[0]
    import difflib  # (only for a name mistyped)

    close = difflib.get_close_matches(code, family, n=1, cutoff=0.6)
    return close[0] if close else None


def check_path(
    path: str | Path, selection: Selection | None = None, baseline: Baseline | None = None
) -> Result:
    """Load and check a bible; load problems come back as B diagnostics.

    A bible with B problems is checked as far as it could be read (see the
    module's docstring); only one whose file could not be read at all gets
    no rules run (``bible`` is then None). With a ``baseline``, the problems
    it knows are left out (and counted in ``known``); B problems never are.
    """
    read: list[Diagnostic] = []
    cascades: Callable[[Diagnostic], bool] | None = None
    try:
        bible = load(path)
    except LoadError as exc:
        read = [Diagnostic.from_problem(p) for p in exc.problems]
        if exc.bible is None:
            files = exc.files or tuple(dict.fromkeys(d.file for d in read))
            return Result(read, files, sources=_readable(files))
        bible = exc.bible
        cascades = _cascades(bible, exc.problems, exc.left_out)
    selection = selection or Selection()
    ran = tuple(c for c, r in RULES.items() if r.check is not None and selection.wants(c))
    found = run_rules(bible, selection)
    if cascades is not None:
        found = [d for d in found if not cascades(d)]
    known = fixed = 0
    if baseline is not None:
        found, known, fixed = baseline.split(found, ran)
        if read:
            fixed = 0  # what was left out is not fixed
    return Result(sorted(read + found), bible.files, bible, bible.texts, ran, known, fixed)


#: Rules that report something missing, which an entity left out may be.
_ABSENCE = frozenset({
    "C003", "C008", "F003", "S001", "S002", "S003", "S004", "S006", "S007", "S008", "T004",
})


def _cascades(
    bible: Bible, problems: Iterable[Problem], left_out: Iterable[Entity]
) -> Callable[[Diagnostic], bool]:
    """Which rule diagnostics only follow from what the loader left out.

    Two kinds: a reference to an entity that is not in the bible because
    its own entry is broken (R001 would call it unknown), and a rule that
    reports an absence (no payoff, no beats, used once...) about a broken
    entity, one that names a left-out entity, or one a left-out entity
    names: what was left out may be what is absent. And while a status is
    broken, no status change is called forbidden (C002): its ``becomes``
    may be what lost the change.
    """
    broken = {p.entity for p in problems if p.entity}
    gone = {e.id for e in left_out} | {i for i in broken if bible.entity(i) is None}
    near = set(broken) | gone
    unknown_at: set[tuple[str, int, int]] = set()
    for ref in references(bible):
        if ref.target in gone:
            span = ref.entity.span(*ref.path, key=ref.key)
            unknown_at.add((span.file, span.line, span.column))
            near.add(ref.entity.id)
    for entity in left_out:
        near.update(_named_by(entity, bible))
    # A status with a broken 'becomes' permits less than the writers wrote.
    statuses_broken = any(i in bible.statuses for i in broken)

    def cascade(d: Diagnostic) -> bool:
        if d.code == "C002":
            return statuses_broken
        if d.code == "R001":
            return (d.file, d.line, d.column) in unknown_at
        if d.code in _ABSENCE:
            return d.entity in near or not near.isdisjoint(d.subjects)
        return False

    return cascade


def _named_by(entity: Entity, bible: Bible) -> Iterator[str]:
    """The ids a left-out beat or relation names (and a beat's arc and seasons)."""
    if isinstance(entity, Relation):
        yield from entity.between
    elif isinstance(entity, Beat):
        yield entity.arc
        arc = bible.arcs.get(entity.arc)
        if arc is not None:
            yield from arc.seasons
        yield from (*entity.after, *entity.characters, *entity.factions, *entity.sets_up,
                    *entity.pays_off)
        for who, change in entity.changes.items():
            yield who
            if change.faction:
                yield change.faction


def _readable(files: Iterable[str]) -> dict[str, str]:
    sources = {}
    for file in files:
        try:
            sources[file] = read_text(Path(file))
        except LoadError:
            continue
    return sources


def problems_of(diagnostics: Iterable[Diagnostic], at_least: Severity) -> int:
    """How many diagnostics are at or above ``at_least``."""
    return sum(1 for d in diagnostics if d.severity >= at_least)
