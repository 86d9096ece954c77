"""HTML: one self-contained report with the drawings, seasons, arcs and problems."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from export_support import SMALL, Page, dump_dom, png_facts, screenshot

from arcs.checker import run_rules
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


def test_the_time_slider_shows_the_stances_at_one_episode(tmp_path: Path) -> None:
    dom = interact(tmp_path, """
      document.querySelector('[data-view="2"]').click();
      const range = document.querySelector('.ar-view[data-view="2"] .ar-when input');
      range.value = 1;  // S1E02
      range.dispatchEvent(new Event('input'));
    """)
    assert "<output>S1E02</output>" in dom
    shown = re.findall(r'<path class="edge stance (\w+)"[^>]*style="display: inline;"', dom)
    assert sorted(shown) == ["tense", "war"]  # the military turns hostile in S1E03
