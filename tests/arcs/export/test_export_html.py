"""HTML: one self-contained report with the drawings, seasons, arcs and problems."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from export_support import SMALL, Page, dump_dom, png_facts, screenshot

from arcs.checker import run_rules
from arcs.diagnostics import Diagnostic
from arcs.export.html import generate_html, write_html
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, load_text, sample_path


def report(bible_text: str | None = None) -> str:
    bible = load_text(bible_text) if bible_text else load(SMALL)
    G = build_graph(bible)
    views = [select(G, name) for name in ("arcs", "beats", "factions")]
    pairs = [(V, layout(V)) for V in views]
    return "\n".join(generate_html(
        *pairs[0], problems=run_rules(bible), more=pairs[1:], plan=G
    ))


def test_the_report_fetches_nothing() -> None:
    page = Page(report())
    assert [u for u in page.urls if not u.startswith("#")] == []
    assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert [a.get("src") for a, _ in page.scripts] == [None, None]


def test_the_report_data_holds_every_view_with_positions() -> None:
    page = Page(report())
    island = next(text for attrs, text in page.scripts if attrs.get("type") == "application/json")
    data = json.loads(island)
    assert [v["view"] for v in data["views"]] == ["arcs", "beats", "factions"]
    beats = data["views"][1]["nodes"]
    assert beats["roof"]["at"] == "S1E02"
    assert len(beats["roof"]["box"]) == 4
    assert ["outbreak", "roof", "after"] in data["views"][1]["edges"]


def test_the_report_lists_seasons_arcs_and_tabs() -> None:
    text = report()
    assert re.search(r"<b>S1</b> Survival of mankind", text)
    assert 'data-id="martial-law"' in text
    assert [m for m in re.findall(r'data-view="\d"[^>]*>([^<]+)</button>', text)] == [
        "Arcs", "Beats", "Factions",
    ]
    assert "No problems" in text


def test_the_report_shows_what_check_finds() -> None:
    # Cheong-san died in S1E04; without "flashback: true" his memory is a continuity error.
    text = report(SMALL.read_text(encoding="utf-8").replace("        flashback: true\n", ""))
    assert "1 problem" in text
    assert re.search(r"<b>C001</b> cheong-san appears in cheong-san-memory", text)
    assert 'data-id="cheong-san-memory"' in text


def test_chromium_runs_the_report_and_draws_it(tmp_path: Path) -> None:
    bible = load(sample_path())
    G = build_graph(bible)
    pairs = [(V, layout(V)) for V in (select(G, n) for n in ("arcs", "beats", "factions"))]
    path = tmp_path / "plan.html"
    write_html(*pairs[0], path, problems=run_rules(bible), more=pairs[1:], plan=G)
    dom = dump_dom(path, tmp_path)
    # the script ran to its end: the first tab is selected and its drawing placed
    assert re.search(r'data-view="0"[^>]*aria-selected="true"', dom)
    assert '<div class="ar-view ar-active" data-view="0">' in dom
    assert "transform: translate(" in dom
    width, height, values = png_facts(screenshot(path, tmp_path))
    assert (width, height) == (1600, 1000)
    assert values > 100
    beats = screenshot(path, tmp_path, "#beats")
    assert beats.read_bytes() != (tmp_path / "plan.png").read_bytes()


@pytest.mark.parametrize("view", ["beats", "character:nam-ra"])
def test_a_report_of_one_view_has_one_tab(view: str) -> None:
    G = build_graph(load(SMALL))
    V = select(G, view)
    text = "\n".join(generate_html(V, layout(V)))
    assert len(re.findall(r'<button type="button" data-view=', text)) == 1


def interact(tmp_path: Path, script: str) -> str:
    """The small plan's report after ``script`` ran in it (as a reader's clicks would)."""
    path = tmp_path / "plan.html"
    path.write_text(report().replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    return dump_dom(path, tmp_path)


def test_clicking_a_node_shows_its_details_and_neighbours(tmp_path: Path) -> None:
    dom = interact(tmp_path, """
      const g = [...document.querySelectorAll('.ar-active g.node')]
        .find((n) => n.dataset.id === 'mutant-war');
      const r = g.getBoundingClientRect();
      const at = {bubbles: true, clientX: r.x + 4, clientY: r.y + 4};
      g.dispatchEvent(new PointerEvent('pointerdown', at));
      g.dispatchEvent(new PointerEvent('pointerup', at));
    """)
    panel = re.search(r'<aside class="ar-details" id="ar-details"( hidden="")?>(.*?)</aside>',
                      dom, re.S)
    assert panel is not None and panel.group(1) is None  # shown
    assert "<h3>The mutant war</h3>" in panel.group(2)
    assert "<h4>Comes from</h4>" in panel.group(2)
    assert "Escape Hyosan High" in panel.group(2) and "Martial law" in panel.group(2)
    assert re.search(r'class="node arc ar-near" data-id="martial-law"', dom)


def test_the_faction_tab_draws_a_web_per_season(tmp_path: Path) -> None:
    # (It had a time slider; a web per season shows every stance at once, in print too.)
    dom = interact(tmp_path, "document.querySelector('[data-view=\"2\"]').click();")
    pane = dom[dom.index('<div class="ar-view ar-active" data-view="2">'):]
    assert re.findall(r'<g class="panel" data-season="(S\d)"', pane)[:2] == ["S1", "S2"]


def details_title(dom: str) -> str | None:
    """The heading of the details panel, or None while it is hidden."""
    panel = re.search(r'<aside class="ar-details" id="ar-details"( hidden="")?>(.*?)</aside>',
                      dom, re.S)
    assert panel is not None
    title = re.search(r"<h3>(.*?)</h3>", panel.group(2))
    return None if panel.group(1) or title is None else title.group(1)


@pytest.mark.parametrize(
    ("typed", "found", "tab"),
    [
        ("mutant-war", "The mutant war", 0),  # an exact id, as before
        ("the MUTANT war", "The mutant war", 0),  # a title, in any case
        ("  the immune ", "The immune", 2),  # a faction's name: its tab opens
        ("MARTIAL", "Martial law", 0),  # the start of a title
    ],
)
def test_the_search_box_finds_ids_titles_and_names(
    tmp_path: Path, typed: str, found: str, tab: int
) -> None:
    dom = interact(tmp_path, f"""
      const box = document.getElementById('ar-find');
      box.value = {json.dumps(typed)};
      box.dispatchEvent(new Event('change'));
    """)
    assert details_title(dom) == found
    assert re.search(rf'<div class="ar-view ar-active" data-view="{tab}">', dom)


def test_the_search_box_suggests_titles(tmp_path: Path) -> None:
    dom = interact(tmp_path, "")
    options = re.findall(r'<option value="([^"]*)"', dom)
    assert "The mutant war" in options and "Martial law" in options


TRANSFORM = """
  const svg = () => document.querySelector('.ar-active svg');
  const stage = document.getElementById('ar-stage');
  const say = (id) => { const p = document.createElement('pre'); p.id = id;
    p.textContent = svg().style.transform; document.body.append(p); };
"""


def transform(dom: str, name: str) -> str:
    found = re.search(rf'<pre id="{name}">([^<]*)</pre>', dom)
    assert found is not None
    return found.group(1)


def test_a_resize_keeps_the_readers_pan_and_zoom(tmp_path: Path) -> None:
    dom = interact(tmp_path, TRANSFORM + """
      say('fitted');
      const at = (x, y) => ({bubbles: true, clientX: x, clientY: y});
      stage.dispatchEvent(new PointerEvent('pointerdown', at(300, 300)));
      window.dispatchEvent(new PointerEvent('pointermove', at(420, 360)));
      window.dispatchEvent(new PointerEvent('pointerup', at(420, 360)));
      document.querySelector('[data-zoom="in"]').click();
      say('moved');
      window.dispatchEvent(new Event('resize'));
      say('resized');
    """)
    assert transform(dom, "moved") != transform(dom, "fitted")
    assert transform(dom, "resized") == transform(dom, "moved")


def test_a_resize_refits_a_drawing_the_reader_left_alone(tmp_path: Path) -> None:
    dom = interact(tmp_path, TRANSFORM + """
      say('fitted');
      stage.style.flex = '0 0 500px';  // as a narrower window would make it
      window.dispatchEvent(new Event('resize'));
      say('resized');
    """)
    assert transform(dom, "resized") != transform(dom, "fitted")


def test_a_long_file_path_wraps_inside_the_problems_list(tmp_path: Path) -> None:
    G = build_graph(load(SMALL))
    V = select(G, "arcs")
    where = "/".join(["story_bible", *["a_long_folder_name_with_no_hyphen"] * 6, "bible.yaml"])
    problem = Diagnostic(where, 3, 5, "S001", "an arc without beats", entity="martial-law")
    path = tmp_path / "plan.html"
    script = """
      const side = document.querySelector('.ar-side');
      const p = document.createElement('pre'); p.id = 'overflow';
      p.textContent = String(side.scrollWidth > side.clientWidth); document.body.append(p);
    """
    page = "\n".join(generate_html(V, layout(V), problems=[problem], plan=G))
    path.write_text(page.replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    assert '<pre id="overflow">false</pre>' in dump_dom(path, tmp_path)


def test_the_seasons_list_writes_one_in_the_singular() -> None:
    text = report("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 1}}
arcs: {x: {season: S1, title: X, beats: {one: {at: S1E01}}}}
""")
    assert "1 episode<" in text and "1 episodes" not in text
    assert "S1 · 1 beat<" in text and "1 beats" not in text


def test_the_boards_episodes_and_lane_names_stay_in_sight_when_panned(tmp_path: Path) -> None:
    dom = interact(tmp_path, """
      document.querySelector('[data-view="1"]').click();  // the card board
      const stage = document.getElementById('ar-stage');
      const r = stage.getBoundingClientRect();
      const at = (x) => ({bubbles: true, clientX: r.x + x, clientY: r.y + 300});
      stage.dispatchEvent(new PointerEvent('pointerdown', at(900)));
      window.dispatchEvent(new PointerEvent('pointermove', at(500)));
      window.dispatchEvent(new PointerEvent('pointermove', at(100)));
      window.dispatchEvent(new PointerEvent('pointerup', at(100)));
    """)
    axis = re.search(r'<div class="ar-axis" aria-hidden="true"( hidden="")?>(.*?)</div>', dom, re.S)
    lanes = re.search(r'<div class="ar-lanes" aria-hidden="true"( hidden="")?>(.*?)</div>', dom,
                      re.S)
    assert axis is not None and axis.group(1) is None  # shown once the board moved left
    assert "S1E1" in axis.group(2) and "S2E1" in axis.group(2)
    assert lanes is not None and lanes.group(1) is None
    # panned into S2: its lanes are named at the left edge, not S1's
    assert "The mutant war" in lanes.group(2) and "Escape Hyosan High" not in lanes.group(2)


def test_the_frame_stays_off_other_drawings(tmp_path: Path) -> None:
    dom = interact(tmp_path, "")
    assert re.search(r'<div class="ar-axis" aria-hidden="true" hidden="">', dom)


def test_the_minimap_shows_the_board_and_takes_the_reader_there(tmp_path: Path) -> None:
    dom = interact(tmp_path, """
      document.querySelector('[data-view="1"]').click();  // the card board
      const mini = document.querySelector('.ar-mini');
      const say = (id, text) => { const p = document.createElement('pre'); p.id = id;
        p.textContent = text; document.body.append(p); };
      say('shown', String(!mini.hidden));
      const svg = document.querySelector('.ar-active svg');
      say('before', svg.style.transform);
      const r = mini.getBoundingClientRect();
      mini.dispatchEvent(new PointerEvent('pointerdown',
        {bubbles: true, clientX: r.right - 3, clientY: r.top + 10}));
      say('after', svg.style.transform);
      document.querySelector('[data-view="0"]').click();
      say('arcs', String(!mini.hidden));
    """)
    said = dict(re.findall(r'<pre id="(\w+)">(.*?)</pre>', dom, re.S))
    assert said["shown"] == "true" and said["arcs"] == "false"
    x_before = float(re.search(r"translate\((-?[\d.]+)px", said["before"]).group(1))
    x_after = float(re.search(r"translate\((-?[\d.]+)px", said["after"]).group(1))
    assert x_after < x_before - 300  # the board moved to bring its far right to the middle
