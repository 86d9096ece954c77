"""HTML: one self-contained page a showrunner opens in a browser, or puts on the wall.

The page holds the drawings (one tab per view: the arcs across seasons, the
beat board, the faction web), the plan's seasons and arcs, and the problems
``arcroom check`` finds. Wheel or +/- zooms, dragging pans, F fits; clicking
a node (or a problem, or an arc in the list) shows its details and its
neighbours. Nothing is fetched: styles and the small script are inline and
the data is a JSON island whose ``<``, ``>`` and ``&`` are written as
``\\u003c``..., so no bible text can close a tag; the script only ever sets
``textContent``. Sample::

    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>All of Us Are Dead — the plan</title>
    ...<nav class="ar-tabs"><button data-view="0">Arcs across the seasons</button>...
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator, Sequence
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.diagnostics import Diagnostic
from arcs.export.output import write_lines
from arcs.export.report_assets import CSS, SCRIPT
from arcs.export.sheets import BOARD
from arcs.export.sheets import plan as plan_sheets
from arcs.export.sheets import sheets as sheet_pages
from arcs.export.style import (
    colour_of,
    group_colours,
    one_line,
    period,
    plural,
    problems_by_entity,
)
from arcs.export.svg import esc as svg_esc
from arcs.export.svg import svg_element
from arcs.export.values import jsonable
from arcs.export.web import as_drawn
from arcs.layout import Layout
from arcs.version import version

View = tuple[nx.MultiDiGraph, Layout]


def esc(text: Any) -> str:
    """As :func:`arcs.export.svg.esc`: text or an attribute value, escaped for HTML."""
    return svg_esc(text)


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def generate_html(
    G: nx.MultiDiGraph,
    layout: Layout,
    *,
    problems: Sequence[Diagnostic] = (),
    more: Sequence[View] = (),
    plan: nx.MultiDiGraph | None = None,
    paper: bool = False,
) -> Iterator[str]:
    """The lines of the HTML report.

    Parameters
    ----------
    G, layout : the first view and its layout (the tab shown on opening).
    problems : what ``arcroom check`` found (:func:`arcs.checker.run_rules`).
    more : further ``(view, layout)`` pairs, one tab each.
    plan : the whole bible graph (:func:`arcs.graph.build_graph`), for the
        seasons and arcs list; without it the list comes from the views.
    paper : whether the card board (the ``beats`` view) prints as sheets of
        readable size, season by season (:mod:`arcs.export.sheets`), in place
        of its screen drawing.
    """
    # A faction web is drawn per season (arcs.export.web): its data carries those boxes.
    views = [(V, as_drawn(V, L)) for V, L in ((G, layout), *more)]
    series = str(G.graph.get("series", ""))
    yield "<!DOCTYPE html>"
    yield '<html lang="en"><head><meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{esc(series)} — the plan</title>"
    yield f"<style>{CSS}</style>"
    yield "</head><body>"
    yield '<header class="ar-top">'
    yield f'<div class="ar-brand"><h1>{esc(series)}</h1>'
    yield f'<p class="ar-sub">{esc(_tagline(views, plan))}</p></div>'
    yield '<nav class="ar-tabs">'
    for i, (V, _) in enumerate(views):
        yield (
            f'<button type="button" data-view="{i}" title="{esc(V.graph.get("title", ""))}">'
            f"{esc(_tab_name(V))}</button>"
        )
    yield "</nav>"
    yield '<div class="ar-tools">'
    yield (
        '<input id="ar-find" type="search" placeholder="Find a beat, arc, faction…" '
        'list="ar-ids">'
    )
    yield '<button type="button" data-zoom="in" title="Zoom in (+)">+</button>'
    yield '<button type="button" data-zoom="out" title="Zoom out (−)">−</button>'
    yield '<button type="button" data-zoom="fit" title="Fit the plan (F)">Fit</button>'
    yield "</div>"
    yield from _status(problems)
    yield "</header>"
    yield '<div class="ar-main">'
    yield '<aside class="ar-side">'
    yield from _seasons(views, plan)
    yield from _problems(problems)
    yield "</aside>"
    yield '<div class="ar-stage" id="ar-stage">'
    sheets = None
    for i, (V, L) in enumerate(views):
        yield f'<div class="ar-view" data-view="{i}">'
        board = paper and V.graph.get("view") == "beats" and sheets is None
        if board:
            sheets = plan_sheets(V, L, bool(problems))
            sheet_title = str(V.graph.get("title", ""))
        yield from svg_element(
            V, L, problems=problems, element_id=BOARD if board else None,
            parts=sheets.parts if board and sheets else None,
        )
        yield "</div>"
    if sheets is not None:
        # On paper, the board's sheets in its place. Inert in a template until the
        # page is printed (the script's beforeprint): a <use> costs the browser a copy
        # of what it shows even out of sight, and the screen never shows a sheet.
        yield '<div class="ar-print"><template id="ar-paper">'
        yield from sheet_pages(sheets, sheet_title)
        yield "</template></div>"
    yield '<div class="ar-axis" aria-hidden="true"></div>'
    yield '<div class="ar-lanes" aria-hidden="true"></div>'
    yield (
        '<canvas class="ar-mini" width="240" height="90" title="Minimap: click to go there" '
        "hidden></canvas>"
    )
    yield '<p class="ar-help">Drag to pan · wheel or +/− to zoom · F to fit · click a node</p>'
    yield "</div>"
    yield '<aside class="ar-details" id="ar-details" hidden>'
    yield '<button type="button" class="ar-close" title="Close (Esc)">×</button>'
    yield '<div id="ar-details-body"></div></aside>'
    yield "</div>"
    yield '<datalist id="ar-ids"></datalist>'
    yield '<script type="application/json" id="ar-data">'
    yield script_json(_data(views, problems, plan))
    yield "</script>"
    yield f"<script>{SCRIPT}</script>"
    yield "</body></html>"


def write_html(
    G: nx.MultiDiGraph,
    layout: Layout,
    path_or_file: str | PathLike[str] | IO[Any],
    **options: Any,
) -> None:
    """Write :func:`generate_html` (same options) to a path or an open text file."""
    write_lines(generate_html(G, layout, **options), path_or_file)


def _tab_name(V: nx.MultiDiGraph) -> str:
    view = str(V.graph.get("view", ""))
    names = {"arcs": "Arcs", "beats": "Beats", "factions": "Factions", "stances": "Stances",
             "overview": "Overview"}
    if view in names:
        name = names[view]
        if view == "factions" and V.graph.get("at"):
            name += f" at {V.graph['at']}"
        return name
    return one_line(V.graph.get("title", view))


def _tagline(views: list[View], plan: nx.MultiDiGraph | None) -> str:
    source = plan if plan is not None else views[0][0]
    counts: dict[str, int] = {}
    for _, kind in source.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    seasons = len(source.graph.get("seasons", {}))
    parts = [plural(seasons, "season")]
    for kind in ("arc", "beat", "faction", "character"):
        if counts.get(kind):
            parts.append(plural(counts[kind], kind))
    return " · ".join(parts)


def _status(problems: Sequence[Diagnostic]) -> Iterator[str]:
    if not problems:
        yield '<div class="ar-status ar-ok" title="arcroom check found nothing">✓ No problems</div>'
        return
    n = len(problems)
    worst = max(p.severity for p in problems)
    yield (
        f'<a class="ar-status ar-{esc(worst)}" href="#ar-problems">'
        f"⚠ {plural(n, 'problem')}</a>"
    )


def _seasons(views: list[View], plan: nx.MultiDiGraph | None) -> Iterator[str]:
    """The seasons, each with its arcs (colour chip, span, beat count) and summary."""
    source = plan if plan is not None else views[0][0]
    colours = group_colours(source if plan is not None else views[0][0])
    seasons = source.graph.get("seasons", {})
    arcs_by_season: dict[str, list[Hashable]] = {s: [] for s in seasons}
    beats: dict[Hashable, int] = {}
    if plan is not None:
        for node, data in plan.nodes(data=True):
            if data.get("kind") == "arc":
                first = next((s for s in data["seasons"] if s in seasons), None)
                if first is not None:
                    arcs_by_season[first].append(node)
                beats[node] = sum(
                    1 for _, _, k in plan.out_edges(node, keys=True) if k == "contains"
                )
    yield '<section class="ar-section"><h2>Seasons and arcs</h2>'
    for sid, info in seasons.items():
        summary = plan.nodes[sid].get("summary") if plan is not None and sid in plan else None
        planned = ' <span class="ar-badge">planned</span>' if info.get("planned") else ""
        yield '<div class="ar-season">'
        yield (
            f"<h3><b>{esc(sid)}</b> {esc(one_line(info['title']))}"
            f' <span class="ar-muted">{plural(info["episodes"], "episode")}</span>{planned}</h3>'
        )
        if arcs_by_season.get(sid):
            yield '<ul class="ar-arcs">'
            for arc in arcs_by_season[sid]:
                data = plan.nodes[arc] if plan is not None else {}
                group = next((f for f in data.get("factions", ()) if f in colours), "")
                span = ", ".join(data.get("seasons", ()))
                count = plural(beats.get(arc, 0), "beat")
                tip = one_line(data.get("summary") or "")
                yield (
                    f'<li><button type="button" class="ar-link" data-id="{esc(arc)}" '
                    f'title="{esc(tip)}"><i style="background:{colour_of(colours, group)}"></i>'
                    f"{esc(one_line(data.get('label', arc)))}</button>"
                    f' <span class="ar-muted">{esc(span)} · {count}</span></li>'
                )
            yield "</ul>"
        if summary:
            yield '<details><summary class="ar-muted">Synopsis</summary>'
            yield f'<p class="ar-summary">{esc(one_line(summary))}</p></details>'
        yield "</div>"
    yield "</section>"


def _problems(problems: Sequence[Diagnostic]) -> Iterator[str]:
    yield '<section class="ar-section" id="ar-problems"><h2>Problems</h2>'
    if not problems:
        yield '<p class="ar-muted">arcroom check found no problems in this plan.</p>'
    else:
        yield '<ol class="ar-problems">'
        for p in problems:
            entity = f' data-id="{esc(p.entity)}"' if p.entity else ""
            hint = f'<span class="ar-hint">{esc(p.hint)}</span>' if p.hint else ""
            yield (
                f'<li class="ar-{esc(p.severity)}"><button type="button" class="ar-link"{entity}>'
                f"<b>{esc(p.code)}</b> {esc(p.message)}</button>"
                f'<span class="ar-where">{esc(p.file)}:{p.line}:{p.column}</span>{hint}</li>'
            )
        yield "</ol>"
    yield "</section>"


def _data(
    views: list[View], problems: Sequence[Diagnostic], plan: nx.MultiDiGraph | None = None
) -> dict[str, Any]:
    """What the script needs: each view's nodes (fields and box) and edges, every
    entity's name, the problems per entity, and the entities no view draws."""
    out = []
    shown: set[str] = set()
    for V, L in views:
        nodes = {}
        brief = V.graph.get("view") == "overview"  # its beats are the Beats tab's, told there
        for node, data in V.nodes(data=True):
            box = L.boxes.get(node)
            told = {k: data[k] for k in ("label", "kind", "at") if k in data} if brief else data
            fields = _fields(told)
            if box is not None:
                fields["box"] = [box.x, box.y, box.width, box.height]
            nodes[str(node)] = fields
            shown.add(str(node))
        edges = [
            [str(u), str(v), d.get("kind", ""), *_edge_words(d)] for u, v, d in V.edges(data=True)
        ]
        out.append({
            "view": V.graph.get("view", ""), "title": V.graph.get("title", ""),
            "nodes": nodes, "edges": edges, **_frame(V, L),
        })
    source = plan if plan is not None else views[0][0]
    names = {str(n): one_line(d.get("label") or n) for n, d in source.nodes(data=True)}
    names.update({str(sid): f"{sid} · {one_line(info.get('title', ''))}"
                  for sid, info in source.graph.get("seasons", {}).items()})
    marks = {
        entity: [f"{m.code} {m.message}" for m in found]
        for entity, found in problems_by_entity(problems).items()
    }
    entities = {}
    for entity in marks:
        if entity in shown:
            continue
        data = source.nodes[entity] if entity in source else {}
        fields = {
            k: v for k, v in jsonable(dict(data)).items()
            if v not in (None, "", [], False) and k not in ("lane", "group", "rank")
        }
        fields.setdefault("label", names.get(entity, entity))
        fields.setdefault("kind", "season" if entity in source.graph.get("seasons", {}) else "")
        entities[entity] = fields
    return {
        "arcroom": version(), "views": out, "problems": len(problems),
        "names": names, "marks": marks, "entities": entities,
    }


_UNTOLD = frozenset(("lane", "group", "rank"))  # the layout's, not the story's
_PLAIN = (str, int, float, bool)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """A node's fields for the script: as JSON has them, none empty, none of the layout's.

    (What ``jsonable(data)`` filtered would give; plain values are taken as they are,
    the 20,000-beat board's 300,000 of them.)

    >>> from story_bible.positions import Position
    >>> _fields({"at": Position(1, 2), "tags": (), "lane": "x", "label": "a", "n": 0})
    {'at': 'S1E02', 'label': 'a'}
    """
    out = {}
    for key, value in data.items():
        if key in _UNTOLD:
            continue
        if type(value) not in _PLAIN:
            value = jsonable(value)
        if value not in (None, "", [], False):
            out[str(key)] = value
    return out


def _frame(V: nx.MultiDiGraph, L: Layout) -> dict[str, Any]:
    """What stays in sight on the card board and the overview while panned: their episodes
    (x0, name) and lanes (x0, x1, y0, y1, name), drawn by the script over the stage's
    edges; and their seasons (id, x0, x1), which Fit shows one at a time when needed."""
    if L.kind not in ("timeline", "overview") or V.graph.get("view") == "arcs":
        return {}
    return {
        "axis": [[c.x0, f"{c.position.season_id}E{c.position.episode}"] for c in L.columns],
        "lanes": [[lane.x0, lane.x1, lane.y0, lane.y1, lane.label] for lane in L.lanes],
        # Fit shows the season in view where the whole would be too small to read
        "bands": [[band.season, band.x0, band.x1] for band in L.bands],
    }


def _edge_words(data: dict[str, Any]) -> list[str]:
    """How the details panel names a stance: the stance and its dates (others: their kind)."""
    if data.get("kind") == "stance":
        return [f"{data.get('stance', '')} {period(data)}".strip()]
    return []
