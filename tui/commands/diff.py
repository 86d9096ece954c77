"""``arcroom diff [REV [REV]] [BIBLE]``: what changed in the story, between revisions.

Revisions are read as ``git diff`` reads them: none compares the working
tree with ``HEAD``; one compares the working tree with it; two compare the
revisions; ``A...B`` compares ``B`` with where it left ``A`` (their merge
base) and ``A..B`` is ``A B``. Each revision's bible is read straight from
git (:mod:`story_bible.reading.git_source`), never checked out.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from arcs.checker import Selection, run_rules
from arcs.config import ConfigError, discover
from arcs.diff_formats import FORMATS
from arcs.report.paths import relative_path
from arcs.story_diff import story_diff
from story_bible.errors import LoadError
from story_bible.model import Bible
from story_bible.reading.git_source import (
    GitError,
    bible_texts_at,
    is_revision,
    merge_base,
    top_level,
)
from story_bible.reading.loader import find_bible, load, load_texts
from tui.commands import Exit, UsageError

WORKING_TREE = "working tree"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "diff",
        description="Say what changed in the story, grouped by season and arc: entities "
        "added, removed and renamed, each changed field before and after, and the problems "
        "the change introduced and fixed. Revisions as git diff takes them: none compares "
        "the working tree with HEAD, one the working tree with REV, two the revisions; "
        "A...B compares B with its merge base with A.",
        epilog="examples:\n"
        "  arcroom diff                                  the working tree against HEAD\n"
        "  arcroom diff HEAD~3 bible/                    a folder bible, three commits back\n"
        "  arcroom diff origin/main...HEAD --format markdown   a pull request's comment",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("args", nargs="*", metavar="REV|BIBLE",
                        help="up to two revisions (or A...B), then the bible file or folder")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text",
                        help="text (default), markdown (a PR comment) or json")
    parser.add_argument("--exit-code", action="store_true",
                        help="exit 1 when the story changed, 0 when it did not (as git's)")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                        help="colour the text (default: auto, on a terminal without NO_COLOR)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    top = top_level(cwd)
    if top is None:
        raise UsageError("this folder is not in a git repository; `git init` first")
    revs, bible = _split(args.args, cwd)
    try:
        old_rev, new_rev = _revisions(revs, top)
        if bible is None:
            bible = find_bible(cwd) or _bible_at(old_rev, top, cwd)
        bible = Path(relative_path(str(bible)))
        old, new = _read(old_rev, bible, top), _read(new_rev, bible, top)
    except GitError as exc:
        print(f"arcroom diff: {exc}", file=sys.stderr)
        return Exit.UNUSABLE
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return Exit.UNUSABLE
    if old is None or new is None:
        return Exit.UNUSABLE
    try:
        config = discover(bible)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return Exit.UNUSABLE
    selection = Selection(config.select or (), config.ignore or (), config.severity)
    diff = story_diff(old, new, run_rules(old, selection), run_rules(new, selection))
    labels = (_label(revs, 0, old_rev), _label(revs, 1, new_rev))
    color = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    FORMATS[args.format](diff, sys.stdout, labels, color=color)
    return Exit.PROBLEMS if args.exit_code and not diff.empty else Exit.OK


def _split(words: list[str], cwd: Path) -> tuple[list[str], Path | None]:
    """Revisions first, then at most one bible (a word that is a path and no revision)."""
    revs: list[str] = []
    bible: Path | None = None
    top = top_level(cwd) or cwd
    for word in words:
        if bible is not None:
            raise UsageError(f"{word!r} after the bible; write revisions first, then the BIBLE")
        if ".." in word or (is_revision(word, top) and not Path(word).exists()):
            revs.append(word)
        elif Path(word).exists():
            bible = Path(word)
        else:
            raise UsageError(f"{word!r} is neither a revision nor a bible file or folder")
    if len(revs) > 2 or (len(revs) == 2 and any(".." in r for r in revs)):
        raise UsageError("give at most two revisions (or one A...B)")
    return revs, bible


def _revisions(revs: list[str], top: Path) -> tuple[str, str | None]:
    """(old, new) revisions; ``None`` for new is the working tree."""
    if not revs:
        return "HEAD", None
    if len(revs) == 2:
        return revs[0], revs[1]
    rev = revs[0]
    if "..." in rev:
        a, _, b = rev.partition("...")
        return merge_base(a or "HEAD", b or "HEAD", top), b or "HEAD"
    if ".." in rev:
        a, _, b = rev.partition("..")
        return a or "HEAD", b or "HEAD"
    return rev, None


def _label(revs: list[str], side: int, rev: str | None) -> str:
    if rev is None:
        return WORKING_TREE
    if len(revs) == 1 and "..." in revs[0] and side == 0:
        a, _, b = revs[0].partition("...")
        return f"merge base of {a or 'HEAD'} and {b or 'HEAD'}"
    return rev


def _bible_at(rev: str, top: Path, cwd: Path) -> Path:
    """``bible.yaml`` or ``bible/`` as ``rev`` has them, when the working tree has neither."""
    for name in ("bible.yaml", "bible.yml", "bible"):
        try:
            bible_texts_at(rev, cwd / name, top)
        except GitError:
            continue
        return cwd / name
    raise UsageError("no bible.yaml or bible/ here or at that revision; give the BIBLE path")


def _read(rev: str | None, bible: Path, top: Path) -> Bible | None:
    if rev is None:
        return load(bible)
    texts = bible_texts_at(rev, bible, top)
    try:
        return load_texts(texts)
    except LoadError as exc:
        for problem in exc.problems:
            print(f"{rev}:{problem}", file=sys.stderr)
        print(f"arcroom diff: the bible at {rev} does not read; fix it or compare another "
              "revision", file=sys.stderr)
        return None
