"""Read a bible (one file or a folder of ``*.yaml``) into the model, strictly.

The schema drives the reading: each field is read as what the format says it
is (text stays text, so ``no`` is a name and not ``False``), unknown keys get
a did-you-mean hint, and every problem is collected with its location before
one :class:`~story_bible.errors.LoadError` is raised. Nothing else in arcroom
parses YAML.

This module finds and reads the files and runs the reading: the quick one
(``quick.py``) first, the full one (``builder.py`` and the readers it is
made of) where the quick one leaves off or a problem is to be told.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from story_bible.errors import LoadError, Problem
from story_bible.field_table import DEFAULT_STATUSES, FORMAT_VERSION
from story_bible.model import Bible
from story_bible.reading.builder import Builder, read_fragment
from story_bible.reading.composer import compose
from story_bible.reading.conflicts import conflict_markers
from story_bible.reading.field_reader import whole_file as _whole
from story_bible.reading.nodes import Mapping, Node, Unusual
from story_bible.reading.placing import past_the_end
from story_bible.reading.quick import QuickReader

__all__ = [
    "BIBLE_NAMES", "DEFAULT_STATUSES", "FORMAT_VERSION", "MAX_FILE_BYTES", "bible_files",
    "collector_paused", "find_bible", "load", "load_text", "load_texts", "past_the_end",
    "read_fragment", "read_text", "sample_path",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
BIBLE_NAMES = ("bible.yaml", "bible.yml", "bible")
SAMPLE = "all_of_us_are_dead.yaml"


def sample_path() -> Path:
    """The bundled *All of Us Are Dead* plan (read-only package data)."""
    # The package's own folder, as importlib.resources would say: importing that (and
    # the tempfile, shutil and zip modules it brings) was 6 ms of every start.
    return Path(__file__).parent.parent / "samples" / SAMPLE


def find_bible(folder: Path) -> Path | None:
    """``bible.yaml`` or ``bible/`` in ``folder``, as the command line looks for it."""
    for name in BIBLE_NAMES:
        candidate = folder / name
        if candidate.exists():
            return candidate
    return None


def load(path: str | Path) -> Bible:
    """Load a bible file or folder; raise :class:`LoadError` on any problem."""
    path = Path(path)
    if path.is_dir():
        files = bible_files(path)
        if not files:
            raise LoadError([_whole(str(path), "B006", "no *.yaml files in this folder")])
    elif path.exists():
        files = [path]
    else:
        raise LoadError(
            [_whole(str(path), "B006", "no such file", "give a bible file or folder, or --sample")]
        )
    try:
        return load_texts({str(f): read_text(f) for f in files})
    except LoadError as exc:
        files_read = tuple(str(f) for f in files)
        raise LoadError(exc.problems, files_read, exc.bible, exc.left_out) from None


def bible_files(path: Path) -> list[Path]:
    """The files of the bible at ``path``: itself, or a folder's ``*.yaml`` and ``*.yml``.

    A folder's hidden files and folders (``.git``, an editor's ``.backup/``)
    are not part of it.
    """
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and p.is_file()
    )


def load_text(text: str, file: str = "<bible>") -> Bible:
    """Load a bible from a string (``file`` names it in messages)."""
    return load_texts({file: text})


def read_text(path: Path) -> str:
    """A bible file's text, refusing what is too large or not UTF-8 text."""
    name = str(path)
    limit = MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadError(
                [_whole(name, "B005", f"the file is {size:,} bytes; the limit is {limit:,}")]
            )
        # At most one byte past the limit: a pipe or a device (/dev/zero) has
        # no size to check first, and may never end.
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise LoadError([_whole(name, "B006", f"cannot read the file: {exc.strerror}")]) from None
    if len(data) > limit:
        raise LoadError(
            [_whole(name, "B005", f"the file is more than {limit:,} bytes; the limit is {limit:,}")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            [Problem(name, line, column, "B001", "not UTF-8 text (is this a binary file?)")]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            [Problem(name, line, 1, "B001", "the file holds NUL bytes: not a text file")]
        )
    return text


def load_texts(
    texts: dict[str, str], roots: dict[str, Node] | None = None,
    unfilled: list[tuple[str, Mapping]] | None = None,
) -> Bible:
    """Load a bible made of several files' texts, merged by section.

    ``roots``, when given, receives each file's composed node tree (the
    format-preserving editor patches text against it); without it, beats and
    characters are read straight from the YAML events (``quick.py``) and
    compose their nodes when a span inside them is asked.

    ``unfilled``, given with ``roots``, asks for both: the beats and characters
    are read quickly, the trees hold their tables' mappings without entries,
    and ``unfilled`` receives those mappings with their files, for
    :func:`story_bible.writing.filling.fill` to compose later (the editor shows
    the bible first). A file the quick reading leaves to the full one is
    composed whole.
    """
    # A byte order mark is not text: libyaml skips it and counts offsets
    # without it (read_text strips it from files; this is for strings).
    texts = {f: t[1:] if t.startswith("\ufeff") else t for f, t in texts.items()}
    with collector_paused():
        return _load_texts(texts, roots, unfilled)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a burst of allocations.

    The loader and the rules make hundreds of thousands of small acyclic
    objects over a model as big again; each full collection would walk all of
    them for nothing (on 20,000 beats the rules took 1.2 s with it, 0.13 s
    without).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_texts(
    texts: dict[str, str], roots: dict[str, Node] | None,
    unfilled: list[tuple[str, Mapping]] | None = None,
) -> Bible:
    # Without roots to give back (or with a list for what is left unfilled),
    # beats and characters are read without nodes (quick.py); a bible with any
    # problem is read again in full, so that every diagnostic is the full reading's.
    quick = roots is None or unfilled is not None
    builder = Builder()
    for file, text in texts.items():
        conflicts = conflict_markers(file, text)
        if conflicts:  # a merge's markers: B012 with both versions, not a YAML syntax error
            builder.problems.extend(conflicts)
            continue
        try:
            root, problems, reader = _compose(builder, file, text, quick)
        except LoadError as exc:
            builder.problems.extend(exc.problems)
            builder.unread = True
            continue
        if roots is not None:
            roots[file] = root
        if unfilled is not None and reader is not None:
            unfilled.extend((file, table) for table in (*reader.characters, *reader.beats))
        builder.problems.extend(problems)
        builder.read_file(file, root, reader)
    bible = builder.finish(texts)
    if builder.problems:
        if quick:
            if roots is not None:
                roots.clear()
            if unfilled is not None:
                unfilled.clear()
            return _load_texts(texts, {} if roots is None else roots)
        # What was read goes with the problems, so `check` can check the rest;
        # not when a whole file is missing from it.
        partial = None if builder.unread else bible
        raise LoadError(builder.problems, bible=partial, left_out=tuple(builder.unplaced))
    return bible


def _compose(
    builder: Builder, file: str, text: str, quick: bool
) -> tuple[Node, list[Problem], QuickReader | None]:
    """``text``'s nodes, its problems, and the quick reader that read its beats and characters.

    Without a reader (``quick`` false, or a file the quick reading leaves to
    the full one), every node is composed.
    """
    if quick:
        reader = QuickReader(file, text, builder.known_ids)
        try:
            root, problems = compose(text, file, reader)
            reader.check()
        except Unusual:
            reader.forget()  # `known_ids` goes on to the next file
        else:
            return root, problems, reader
    return (*compose(text, file), None)
