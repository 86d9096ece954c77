"""The README's pictures are the sample's, as arcroom draws it today: each is drawn
again here and compared (ARCROOM_UPDATE_GOLDEN=1 draws them anew into docs/pictures/)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from golden import check_golden, chromium, render_png

from arcs.checker import run_rules
from arcs.export.svg import write_svg
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, sample_path

ROOT = Path(__file__).resolve().parents[3]
PICTURES = ROOT / "docs" / "pictures"
#: name in docs/pictures -> (view, filters)
SHOWN = {
    "arcs": ("arcs", {}),
    "faction-web": ("factions", {}),
    "stances": ("stances", {}),
    "overview": ("overview", {}),
}


def test_the_readme_shows_every_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in SHOWN:
        assert f"](docs/pictures/{name}.png)" in readme


def test_the_readme_pictures_are_the_samples_as_drawn_today(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    bible = load(sample_path())
    G = build_graph(bible)
    problems = run_rules(bible)
    with chromium(tmp_path) as port:
        for name, (view, filters) in SHOWN.items():
            V = select(G, view, **filters)
            path = tmp_path / f"{name}.svg"
            write_svg(V, layout(V), path, problems=problems)
            root = ET.parse(path).getroot()
            width, height = int(float(root.get("width", 0))), int(float(root.get("height", 0)))
            png = render_png(port, path, width, height, scale=0.6)
            check_golden(name, png, pytestconfig, folder=PICTURES)
