"""Golden pictures: Chromium renders a drawing to a small PNG (or prints a page to PDF)
and the PNG is compared with a reviewed baseline in ``golden/``, with a tolerance.

``ARCROOM_UPDATE_GOLDEN=1`` (or ``pytest --update-golden``, registered in
``tests/conftest.py``) writes the baselines instead: look at them before committing. Pictures are
downscaled (``SCALE``) so that the baselines stay a few kilobytes, and compared
by the share of pixels whose colour differs by more than ``NOISE`` in a channel
(font hinting and anti-aliasing move a few edge pixels between machines).
Chromium is driven over the DevTools protocol (``tests/chromium.py``, shared
with ``tests/tui/test_serve.py``), which also gives ``Page.printToPDF``.
"""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import decode_png, devtools, headless_chromium

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

@contextmanager
def chromium(folder: Path) -> Iterator[int]:
    """Headless Chromium (``tests.chromium``) with DevTools on a free port, ended when done."""
    with headless_chromium(
        folder / "chromium-golden", "--hide-scrollbars", "--force-color-profile=srgb"
    ) as port:
        yield port


async def _session(port: int, steps: Any) -> Any:
    async with devtools(port) as call:
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


def evaluate(port: int, page: Path, width: int, height: int, script: str) -> Any:
    """The value of ``script`` (an expression, awaited) on ``page`` in a ``width`` x
    ``height`` viewport, once the page has loaded."""

    async def steps(call: Any) -> Any:
        await _open(call, page.resolve().as_uri(), width, height)
        result = await call("Runtime.evaluate", expression=script, awaitPromise=True,
                            returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(str(result["exceptionDetails"])[:2000])
        return result["result"].get("value")

    return asyncio.run(_session(port, steps))


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
