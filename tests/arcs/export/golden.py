"""Golden pictures: Chromium renders a drawing to a small PNG (or prints a page to PDF)
and the PNG is compared with a reviewed baseline in ``golden/``, with a tolerance.

``ARCROOM_UPDATE_GOLDEN=1`` (or ``pytest --update-golden``, registered in
``tests/conftest.py``) writes the baselines instead: look at them before committing. Pictures are
downscaled (``SCALE``) so that the baselines stay a few kilobytes, and compared
by the share of pixels whose colour differs by more than ``NOISE`` in a channel
(font hinting and anti-aliasing move a few edge pixels between machines).
Chromium is driven over the DevTools protocol, as ``tests/tui/test_serve.py``
does, which also gives ``Page.printToPDF``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.support import missing, poll_until

GOLDEN = Path(__file__).resolve().parent / "golden"
SCALE = 0.25
NOISE = 48
TOLERANCE = 0.03  # share of pixels allowed to differ


def updating(config: pytest.Config | None = None) -> bool:
    if os.environ.get("ARCROOM_UPDATE_GOLDEN") == "1":
        return True
    try:
        return bool(config and config.getoption("--update-golden"))
    except ValueError:  # a run without tests/conftest.py's option
        return False


# -- PNG, read without Pillow -----------------------------------------------------

def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit RGB or RGBA PNG (Chromium's screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and colour in (2, 6), f"unexpected PNG kind {depth}/{colour}"
    channels = 4 if colour == 6 else 3
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 255
        previous = line
        if channels == 4:
            rgb = bytearray()
            for x in range(width):
                rgb += line[x * 4 : x * 4 + 3]
            rows.append(bytes(rgb))
        else:
            rows.append(bytes(line))
    return width, height, rows


def difference(a: bytes, b: bytes) -> float:
    """The share of pixels of two same-sized PNGs that differ by more than ``NOISE``."""
    wa, ha, ra = decode_png(a)
    wb, hb, rb = decode_png(b)
    if (wa, ha) != (wb, hb):
        return 1.0
    differ = 0
    for row_a, row_b in zip(ra, rb, strict=True):
        if row_a == row_b:
            continue
        for x in range(0, len(row_a), 3):
            if max(abs(row_a[x + k] - row_b[x + k]) for k in range(3)) > NOISE:
                differ += 1
    return differ / (wa * ha)


def check_golden(
    name: str, png: bytes, config: pytest.Config | None = None, folder: Path = GOLDEN
) -> None:
    """Compare ``png`` with ``<folder>/<name>.png`` (or write it, when updating)."""
    path = folder / f"{name}.png"
    if updating(config):
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        return
    assert path.exists(), (
        f"no baseline {path.name}: run with ARCROOM_UPDATE_GOLDEN=1, look at it, commit it"
    )
    share = difference(path.read_bytes(), png)
    if share > TOLERANCE:
        failed = path.with_name(f"{name}.actual.png")
        failed.write_bytes(png)
        raise AssertionError(
            f"{name}: {share:.1%} of pixels differ from the baseline (tolerance "
            f"{TOLERANCE:.0%}); the new picture is {failed}"
        )


# -- Chromium over the DevTools protocol ------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _devtools_open(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2):
            return True
    except OSError:
        return False


@contextmanager
def chromium(folder: Path) -> Iterator[int]:
    """Headless Chromium with DevTools on a free port, ended when done."""
    program = shutil.which("chromium")
    if program is None:
        missing("chromium")
    port = _free_port()
    process = subprocess.Popen(
        [program, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--force-color-profile=srgb",
         f"--user-data-dir={folder / 'chromium-golden'}",
         f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        poll_until(lambda: _devtools_open(port), 30, "Chromium to open its DevTools port")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _session(port: int, steps: Any) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
        page = next(t for t in json.load(response) if t["type"] == "page")
    async with aiohttp.ClientSession() as session, session.ws_connect(
        page["webSocketDebuggerUrl"], max_msg_size=0
    ) as ws:
        ids = iter(range(1, 100_000))

        async def call(method: str, **params: object) -> dict[str, Any]:
            number = next(ids)
            await ws.send_json({"id": number, "method": method, "params": params})
            async for message in ws:
                data = json.loads(message.data)
                if data.get("id") == number:
                    if "error" in data:
                        raise AssertionError(f"{method}: {data['error']}")
                    return data.get("result", {})  # type: ignore[no-any-return]
            raise AssertionError("the browser went away")

        await call("Page.enable")
        return await steps(call)


async def _open(call: Any, url: str, width: int, height: int, media: str = "screen") -> None:
    await call("Emulation.setDeviceMetricsOverride", width=width, height=height,
               deviceScaleFactor=1, mobile=False)
    await call("Emulation.setEmulatedMedia", media=media)
    await call("Page.navigate", url=url)
    deadline = time.monotonic() + 30
    while True:
        result = await call(
            "Runtime.evaluate", returnByValue=True, awaitPromise=True,
            expression="document.readyState === 'complete' && document.fonts.ready.then(() => 1)",
        )
        if result["result"].get("value"):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} never finished loading")
        await asyncio.sleep(0.1)


def render_png(
    port: int, page: Path, width: int, height: int, *, scale: float = SCALE,
    script: str = "", media: str = "screen",
) -> bytes:
    """``page`` drawn in a ``width`` x ``height`` viewport (for ``media``), downscaled."""

    async def steps(call: Any) -> bytes:
        await _open(call, page.resolve().as_uri(), width, height, media)
        if script:
            await call("Runtime.evaluate", expression=script, awaitPromise=True)
        shot = await call(
            "Page.captureScreenshot", format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": width, "height": height, "scale": scale},
        )
        return base64.b64decode(str(shot["data"]))

    return asyncio.run(_session(port, steps))  # type: ignore[no-any-return]


#: Paper sizes in inches, as Page.printToPDF takes them.
PAPER = {"A4": (8.27, 11.69), "A3": (11.69, 16.54)}


def print_pdf(port: int, page: Path, paper: str, *, landscape: bool = True) -> bytes:
    """``page`` printed by Chromium to PDF on ``paper``, with the page's print styles."""
    paper_width, paper_height = PAPER[paper]

    async def steps(call: Any) -> bytes:
        await _open(call, page.resolve().as_uri(), 1280, 900, "print")
        result = await call(
            "Page.printToPDF", landscape=landscape, paperWidth=paper_width,
            paperHeight=paper_height, printBackground=True, preferCSSPageSize=False,
            marginTop=0.3, marginBottom=0.3, marginLeft=0.3, marginRight=0.3,
        )
        return base64.b64decode(str(result["data"]))

    return asyncio.run(_session(port, steps))  # type: ignore[no-any-return]
