"""What reading a bible can cost at the least, against iterating its YAML events.

Run it (a measurement, not a test)::

    .venv/bin/python benchmarks/bench_floor.py              # a generated 20,000-beat bible
    .venv/bin/python benchmarks/bench_floor.py --bible my.yaml

DESIGN.md asks ``arcroom check`` to take at most 2x the time of iterating
``yaml.parse`` events. This prints where the floors of the ways to get there
lie, each timed in turns with the others in this one process (best of
``--repeat``):

- a Python loop that receives each event and does nothing with it;
- the smallest located node tree (a tuple per scalar, as arcroom's), with no
  checks at all: what any loader that keeps a node tree pays;
- a reader that keeps no node tree: every scalar's offsets in one array, and
  each beat's fields straight into a ``Beat`` (no checks, no other entities);
  what a schema-directed loader that keeps offsets on the model starts from;
- arcroom's ``compose`` and the editor's load (every node), and the load
  ``arcroom check`` does, which reads beats and characters straight from the
  events (``story_bible/reading/quick.py``), for comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_check import best_of, generate  # noqa: E402

from story_bible.model import Beat  # noqa: E402
from story_bible.positions import Position  # noqa: E402
from story_bible.reading.composer import compose  # noqa: E402
from story_bible.reading.loader import load_texts  # noqa: E402
from story_bible.reading.nodes import Lines, Mapping, Scalar  # noqa: E402
from story_bible.reading.nodes import Sequence as YamlSequence  # noqa: E402

#: arcs -> an arc -> beats -> a beat: the depth of a beat's mapping.
BEAT_DEPTH = 5
LISTS = ("after", "characters", "factions", "sets_up", "pays_off", "tags")


def bare_loop(text: str) -> None:
    get_event = CParser(text).get_event
    while (event := get_event()) is not None:
        event.__class__  # noqa: B018 - the dispatch every reader does


def smallest_tree(text: str) -> Any:
    # story_bible.reading.composer.compose with every check taken out, on purpose: the
    # difference between the two is what the checks cost.
    lines = Lines(text)
    new = tuple.__new__
    get_event = CParser(text).get_event
    stack: list[Any] = []
    parent: Any = None
    append: Any = None
    entries: Any = None
    key: Any = None
    root = None
    while (event := get_event()) is not None:
        cls = event.__class__
        if cls is ScalarEvent:
            start = event.start_mark.index
            node: Any = new(
                Scalar,
                (event.value, event.style or "", event.tag, start,
                 event.end_mark.index - start, lines),
            )
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            stack.append((parent, append, entries, key))
            key = None
            if cls is MappingStartEvent:
                parent = Mapping(False, None, event.start_mark.index, lines)
                append, entries = None, parent.entries
            else:
                parent = YamlSequence(False, None, event.start_mark.index, lines)
                append, entries = parent.items.append, None
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            node = parent
            node.end = event.end_mark.index
            parent, append, entries, key = stack.pop()
        else:
            continue
        if append is not None:
            append(node)
        elif entries is None:
            root = node
        elif key is None:
            key = node
        else:
            entries[key.value] = (key, node)
            key = None
    return root


def no_tree(text: str) -> tuple[dict[str, Beat], array[int]]:
    get_event = CParser(text).get_event
    offsets = array("q")  # the start and end of every scalar, in the order written
    path: list[Any] = []  # the keys down to the open mapping
    beats: dict[str, Beat] = {}
    key: Any = None
    fields: dict[str, Any] | None = None  # the open beat's
    items: list[str] | None = None  # the open list's
    interned: dict[str, str] = {}
    nowhere = Position(0, 0)
    while (event := get_event()) is not None:
        cls = event.__class__
        if cls is ScalarEvent:
            value = event.value
            if len(value) < 40:
                value = interned.setdefault(value, value)
            offsets.append(event.start_mark.index)
            offsets.append(event.end_mark.index)
            if items is not None:
                items.append(value)
            elif key is None:
                key = value
            else:
                if fields is not None and len(path) == BEAT_DEPTH:
                    fields[key] = value
                key = None
        elif cls is MappingStartEvent:
            path.append(key)
            key = None
            if len(path) == BEAT_DEPTH and path[1] == "arcs" and path[3] == "beats":
                fields = {}
        elif cls is MappingEndEvent:
            if fields is not None and len(path) == BEAT_DEPTH:
                for name in ("at", "changes", "flashback"):
                    fields.pop(name, None)
                beats[path[-1]] = Beat(id=path[-1], arc=path[2], at=nowhere, **fields)
                fields = None
            path.pop()
            key = None
        elif cls is SequenceStartEvent:
            items = []
        elif cls is SequenceEndEvent:
            if fields is not None and key in LISTS and len(path) == BEAT_DEPTH:
                fields[key] = tuple(items or ())
            items = None
            key = None
    return beats, offsets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bible", type=Path, help="a bible file (default: generate one)")
    parser.add_argument("--beats", type=int, default=20_000)
    parser.add_argument("--characters", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.bible or generate(args.beats, args.characters, Path(tmp))
        text = path.read_text(encoding="utf-8")

        def events() -> None:
            for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass

        runs: dict[str, Callable[[], object]] = {
            "iterate yaml.parse events (C)": events,
            "a loop that only receives events": lambda: bare_loop(text),
            "the smallest located node tree": lambda: smallest_tree(text),
            "no tree: offsets array + beats": lambda: no_tree(text),
            "arcroom compose (the node tree)": lambda: compose(text, str(path)),
            "arcroom load, every node (editor)": lambda: load_texts({str(path): text}, {}),
            "arcroom load (check's, quick)": lambda: load_texts({str(path): text}),
        }
        found = best_of(runs, args.repeat)
    baseline = found["iterate yaml.parse events (C)"]
    print(f"{path.name}: {len(text.encode()) / 1e6:.1f} MB")
    for name, seconds in found.items():
        print(f"  {name:<34} {seconds:7.3f} s  {seconds / baseline:5.2f}x events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
