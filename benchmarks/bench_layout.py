"""How fast arcroom lays out and draws a large plan, against Graphviz on the same graph.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_layout.py             # generates a 20,000-beat bible
    .venv/bin/python benchmarks/bench_layout.py --bible my.yaml --dot-timeout 600

arcroom's figure is building the bible graph, selecting the beats view,
laying it out and writing the SVG (loading the YAML is ``bench_check``'s
business and is shown apart). The peer is what a user would pick otherwise:
Graphviz ``dot -Tsvg`` laying out arcroom's own DOT of the same view, timed
in the same run, with a generous timeout (it is reported if it runs out).
Crossings of the naive order and of the swept one are counted on the same
view.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from arcs.export.dot import write_dot  # noqa: E402
from arcs.export.svg import write_svg  # noqa: E402
from arcs.graph import build_graph  # noqa: E402
from arcs.layout import count_crossings, layout  # noqa: E402
from arcs.views import select  # noqa: E402
from story_bible import load  # noqa: E402

T = TypeVar("T")


def timed(label: str, run: Callable[[], T], times: dict[str, float]) -> T:
    start = time.perf_counter()
    result = run()
    times[label] = time.perf_counter() - start
    print(f"  {label:<28} {times[label]:8.2f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bible", type=Path, help="a bible to use (default: generate one)")
    parser.add_argument("--beats", type=int, default=20000, help="beats to generate (20000)")
    parser.add_argument("--dot-timeout", type=float, default=300.0, help="seconds (300)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bible_path = args.bible
        if bible_path is None:
            bible_path = folder / "bible.yaml"
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), "--beats", str(args.beats),
                 "--characters", str(max(args.beats // 10, 10)), "-o", str(bible_path)],
                check=True,
            )
        print(f"{bible_path} ({bible_path.stat().st_size / 1e6:.1f} MB)")
        times: dict[str, float] = {}
        bible = timed("load (not counted)", lambda: load(bible_path), {})
        print(f"arcroom: {len(bible.beats):,} beats, {len(bible.arcs):,} arcs, "
              f"{len(bible.characters):,} characters")
        G = timed("build the bible graph", lambda: build_graph(bible), times)
        V = timed("select the beats view", lambda: select(G, "beats"), times)
        L = timed("lay out", lambda: layout(V), times)
        svg = folder / "plan.svg"
        timed("write the SVG", lambda: write_svg(V, L, svg), times)
        ours = sum(times.values())
        print(f"  {'total':<28} {ours:8.2f} s   ({svg.stat().st_size / 1e6:.1f} MB of SVG, "
              f"{V.number_of_nodes():,} nodes, {V.number_of_edges():,} edges)")

        edges = list(V.edges())
        naive = count_crossings(layout(V, sweeps=0), edges)
        swept = count_crossings(L, edges)
        print(f"  crossings: {naive:,} in the naive order, {swept:,} after sweeps "
              f"({100 * (naive - swept) / max(naive, 1):.0f}% fewer)")

        dot = folder / "plan.dot"
        write_dot(V, L, dot)
        print(f"Graphviz dot -Tsvg on arcroom's DOT ({dot.stat().st_size / 1e6:.1f} MB):")
        if shutil.which("dot") is None:
            print("  dot is not installed")
            return 1
        start = time.perf_counter()
        try:
            subprocess.run(
                ["dot", "-Tsvg", str(dot), "-o", str(folder / "dot.svg")],
                check=True, timeout=args.dot_timeout, capture_output=True,
            )
        except subprocess.TimeoutExpired:
            print(f"  timed out after {args.dot_timeout:.0f} s: arcroom is over "
                  f"{args.dot_timeout / ours:.0f}x faster")
            return 0
        theirs = time.perf_counter() - start
        print(f"  {'dot -Tsvg':<28} {theirs:8.2f} s")
        print(f"arcroom {ours:.2f} s, Graphviz dot {theirs:.2f} s: arcroom is "
              f"{theirs / ours:.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
