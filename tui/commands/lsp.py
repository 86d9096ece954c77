"""``arcroom lsp``: the language server for editors (LSP over stdin and stdout).

The editor starts it; it serves every bible the editor opens (a bible file,
or any file of a bible folder) and leaves other YAML alone. See
docs/editors.md for VS Code, Neovim, Helix and Zed. pygls is imported only
when the command runs, so other commands never pay for it.
"""

from __future__ import annotations

import argparse

from tui.commands import Exit


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "lsp",
        description="Run arcroom's language server over stdin and stdout, for an editor to "
        "start: check's problems as you type, id completion, hover, go to definition, "
        "references, rename and quick fixes in every file of the bible. "
        "docs/editors.md has the settings for VS Code, Neovim, Helix and Zed.",
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over stdin and stdout (the only way; "
        "accepted because editors' LSP clients often pass it)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.lsp.server import run as serve

    serve()
    return Exit.OK
