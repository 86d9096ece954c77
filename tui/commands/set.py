"""``arcroom set ID.FIELD VALUE``: one safe, format-preserving edit from the command line.

VALUE is read as the field's type says (``docs/format.md``): a list as
``[a, b]`` or ``a, b``, a flag as ``true``/``false``, a count as a whole
number, ``changes`` as ``{nam-ra: infected}``, anything else as the text
given. Only the characters of that value change in the file; comments,
quoting and layout stay. ``--remove`` takes the field out instead.

A reference to something the bible does not have (a typo in a faction, a
beat that comes after itself) is refused with a did-you-mean, as a bad
episode is: a script's edit should not be what breaks the build.

An edit that is made but leaves the plan with new problems (a dead
character now on screen) is saved, and those problems are printed on
stderr: the rules of ``arcroom check``, before and after, matched by rule
and entity as a baseline matches them. ``--strict`` refuses such an edit
instead (exit 1, the file untouched) when a new problem is at or above the
room's ``fail-on`` (an error, unless the configuration says otherwise).
``arcroom rename`` shares all of this.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys

from arcs.baseline import Baseline
from arcs.checker import Result, Selection, problems_of, run_rules
from arcs.config import Config, ConfigError, discover
from arcs.diagnostics import Diagnostic, Severity
from arcs.report import text as text_report
from story_bible.errors import LoadError
from story_bible.model import relation_id, relation_parts
from story_bible.writing.document import ChangedOnDisk, Document, EditError, SaveError
from story_bible.writing.operations import find
from story_bible.writing.values import FieldError, kind_of, parse_text
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible


class _SetParser(argparse.ArgumentParser):
    """``set``'s arguments: options anywhere, and a VALUE that may start with '-'.

    argparse fills every positional from the first run of words, so in
    ``set X.summary --bible F -- -.inf`` VALUE was already taken (as nothing)
    when ``-.inf`` came, and refused. Reading the options first and the words
    after (argparse's intermixed parsing) takes it. A VALUE that starts with
    one '-' and is no option of ``set`` (``-.inf``, ``-1``, ``-draft``) needs
    no ``--``; one that starts with ``--`` does, as it may be a misspelt option.
    """

    _inner = False

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._inner:  # the intermixed parsing's own two passes
            return super().parse_known_args(args, namespace)
        self._inner = True
        try:
            parsed, extras = self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inner = False
        if parsed.value is None and not parsed.remove and len(extras) == 1:
            word = extras[0]
            if word.startswith("-") and not word.startswith("--"):
                parsed.value, extras = word, []
        return parsed, extras


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "set",
        description="Set one field of an entity (ID.FIELD, e.g. nam-ra-bitten.at) and save, "
        "changing only that value's characters in the file. Exit 2 if the edit cannot be "
        "made; the file is then left as it was.",
        epilog="examples:\n"
        "  arcroom set nam-ra-bitten.at S1E08\n"
        "  arcroom set roof-rescue.characters '[on-jo, su-hyeok]'\n"
        "  arcroom set S2.planned false --bible bible/\n"
        "  arcroom set nam-ra.actor --remove\n"
        "  arcroom set nam-ra.summary -- '--cut--'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.__class__ = _SetParser  # add_parser takes no class of its own for one command
    parser.add_argument("target", metavar="ID.FIELD", help="the entity's id and the field")
    parser.add_argument(
        "value", metavar="VALUE", nargs="?",
        help="the new value; one that starts with '--' goes after a '--' of its own "
        "(set X.summary -- --cut--)",
    )
    parser.add_argument("--remove", action="store_true", help="remove the field instead")
    add_strict_argument(parser)
    add_bible_argument(parser, option=True)
    parser.set_defaults(run=run)


def add_strict_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict", action="store_true",
        help="refuse an edit that introduces a problem at or above fail-on (exit 1, nothing "
        "saved); without it the edit is saved and its new problems are printed",
    )


def run(args: argparse.Namespace) -> int:
    entity_id, _, field = args.target.rpartition(".")
    if not entity_id or not field:
        raise UsageError(f"write ID.FIELD (like nam-ra-bitten.at), not {args.target!r}")
    if (args.value is None) != args.remove:
        raise UsageError("give a VALUE, or --remove to take the field out")
    doc = open_document(args)
    if doc is None:
        return Exit.UNUSABLE
    try:
        value = None
        if args.value is not None:
            value = parse_text(kind_of(find(doc.bible, entity_id)), field, args.value)
        before = {(d.code, d.message) for d in _broken_references(doc, entity_id)}
        checked = Checked(doc, args)
        doc.set(entity_id, field, value)
    except (EditError, FieldError) as exc:
        print(f"arcroom set: {exc}", file=sys.stderr)
        return Exit.UNUSABLE
    broken = [d for d in _broken_references(doc, entity_id) if (d.code, d.message) not in before]
    if broken:
        for d in broken:
            hint = f" ({d.hint})" if d.hint else ""
            print(f"arcroom set: refused: {d.message}{hint}", file=sys.stderr)
        return Exit.UNUSABLE
    return checked.save(doc, "set")


def _broken_references(doc: Document, entity_id: str) -> list[Diagnostic]:
    """The reference problems of ``entity_id``, and every dependency cycle."""
    found = run_rules(doc.bible, Selection(select=("R", "T001")))
    return [d for d in found if d.code == "T001" or d.entity == entity_id]


def open_document(args: argparse.Namespace) -> Document | None:
    """The bible to edit, or None after saying on stderr why it cannot be."""
    path = resolve_bible(args)
    try:
        doc = Document.open(path)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"arcroom {args.command}: the bible must read cleanly before it is edited",
              file=sys.stderr)
        return None
    if doc.read_only:
        raise UsageError("the bundled sample is read-only; `arcroom init DIR` makes a copy to edit")
    return doc


class Checked:
    """The problems of the bible before an edit, to tell the ones the edit brings."""

    def __init__(self, doc: Document, args: argparse.Namespace) -> None:
        self.strict: bool = args.strict
        config = _config(doc)
        self.selection = Selection(
            select=config.select or (), ignore=config.ignore or (), severity=config.severity
        )
        self.fail_on = config.fail_on or Severity.ERROR
        self.found = run_rules(doc.bible, self.selection)
        self.before = Baseline.of(self.found)

    def renamed(self, old: str, new: str) -> None:
        """Know the problems from before by the new id (a rename is not a new problem)."""
        self.before = Baseline.of(
            dataclasses.replace(
                d, entity=d.entity and _renamed(d.entity, old, new),
                subjects=tuple(_renamed(s, old, new) for s in d.subjects),
            )
            for d in self.found
        )

    def save(self, doc: Document, command: str) -> int:
        """Save the edit, or with --strict refuse it; either way say what it broke."""
        if not doc.history:
            return save(doc, command)
        new = self.before.split(run_rules(doc.bible, self.selection)).new
        failing = problems_of(new, self.fail_on)
        if self.strict and failing:
            _tell(doc, new)
            n = len(new)
            print(f"arcroom {command}: --strict: not saved; the edit would bring {n} new "
                  f"problem{'s' * (n != 1)}", file=sys.stderr)
            return Exit.PROBLEMS
        done = save(doc, command)
        if done == Exit.OK and new:
            _tell(doc, new)
            n = len(new)
            why = "" if self.strict else "; --strict refuses an edit that brings an error"
            print(f"arcroom {command}: saved, with {n} new problem{'s' * (n != 1)} "
                  f"(`arcroom check` lists them all{why})", file=sys.stderr)
        return done


def _renamed(entity: str, old: str, new: str) -> str:
    """``entity`` after renaming ``old``: itself, or a relation's id (``a~b@S1E01``) naming it."""
    if entity == old:
        return new
    parts = relation_parts(entity)
    if parts is not None:
        a, b, start = parts
        return relation_id(new if a == old else a, new if b == old else b, start)
    return entity


def _config(doc: Document) -> Config:
    if doc.path is None:
        return Config()
    try:
        return discover(doc.path)
    except ConfigError as exc:  # the edit does not need it; check will say so
        print(f"arcroom: {exc}", file=sys.stderr)
        return Config()


def _tell(doc: Document, new: list[Diagnostic]) -> None:
    """The new problems on stderr, as ``arcroom check`` prints them (without its summary)."""
    out = io.StringIO()
    files = tuple(doc.texts)
    text_report.write(Result(sorted(new), files, sources=doc.texts), out)
    sys.stderr.write(out.getvalue().rpartition("Found ")[0])


def save(doc: Document, command: str) -> int:
    """Write what changed, and say so on stderr."""
    if not doc.history:
        print(f"arcroom {command}: nothing to change", file=sys.stderr)
        return Exit.OK
    try:
        written = doc.save()
    except ChangedOnDisk as exc:
        # Another save got there first (the lock made it wait for it): nothing was written.
        names = ", ".join(str(p) for p in exc.paths)
        print(f"arcroom {command}: {names} changed on disk while this {command} was being "
              "made; nothing was written: run it again", file=sys.stderr)
        return Exit.UNUSABLE
    except SaveError as exc:
        print(exc, file=sys.stderr)  # one line: the file, what went wrong, what to do
        return Exit.UNUSABLE
    files = ", ".join(str(p) for p in written)
    print(f"{doc.history[-1]} ({files})", file=sys.stderr)
    return Exit.OK
