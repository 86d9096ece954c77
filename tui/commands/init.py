"""``arcroom init [--blank | --sample] [DIR]``: start a show in DIR.

Promises: DIR/bible.yaml is written only if it does not exist (never over a
file, even one that appears meanwhile); it is a copy of the bundled sample
(the default, or ``--sample``) or of the small commented template
``story_bible/samples/blank.yaml`` (``--blank``), and either checks clean.
DIR/.gitignore then lists ``.arcroom/`` (arcroom's own working files, such as
the editor's recovery journal, which are not the show's): written if there
is none, the line appended if one exists without it, left alone otherwise.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from story_bible.reading.loader import sample_path
from tui.commands import Exit, UsageError
from tui.commands.git_setup import write_attributes

BLANK = "blank.yaml"
IGNORED = ".arcroom/"


def blank_path() -> Path:
    """The bundled blank template (read-only package data)."""
    return Path(str(resources.files("story_bible") / "samples" / BLANK))


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "init",
        description="Write DIR/bible.yaml to start a show: a copy of the bundled "
        "All of Us Are Dead plan (the default, or --sample), or with --blank a small "
        "commented template (one season, two factions, two characters, one arc of "
        "three beats, one relation) that checks clean. Also lists .arcroom/ "
        "(arcroom's working files) in DIR/.gitignore. Never overwrites a bible.",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--blank", action="store_true",
                      help="write the small commented template to fill in")
    what.add_argument("--sample", action="store_true",
                      help="write a copy of the bundled sample plan (the default)")
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help="folder (default: .)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    target = folder / "bible.yaml"
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; give arcroom init a folder for the new show")
    if target.exists():
        raise UsageError(f"{target} already exists; arcroom init never overwrites a bible")
    source, what = ((blank_path(), "a blank show to fill in") if args.blank
                    else (sample_path(), "the All of Us Are Dead plan, yours to change"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:  # "x": never over a file that appeared meanwhile
            out.write(source.read_bytes())
    except OSError as exc:
        print(f"arcroom init: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return Exit.UNUSABLE
    print(f"wrote {target}: {what}", file=sys.stderr)
    ignore = folder / ".gitignore"
    try:
        note = _ignore_working_files(ignore)
    except OSError as exc:
        print(f"arcroom init: {target} is written, but {ignore} cannot be: "
              f"{exc.strerror or exc}; add the line {IGNORED} to it yourself", file=sys.stderr)
        return Exit.UNUSABLE
    if note:
        print(note, file=sys.stderr)
    try:  # git merges the bible entity by entity once `arcroom git-setup` registers the driver
        if write_attributes(folder):
            print(f"wrote {folder / '.gitattributes'}: *.yaml merge=arcroom "
                  "(`arcroom git-setup` registers the driver)", file=sys.stderr)
    except OSError as exc:
        print(f"arcroom init: cannot write {folder / '.gitattributes'}: {exc.strerror or exc}",
              file=sys.stderr)
        return Exit.UNUSABLE
    return Exit.OK


def _ignore_working_files(ignore: Path) -> str | None:
    """Make ``ignore`` list ``.arcroom/``; say what was done (None: it did already)."""
    if not ignore.exists():
        ignore.write_text(f"# arcroom's working files (the editor's recovery journal)\n"
                          f"{IGNORED}\n", encoding="utf-8")
        return f"wrote {ignore}: {IGNORED} is arcroom's, not the show's"
    text = ignore.read_text(encoding="utf-8", errors="replace")
    if any(line.strip().strip("/") == IGNORED.strip("/") for line in text.splitlines()):
        return None
    with ignore.open("a", encoding="utf-8") as out:
        out.write(("" if text.endswith("\n") or not text else "\n") + IGNORED + "\n")
    return f"added {IGNORED} to {ignore}"
