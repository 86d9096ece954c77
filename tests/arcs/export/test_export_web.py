"""Alliances over time: the stance chart and the faction web per season, their labels
placed on no box and no other label, their lines around the boxes, and golden pictures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from golden import check_golden, chromium, render_png

from arcs.export.svg import generate_svg, write_svg
from arcs.graph import build_graph
from arcs.layout import Box, Layout, layout
from arcs.views import select
from arcs.web_layout import CLEAR, curve_points, overlaps, panels, text_width
from story_bible import load, load_text, sample_path

SVG = "{http://www.w3.org/2000/svg}"


def sample(view: str, **filters: str) -> tuple[nx.MultiDiGraph, Layout]:
    V = select(build_graph(load(sample_path())), view, **filters)
    return V, layout(V)


def parse(V: nx.MultiDiGraph, L: Layout) -> ET.Element:
    return ET.fromstring("\n".join(generate_svg(V, L)).encode("utf-8"))


def test_the_stance_chart_names_each_run_and_dates_it_on_hover() -> None:
    V, L = sample("stances")
    root = parse(V, L)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "pair"]
    assert len(rows) == len({frozenset((u, v)) for u, v in V.edges()})
    horde = next(g for g in rows if {g.get("data-from"), g.get("data-to")} == {
        "survivors", "horde"})
    runs = [r for r in horde.iter(f"{SVG}rect") if "run" in (r.get("class") or "")]
    tips = [r.find(f"{SVG}title").text for r in runs]  # type: ignore[union-attr]
    # at war through nearly all of the show: the chart says so, run by run, with dates
    assert tips[0] == "Hyosan High survivors ↔ The horde: war S1E01–S1E12"
    assert sum(1 for r in runs if r.get("class") == "run war") >= 3
    named = [t.text for t in horde.iter(f"{SVG}text") if t.get("class") == "chart-run"]
    assert named.count("war") >= 3


def test_every_episode_is_a_column_of_the_same_width() -> None:
    V, L = sample("stances")
    widths = {round(x1 - x0, 1) for x0, x1 in L.chart_columns.values()}
    assert len(widths) == 1
    assert len(L.chart_columns) == sum(s["episodes"] for s in V.graph["seasons"].values())


def web_cases() -> list[tuple[str, dict[str, str]]]:
    return [("sample", {}), ("sample", {"at": "S2E05"}), ("sample", {"at": "S3E11"})]


@pytest.mark.parametrize(("bible", "filters"), web_cases())
def test_no_web_label_sits_on_a_box_or_another_label(bible: str, filters: dict[str, str]) -> None:
    V, _ = sample("factions", **filters)
    L = panels(V)
    assert L.panels
    for panel in L.panels:
        labels = [r.label_box for r in panel.routes if r.label_box is not None]
        for k, label in enumerate(labels):
            assert not any(overlaps(label, box) for box in panel.boxes.values()), label
            assert not any(overlaps(label, other) for other in labels[k + 1 :]), label
        # a label with no free place is a numbered note under the panel, not a lie
        for route in panel.routes:
            if route.label_box is None or route.note is not None:
                assert route.note is not None and panel.notes[route.note - 1].endswith(
                    route.label)


@pytest.mark.parametrize(("bible", "filters"), web_cases())
def test_web_lines_go_around_the_boxes_they_do_not_join(
    bible: str, filters: dict[str, str]
) -> None:
    V, _ = sample("factions", **filters)
    for panel in panels(V).panels:
        for route in panel.routes:
            points = curve_points(route, 48)
            for node, box in panel.boxes.items():
                if node in (route.u, route.v):
                    continue
                inner = Box(box.x, box.y, box.width + 2 * CLEAR - 2, box.height + 2 * CLEAR - 2)
                assert not any(_inside(p, inner) for p in points), (route.u, route.v, node)


def _inside(p: tuple[float, float], box: Box) -> bool:
    return box.left < p[0] < box.right and abs(p[1] - box.y) < box.height / 2


def test_a_faction_is_drawn_only_while_it_is_in_the_story() -> None:
    V, _ = sample("factions", at="S1E03")
    drawn = {n for p in panels(V).panels for n in p.boxes}
    assert "survivors" in drawn
    # the foreign coalition first appears in S2: at S1E03 it is not drawn yet
    assert "coalition" not in drawn
    V, _ = sample("factions")
    S1 = panels(V).panels[0]
    assert "coalition" not in S1.boxes


def test_a_web_with_no_relations_says_so() -> None:
    V = select(build_graph(load_text("""
arcroom: 1
series: {title: Game of Thrones}
seasons: {S1: {title: One, episodes: 2}}
factions: {stark: {name: House Stark}, lannister: {name: House Lannister}}
""")), "factions")
    texts = [t.text or "" for t in parse(V, layout(V)).iter(f"{SVG}text")]
    assert any("sets no stances between its factions" in t for t in texts)


def test_no_label_of_the_arcs_view_sits_on_another_label_or_a_box() -> None:
    V, L = sample("arcs")
    root = parse(V, L)
    sizes = {"node-title": 12, "lane-name": 12, "lane-count": 10.5, "episode": 11,
             "band-name": 13}
    labels = []
    for g in root.iter(f"{SVG}g"):
        owner = g.get("data-id")
        for t in g.findall(f"{SVG}text"):
            kind = t.get("class") or ""
            if kind not in sizes or not t.text:
                continue
            size = sizes[kind]
            width = text_width(t.text, size)
            x, y = float(t.get("x", 0)), float(t.get("y", 0))
            left = x - width / 2 if kind == "episode" else x
            labels.append((owner, Box(left + width / 2, y - size * 0.35, width, size)))
    assert len(labels) > 20
    for k, (owner, label) in enumerate(labels):
        for other_owner, other in labels[k + 1 :]:
            assert not overlaps(label, other, -1), (owner, other_owner, label, other)
        for node, box in L.boxes.items():
            if node == owner:  # its own title, inside its own bar
                assert label.left >= box.left and label.right <= box.right + 1, node
            else:
                assert not overlaps(label, box, -1), (owner, node)


GOLDEN_WEB = [("stances", {}, "stance-chart"), ("factions", {}, "faction-web-per-season"),
              ("factions", {"at": "S2E05"}, "faction-web-at-S2E05")]


def test_golden_pictures_of_alliances_over_time(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    with chromium(tmp_path) as port:
        for view, filters, name in GOLDEN_WEB:
            V, L = sample(view, **filters)
            path = tmp_path / f"{name}.svg"
            write_svg(V, L, path)
            root = ET.parse(path).getroot()
            width, height = int(float(root.get("width", 0))), int(float(root.get("height", 0)))
            check_golden(name, render_png(port, path, width, height), pytestconfig)


def test_the_golden_comparison_sees_a_stance_change(tmp_path: Path) -> None:
    from golden import GOLDEN, TOLERANCE, difference

    from arcs.export.style import STANCE_COLOURS

    V, L = sample("stances")
    path = tmp_path / "chart.svg"
    text = "\n".join(generate_svg(V, L)).replace(STANCE_COLOURS["war"], STANCE_COLOURS["ally"])
    path.write_text(text, encoding="utf-8")
    root = ET.parse(path).getroot()
    width, height = int(float(root.get("width", 0))), int(float(root.get("height", 0)))
    with chromium(tmp_path) as port:
        png = render_png(port, path, width, height)
    assert difference((GOLDEN / "stance-chart.png").read_bytes(), png) > TOLERANCE
