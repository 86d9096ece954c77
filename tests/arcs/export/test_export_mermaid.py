"""Mermaid: the flowchart that GitHub renders, checked by Mermaid itself in Chromium."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from conftest import VIEWS

from arcs.export.mermaid import generate_mermaid, label
from arcs.layout import Layout

Small = Callable[..., tuple[nx.MultiDiGraph, Layout]]

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><script src="BUNDLE"></script>
</head><body><pre id="result">pending</pre><div id="out"></div><script>
mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
mermaid.render('diagram', SOURCE).then(
  (r) => { document.getElementById('out').innerHTML = r.svg;
           document.getElementById('result').textContent = 'rendered'; },
  (e) => { document.getElementById('result').textContent = 'error: ' + e; });
</script></body></html>"""


def mermaid_render(
    text: str, bundle: Path, folder: Path, dump_dom: Callable[[Path], str]
) -> tuple[str, list[str]]:
    """Mermaid's verdict on ``text`` ("rendered" or its error) and the labels it drew."""
    source = json.dumps(text).replace("<", "\\u003c")
    page = folder / "mermaid.html"
    page.write_text(
        PAGE.replace("BUNDLE", bundle.as_uri()).replace("SOURCE", source), encoding="utf-8"
    )
    dom = dump_dom(page)
    verdict = re.search(r'<pre id="result">([^<]*)</pre>', dom)
    assert verdict is not None
    labels = [html.unescape(t) for t in re.findall(r'class="nodeLabel"[^>]*><p>(.*?)</p>', dom)]
    return html.unescape(verdict.group(1)), labels


def test_labels_escape_what_mermaid_reads_as_syntax() -> None:
    assert label('a -> b') == "a -#62; b"
    assert label("%%{init}%%") == "#37;#37;#123;init#125;#37;#37;"
    assert label('"quoted"\nnext') == "#34;quoted#34; next"


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_a_left_to_right_flowchart(small: Small, view: str) -> None:
    G, L = small(view)
    lines = list(generate_mermaid(G, L))
    assert lines[0] == "flowchart LR"
    assert len([line for line in lines if re.fullmatch(r'\s+n\d+\["[^"]*"\]', line)]) == len(G)


def test_seasons_are_subgraphs(small: Small) -> None:
    G, L = small("beats")
    text = "\n".join(generate_mermaid(G, L))
    assert 'subgraph s1["S1 · Survival of mankind"]' in text
    assert 'subgraph s2["S2 · Survival of the zombies"]' in text


@pytest.mark.parametrize("view", ["beats", "factions"])
def test_mermaid_renders_it(
    small: Small, view: str, mermaid_js: Path, tmp_path: Path,
    dump_dom: Callable[[Path], str],
) -> None:
    G, L = small(view)
    verdict, labels = mermaid_render(
        "\n".join(generate_mermaid(G, L)), mermaid_js, tmp_path, dump_dom
    )
    assert verdict == "rendered"
    seasons = [f"{s} · {info['title']}" for s, info in G.graph["seasons"].items()]
    expected = [G.nodes[n]["label"] for n in G] + (seasons if view == "beats" else [])
    assert sorted(labels) == sorted(expected)
