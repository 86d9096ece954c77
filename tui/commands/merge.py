"""``arcroom merge BASE OURS THEIRS [PATH]``: git's merge driver for bible files.

git runs it as ``merge.arcroom.driver = arcroom merge %O %A %B %P`` (``arcroom
git-setup`` registers it) for each file ``.gitattributes`` sends to it. The
merge (:mod:`story_bible.merge`) is written into OURS; the exit code is git's:
0 merged, 1 conflicts left between markers (``arcroom check`` then reports
each as B012 with both versions). After a clean merge the bible holding PATH
is checked, and the problems that neither side had (two clean branches can
make a dead man walk) are printed on stderr, without failing the merge.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from arcs.baseline import key_of
from arcs.checker import run_rules
from arcs.diagnostics import Diagnostic
from story_bible.errors import LoadError
from story_bible.merge import merge_texts
from story_bible.reading.loader import bible_files, load_texts
from story_bible.writing.save import write_atomic
from tui.commands import Exit


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "merge",
        description="Three-way merge of a bible file for git (merge.arcroom.driver = "
        "arcroom merge %%O %%A %%B %%P): changes to different entities or fields merge, the "
        "result is written into OURS keeping its format, and a true conflict leaves git's "
        "markers around that entity alone (exit 1). `arcroom git-setup` registers it.",
    )
    parser.add_argument("base", metavar="BASE", type=Path, help="the common ancestor (%%O)")
    parser.add_argument("ours", metavar="OURS", type=Path, help="our version; the result (%%A)")
    parser.add_argument("theirs", metavar="THEIRS", type=Path, help="their version (%%B)")
    parser.add_argument("path", metavar="PATH", nargs="?",
                        help="the file's path in the repository (%%P), to check the merge")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        base, ours, theirs = (_read(p) for p in (args.base, args.ours, args.theirs))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"arcroom merge: cannot read the versions to merge: {exc}", file=sys.stderr)
        return Exit.UNUSABLE
    name = args.path or str(args.ours)
    bom = "\ufeff" if ours.startswith("\ufeff") else ""  # kept as our file had it
    base, ours, theirs = (t.removeprefix("\ufeff") for t in (base, ours, theirs))
    result = merge_texts(base, ours, theirs)
    write_atomic(args.ours, (bom + result.text).encode("utf-8"))
    if result.conflicts:
        what = ", ".join(result.conflicts) if result.structural else "lines"
        print(f"arcroom merge: {name}: conflict in {what}; resolve the markers, then "
              "`arcroom check`", file=sys.stderr)
        return Exit.PROBLEMS
    if not result.structural:
        print(f"arcroom merge: {name}: merged line by line, as git would (not a bible file, "
              "or not one that reads as YAML)", file=sys.stderr)
        return Exit.OK
    if args.path:
        for d in created_problems(Path(args.path), ours, theirs, result.text):
            print(f"arcroom merge: the merge made a problem neither side had: "
                  f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}", file=sys.stderr)
    return Exit.OK


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def created_problems(path: Path, ours: str, theirs: str, merged: str) -> list[Diagnostic]:
    """Problems of the merged bible that neither side's bible had (matched as baselines are)."""
    for texts in _bibles(path):
        try:
            found = [run_rules(load_texts({**texts, str(path): t})) for t in (ours, theirs)]
            after = run_rules(load_texts({**texts, str(path): merged}))
        except LoadError:
            continue
        known = Counter(key_of(d) for d in found[0]) | Counter(key_of(d) for d in found[1])
        seen: Counter[object] = Counter()
        created = []
        for d in after:
            seen[key_of(d)] += 1
            if seen[key_of(d)] > known[key_of(d)]:
                created.append(d)
        return created
    return []


def _bibles(path: Path) -> list[dict[str, str]]:
    """The bibles ``path`` may belong to: each folder above it (3 up), and itself alone.

    A file in a folder is first read with its folder (a folder bible's file may
    read alone and still need the others); a file at the top first alone.
    """
    candidates: list[dict[str, str]] = []
    folder = path.parent
    for _ in range(3):
        if not folder.is_dir():
            break
        files = [f for f in bible_files(folder) if f.resolve() != path.resolve()]
        try:
            texts = {str(f): f.read_text(encoding="utf-8") for f in files}
        except (OSError, UnicodeDecodeError):
            texts = {}
        if texts:
            candidates.append(texts)
        if folder == folder.parent or str(folder) in ("", "."):
            break
        folder = folder.parent
    alone_first = str(path.parent) in ("", ".")
    return [{}, *candidates] if alone_first else [*candidates, {}]
