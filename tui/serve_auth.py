"""Who may use ``arcroom serve``: the writer who holds the token, from the server's own pages.

The editor behind ``/ws`` changes and saves the bible, so every request
passes one gate, an aiohttp middleware, before textual-serve sees it:

- **Host.** Bound to loopback, the server answers only requests addressed
  to a loopback name (``127.0.0.1``, ``localhost``, ``[::1]``) or to
  ``--public-url``'s host, so a site whose name was re-pointed at
  127.0.0.1 (DNS rebinding) is turned away.
- **Origin.** A request that carries an ``Origin`` must come from the origin
  it was sent to (or ``--public-url``'s); a websocket must carry one, as
  every browser sends it. Cookies do not tell ports apart, so without this a
  page on another local port would reach ``/ws`` with the writer's cookie.
- **Token.** As in Jupyter Server: the first visit brings ``?token=...``,
  checked with ``hmac.compare_digest``; the answer sets a cookie for the
  page's later requests and its websocket, and redirects to the same address
  without the token. Scripts may send ``Authorization: token ...`` instead.
  Without a good token a page gets a small form asking for it.

Every refusal is a 403, logged in one line that says why. No other site may
frame the pages (a framed editor could be fed clicks and keys).

Every command imports ``serve``, which uses the helpers at the top of this
module; aiohttp is imported only where a server is built.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import logging
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware

log = logging.getLogger("arcroom.serve")

#: Where ``serve`` reads a token that should not show in ``ps``.
TOKEN_ENV = "ARCROOM_TOKEN"


def new_token() -> str:
    """A fresh token for one run: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address or a Host header's name) is this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


Origin = tuple[str, str, int]
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of ``url``, or None for ``null`` and other non-URLs."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


@dataclass(frozen=True)
class Gate:
    """The checks every request to ``serve`` passes; ``token`` None is ``--no-token``."""

    token: str | None
    port: int
    loopback_only: bool
    public_url: str | None = None

    @property
    def cookie_name(self) -> str:
        # Per port: cookies for 127.0.0.1 are shared by every port on it.
        return f"arcroom-serve-{self.port}"

    def _cookie_value(self) -> str:
        # A digest, not the token itself: a cookie is sent to every port of the host.
        assert self.token is not None
        return hmac.new(self.token.encode(), b"arcroom serve cookie", hashlib.sha256).hexdigest()

    def install(self, app: web.Application) -> None:
        """Put the gate in front of every route of ``app`` (before the app starts)."""
        app.middlewares.append(self._middleware())
        app.on_response_prepare.append(_forbid_framing)

    def _middleware(self) -> Middleware:
        from aiohttp import web

        @web.middleware
        async def gate(request: web.Request, handler: Handler) -> web.StreamResponse:
            websocket = _is_websocket(request)
            reason = self._host_refusal(request) or self._origin_refusal(request, websocket)
            asks_for_token = False
            if reason is None:
                reason = self._token_refusal(request)
                asks_for_token = reason is not None and not websocket
            if reason is not None:
                log.warning("refused %s: %s", request.path, reason)
                if asks_for_token:
                    return _login_page(request)
                return web.Response(status=403, text=f"403: {reason}\n")
            if self.token is not None and "token" in request.query and not websocket:
                return self._admit(request)
            return await handler(request)

        return gate

    def _host_refusal(self, request: web.Request) -> str | None:
        host = request.headers.get("Host")
        if host is None:
            return "no Host header"
        if not self.loopback_only:
            return None
        name = (origin_of(f"http://{host}") or ("", "", 0))[1]
        public = origin_of(self.public_url) if self.public_url else None
        if name and (is_loopback(name) or (public is not None and name == public[1])):
            return None
        return f"addressed to {host!r}, not to this machine (127.0.0.1 or localhost)"

    def _origin_refusal(self, request: web.Request, websocket: bool) -> str | None:
        origin = request.headers.get("Origin")
        if origin is None:
            # A browser sends one with every websocket; a page's own GET may have none.
            return "a websocket without an Origin" if websocket else None
        allowed = [origin_of(f"{request.scheme}://{request.headers['Host']}")]
        if self.public_url:
            allowed.append(origin_of(self.public_url))
        seen = origin_of(origin)
        if seen is not None and seen in allowed:
            return None
        return f"from a page of another site ({origin})"

    def _token_refusal(self, request: web.Request) -> str | None:
        if self.token is None:
            return None
        given = request.query.get("token")
        if given is None:
            scheme, _, value = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() in ("token", "bearer") and value:
                given = value.strip()
        if given is not None:
            if hmac.compare_digest(given.encode(), self.token.encode()):
                return None
            return "a wrong token"
        cookie = request.cookies.get(self.cookie_name, "")
        if hmac.compare_digest(cookie.encode(), self._cookie_value().encode()):
            return None
        return "no token"

    def _admit(self, request: web.Request) -> web.StreamResponse:
        """The right ``?token=``: set the cookie and show the address without the token."""
        from aiohttp import web

        address = str(request.rel_url.without_query_params("token"))
        response = web.Response(status=303, headers={"Location": address})
        response.set_cookie(
            self.cookie_name, self._cookie_value(), path="/", httponly=True, samesite="Strict"
        )
        return response


def _is_websocket(request: web.Request) -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket"


async def _forbid_framing(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
    response.headers.setdefault("Referrer-Policy", "no-referrer")


def _login_page(request: web.Request) -> web.Response:
    """403 with a form that asks for the token (nothing loaded from anywhere)."""
    from aiohttp import web

    action = html.escape(request.path, quote=True)
    body = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>arcroom: token needed</title>
<style>body{{font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.5}}</style>
</head><body>
<h1>This editor needs its token</h1>
<p>Open the address <code>arcroom serve</code> printed (it ends in
<code>?token=&hellip;</code>), or type the token here. It is the one given with
<code>--token</code> or <code>{TOKEN_ENV}</code>, if one was.</p>
<form method="get" action="{action}">
<input type="password" name="token" autofocus aria-label="token">
<button type="submit">Open</button>
</form>
</body></html>
"""
    return web.Response(
        status=403, text=body, content_type="text/html", headers={"Cache-Control": "no-store"}
    )
