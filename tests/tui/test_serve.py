"""``arcroom serve``: the editor in a browser, only for its writer, and a clean stop.

textual-serve's page draws the app's terminal with JavaScript once its
websocket has the app's first bytes, so the browser (headless Chromium) is
driven over the DevTools protocol: load the page, wait for the terminal,
take a screenshot. The gate (``tui.serve_auth``) is tried the way an attacker
would: websockets from another site's page (aiohttp, and a real page on a
second local port in Chromium), without the token or with a wrong one, and
requests addressed to another name. Servers here listen on 127.0.0.1 only;
``--host 0.0.0.0`` is tried with the server's ``serve`` replaced.
"""

from __future__ import annotations

import asyncio
import base64
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from tests.chromium import Call, decode_png, devtools, free_port, headless_chromium
from tests.support import poll_until
from tui.cli import main
from tui.serve_auth import Gate
from tui.serve_server import EditorServer
from tui.theme import DARK

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "a-token-the-tests-know-0123456789"


def rgb(colour: str | None) -> tuple[int, int, int]:
    assert colour is not None
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


#: The dark theme's own backgrounds, which fill most of a healthy screenshot.
APP_BACKGROUNDS = {rgb(DARK.background), rgb(DARK.surface), rgb(DARK.panel)}


def listens(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, timeout: float = 20) -> None:
    poll_until(lambda: listens(port), timeout, f"a server on port {port}; nothing listens")


class Output:
    """A process's output, read by a thread as it comes, for tests to wait on."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)

    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        return poll_until(lambda: re.search(pattern, self.text()), timeout,
                          lambda: f"{pattern!r} in the server's output:\n{self.text()}")

    def close(self) -> None:
        self._thread.join(timeout=10)


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    output: Output

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_serving(bible: Path, *options: str, env: dict[str, str]) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", str(bible), "--port", str(port), *options],
        cwd=bible.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**{k: v for k, v in os.environ.items() if k != "ARCROOM_TOKEN"},
             "PYTHONPATH": str(ROOT), **env},
    )
    assert process.stdout is not None
    served = Served(process, port, Output(process.stdout))
    try:
        wait_for_port(port)
    except AssertionError:
        stop(served)
        raise
    return served


def stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.kill()
        served.process.wait()
    served.output.close()


@pytest.fixture
def server(hyosan: Path) -> Iterator[Served]:
    """``arcroom serve`` as a writer starts it: a token made for this run."""
    served = start_serving(hyosan, env={})
    try:
        yield served
    finally:
        stop(served)


@pytest.fixture(scope="module")
def guarded(
    hyosan_original: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """One server for the gate's tests, its token from ARCROOM_TOKEN."""
    bible = tmp_path_factory.mktemp("guarded") / "bible.yaml"
    shutil.copyfile(hyosan_original, bible)
    served = start_serving(bible, env={"ARCROOM_TOKEN": TOKEN})
    try:
        yield served
    finally:
        stop(served)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium with the DevTools protocol on a free port."""
    with headless_chromium(tmp_path / "chromium", "--window-size=1280,800") as port:
        yield port


async def wait_in_page(call: Call, expression: str, timeout: float = 30) -> Any:
    """Poll ``expression`` in the page until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        result = await call("Runtime.evaluate", expression=expression, returnByValue=True)
        value = result["result"].get("value")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"never true in the page: {expression}")
        await asyncio.sleep(0.1)


async def screenshot(port: int, url: str, timeout: float = 30) -> bytes:
    """Open ``url``, wait until the editor has drawn itself, return a PNG of the page."""
    async with devtools(port) as call:
        await call("Page.navigate", url=url)
        # The terminal fades in once the app's first bytes arrive...
        await wait_in_page(
            call,
            "document.body && document.body.classList.contains('-first-byte')"
            " && getComputedStyle(document.querySelector('.textual-terminal')).opacity === '1'",
        )
        # ...and xterm draws on canvases, so a small picture of the page says
        # when the editor's panes fill it and have stopped changing.
        size = await wait_in_page(call, "[innerWidth, innerHeight]")
        small = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 0.1}
        deadline, previous = time.monotonic() + timeout, b""
        while True:
            shot = await call("Page.captureScreenshot", format="png", clip=small)
            png = base64.b64decode(str(shot["data"]))
            if png == previous and background_share(pixels(png)) > 0.6:
                break
            if time.monotonic() > deadline:
                raise AssertionError("the editor never filled the page")
            previous = png
            await asyncio.sleep(0.2)
        shot = await call("Page.captureScreenshot", format="png")
        return base64.b64decode(str(shot["data"]))


def background_share(image: list[tuple[int, int, int]]) -> float:
    """How much of a screenshot is the editor's own backgrounds."""
    return sum(1 for p in image if p in APP_BACKGROUNDS) / len(image)


# --- the editor in a browser -------------------------------------------------


def test_the_editor_is_served_to_a_browser_and_the_server_stops_cleanly(
    server: Served, browser: int, tmp_path: Path
) -> None:
    found = server.output.wait_for(r"http://127\.0\.0\.1:\d+/\?token=([\w-]+)\n")
    token = found.group(1)
    assert len(token) >= 40, "a made-up token has 256 random bits"

    png = asyncio.run(screenshot(browser, found.group(0).strip()))
    (tmp_path / "serve.png").write_bytes(png)
    image = pixels(png)
    share = background_share(image)
    # textual-serve's intro page is another colour; the editor's own panes fill the window.
    assert share > 0.6, f"the editor's background covers only {share:.0%} of the page"
    assert len(set(image)) > 20, "the page shows no text or colours"

    server.process.send_signal(signal.SIGINT)
    server.process.wait(timeout=10)  # not the 20 s of a websocket timing out
    server.output.close()
    output = server.output.text()
    assert server.process.returncode == 0, output
    assert "Serving" in output
    # The first visit's ?token= is in the access log's request line, hidden.
    assert "?token=[hidden]" in output and token not in output.replace(found.group(0), "")
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", server.port)) != 0, "the port is still taken"


ATTACK_PAGE = """<!DOCTYPE html><html><body><script>
const ws = new WebSocket("ws://127.0.0.1:%d/ws?width=80&height=24");
ws.onopen = () => { ws.send(JSON.stringify(["stdin", "\\u0013"])); document.title = "open"; };
ws.onclose = () => { if (document.title !== "open") document.title = "refused"; };
</script></body></html>"""


@pytest.fixture
def attacker(guarded: Served) -> Iterator[str]:
    """A page on another local port whose script opens the editor's websocket."""
    page = (ATTACK_PAGE % guarded.port).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()
        thread.join()


def test_a_page_of_another_local_site_cannot_open_the_editor(
    guarded: Served, attacker: str, browser: int
) -> None:
    async def visit() -> str:
        async with devtools(browser) as call:
            # The writer has opened the editor: the browser holds its cookie,
            # and cookies do not tell 127.0.0.1's ports apart.
            await call("Page.navigate", url=f"{guarded.base}/static/css/xterm.css?token={TOKEN}")
            cookies = await call("Network.getCookies", urls=[guarded.base])
            assert [c["name"] for c in cookies["cookies"]] == [f"arcroom-serve-{guarded.port}"]
            await call("Page.navigate", url=attacker)
            return str(await wait_in_page(
                call, "['open', 'refused'].includes(document.title) && document.title"
            ))

    assert asyncio.run(visit()) == "refused"
    guarded.output.wait_for(rf"refused /ws: from a page of another site \({attacker}\)")


# --- the gate, as a script would try it --------------------------------------


def jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # keep cookies for 127.0.0.1


async def handshake(
    served: Served, *, origin: str | None, query: str = "", cookie: bool = False,
    headers: dict[str, str] | None = None,
) -> int:
    """The status a websocket handshake to ``/ws`` gets (101: admitted, then closed)."""
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        if cookie:
            async with session.get(f"{served.base}/?token={TOKEN}", allow_redirects=False):
                pass
        try:
            async with session.ws_connect(
                f"{served.base}/ws{query}", origin=origin, headers=headers
            ) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


async def test_a_websocket_from_another_sites_page_is_refused_even_with_the_cookie(
    guarded: Served,
) -> None:
    # Cross-site websocket hijacking: the writer's browser sends the cookie
    # along, but the Origin says whose page opened the socket.
    for origin in ("http://127.0.0.1:9", "http://evil.example", "null"):
        assert await handshake(guarded, origin=origin, cookie=True) == 403, origin
    assert await handshake(guarded, origin="http://127.0.0.1:9", query=f"?token={TOKEN}") == 403
    guarded.output.wait_for(r"refused /ws: from a page of another site \(null\)")


@pytest.mark.parametrize(
    ("query", "cookie", "authorization"),
    [("", False, None), ("?token=wrong", False, None), ("?token=wrong", True, None),
     ("", False, "token wrong"), (f"?token={TOKEN[:-1]}", False, None)],
    ids=["none", "wrong", "wrong-over-cookie", "wrong-header", "almost"],
)
async def test_a_websocket_without_the_right_token_is_refused(
    guarded: Served, query: str, cookie: bool, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else None
    status = await handshake(
        guarded, origin=guarded.base, query=query, cookie=cookie, headers=headers
    )
    assert status == 403


async def test_a_websocket_without_an_origin_is_refused_even_with_the_token(
    guarded: Served,
) -> None:
    assert await handshake(guarded, origin=None, query=f"?token={TOKEN}") == 403
    guarded.output.wait_for("refused /ws: a websocket without an Origin")


async def test_the_right_token_from_the_servers_own_origin_opens_the_editor(
    guarded: Served,
) -> None:
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        async with session.get(f"{guarded.base}/?token={TOKEN}") as page:
            assert page.status == 200 and "textual.js" in await page.text()
        async with session.ws_connect(
            f"{guarded.base}/ws?width=100&height=30", origin=guarded.base
        ) as ws:
            # The editor's process starts and sends its first screen.
            message = await asyncio.wait_for(ws.receive(), timeout=30)
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
    for header in (f"token {TOKEN}", f"Bearer {TOKEN}"):
        status = await handshake(guarded, origin=guarded.base, headers={"Authorization": header})
        assert status == 101, header


async def test_a_page_without_the_token_asks_for_it(guarded: Served) -> None:
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        for address in ("/", "/?token=wrong", "/static/js/textual.js", "/download/x"):
            async with session.get(guarded.base + address) as refused:
                assert refused.status == 403, address
                body = await refused.text()
        assert '<input type="password" name="token"' in body and "http" not in body

        async with session.get(
            f"{guarded.base}/?token={TOKEN}&fontsize=20", allow_redirects=False
        ) as first:
            # The token leaves the address bar; the cookie admits what follows.
            assert first.status == 303 and first.headers["Location"] == "/?fontsize=20"
            cookie = first.cookies[f"arcroom-serve-{guarded.port}"]
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
            assert TOKEN not in cookie.value
        async with session.get(f"{guarded.base}/?fontsize=20") as page:
            assert page.status == 200 and 'data-font-size="20"' in await page.text()
            assert page.headers["X-Frame-Options"] == "DENY"
        async with session.get(guarded.base + "/static/js/textual.js") as script:
            assert script.status == 200


async def test_a_request_addressed_to_another_name_is_refused(guarded: Served) -> None:
    # DNS rebinding: a site whose name now points at 127.0.0.1 is its own origin.
    async with aiohttp.ClientSession() as session:
        for host in (f"rebound.example:{guarded.port}", f"127.0.0.1.nip.example:{guarded.port}"):
            async with session.get(
                f"{guarded.base}/?token={TOKEN}", allow_redirects=False,
                headers={"Host": host, "Origin": f"http://{host}"},
            ) as refused:
                assert refused.status == 403, host
        for host in (f"localhost:{guarded.port}", f"127.0.0.1:{guarded.port}"):
            async with session.get(
                f"{guarded.base}/?token={TOKEN}", allow_redirects=False, headers={"Host": host}
            ) as admitted:
                assert admitted.status == 303, host


async def test_without_a_token_the_origin_and_host_checks_still_hold() -> None:
    async def socket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close()
        return ws

    app = web.Application()
    app.router.add_get("/ws", socket)
    Gate(None, 8000, loopback_only=True).install(app)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        own = f"http://127.0.0.1:{client.port}"

        async def status(**headers: str) -> int:
            try:
                async with client.ws_connect("/ws", headers=headers):
                    return 101
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status

        assert await status(Origin=own) == 101
        assert await status(Origin="http://127.0.0.1:9") == 403
        assert await status() == 403
        rebound = f"rebound.example:{client.port}"
        assert await status(Host=rebound, Origin=f"http://{rebound}") == 403


# --- the page a remote browser gets --------------------------------------------


@pytest.mark.parametrize(
    ("public_url", "websocket"),
    [(None, "ws://studio.example:8000/ws"),
     ("https://arcroom.example/", "wss://arcroom.example/ws")],
)
async def test_the_page_points_where_the_browser_came_from_and_loads_nothing_remote(
    public_url: str | None, websocket: str
) -> None:
    gate = Gate(TOKEN, 8000, loopback_only=False, public_url=public_url)
    server = EditorServer(
        "true", gate=gate, addresses=[], host="0.0.0.0", port=8000, title="arcroom · T",
        public_url=public_url,
    )
    async with TestClient(TestServer(await server._make_app(), host="127.0.0.1")) as client:
        # As a browser on another machine asks for it, by this machine's name.
        headers = {"Host": "studio.example:8000", "Authorization": f"token {TOKEN}"}
        async with client.get("/", headers=headers) as response:
            assert response.status == 200
            page = await response.text()
        assert f'data-session-websocket-url="{websocket}"' in page
        assert "0.0.0.0" not in page
        base = (public_url or "http://studio.example:8000/").rstrip("/")
        links = set(re.findall(r"https?://[^\"' )<>]+", page)) - {"http://www.w3.org/2000/svg"}
        assert all(link.startswith(base + "/static/") for link in links), links
        # ...and textual-serve's own assets are all still there.
        for asset in ("css/xterm.css", "js/textual.js", "images/background.png"):
            assert f"{base}/static/{asset}" in links, asset
        # The fonts the page names are textual-serve's own, served here.
        fonts = [link for link in links if link.endswith(".ttf")]
        assert fonts
        for font in fonts:
            async with client.get(font[len(base):], headers=headers) as served:
                assert served.status == 200 and served.content_type != "text/html"


# --- the command line ----------------------------------------------------------


@pytest.fixture
def not_serving(monkeypatch: pytest.MonkeyPatch) -> list[EditorServer]:
    """Replace the server's ``serve`` (which binds and runs forever) with a note of it."""
    started: list[EditorServer] = []
    monkeypatch.setattr(EditorServer, "serve", lambda self, debug=False: started.append(self))
    monkeypatch.delenv("ARCROOM_TOKEN", raising=False)
    return started


def test_sharing_on_the_network_warns_and_keeps_the_token(
    not_serving: list[EditorServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--sample", "--host", "0.0.0.0"]) == 0
    err = capsys.readouterr().err
    assert "WARNING: --host 0.0.0.0 lets other machines reach this editor" in err
    [server] = not_serving
    assert server.gate.token is not None and not server.gate.loopback_only
    assert server.addresses[0] == f"http://127.0.0.1:8000/?token={server.gate.token}"
    assert all("0.0.0.0" not in address for address in server.addresses)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "studio.example"])
def test_no_token_is_refused_off_loopback(
    not_serving: list[EditorServer], capsys: pytest.CaptureFixture[str], host: str
) -> None:
    assert main(["serve", "--sample", "--host", host, "--no-token"]) == 2
    err = capsys.readouterr().err
    assert f"arcroom serve: --no-token is refused with --host {host}" in err
    assert not_serving == []


def test_no_token_on_loopback_warns_and_still_checks_the_origin(
    not_serving: list[EditorServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--sample", "--no-token"]) == 0
    assert "WARNING: --no-token: any program or user on this machine" in capsys.readouterr().err
    [server] = not_serving
    assert server.gate.token is None and server.gate.loopback_only
    assert server.addresses == ["http://127.0.0.1:8000/"]


def test_a_chosen_token_is_used_but_not_printed(
    not_serving: list[EditorServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCROOM_TOKEN", TOKEN)
    assert main(["serve", "--sample"]) == 0
    assert main(["serve", "--sample", "--token", "from-the-flag"]) == 0
    from_env, from_flag = not_serving
    assert from_env.gate.token == TOKEN and from_flag.gate.token == "from-the-flag"
    assert from_env.addresses[0] == "http://127.0.0.1:8000/?token=..."
    assert not any(TOKEN in address for address in from_env.addresses)


@pytest.mark.parametrize(
    ("options", "message"),
    [(["--token", ""], "--token is empty"),
     (["--token", "x", "--no-token"], "give --token or --no-token, not both"),
     (["--public-url", "studio:8000"], "--public-url 'studio:8000' is not an address")],
)
def test_token_options_that_cannot_work_are_usage_errors(
    not_serving: list[EditorServer], capsys: pytest.CaptureFixture[str],
    options: list[str], message: str,
) -> None:
    assert main(["serve", "--sample", *options]) == 2
    assert message in capsys.readouterr().err and not_serving == []


def test_the_help_says_how_the_token_works(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("token made for this run", "ARCROOM_TOKEN", "--no-token", "--public-url"):
        assert words in text


# --- reading a screenshot --------------------------------------------------------


def pixels(png: bytes) -> list[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit RGB or RGBA PNG (what Chromium writes), row by row."""
    _, _, rows = decode_png(png)
    return [
        (row[x], row[x + 1], row[x + 2]) for row in rows for x in range(0, len(row), 3)
    ]
