"""``arcroom show``: answers to the room's questions about the plan.

``impact BEAT`` (what depends on it, if it moves or is cut), ``path`` (the
longest chain of dependencies), ``timeline CHARACTER`` (status and faction
per episode) and ``stances`` (the faction stance table per season).
Control characters in the bible's text are shown as symbols, never printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from arcs.report.visible import visible
from story_bible.errors import LoadError
from story_bible.reading.loader import load
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible

if TYPE_CHECKING:
    import networkx as nx

# The graph and its queries are imported in the functions that use them:
# the whole command line imports this module, and `arcroom check` should
# not pay for networkx.

T = TypeVar("T")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "show",
        description="Answer a question the room asks about the plan.",
    )
    questions = parser.add_subparsers(dest="question", metavar="QUESTION", required=True)
    ask = questions.add_parser("impact", help="what depends on BEAT, if it moves or is cut")
    ask.add_argument("beat", metavar="BEAT")
    ask.set_defaults(run=_impact)
    ask = questions.add_parser("path", help="the critical path: the longest chain of `after` links")
    ask.add_argument("--season", metavar="S2", help="only inside this season")
    ask.set_defaults(run=_path)
    ask = questions.add_parser("timeline", help="a character's status and faction per episode")
    ask.add_argument("character", metavar="CHARACTER")
    ask.set_defaults(run=_timeline)
    ask = questions.add_parser("stances", help="the faction stance table, season by season")
    ask.add_argument("--season", metavar="S2", help="only this season")
    ask.set_defaults(run=_stances)
    for name in ("impact", "path", "timeline", "stances"):
        add_bible_argument(questions.choices[name], option=True)


def _graph(args: argparse.Namespace) -> nx.MultiDiGraph:
    path = resolve_bible(args)
    from arcs.graph import build_graph

    try:
        return build_graph(load(path))
    except LoadError as exc:
        for problem in exc.problems:
            print(visible(str(problem)), file=sys.stderr)
        raise UsageError("the bible could not be read; `arcroom check` says more") from None


def _ask(
    args: argparse.Namespace, question: Callable[[nx.MultiDiGraph], T]
) -> tuple[nx.MultiDiGraph, T]:
    from arcs.queries import CycleError, QueryError

    G = _graph(args)
    try:
        return G, question(G)
    except CycleError:
        raise
    except QueryError as exc:  # an unknown name: misuse
        raise UsageError(str(exc)) from None


def _say(text: str) -> None:
    """Print a line of the answer; names and summaries are the writers' text, so escaped."""
    print(visible(text))


def _where(G: nx.MultiDiGraph, beat: str) -> str:
    data = G.nodes[beat]
    return f"{data['at']}  {beat}  ({data['arc']})"


def _impact(args: argparse.Namespace) -> int:
    from arcs.queries import impact

    G, found = _ask(args, lambda G: impact(G, args.beat))
    _say(f"If {_where(G, found.beat)} moves or is cut:")
    if not (found.dependents or found.changes):
        _say("  nothing else depends on it.")
        return Exit.OK
    if found.dependents:
        _say(f"  {len(found.direct)} beat(s) follow it directly, {len(found.dependents)} in all:")
        for beat in found.dependents:
            mark = "*" if beat in found.direct else " "
            payoff = "  pays it off" if beat in found.payoffs else ""
            _say(f"   {mark} {_where(G, beat)}{payoff}")
        if found.arcs:
            _say(f"  other arcs touched: {', '.join(found.arcs)}")
    for who, later in found.changes.items():
        change = next(
            d for _, w, k, d in G.out_edges(found.beat, keys=True, data=True)
            if k == "changes" and w == who
        )
        new = " / ".join(p for p in (change["status"], change["faction"]) if p)
        _say(f"  it turns {who} {new}; {later} later beat(s) with {who} assume it")
    return Exit.OK


def _path(args: argparse.Namespace) -> int:
    from arcs.queries import CycleError, critical_path

    try:
        G, chain = _ask(args, lambda G: critical_path(G, args.season))
    except CycleError as exc:
        print(f"arcroom show path: {exc}", file=sys.stderr)
        return Exit.PROBLEMS
    if not chain:
        _say("No beats.")
        return Exit.OK
    first, last = G.nodes[chain[0]]["at"], G.nodes[chain[-1]]["at"]
    _say(f"Critical path: {len(chain)} beats, {first} to {last}")
    for beat in chain:
        summary = G.nodes[beat].get("summary") or ""
        _say(f"  {_where(G, beat)}  {' '.join(summary.split())[:70]}")
    return Exit.OK


def _timeline(args: argparse.Namespace) -> int:
    from arcs.queries import timeline

    G, moments = _ask(args, lambda G: timeline(G, args.character))
    _say(f"{G.nodes[args.character]['label']} ({args.character}), episode by episode:")
    quiet: list = []

    def flush() -> None:
        if quiet:
            span = str(quiet[0].position) + (f"–{quiet[-1].position}" if len(quiet) > 1 else "")
            _say(f"  {span:<15} {quiet[0].status:<10} {quiet[0].faction or '-'}")
            quiet.clear()

    for m in moments:
        if m.beats:
            flush()
            mark = "*" if m.changed else " "
            _say(f"  {m.position!s:<15} {m.status:<10} {m.faction or '-':<14}{mark} "
                  f"{', '.join(m.beats)}")
        elif quiet and (quiet[0].status, quiet[0].faction) != (m.status, m.faction):
            flush()
            quiet.append(m)
        else:
            quiet.append(m)
    flush()
    _say("  (* a beat changes their status or faction)")
    return Exit.OK


def _stances(args: argparse.Namespace) -> int:
    from arcs.queries import stance_table

    _, table = _ask(args, lambda G: stance_table(G, args.season))
    if not table.rows:
        _say("No relations between factions.")
        return Exit.OK
    cells = []
    for row in table.rows:
        texts = []
        for stretches in row.seasons:
            shown = [s for s in stretches if s.stance or len(stretches) > 1]
            if len(shown) <= 1:  # one stance all season, or none: "-", as in "- E1–6"
                texts.append((shown[0].stance if shown else None) or "-")
            else:
                texts.append(" · ".join(
                    f"{s.stance or '-'} E{s.first}" + (f"–{s.last}" if s.last > s.first else "")
                    for s in shown
                ))
        cells.append((f"{row.a} ↔ {row.b}", texts))
    first = max(len(name) for name, _ in cells)
    widths = [
        max(len(table.seasons[i]), *(len(texts[i]) for _, texts in cells))
        for i in range(len(table.seasons))
    ]
    head = "  ".join(s.ljust(w) for s, w in zip(table.seasons, widths, strict=True))
    _say((" " * first + "  " + head).rstrip())
    for name, texts in cells:
        _say(name.ljust(first) + "  " + "  ".join(
            t.ljust(w) for t, w in zip(texts, widths, strict=True)
        ).rstrip())
    return Exit.OK
