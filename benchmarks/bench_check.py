"""How fast arcroom reads and checks a large bible, against PyYAML on the same file.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_check.py            # generates a 20,000-beat bible
    .venv/bin/python benchmarks/bench_check.py --bible my.yaml --repeat 5
    .venv/bin/python benchmarks/bench_check.py --got   # the real show, from tests/data/got

Every figure is the best of ``--repeat`` runs, measured in this one process
on the same text and taken in turns, so the ratios hold on any machine (and
on one whose speed drifts): the baseline is merely iterating ``yaml.parse``
events with the C loader. Peak memory is the
``arcroom check`` command's maximum resident set, in a child process of its
own (start-up and imports included in its wall time).
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bytecode import compile_packages  # noqa: E402

from arcs.checker import run_rules  # noqa: E402
from story_bible.reading.loader import load_texts  # noqa: E402


def once(run: Callable[[], object]) -> float:
    """One timing of ``run`` (collector off, as in the loader)."""
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    gc.enable()
    return seconds


def best_of(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The fastest of ``repeat`` timings of each run, taken in turns.

    In turns (each run once, then each again), so that a machine that slows
    down or speeds up meanwhile moves every figure alike, not their ratios.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(once(run))
    return {name: min(found) for name, found in times.items()}


# VmHWM is this process's own peak; ru_maxrss would carry over the parent's
# size from before exec.
_MEASURED_CHECK = """
import contextlib, io, re, sys
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
status = open("/proc/self/status").read()
print(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
"""


def _children_cpu() -> float:
    """User + system seconds of this process's finished children so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def check_in_child(path: Path) -> tuple[float, float, float]:
    """Run ``arcroom check`` in a new process: (wall seconds, CPU seconds, its peak resident MB).

    The CPU time (user + system) moves less than the wall time with the
    machine's load: the figure to compare two versions by on a shared machine.
    """
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_CHECK, "check", str(path), "--format", "json"],
        capture_output=True, text=True, check=False, cwd=HERE.parent,
    )
    wall = time.perf_counter() - start
    return wall, _children_cpu() - cpu, int(done.stdout.split()[-1]) / 1024


_EVENTS = """
import sys, yaml
for _ in yaml.parse(open(sys.argv[1], encoding="utf-8").read(), Loader=yaml.CSafeLoader):
    pass
"""


def events_in_child(path: Path) -> tuple[float, float]:
    """The baseline as a whole process: start Python, import yaml, iterate the events.

    (wall seconds, CPU seconds), as :func:`check_in_child`.
    """
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", _EVENTS, str(path)], check=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def generate(beats: int, characters: int, folder: Path) -> Path:
    path = folder / f"bible-{beats}.yaml"
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--beats",
            str(beats),
            "--characters",
            str(characters),
            "-o",
            str(path),
        ],
        check=True,
    )
    return path


def convert_got(folder: Path) -> Path:
    path = folder / "got.yaml"
    data = HERE.parent / "tests" / "data" / "got"
    subprocess.run(
        [sys.executable, str(HERE / "got_bible.py"), "--data", str(data), "-o", str(path)],
        check=True,
    )
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bible", type=Path, help="a bible file (default: generate one)")
    parser.add_argument("--beats", type=int, default=20_000)
    parser.add_argument("--characters", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-pure", action="store_true", help="skip the slow pure-Python safe_load"
    )
    parser.add_argument(
        "--got", action="store_true",
        help="measure the Game of Thrones bible converted from tests/data/got instead",
    )
    args = parser.parse_args(argv)
    compile_packages()  # as installed: `arcroom check` starts from bytecode, as PyYAML does

    with tempfile.TemporaryDirectory() as tmp:
        if args.got:
            path = convert_got(Path(tmp))
        else:
            path = args.bible or generate(args.beats, args.characters, Path(tmp))
        text = path.read_text(encoding="utf-8")
        print(f"{path.name}: {len(text.encode()) / 1e6:.1f} MB, {text.count(chr(10)):,} lines")

        def events() -> None:
            for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass

        bible = load_texts({str(path): text})
        runs: dict[str, Callable[[], object]] = {
            "iterate yaml.parse events (C)": events,
            "yaml.load CSafeLoader": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
            "arcroom load": lambda: load_texts({str(path): text}),
            # The editor's: every node composed, for its byte-exact edits.
            "arcroom load, every node": lambda: load_texts({str(path): text}, {}),
            "arcroom rules (loaded bible)": lambda: run_rules(bible),
            "arcroom load + check": lambda: run_rules(load_texts({str(path): text})),
        }
        rows = list(best_of(runs, args.repeat).items())
        if not args.skip_pure:  # 30x the others: timed once
            rows.insert(1, ("yaml.safe_load (pure Python)", once(lambda: yaml.safe_load(text))))
        baseline = rows[0][1]
        for name, seconds in rows:
            print(f"  {name:<32} {seconds:8.3f} s  {seconds / baseline:6.2f}x events")
        # Whole process against whole process: both pay interpreter start-up and exit.
        # Taken in turns, as above; the best of each.
        checks, events = [], []
        for _ in range(args.repeat):
            checks.append(check_in_child(path))
            events.append(events_in_child(path))
        wall, rss = min(c[0] for c in checks), max(c[2] for c in checks)
        name = "arcroom check (CLI, whole run)"
        print(f"  {name:<32} {wall:8.3f} s  {wall / baseline:6.2f}x events")
        process = min(w for w, _ in events)
        name = "events, whole process"
        print(f"  {name:<32} {process:8.3f} s  check is {wall / process:4.2f}x this")
        cpu, events_cpu = min(c[1] for c in checks), min(c for _, c in events)
        name = "CPU (user+system), the same"
        print(f"  {name:<32} {cpu:8.3f} s  events {events_cpu:.3f} s: {cpu / events_cpu:4.2f}x")
        print(f"  peak memory of arcroom check: {rss:.0f} MiB ({rss * 1.048576:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
