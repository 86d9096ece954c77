"""How long the problems panel takes to show a check's diagnostics: the real widget, headless.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_problems.py                  # 5,000 diagnostics
    .venv/bin/python benchmarks/bench_problems.py --diagnostics 50 --shows 40

A Textual app (120x40) holds only a :class:`~tui.widgets.problems.ProblemsPanel`;
it is handed ``--diagnostics`` made-up diagnostics (long messages with hints,
a tenth of them errors) ``--shows`` times, each list a little different from
the last (as a re-check after an edit is). Two figures per show: ``show``, the
call itself, and ``drawn``, from the call to the screen being drawn again
(Pilot's pause: the table's deferred layout and the render of what is on screen);
and ``idle``, the same pause with nothing shown, the floor of ``drawn`` (Pilot
waits for the process to go idle, which takes its own time).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402

from arcs.diagnostics import Diagnostic, Severity  # noqa: E402
from tui.widgets.problems import ProblemsPanel  # noqa: E402

SIZE = (120, 40)


def diagnostics(count: int, salt: int) -> list[Diagnostic]:
    """``count`` diagnostics, one in ten an error; ``salt`` changes a few of their messages."""
    made = []
    for i in range(count):
        severity = Severity.ERROR if i % 10 == 0 else Severity.WARNING
        made.append(Diagnostic(
            "bible.yaml", 10 + i, 5, "continuity" if severity == Severity.ERROR else "pacing",
            f"character-{i % 300} is dead since S1E{i % 20:02d} but acts in beat-{i}"
            f"{' again' if (i + salt) % 97 == 0 else ''}, which the rest of the season follows",
            severity, entity=f"beat-{i}", hint="move the death later, or the beat earlier",
        ))
    return made


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield ProblemsPanel(id="problems")


async def measure(count: int, shows: int) -> tuple[list[float], list[float], list[float]]:
    app = Bench()
    calls, drawn, idle = [], [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        for n in range(shows + 1):
            given = diagnostics(count, n)
            start = time.perf_counter()
            panel.show(given)
            called = time.perf_counter()
            await pilot.pause()
            done = time.perf_counter()
            if n:  # the first show is a warm-up
                calls.append((called - start) * 1000)
                drawn.append((done - start) * 1000)
                await pilot.pause()
                start = time.perf_counter()
                await pilot.pause()
                idle.append((time.perf_counter() - start) * 1000)
    return calls, drawn, idle


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diagnostics", type=int, default=5000)
    parser.add_argument("--shows", type=int, default=10)
    args = parser.parse_args(argv)
    calls, drawn, idle = asyncio.run(measure(args.diagnostics, args.shows))
    print(f"{args.diagnostics:,} diagnostics, {args.shows} shows at {SIZE[0]}x{SIZE[1]}")
    for name, times in (("show", calls), ("drawn", drawn), ("idle", idle)):
        print(f"  {name:6} median {statistics.median(times):8.1f} ms   "
              f"max {max(times):8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
