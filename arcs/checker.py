"""Run the rule catalogue over a bible, and apply what the room silenced.

Suppression lives here and only here: ``select``/``ignore`` (by code or code
prefix, as linters do), per-rule severity, ``ignore: [CODE]`` on an
entity (an arc's ignores cover its beats), and a baseline of known problems.
Rules just report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from arcs.baseline import Baseline
from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules import RULES
from story_bible.errors import LoadError
from story_bible.loader import load, read_text
from story_bible.model import Beat, Bible


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

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        return {str(s): self.count(s) for s in sorted(Severity, reverse=True)}


def run_rules(bible: Bible, selection: Selection | None = None) -> list[Diagnostic]:
    """Every diagnostic of the selected rules on ``bible``, suppressions applied, sorted."""
    selection = selection or Selection()
    ctx = Context(bible)
    found: list[Diagnostic] = []
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
    if diagnostic.entity is None:
        return False
    entity = bible.entity(diagnostic.entity)
    if entity is None:
        return False
    if diagnostic.code in entity.ignore:
        return True
    if isinstance(entity, Beat):
        arc = bible.arcs.get(entity.arc)
        return arc is not None and diagnostic.code in arc.ignore
    return False


def check_path(
    path: str | Path, selection: Selection | None = None, baseline: Baseline | None = None
) -> Result:
    """Load and check a bible; load problems come back as B diagnostics.

    With a ``baseline``, the problems it knows are left out (and counted in
    ``known``); a bible that does not load is never baselined.
    """
    try:
        bible = load(path)
    except LoadError as exc:
        diagnostics = [Diagnostic.from_problem(p) for p in exc.problems]
        files = tuple(dict.fromkeys(d.file for d in diagnostics))
        return Result(diagnostics, files, sources=_readable(files))
    selection = selection or Selection()
    ran = tuple(c for c, r in RULES.items() if r.check is not None and selection.wants(c))
    found = run_rules(bible, selection)
    if baseline is None:
        return Result(found, bible.files, bible, bible.texts, ran)
    new, known, fixed = baseline.split(found, ran)
    return Result(new, bible.files, bible, bible.texts, ran, known, fixed)


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
