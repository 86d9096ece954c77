"""``arcroom set ID.FIELD VALUE``: one safe, format-preserving edit from the command line.

VALUE is read as the field's type says (``docs/format.md``): a list as
``[a, b]`` or ``a, b``, a flag as ``true``/``false``, a count as a whole
number, ``changes`` as ``{nam-ra: infected}``, anything else as the text
given. Only the characters of that value change in the file; comments,
quoting and layout stay. ``--remove`` takes the field out instead.

A reference to something the bible does not have (a typo in a faction, a
beat that comes after itself) is refused with a did-you-mean, as a bad
episode is: a script's edit should not be what breaks the build.
"""

from __future__ import annotations

import argparse
import sys

from arcs.checker import Selection, run_rules
from arcs.diagnostics import Diagnostic
from story_bible.edits import ChangedOnDisk, Document, EditError, SaveError
from story_bible.errors import LoadError
from story_bible.fields import FieldError, kind_of, parse_text
from story_bible.operations import find
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
        "set", help="set one field of an entity, keeping the file as written",
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
        help="the new value (after '--' when it starts with '--': -- --draft)",
    )
    parser.add_argument("--remove", action="store_true", help="remove the field instead")
    add_bible_argument(parser, option=True)
    parser.set_defaults(run=run)


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
    return save(doc, "set")


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
