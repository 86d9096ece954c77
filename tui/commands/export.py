"""``arcroom export``: lay the plan out and write it for the room and its tools.

Writes SVG, the HTML report, Mermaid, DOT, GraphML, GEXF or JSON to ``-o
FILE`` or stdout. The format comes from ``--format`` or the file's suffix.
Without a bible here it uses the bundled sample, and says so on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from arcs.checker import run_rules
from arcs.export import FORMATS, LANES, format_of, generate
from arcs.export.output import write_lines
from story_bible.errors import LoadError
from story_bible.reading.loader import load
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible

if TYPE_CHECKING:
    import networkx as nx

    from arcs.layout import Layout
    from story_bible.model import Bible

#: The HTML report without ``--view`` shows these, one tab each.
REPORT_VIEWS = ("arcs", "beats", "factions", "stances", "overview")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "export",
        description="Lay out the plan (x is story time, y a swimlane per arc or faction) and "
        "write it. The format comes from --format, or from the suffix of -o FILE.",
        epilog="examples:\n"
        "  arcroom export --sample -o plan.html             the report to put on the wall\n"
        "  arcroom export --format mermaid --view arcs      arcs for the repo's README\n"
        "  arcroom export --view factions --at S2E05 -o web.svg\n"
        "  arcroom export -o plan.pdf                        arcs, then a page per season (A3)\n"
        "  arcroom export --view character:nam-ra --format svg -o nam-ra.svg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_bible_argument(parser)
    parser.add_argument("-f", "--format", choices=list(FORMATS), help="file format")
    parser.add_argument(
        "--view", metavar="VIEW",
        help="beats (the default; the HTML report shows arcs, beats, factions, stances and "
        "overview), overview (beats, deaths and problems per lane and episode), "
        "arcs, factions (a web per season, or --at one episode), stances (each faction "
        "pair's stance, episode by episode) or character:ID",
    )
    parser.add_argument("--season", metavar="S2", help="only this season")
    parser.add_argument("--faction", metavar="ID", help="only what involves this faction")
    parser.add_argument("--arc", metavar="ID", help="only this arc (and, for arcs, its links)")
    parser.add_argument("--at", metavar="S2E05", help="factions view: the stances at one episode")
    parser.add_argument("--lanes", choices=LANES, help="swimlanes per arc or per faction")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="where to write (default, or -: stdout)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    to_file = args.output not in (None, "-")
    fmt = args.format or (format_of(args.output) if to_file else None)
    if fmt is None:
        raise UsageError(
            f"say which format: --format {'|'.join(FORMATS)} (or -o FILE with a known suffix)"
        )
    path = resolve_bible(args, fallback_to_sample=True)
    try:
        bible = load(path)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("arcroom export: the bible could not be read; `arcroom check` says more",
              file=sys.stderr)
        return Exit.UNUSABLE
    # Here, not at the top: the whole command line imports this module, and
    # `arcroom check` should not pay for networkx.
    from arcs.graph import build_graph

    G = build_graph(bible)
    if fmt == "pdf":
        return _pdf(G, bible, args, to_file)
    report = fmt == "html" and args.view is None
    names = list(REPORT_VIEWS) if report else [args.view or "beats"]
    views = [_laid_out(G, name, args, report) for name in names]
    (first, first_layout), more = views[0], views[1:]
    options: dict[str, object] = {}
    if fmt == "svg":  # cards (and the overview's cells) wear the problems check finds
        options = {"problems": run_rules(bible)}
    if fmt == "html":
        problems = run_rules(bible)
        options = {"problems": problems, "more": more, "plan": G}
        # on paper, the card board's cards season by season, in sheets of readable size
        options["paper"] = report
        if problems:
            print(f"arcroom export: the report lists {len(problems)} problem"
                  f"{'s' if len(problems) != 1 else ''} found by check", file=sys.stderr)
    lines: Iterator[str] = generate(fmt, first, first_layout, **options)
    if to_file:
        try:
            write_lines(lines, args.output)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"arcroom export: wrote {args.output} ({fmt})", file=sys.stderr)
    else:
        write_lines(lines, sys.stdout)
    return Exit.OK


def _pdf(G: nx.MultiDiGraph, bible: Bible, args: argparse.Namespace, to_file: bool) -> int:
    """The arcs across the run (or --view's picture), then each season's overview: a page each."""
    from arcs.export.pdf import PDFUnavailable, write_pdf

    pages = [_laid_out(G, args.view or "arcs", args, False)]
    if args.view is None:
        pages += _season_overviews(_laid_out(G, "beats", args, False)[0])
    try:
        write_pdf(pages, args.output if to_file else sys.stdout.buffer, problems=run_rules(bible))
    except PDFUnavailable as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    if to_file:
        print(f"arcroom export: wrote {args.output} (pdf, {len(pages)} pages)", file=sys.stderr)
    return Exit.OK


def _season_overviews(
    board: nx.MultiDiGraph, view: str = "overview"
) -> list[tuple[nx.MultiDiGraph, Layout]]:
    """Each season's overview (or its cards: ``view`` "beats"), cut from the card
    board's view (no second reading)."""
    from arcs.layout import layout
    from arcs.views import narrow

    out = []
    for sid in board.graph["seasons"]:
        V = narrow(board, sid, view)
        out.append((V, layout(V, equal_columns=True)))
    return out


def _laid_out(
    G: nx.MultiDiGraph, name: str, args: argparse.Namespace, report: bool
) -> tuple[nx.MultiDiGraph, Layout]:
    from arcs.layout import layout
    from arcs.views import ViewError, select

    # In the report, --at and --lanes go to the views they apply to.
    at = args.at if (name == "factions" or not report) else None
    lanes = args.lanes if (name not in ("factions", "stances") or not report) else None
    try:
        V = select(
            G, name, season=args.season, faction=args.faction, arc=args.arc, at=at, lanes=lanes
        )
    except ViewError as exc:
        raise UsageError(str(exc)) from None
    return V, layout(V, equal_columns=True)
