"""What the exporters' tests share: the test bibles laid out, and the real readers.

Graphviz (``dot``), Chromium and Node's ``npm`` are system tools CI installs
(``.ci/run``); Mermaid itself is fetched once with npm into a cache folder,
because Mermaid's own parser is the reader GitHub uses. (Plain helpers, not
a conftest: a second ``conftest`` module would shadow the top-level one that
other tests import by name.)
"""

from __future__ import annotations

import fcntl
import functools
import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx

from arcs.graph import build_graph
from arcs.layout import Layout, layout
from arcs.views import select
from story_bible import load
from tests.support import missing

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bibles"
SMALL = FIXTURES / "hyosan_small.yaml"
HOSTILE = FIXTURES / "hostile_names.yaml"
VIEWS = ("beats", "arcs", "factions", "character:nam-ra")
MERMAID_VERSION = "11"
# A bible listing a pair's S2 alliance before its S1 war: pictures follow the story.
ORDER = """
arcroom: 1
series: {title: T}
seasons:
  S1: {title: One, episodes: 2}
  S2: {title: Two, episodes: 2}
factions:
  a: {name: A}
  b: {name: B}
relations:
  - {between: [a, b], stance: ally, from: S2E01}
  - {between: [b, a], stance: war, from: S1E01, until: S1E02}
"""


def laid_out(path: Path, view: str, **filters: str) -> tuple[nx.MultiDiGraph, Layout]:
    V = select(build_graph(load(path)), view, **filters)
    return V, layout(V)


def small(view: str = "beats", **filters: str) -> tuple[nx.MultiDiGraph, Layout]:
    """A view of the small Hyosan plan and its layout."""
    return laid_out(SMALL, view, **filters)


def chromium_command(user_data: Path, png: Path, url: str) -> list[str]:
    return [
        shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={user_data}",
        f"--screenshot={png}", "--window-size=1600,1000", url,
    ]


def _chromium() -> None:
    if shutil.which("chromium") is None:
        missing("chromium")


def screenshot(page: Path, folder: Path, fragment: str = "") -> Path:
    """Headless Chromium renders ``page`` (at ``#fragment``) to a PNG in ``folder``."""
    _chromium()
    png = folder / f"{page.stem}{fragment.replace('#', '-')}.png"
    done = subprocess.run(
        chromium_command(folder / "chromium-profile", png, page.resolve().as_uri() + fragment),
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return png


def dump_dom(page: Path, folder: Path) -> str:
    """The page's DOM after its scripts ran, as headless Chromium sees it."""
    _chromium()
    command = chromium_command(folder / "chromium-dom", folder / "unused.png",
                               page.resolve().as_uri())
    command = [c for c in command if not c.startswith(("--screenshot", "--window-size"))]
    done = subprocess.run(
        [*command[:-1], "--virtual-time-budget=5000", "--dump-dom", command[-1]],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@functools.cache
def mermaid_bundle() -> Path:
    """Mermaid's browser bundle, installed with npm into a cache folder on first use."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "arcroom-tests"
    bundle = cache / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not bundle.exists():
        npm = shutil.which("npm")
        if npm is None:
            missing("npm (for Mermaid)")
        cache.mkdir(parents=True, exist_ok=True)
        # One install at a time: parallel test workers (pytest-xdist) share this folder.
        with open(cache / "install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not bundle.exists():
                done = subprocess.run(
                    [npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                     f"mermaid@{MERMAID_VERSION}"],
                    capture_output=True, text=True, timeout=600,
                )
                assert done.returncode == 0 and bundle.exists(), done.stderr[-2000:]
    return bundle


GEPHI_LITE = ("graphology@0.25", "graphology-gexf@0.13")
GEPHI_LITE_READ = """
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const g = gexf.parse(Graph, fs.readFileSync(process.argv[1], 'utf8'));
const nodes = {}, edges = [];
g.forEachNode((n, a) => { nodes[n] = a; });
g.forEachEdge((e, a, s, t) => { edges.push([s, t, a]); });
console.log(JSON.stringify({order: g.order, size: g.size, nodes, edges}));
"""


def npm_cache(folder: str, packages: tuple[str, ...], probe: str) -> Path:
    """``packages`` installed with npm into a cache folder on first use (``probe``
    is a path inside its node_modules that says they are there); the folder."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / folder
    if not (cache / "node_modules" / probe).exists():
        npm = shutil.which("npm")
        if npm is None:
            missing("npm")
        cache.mkdir(parents=True, exist_ok=True)
        # One install at a time: parallel test workers (pytest-xdist) share this folder.
        with open(cache / "install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (cache / "node_modules" / probe).exists():
                done = subprocess.run(
                    [npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                     *packages],
                    capture_output=True, text=True, timeout=600,
                )
                assert done.returncode == 0, done.stderr[-2000:]
    return cache


def gephi_lite_read(path: Path) -> dict[str, Any]:
    """A GEXF file as Gephi Lite reads it (graphology-gexf, with Node): its node and
    edge counts, each node's attributes, each edge's ends and attributes."""
    node = shutil.which("node")
    if node is None:
        missing("node (for graphology-gexf)", "nodejs")
    cache = npm_cache("arcroom-tests-gexf", GEPHI_LITE, "graphology-gexf/package.json")
    done = subprocess.run(
        [node, "-e", GEPHI_LITE_READ, str(path)], capture_output=True, text=True,
        timeout=120, env={**os.environ, "NODE_PATH": str(cache / "node_modules")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


MERMAID_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><script src="BUNDLE"></script>
</head><body><pre id="result">pending</pre><div id="out"></div><script>
mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
mermaid.render('diagram', SOURCE).then(
  (r) => { document.getElementById('out').innerHTML = r.svg;
           document.getElementById('result').textContent = 'rendered'; },
  (e) => { document.getElementById('result').textContent = 'error: ' + e; });
</script></body></html>"""


def mermaid_dom(text: str, folder: Path) -> str:
    """The page after Mermaid drew ``text`` in Chromium (its SVG inside ``<div id="out">``)."""
    source = json.dumps(text).replace("<", "\\u003c")
    page = folder / "mermaid.html"
    page.write_text(
        MERMAID_PAGE.replace("BUNDLE", mermaid_bundle().as_uri()).replace("SOURCE", source),
        encoding="utf-8",
    )
    return dump_dom(page, folder)


def mermaid_clusters(dom: str) -> dict[str, tuple[float, float, float, float]]:
    """Each subgraph Mermaid drew: its id (``s1``...) -> its box's x, y, width, height."""
    found = re.finditer(
        r'<g class="cluster[^"]*" id="diagram-([^"]+)"[^>]*>\s*<rect[^>]*?x="([-\d.]+)" '
        r'y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', dom)
    return {m[1]: (float(m[2]), float(m[3]), float(m[4]), float(m[5])) for m in found}


def mermaid_render(text: str, folder: Path) -> tuple[str, list[str]]:
    """Mermaid's verdict on ``text`` ("rendered" or its error) and the labels it drew."""
    dom = mermaid_dom(text, folder)
    verdict = re.search(r'<pre id="result">([^<]*)</pre>', dom)
    assert verdict is not None
    labels = [html.unescape(t) for t in re.findall(r'class="nodeLabel"[^>]*><p>(.*?)</p>', dom)]
    return html.unescape(verdict.group(1)), labels


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


def png_facts(png: Path) -> tuple[int, int, int]:
    """A PNG's width, height and how many distinct byte values its pixels use.

    A blank page compresses to a handful of values; a drawn one uses most of
    the 256.
    """
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return width, height, len(set(pixels))
