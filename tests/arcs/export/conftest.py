"""Fixtures for the exporters' tests: the test bibles laid out, and the real readers.

Graphviz (``dot``), Chromium and Node's ``npm`` are system tools CI installs
(``.ci/run``); Mermaid itself is fetched once with npm into a cache folder,
because Mermaid's own parser is the reader GitHub uses.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from arcs.graph import build_graph
from arcs.layout import Layout, layout
from arcs.views import select
from story_bible import load

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bibles"
SMALL = FIXTURES / "hyosan_small.yaml"
HOSTILE = FIXTURES / "hostile_names.yaml"
VIEWS = ("beats", "arcs", "factions", "character:nam-ra")
MERMAID_VERSION = "11"


def laid_out(path: Path, view: str, **filters: str) -> tuple[nx.MultiDiGraph, Layout]:
    V = select(build_graph(load(path)), view, **filters)
    return V, layout(V)


@pytest.fixture(scope="session")
def small() -> Callable[..., tuple[nx.MultiDiGraph, Layout]]:
    """``small(view, **filters)``: a view of the small Hyosan plan and its layout."""
    return lambda view="beats", **filters: laid_out(SMALL, view, **filters)


def chromium_command(user_data: Path, png: Path, url: str) -> list[str]:
    return [
        shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={user_data}",
        f"--screenshot={png}", "--window-size=1600,1000", url,
    ]


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[[Path], Path]:
    """``screenshot(file)``: headless Chromium renders ``file`` to a PNG; returns the PNG."""
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (.ci/run installs it)")

    def shoot(page: Path, fragment: str = "") -> Path:
        png = tmp_path / f"{page.stem}{fragment.replace('#', '-')}.png"
        done = subprocess.run(
            chromium_command(
                tmp_path / "chromium-profile", png, page.resolve().as_uri() + fragment
            ),
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return png

    return shoot


@pytest.fixture
def dump_dom(tmp_path: Path) -> Callable[[Path], str]:
    """``dump_dom(page)``: the page's DOM after its scripts ran, as headless Chromium sees it."""
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (.ci/run installs it)")

    def dump(page: Path) -> str:
        command = chromium_command(tmp_path / "chromium-dom", tmp_path / "unused.png",
                                   page.resolve().as_uri())
        command = [c for c in command if not c.startswith(("--screenshot", "--window-size"))]
        done = subprocess.run(
            [*command[:-1], "--virtual-time-budget=5000", "--dump-dom", command[-1]],
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return dump


@pytest.fixture(scope="session")
def mermaid_js() -> Path:
    """Mermaid's browser bundle, installed with npm into a cache folder on first use."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "arcroom-tests"
    bundle = cache / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not bundle.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not installed; the Mermaid test needs it (.ci/run installs it)")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache),
             f"mermaid@{MERMAID_VERSION}"],
            capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0 and bundle.exists(), done.stderr[-2000:]
    return bundle


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
