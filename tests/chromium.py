"""Headless Chromium for tests (``from tests.chromium import ...``): started on a
free DevTools port with its own profile folder, driven over the DevTools
protocol, and its PNG screenshots read without Pillow.

Used by ``tests/tui/test_serve.py`` (the editor in a browser) and
``tests/arcs/export/golden.py`` (golden pictures and PDFs). A plain module, not
a conftest, for the reason ``tests/support.py`` gives. Where Chromium is not
installed, starting it skips the test with ``missing("chromium")``.
"""

from __future__ import annotations

import itertools
import json
import shutil
import socket
import struct
import subprocess
import urllib.request
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiohttp

from tests.support import missing, poll_until

#: Flags every test's Chromium runs with: no sandbox (containers), nothing it
#: would fetch or update on its own, so a run is quiet and repeatable.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)

#: ``call(method, **params)``: one DevTools command on the page; its result.
Call = Callable[..., Awaitable[dict[str, Any]]]


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
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
def headless_chromium(profile: Path, *flags: str) -> Iterator[int]:
    """Chromium with its profile in ``profile`` and ``flags`` added to ``FLAGS``,
    showing about:blank; its DevTools port, once it answers. Ended when done."""
    program = shutil.which("chromium") or shutil.which("chromium-browser")
    if program is None:
        missing("chromium")
    port = free_port()
    process = subprocess.Popen(
        [program, *FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
         *flags, "about:blank"],
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


@asynccontextmanager
async def devtools(port: int) -> AsyncIterator[Call]:
    """``call(method, **params)`` on the browser's page, with ``Page`` events on.

    A command the browser answers with an error fails the test, naming it."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
        page = next(t for t in json.load(response) if t["type"] == "page")
    async with aiohttp.ClientSession() as session, session.ws_connect(
        page["webSocketDebuggerUrl"], max_msg_size=0
    ) as ws:
        ids = itertools.count(1)

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
        yield call


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
