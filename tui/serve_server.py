"""textual-serve's server as ``arcroom serve`` runs it: gated, offline, reachable by its own name.

Small overrides of ``textual_serve.server.Server``, each for one reason:

- ``_make_app`` puts the :class:`~tui.serve_auth.Gate` in front of every route.
- ``handle_index`` builds the page's websocket and asset addresses from the
  address the browser used (its ``Host``), or ``--public-url``: textual-serve
  builds them from the bind address, and ``ws://0.0.0.0:8000`` leads a
  remote browser nowhere. It also drops the page's Google Fonts link and
  serves the Roboto Mono that textual-serve ships, so the page needs no
  internet, and starts the terminal once that font is loaded.
- ``on_startup`` prints the addresses to open, with the token, and
  ``initialize_logging`` keeps the token out of the access log.
- ``on_shutdown`` ends the open browser sessions: each editor is told to quit
  rather than waited on (aiohttp would otherwise wait for every open
  websocket to time out before it lets go of the port).

Imported by ``serve`` only: it loads textual-serve and aiohttp.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from tui.serve_auth import Gate

#: A link with an absolute address (textual-serve's page has its own assets'
#: and one for Google Fonts).
ABSOLUTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"(https?://[^\"]*)\"[^>]*>", re.DOTALL)

#: textual-serve ships these under static/fonts but its page never names them.
#: Its script sizes the terminal on window load, measuring a character of
#: "Roboto Mono": the start waits for the font, or rows come out too short.
LOCAL_FONTS = """<style>
      @font-face {{ font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
        src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
      @font-face {{ font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
        src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
    </style>
    <script>
      (() => {{
        const start = window.onload;
        const fonts = ["16px", "bold 16px", "italic 16px"].map((f) => `${{f}} 'Roboto Mono'`);
        const loaded = Promise.all(fonts.map((font) => document.fonts.load(font)));
        window.onload = (event) => loaded.finally(() => start && start(event));
      }})();
    </script>
  </head>"""


#: The token in a logged request line (the first visit's ``?token=``).
LOGGED_TOKEN = re.compile(r"([?&]token=)[^&\s\"]*")


class _HideTokens(logging.Filter):
    """Blanks the token out of aiohttp's access log, which prints each request's query."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = LOGGED_TOKEN.sub(r"\1[hidden]", record.getMessage())
        record.args = ()
        return True


class EditorServer(Server):  # type: ignore[misc]
    """textual-serve's server behind ``gate``, printing ``addresses`` when it starts."""

    def __init__(
        self, command: str, *, gate: Gate, addresses: list[str], **kwargs: Any
    ) -> None:
        super().__init__(command, **kwargs)
        self.gate = gate
        self.addresses = addresses
        self.sessions: set[asyncio.Task[object]] = set()

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(_HideTokens())

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        self.gate.install(app)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.console.print("Serving arcroom's editor; open it in a browser at:", highlight=False)
        for address in self.addresses:
            self.console.print(f"    {address}", highlight=False, soft_wrap=True)
        self.console.print("Press Ctrl+C to quit", highlight=False)

    def base_url(self, request: web.Request) -> str:
        """The address the browser reaches this server at (no trailing slash)."""
        if self.gate.public_url:
            return self.gate.public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.Response:
        router = request.app.router
        base = self.base_url(request)
        scheme, rest = base.split(":", 1)
        static = f"{base}{router['static'].url_for(filename='/')}".rstrip("/") + "/"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{'wss' if scheme == 'https' else 'ws'}:{rest}"
            f"{router['websocket'].url_for()}",
            "config": {"static": {"url": static}},
            "application": {"name": self.title},
        }
        response: web.Response = aiohttp_jinja2.render_template("app_index.html", request, context)
        page = ABSOLUTE_LINK.sub(
            lambda link: link[0] if link[1].startswith(f"{base}/") else "", response.text or ""
        )
        response.text = page.replace("</head>", LOCAL_FONTS.format(static=static), 1)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        try:
            return await super().handle_websocket(request)  # type: ignore[no-any-return]
        finally:
            self.sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        # A cancelled session quits its editor process and closes its websocket.
        for task in self.sessions:
            task.cancel()
