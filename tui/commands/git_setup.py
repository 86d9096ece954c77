"""``arcroom git-setup [--global]``: register arcroom's merge driver with git.

It sets ``merge.arcroom.driver`` (and a name for it) in this repository's
git config, or the user's with ``--global``, and makes sure the
repository's ``.gitattributes`` sends the bible's files to it
(``*.yaml merge=arcroom``). Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from story_bible.reading.git_source import (
    DRIVER,
    DRIVER_KEY,
    DRIVER_NAME,
    GitError,
    driver_configured,
    git,
    top_level,
)
from tui.commands import Exit, UsageError

#: In the repository's git folder once ``arcroom check`` has said the driver is missing.
NOTED = "arcroom-merge-driver-noted"
#: What ``.gitattributes`` says for a bible's files (``arcroom init`` writes it too).
ATTRIBUTES = ("*.yaml merge=arcroom", "*.yml merge=arcroom")
ATTRIBUTES_NOTE = "# arcroom merges story bibles entity by entity (arcroom git-setup)"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "git-setup",
        description="Register `arcroom merge` as git's merge driver for bible files: "
        f"{DRIVER_KEY} = '{DRIVER}' in this repository's git config (or yours with "
        "--global), and '*.yaml merge=arcroom' in the repository's .gitattributes. "
        "Running it again changes nothing.",
    )
    parser.add_argument("--global", dest="global_", action="store_true",
                        help="register it in your own git config, for every repository")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    top = top_level(Path.cwd())
    if top is None and not args.global_:
        raise UsageError("this folder is not in a git repository; `git init` first, "
                         "or --global to register the driver for all your repositories")
    scope = ["--global"] if args.global_ else []
    try:
        for key, value in ((DRIVER_KEY, DRIVER), ("merge.arcroom.name", DRIVER_NAME)):
            current = git("config", *scope, "--get", key, cwd=top, check=False).strip()
            if current != value:
                git("config", *scope, key, value, cwd=top)
    except GitError as exc:
        print(f"arcroom git-setup: {exc}", file=sys.stderr)
        return Exit.UNUSABLE
    where = "your git config" if args.global_ else "this repository's git config"
    print(f"arcroom git-setup: {DRIVER_KEY} = {DRIVER} in {where}", file=sys.stderr)
    if top is not None:
        try:
            added = write_attributes(top)
        except OSError as exc:
            print(f"arcroom git-setup: cannot write {top / '.gitattributes'}: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            return Exit.UNUSABLE
        if added:
            print("arcroom git-setup: .gitattributes sends *.yaml to it; commit it so the "
                  "whole room merges alike", file=sys.stderr)
    return Exit.OK


def write_attributes(folder: Path) -> bool:
    """Add arcroom's lines to ``folder/.gitattributes`` if missing; True if it changed."""
    path = folder / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in ATTRIBUTES if line not in have]
    if not missing:
        return False
    lead = "" if not text or text.endswith("\n") else "\n"
    note = [ATTRIBUTES_NOTE] if ATTRIBUTES_NOTE not in have else []
    with path.open("a", encoding="utf-8") as out:
        out.write(lead + "".join(line + "\n" for line in [*note, *missing]))
    return True


def driver_note(bible: Path) -> str | None:
    """Once per clone: say that git merges ``bible`` line by line here (None: nothing to say).

    The mark that it was said is a file in the repository's git folder, looked
    for before git is run, so a check in a repository that was told costs
    nothing more.
    """
    here = bible.resolve()
    dot_git = next((p / ".git" for p in (here, *here.parents) if (p / ".git").exists()), None)
    if dot_git is None or (dot_git / NOTED).exists():
        return None
    top = top_level(bible)
    if top is None or driver_configured(top):
        return None
    git_dir = Path(git("rev-parse", "--absolute-git-dir", cwd=top, check=False).strip() or ".")
    try:
        (git_dir / NOTED).write_text("arcroom check said once that git merges the bible "
                                     "line by line here (`arcroom git-setup`)\n")
    except OSError:
        return None
    return ("arcroom check: info: git merges this bible line by line in this repository; "
            "`arcroom git-setup` registers arcroom's merge driver, which merges it entity by "
            "entity (said once per clone)")
