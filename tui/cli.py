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

from arcs.rules import UnknownRule
from arcs.version import version
from story_bible.reading.composer import WITH_LIBYAML
from tui.commands import Exit, UsageError
from tui.commands import check as check_command
from tui.commands import diff as diff_command
from tui.commands import edit as edit_command
from tui.commands import export as export_command
from tui.commands import git_setup as git_setup_command
from tui.commands import init as init_command
from tui.commands import lsp as lsp_command
from tui.commands import merge as merge_command
from tui.commands import rename as rename_command
from tui.commands import rules as rules_command
from tui.commands import schema as schema_command
from tui.commands import serve as serve_command
from tui.commands import set as set_command
from tui.commands import show as show_command

# In the order --help lists them: the room's work first, then CI's, then tools.
COMMANDS = (
    edit_command,
    serve_command,
    check_command,
    rules_command,
    export_command,
    show_command,
    set_command,
    rename_command,
    diff_command,
    merge_command,
    git_setup_command,
    init_command,
    schema_command,
    lsp_command,
)

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="arcroom", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show arcroom's version and exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``arcroom`` command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    if not WITH_LIBYAML and args.command not in _NO_BIBLE:
        print(
            "arcroom: PyYAML has no libyaml here; reading with its pure-Python parser "
            "(slower). Reinstall PyYAML with libyaml for speed.",
            file=sys.stderr,
        )
    try:
        return int(args.run(args))
    except (UsageError, UnknownRule) as exc:
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
