"""``arcroom serve``: the editor in a browser (headless Chromium), and a clean stop.

textual-serve's page draws the app's terminal with JavaScript once its
websocket has the app's first bytes, so the browser is driven over the
DevTools protocol: load the page, wait for the terminal, take a screenshot.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.support import missing
from tui.theme import DARK

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

def rgb(colour: str | None) -> tuple[int, int, int]:
    assert colour is not None
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


#: The dark theme's own backgrounds, which fill most of a healthy screenshot.
APP_BACKGROUNDS = {rgb(DARK.background), rgb(DARK.surface), rgb(DARK.panel)}



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture
def server(hyosan: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", str(hyosan), "--port", str(port)],
        cwd=hyosan.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        wait_for_port(port)
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium with the DevTools protocol on a free port."""
    if CHROMIUM is None:
        missing("chromium")
    port = free_port()
    process = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'chromium'}",
         f"--remote-debugging-port={port}", "--window-size=1280,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def screenshot(devtools: int, url: str, timeout: float = 30) -> bytes:
    """Open ``url``, wait until the app's terminal has been drawn, return a PNG of the page."""
    with urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list") as response:
        page = next(t for t in json.load(response) if t["type"] == "page")
    async with aiohttp.ClientSession() as session, session.ws_connect(
        page["webSocketDebuggerUrl"], max_msg_size=0
    ) as ws:
        ids = iter(range(1, 10_000))

        async def call(method: str, **params: object) -> dict[str, object]:
            number = next(ids)
            await ws.send_json({"id": number, "method": method, "params": params})
            async for message in ws:
                data = json.loads(message.data)
                if data.get("id") == number:
                    return data.get("result", {})  # type: ignore[no-any-return]
            raise AssertionError("the browser went away")

        await call("Page.enable")
        await call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        drawn = "!!(document.body && document.body.classList.contains('-first-byte'))"
        while True:
            result = await call("Runtime.evaluate", expression=drawn, returnByValue=True)
            if result["result"].get("value"):  # type: ignore[attr-defined]
                break
            if time.monotonic() > deadline:
                raise AssertionError("the app's terminal never appeared in the page")
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)  # the terminal fades in, and the editor draws its first screen
        shot = await call("Page.captureScreenshot", format="png")
        return base64.b64decode(str(shot["data"]))


def pixels(png: bytes) -> list[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit RGB or RGBA PNG (what Chromium writes), row by row."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks, header = 8, [], b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    out: list[tuple[int, int, int]] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up = previous[x]
            corner = previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + best) & 0xFF
        out.extend(tuple(line[x : x + 3]) for x in range(0, stride, step))  # type: ignore[misc]
        previous = line
    return out


def test_the_editor_is_served_to_a_browser_and_the_server_stops_cleanly(
    server: tuple[subprocess.Popen[str], int], browser: int, tmp_path: Path
) -> None:
    process, port = server
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
        page = response.read().decode()
    assert "textual.js" in page and "arcroom · All of Us Are Dead" in page

    png = asyncio.run(screenshot(browser, f"http://127.0.0.1:{port}/"))
    (tmp_path / "serve.png").write_bytes(png)
    image = pixels(png)
    share = sum(1 for p in image if p in APP_BACKGROUNDS) / len(image)
    # textual-serve's intro page is another colour; the editor's own panes fill the window.
    assert share > 0.6, f"the editor's background covers only {share:.0%} of the page"
    assert len(set(image)) > 20, "the page shows no text or colours"

    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=10)  # not the 20 s of a websocket timing out
    assert process.returncode == 0, output
    assert "Serving" in output and "127.0.0.1" in output
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the port is still taken"
