"""HTML: one self-contained report with the drawings, seasons, arcs and problems."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SMALL, png_facts

from arcs.checker import run_rules
from arcs.export.html import generate_html, write_html
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, load_text, sample_path


class Page(HTMLParser):
    """The parts of a page the tests look at: fetchable URLs, scripts, elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.tags: list[str] = []
        self._script: dict[str, str | None] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action")]
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


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


def test_chromium_runs_the_report_and_draws_it(
    tmp_path: Path, screenshot: Callable[..., Path], dump_dom: Callable[[Path], str]
) -> None:
    bible = load(sample_path())
    G = build_graph(bible)
    pairs = [(V, layout(V)) for V in (select(G, n) for n in ("arcs", "beats", "factions"))]
    path = tmp_path / "plan.html"
    write_html(*pairs[0], path, problems=run_rules(bible), more=pairs[1:], plan=G)
    dom = dump_dom(path)
    # the script ran to its end: the first tab is selected and its drawing placed
    assert re.search(r'data-view="0"[^>]*aria-selected="true"', dom)
    assert '<div class="ar-view ar-active" data-view="0">' in dom
    assert "transform: translate(" in dom
    width, height, values = png_facts(screenshot(path))
    assert (width, height) == (1600, 1000)
    assert values > 100
    beats = screenshot(path, "#beats")
    assert beats.read_bytes() != (tmp_path / "plan.png").read_bytes()


@pytest.mark.parametrize("view", ["beats", "character:nam-ra"])
def test_a_report_of_one_view_has_one_tab(view: str) -> None:
    G = build_graph(load(SMALL))
    V = select(G, view)
    text = "\n".join(generate_html(V, layout(V)))
    assert len(re.findall(r'<button type="button" data-view=', text)) == 1
