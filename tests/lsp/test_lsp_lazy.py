"""Lazily committed re-reads equal a fresh reading, keystroke after keystroke.

The language server commits each keystroke's re-read lazily
(``reparse.Reread.commit_lazily``): only the re-read entries' nodes are
placed, and the nodes after them keep their old offsets and answer where
they are now through their lines. Random typing (letters into values, keys
and comments, deletions, new lines, text that briefly does not read) must
leave every node answering the same line, column and offsets as a fresh
load of the same text, and the same diagnostics as a fresh check.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arcs.checker import run_rules
from arcs.diagnostics import Diagnostic
from story_bible.model import Bible
from story_bible.reading.loader import sample_path
from story_bible.reading.nodes import Lines, Mapping, Node, Scalar
from story_bible.writing import commit, reparse
from story_bible.writing.lazy_commit import LineTable, moves_logged
from story_bible.writing.reparse import full
from tests.support import ROOT
from tui.lsp import bibles
from tui.lsp.bibles import OpenBible, _patch

BIBLES = {
    "dead_walk_again": ROOT / "tests" / "fixtures" / "bibles" / "dead_walk_again.yaml",
    "hyosan_small": ROOT / "tests" / "fixtures" / "bibles" / "hyosan_small.yaml",
    "sample": sample_path(),
}


def walk(node: Node, path: str = "") -> Iterator[tuple[str, Node]]:
    yield path, node
    if isinstance(node, Mapping):
        for key, (key_node, value) in node.entries.items():
            yield f"{path}/{key}:key", key_node
            yield from walk(value, f"{path}/{key}")
    elif not isinstance(node, Scalar):
        for k, item in enumerate(node.items):
            yield from walk(item, f"{path}/{k}")


def place(node: Node) -> tuple[int, int, int, int, int, int]:
    """Where ``node`` is now: offsets (through its lines) and 1-based line/column."""
    start = node.lines.offset(node.start)
    end = start + node.size if isinstance(node, Scalar) else node.lines.offset(node.end)
    return start, end, node.line, node.column, node.end_line, node.end_column


def assert_like_fresh(opened: OpenBible) -> None:
    assert opened.bible is not None
    fresh = full(dict(opened.bible.texts))
    for file, root in opened.roots.items():
        now = dict(walk(root))
        then = dict(walk(fresh.roots[file]))
        assert list(now) == list(then)
        for path, node in then.items():
            assert place(now[path]) == place(node), (file, path)
    # Spans' lines and columns are true at once; their raw offsets once settled.
    settled = moves_logged(opened.roots) == 0
    for table in ("beats", "characters", "factions", "arcs", "seasons", "statuses"):
        kept_table = getattr(opened.bible, table)
        for name, entity in getattr(fresh.bible, table).items():
            kept = kept_table[name]
            for where in ((), ("at",), ("characters", 0), ("name",), ("title",)):
                a, b = kept.span(*where), entity.span(*where)
                assert (a if settled else a[:5]) == (b if settled else b[:5]), (name, where)
    for kept_relation, relation in zip(opened.bible.relations, fresh.bible.relations,
                                       strict=True):
        a, b = kept_relation.span(), relation.span()
        assert (a if settled else a[:5]) == (b if settled else b[:5]), relation.id
    assert opened.checker is not None
    assert opened.checker.diagnostics == run_rules(fresh.bible, opened.selection)


def edit(rng: random.Random, text: str) -> str:
    """One keystroke somewhere in ``text``: inside a line, a new line (Enter and the
    editor's indentation), a line joined to the one above, a space at a line's start."""
    at = rng.randrange(len(text))
    what = rng.random()
    if what < 0.35:
        return text[:at] + rng.choice("abxyz -_") + text[at:]
    if what < 0.6:
        return text[:at] + text[at + 1 :]
    if what < 0.7:
        return text[:at] + rng.choice("#:,") + text[at:]
    if what < 0.85:
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        return text[:line_end] + "\n" + " " * rng.randrange(9) + text[line_end:]
    line_start = text.rfind("\n", 0, at) + 1
    if what < 0.93:
        return text[:line_start] + " " + text[line_start:]
    return text[: line_start - 1] + text[line_start:] if line_start else text


def type_into(path: Path, seed: int, keys: int) -> None:
    rng = random.Random(seed)
    opened = OpenBible.open(path)
    file = str(path)
    text = opened.texts[file]
    original = text
    for k in range(keys):
        values = [n for path, n in walk(opened.roots[file]) if not path.endswith(":key")
                  and isinstance(n, Scalar) and n.style == "" and n.value.isalnum()]
        if opened.last is not None and not opened.last.read and rng.random() < 0.5:
            text = opened.bible.texts[file] if opened.bible else text  # the mistake undone
        elif values and rng.random() < 0.85:
            # Inside a word of a value: the bible reads on, mostly.
            start, end, *_ = place(rng.choice(values))
            at = rng.randrange(start, end + 1)
            text = text[:at] + rng.choice("ab") + text[at:] if rng.random() < 0.6 else (
                text[:at] + text[at + 1 :] if at < end else text)
        else:
            text = edit(rng, text)
        if rng.random() < 0.1:  # the text as it was: the bible reads again
            text = original if rng.random() < 0.5 else text
        # As the server does: the stretch each change replaced is passed on,
        # and a burst of changes is checked once.
        cut = _patch(opened.texts[file], text)
        opened.edit(file, text, (cut.start, cut.end))
        if rng.random() < 0.3:
            continue
        checked = opened.check()
        if checked.read:
            assert_like_fresh(opened)
        if k % 7 == 6:
            opened.settle()
            assert moves_logged(opened.roots) == 0
            assert_like_fresh(opened)


@pytest.mark.parametrize("name", sorted(BIBLES))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_random_typing_leaves_every_node_where_a_fresh_read_puts_it(name: str, seed: int) -> None:
    type_into(BIBLES[name], seed, 25)


def test_typing_in_values_is_committed_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    """A letter in a summary re-reads one entry: no whole load, no node after it moved."""
    path = BIBLES["hyosan_small"]
    opened = OpenBible.open(path)
    file = str(path)
    text = opened.texts[file]

    def no_full_load(texts: dict[str, str]) -> None:
        raise AssertionError("the whole bible was re-loaded")

    def no_shift(*args: object) -> None:
        raise AssertionError("every node after the change was moved")

    monkeypatch.setattr(bibles, "full", no_full_load)
    monkeypatch.setattr(commit, "shift", no_shift)
    at = text.index("summary: ") + len("summary: ")
    for typed in ("x", "xy", "x", ""):
        assert opened.change(file, text[:at] + typed + text[at:]).read
    assert moves_logged(opened.roots) == 4
    monkeypatch.undo()
    assert_like_fresh(opened)


def test_the_log_is_settled_once_it_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibles, "SETTLE_AFTER", 3)
    path = BIBLES["hyosan_small"]
    opened = OpenBible.open(path)
    file = str(path)
    text = opened.texts[file]
    at = text.index("summary: ") + len("summary: ")
    for n in range(1, 6):
        opened.change(file, text[:at] + "x" * n + text[at:])
        assert moves_logged(opened.roots) <= 3
    assert_like_fresh(opened)


@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 4), st.integers(1, 5),
                          st.integers(0, 11)), max_size=30))
def test_the_line_table_follows_replaced_lines(edits: list[tuple[int, int, int, int]]) -> None:
    """Whole lines replaced by others (as a re-read run is): every offset on its line."""
    text = "".join(f"line {k}\n" * (k % 3 + 1) for k in range(120))
    LineTable.CHUNK = 16  # many chunks, so that edits cross them
    try:
        table = LineTable(Lines(text).starts)
        for at, dropped, added, width in edits:
            starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
            first = at % (len(starts) - 1)
            head, old_tail = starts[first], starts[min(first + dropped, len(starts) - 1)]
            new = "".join(f"{'z' * ((width + k) % 12)}\n" for k in range(added))
            inside = [head + k + 1 for k, ch in enumerate(new[:-1]) if ch == "\n"]
            table.replace(head, old_tail, inside, len(new) - (old_tail - head))
            text = text[:head] + new + text[old_tail:]
            for offset in range(0, len(text), 5):
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                assert table.locate(offset) == (line, column), offset
    finally:
        LineTable.CHUNK = 1024


def test_an_edit_during_a_check_makes_it_stale_and_the_next_check_reads_it() -> None:
    """A check in the worker thread reads a copy of the texts; an edit meanwhile waits
    for the next check, measured from the texts the running one took."""
    path = BIBLES["hyosan_small"]
    opened = OpenBible.open(path)
    file = str(path)
    text = opened.texts[file]
    at = text.index("summary: ") + len("summary: ")
    checker = opened.checker
    assert checker is not None
    entered, go_on = threading.Event(), threading.Event()
    update = checker.update

    def slow_update(bible: Bible) -> list[Diagnostic]:
        entered.set()
        assert go_on.wait(30)
        return update(bible)

    checker.update = slow_update  # type: ignore[method-assign]
    first = text[:at] + "x" + text[at:]
    opened.edit(file, first, (at, at), version=2)
    with ThreadPoolExecutor(1) as worker:
        running = worker.submit(opened.check)
        assert entered.wait(30)
        second = first[: at + 40] + "yz" + first[at + 40 :]
        opened.edit(file, second, (at + 40, at + 40), version=3)
        go_on.set()
        checked = running.result(30)
    assert checked.read and checked.versions == {file: 2}
    assert opened.stale and opened.bible is not None and opened.bible.texts[file] == first
    checker.update = update  # type: ignore[method-assign]
    assert opened.check().versions == {file: 3}
    assert not opened.stale and opened.bible.texts[file] == second
    assert_like_fresh(opened)


def test_an_eager_commit_after_lazy_ones_settles_first() -> None:
    """The Document's commit (every node moved) on a tree committed lazily: the same
    nodes as a fresh read, every raw offset true."""
    path = BIBLES["hyosan_small"]
    opened = OpenBible.open(path)
    file = str(path)
    text = opened.texts[file]
    at = text.index("summary: ") + len("summary: ")
    for n in (1, 2):
        assert opened.change(file, text[:at] + "x" * n + text[at:]).read
    assert opened.bible is not None and moves_logged(opened.roots) == 2
    base = opened.bible.texts[file]
    later = base.rindex("summary: ") + len("summary: ")
    patch = _patch(base, base[:later] + "y" + base[later:])
    result = reparse.reread(opened.bible, opened.roots, {file: [patch]})
    result.commit()
    assert moves_logged(result.roots) == 0
    opened.bible, opened.roots = result.bible, result.roots
    opened.checker = None
    opened.check()
    assert_like_fresh(opened)
