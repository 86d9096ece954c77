"""How long an edit takes from "keypress" to updated problems, on a 1,000-beat bible.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_edit.py                 # 1,000 beats, 200 edits
    .venv/bin/python benchmarks/bench_edit.py --beats 5000 --edits 100

Each measured edit is what the editor does when a writer changes a field:
``Document.set`` (patch the text, re-read what changed, check it reads as
meant) followed by ``arcs.checker.run_rules`` on the new model. The edits
are drawn at random over the whole bible: a beat's episode, summary or
characters, a character's name; for comparison, the time of re-loading the
whole file and checking it after such an edit. "Frozen" is the same edits
after ``gc.freeze()`` once the bible is loaded (what an editor can do so
that the collector stops walking the model): the cyclic collector's full
passes over a large model are what the slowest edits otherwise wait for.
Times are wall-clock milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import Options, generate, render  # noqa: E402

from arcs.checker import run_rules  # noqa: E402
from story_bible.model import Bible  # noqa: E402
from story_bible.positions import Position  # noqa: E402
from story_bible.reading.loader import load_texts  # noqa: E402
from story_bible.writing.document import Document  # noqa: E402


def edits(bible: Bible, rng: random.Random) -> Callable[[Document], None]:
    """One random edit a writer might make, as a function of the document."""
    beat = rng.choice(list(bible.beats.values()))
    choice = rng.randrange(4)
    if choice == 0:
        season = bible.seasons[beat.at.season_id]
        episode = rng.randint(1, season.episodes)
        return lambda doc: doc.set(beat.id, "at", str(Position(season.number, episode)))
    if choice == 1:
        summary = f"Rewritten in the room, take {rng.random():.4f}"
        return lambda doc: doc.set(beat.id, "summary", summary)
    if choice == 2:
        cast = list(bible.characters)
        extra = [c for c in rng.sample(cast, 2) if c not in beat.characters][:1]
        return lambda doc: doc.set(beat.id, "characters", [*beat.characters, *extra])
    character = rng.choice(list(bible.characters.values()))
    return lambda doc: doc.set(character.id, "name", character.name + " Jr.")


def measure(
    text: str, count: int, seed: int, whole: bool, freeze: bool = False
) -> tuple[list[float], list[float]]:
    """Times of edit + re-check, and of the edit alone, in milliseconds."""
    doc = Document.from_texts({"bible.yaml": text})
    if freeze:
        gc.collect()
        gc.freeze()
    rng = random.Random(seed)
    times, alone = [], []
    for _ in range(count):
        edit = edits(doc.bible, rng)
        if whole:
            edit(doc)
            start = time.perf_counter()
            run_rules(load_texts(dict(doc.texts)))
            edited = start
        else:
            start = time.perf_counter()
            edit(doc)
            edited = time.perf_counter()
            run_rules(doc.bible)
        times.append((time.perf_counter() - start) * 1000)
        alone.append((edited - start) * 1000)
    gc.unfreeze()
    return times, alone


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name:<44} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"
          f"   max {ordered[-1]:6.1f} ms   ({len(times)} edits)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beats", type=int, default=1000)
    parser.add_argument("--characters", type=int, default=150)
    parser.add_argument("--seasons", type=int, default=3)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    text = render(generate(Options(args.beats, args.characters, args.seasons, 1, 0)))
    print(f"bible: {args.beats} beats, {len(text):,} characters of YAML")
    doc = Document.from_texts({"bible.yaml": text})
    start = time.perf_counter()
    run_rules(doc.bible)
    print(f"re-check alone: {(time.perf_counter() - start) * 1000:.1f} ms (first run)")
    both, alone = measure(text, args.edits, args.seed, False)
    report("edit + re-check (Document.set, run_rules)", both)
    report("  of which the edit (Document.set)", alone)
    frozen, _ = measure(text, args.edits, args.seed, False, freeze=True)
    report("the same, model frozen out of the GC", frozen)
    whole, _ = measure(text, args.edits // 4, args.seed, True)
    report("for comparison: full re-load + re-check", whole)
    return 0


if __name__ == "__main__":
    sys.exit(main())
