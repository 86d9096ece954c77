"""The ``arcroom`` command line: ``main(argv) -> int``.

Each command is a module of :mod:`tui.commands`. Commands that CI runs
(``check``, ``export``, ``rules``, ...) never import Textual; only ``edit``
and ``serve`` do, lazily. stdout carries the report, stderr carries notes.
Exit codes: 0 clean, 1 problems at or above ``--fail-on``, 2 the bible could
not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from arcs.version import version
from tui.commands import Exit, UsageError

# In the order --help lists them: the room's work first, then CI's, then tools.
# Only the command being run is imported (``arcroom check`` loads none of the
# editor, merge or export code); the rest show their one line in --help.
COMMANDS: dict[str, str] = {
    "edit": "edit a bible in the terminal: outline, forms, graph, live problems",
    "serve": "serve the editor to a web browser (textual-serve)",
    "check": "check a bible's consistency, like a linter",
    "rules": "list the rule catalogue, or show one rule's documentation",
    "export": "lay out the plan and write SVG, HTML, PDF, Mermaid, DOT, GraphML, GEXF or JSON",
    "show": "answer a question about the plan: impact, path, timeline, stances",
    "set": "set one field of an entity, keeping the file as written",
    "rename": "rename an id and every reference to it",
    "diff": "what changed in the story between two revisions (git)",
    "merge": "git's merge driver: merge a bible file entity by entity",
    "git-setup": "register arcroom's merge driver with git (once per clone)",
    "init": "start a show in DIR: the bundled sample, or --blank for a template",
    "schema": "print the JSON Schema of the bible format, for editors",
    "lsp": "the language server for editors (stdio)",
}

#: Commands that never read a bible (no parser notice for them).
_NO_BIBLE = frozenset({"rules", "schema", "init", "git-setup"})

DESCRIPTION = """\
arcroom plans a TV series across seasons as a YAML story bible:
check its continuity in CI, lay out and export its arcs, edit it in a terminal.

Without a BIBLE, commands look for bible.yaml or bible/ in this folder;
--sample uses the bundled plan for *All of Us Are Dead*.
"""

EPILOG = """\
examples:
  arcroom edit --sample                  open the bundled plan in the editor
  arcroom check                          check ./bible.yaml (or ./bible/) like a linter
  arcroom check bible/ --format github   annotate a pull request
  arcroom rules C001                     what C001 catches and how to silence it
  arcroom export --format html -o plan.html   a page for the room's wall
  arcroom show timeline nam-ra           Nam-ra's status and faction, episode by episode
  arcroom set nam-ra-bitten.at S1E08     a one-field edit that keeps the file as written
  arcroom diff main...HEAD               what a branch did to the story (git)
  arcroom init my-show                   start a show from the bundled sample

exit codes: 0 clean, 1 problems at or above --fail-on, 2 unreadable bible or misuse
"""


class _Version(argparse.Action):
    """``--version``, looking the version up only when asked (see arcs.version)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"arcroom {version()}")
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser: every command's arguments, or with ``argv`` only the named command's."""
    named = _command_in(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="arcroom", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show arcroom's version and exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # A command named first is all the parser needs: the others' stubs matter
    # only to the top-level --help and to a mistyped command (each stub is a
    # whole parser: 5-10 ms of a check's start-up for the 13).
    alone = argv is not None and named in COMMANDS and argv[0] == named
    for name, summary in COMMANDS.items():
        if argv is None or name == named:
            module = import_module(f"tui.commands.{name.replace('-', '_')}")
            module.register(_Summarised(commands, summary))
        elif not alone:
            commands.add_parser(name, help=summary)
    return parser


class _Summarised:
    """The subcommand table as a command's ``register`` sees it, adding its --help line."""

    def __init__(self, commands: argparse._SubParsersAction, summary: str) -> None:  # type: ignore[type-arg]
        self._commands = commands
        self._summary = summary

    def add_parser(self, name: str, **options: Any) -> argparse.ArgumentParser:
        return self._commands.add_parser(name, help=self._summary, **options)  # type: ignore[no-any-return]


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first non-option word (top-level options take no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``arcroom`` command line; returns the exit code."""
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(words).parse_args(words)
    from story_bible.reading.composer import WITH_LIBYAML

    if not WITH_LIBYAML and args.command not in _NO_BIBLE:
        print(
            "arcroom: PyYAML has no libyaml here; reading with its pure-Python parser "
            "(slower). Reinstall PyYAML with libyaml for speed.",
            file=sys.stderr,
        )
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"arcroom {args.command}: {exc}", file=sys.stderr)
        return Exit.UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away; say nothing more.
        sys.stderr.close()
        return Exit.OK


if __name__ == "__main__":
    sys.exit(main())
