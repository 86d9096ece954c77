"""Labels that tell the truth: a beat's faction, whole status changes, colours a
colour-blind reader tells apart, a complete legend, problems on the cards and names
in the report's details panel."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from export_support import Page, dump_dom

from arcs.checker import run_rules
from arcs.export.html import generate_html
from arcs.export.style import (
    PALETTE,
    STANCE_COLOURS,
    STANCE_DASHES,
    group_colours,
    group_patterns,
)
from arcs.export.svg import generate_svg
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load_text

SVG = "{http://www.w3.org/2000/svg}"

PLAN = """
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}}
factions:
  stark: {name: House Stark}
  lannister: {name: House Lannister}
  immortals-of-the-long-night: {name: The immortals}
characters:
  jaime: {name: Jaime Lannister, faction: lannister}
  gwi-nam: {name: Yoon Gwi-nam}
arcs:
  war:
    season: S1
    title: The war
    factions: [stark]
    beats:
      council: {at: S1E01, summary: Nobody comes.}
      kingslayer: {at: S1E02, characters: [jaime], after: [council]}
      banner: {at: S1E02, factions: [stark], after: [council]}
      rises:
        at: S1E03
        after: [council]
        characters: [gwi-nam]
        changes: {gwi-nam: {status: immortal, faction: immortals-of-the-long-night}}
"""


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def beats() -> nx.MultiDiGraph:
    return select(build_graph(load_text(PLAN)), "beats")


def test_a_beat_wears_its_own_faction_else_its_characters_else_none() -> None:
    V = beats()
    assert V.nodes["banner"]["group"] == "stark"  # its own
    assert V.nodes["kingslayer"]["group"] == "lannister"  # Jaime's at the time
    assert V.nodes["council"]["group"] == ""  # never the arc's first faction


def test_a_status_change_wraps_and_is_never_cut() -> None:
    V = beats()
    root = parse("\n".join(generate_svg(V, layout(V))))
    card = next(g for g in root.iter(f"{SVG}g") if g.get("data-id") == "rises")
    lines = [t.text or "" for t in card.iter(f"{SVG}text") if t.get("class") == "node-change"]
    assert len(lines) >= 2
    assert "".join(lines).replace(" ", "") == "→gwi-nam:immortal/immortals-of-the-long-night"
    assert not any("…" in line for line in lines)


def test_more_than_ten_factions_keep_distinct_colours_then_patterns() -> None:
    G = nx.MultiDiGraph(groups={f"f{i}": f"F{i}" for i in range(30)})
    colours, patterns = group_colours(G), group_patterns(G)
    looks = {(colours[f"f{i}"], patterns[f"f{i}"]) for i in range(30)}
    assert len(looks) == 30
    assert len(set(PALETTE)) == len(PALETTE) >= 12


def test_stances_differ_in_dash_not_only_in_colour() -> None:
    assert len(set(STANCE_COLOURS.values())) == len(STANCE_COLOURS)
    assert STANCE_DASHES["tense"] != STANCE_DASHES["hostile"]
    assert STANCE_DASHES["tense"] and STANCE_DASHES["hostile"]


def test_the_legend_names_flashbacks_changes_and_problems() -> None:
    text = PLAN.replace("council: {at: S1E01, summary: Nobody comes.}",
                        "council: {at: S1E01, summary: Nobody comes., flashback: true}")
    bible = load_text(text)
    V = select(build_graph(bible), "beats")
    problems = run_rules(bible)
    root = parse("\n".join(generate_svg(V, layout(V), problems=problems)))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    words = [t.text for t in legend.iter(f"{SVG}text")]
    assert "↺ flashback (dashed border)" in words
    assert "→ a status or faction change" in words
    dashed = [r for r in legend.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert dashed


def test_problems_are_marked_on_the_cards_they_name() -> None:
    # gwi-nam has no faction and appears again after... nothing: make a dead man walk.
    text = PLAN.replace(
        "changes: {gwi-nam: {status: immortal, faction: immortals-of-the-long-night}}",
        "changes: {gwi-nam: dead}",
    ) + "      walks: {at: S1E03, after: [rises], characters: [gwi-nam]}\n"
    bible = load_text(text)
    problems = [p for p in run_rules(bible) if p.entity == "walks"]
    assert problems, "the plan should have a dead man walking"
    V = select(build_graph(bible), "beats")
    root = parse("\n".join(generate_svg(V, layout(V), problems=problems)))
    card = next(g for g in root.iter(f"{SVG}g") if g.get("data-id") == "walks")
    assert "has-problem" in (card.get("class") or "")
    assert any("problem-badge" in (g.get("class") or "") for g in card.iter(f"{SVG}g"))
    tip = card.find(f"{SVG}title")
    assert tip is not None and problems[0].code in (tip.text or "")
    others = [g for g in root.iter(f"{SVG}g") if g.get("data-id") == "council"]
    assert "has-problem" not in (others[0].get("class") or "")


def report_data(text: str) -> dict:
    bible = load_text(text)
    G = build_graph(bible)
    views = [(V, layout(V)) for V in (select(G, n) for n in ("arcs", "beats", "factions"))]
    page = "\n".join(generate_html(*views[0], problems=run_rules(bible), more=views[1:], plan=G))
    island = next(t for a, t in Page(page).scripts if a.get("type") == "application/json")
    return json.loads(island)


def test_the_report_knows_every_name_and_the_entities_no_drawing_shows() -> None:
    # A character with an unknown faction: the problem names the character.
    data = report_data(PLAN.replace("faction: lannister}", "faction: lanister}"))
    assert data["names"]["jaime"] == "Jaime Lannister"
    assert data["names"]["S1"] == "S1 · One"
    assert "jaime" in data["entities"] and data["entities"]["jaime"]["kind"] == "character"
    assert any("lanister" in m for m in data["marks"]["jaime"])


def test_a_stance_link_in_the_details_says_the_stance_and_when() -> None:
    text = PLAN + """relations:
  - {between: [stark, lannister], stance: war, until: S1E02}
  - {between: [stark, lannister], stance: tense, from: S1E03}
"""
    data = report_data(text)
    web = next(v for v in data["views"] if v["view"] == "factions")
    words = sorted(e[3] for e in web["edges"] if e[2] == "stance")
    assert words == ["tense from S1E03", "war S1E01–S1E02"]


def test_details_show_names_close_with_the_tab_and_follow_problem_links(tmp_path: Path) -> None:
    bible_text = PLAN.replace("faction: lannister}", "faction: lanister}")
    bible = load_text(bible_text)
    G = build_graph(bible)
    views = [(V, layout(V)) for V in (select(G, n) for n in ("arcs", "beats", "factions"))]
    page = "\n".join(generate_html(*views[0], problems=run_rules(bible), more=views[1:], plan=G))
    script = """
      const say = (id, text) => { const p = document.createElement('pre'); p.id = id;
        p.textContent = text; document.body.append(p); };
      document.querySelector('[data-view="1"]').click();
      const g = [...document.querySelectorAll('.ar-active g.node')]
        .find((n) => n.dataset.id === 'kingslayer');
      const r = g.getBoundingClientRect();
      const at = {bubbles: true, clientX: r.x + 4, clientY: r.y + 4};
      g.dispatchEvent(new PointerEvent('pointerdown', at));
      g.dispatchEvent(new PointerEvent('pointerup', at));
      say('named', document.getElementById('ar-details-body').textContent);
      document.querySelector('[data-view="0"]').click();
      say('after-tab', String(document.getElementById('ar-details').hidden));
      document.querySelector('.ar-side .ar-link[data-id="jaime"]').click();
      say('problem', document.getElementById('ar-details-body').textContent);
    """
    path = tmp_path / "plan.html"
    path.write_text(page.replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    dom = dump_dom(path, tmp_path)
    said = dict(re.findall(r'<pre id="([\w-]+)">(.*?)</pre>', dom, re.S))
    assert "Jaime Lannister" in said["named"] and "The war" in said["named"]
    assert said["after-tab"] == "true"
    assert said["problem"].startswith("Jaime Lannister")
    assert "lanister" in said["problem"]
