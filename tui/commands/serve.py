"""``arcroom serve [BIBLE]``: the same editor in a browser, through textual-serve.

Each browser tab gets its own ``arcroom edit`` process, which can change and
save the bible, so only its writer gets in: a random token each run (printed
in the address, as Jupyter does; ``--token`` or ``ARCROOM_TOKEN`` to choose
one), and only from the server's own pages (no other site's page, even in
the writer's browser). ``tui.serve_auth`` holds those checks and
``tui.serve_server`` the textual-serve server they guard. The server binds to
127.0.0.1 unless told otherwise; any other address warns, and must keep its
token.
"""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import sys

from story_bible.errors import LoadError
from story_bible.reading.loader import load
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible
from tui.serve_auth import TOKEN_ENV, is_loopback, new_token

WILDCARDS = {"", "0.0.0.0", "::"}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "serve",
        description="Serve arcroom's editor over HTTP: open the printed address in a "
        "browser. The address carries a token made for this run; only a browser that "
        "brings it, from the server's own pages, gets in (the editor can save the "
        f"bible). Choose the token with {TOKEN_ENV}=... (kept out of `ps`) or --token. "
        "Binds to 127.0.0.1 by default; --host 0.0.0.0 shares it on the network "
        "(plain HTTP, a warning is printed, and the token is required).",
    )
    add_bible_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--token", metavar="TOKEN",
        help=f"the token to ask for (default: ${TOKEN_ENV}, else a random one each run); "
        f"others on this machine can read it in `ps`, so prefer {TOKEN_ENV}",
    )
    parser.add_argument(
        "--no-token", action="store_true",
        help="ask for no token: 127.0.0.1 only, and any program on this machine can then "
        "edit the bible (other sites' pages still cannot)",
    )
    parser.add_argument(
        "--public-url", metavar="URL",
        help="the address browsers use, if not the one they reach the server at "
        "(e.g. behind a reverse proxy): the page's websocket points there",
    )
    parser.set_defaults(run=run)


def choose_token(args: argparse.Namespace) -> tuple[str | None, bool]:
    """The token this run asks for (None: none), and whether it was made up here.

    Refuses ``--no-token`` off loopback; warns on stderr when the server is
    shared on the network, or asks for no token.
    """
    loopback = is_loopback(args.host)
    host = args.host or repr("")
    if args.no_token and args.token is not None:
        raise UsageError("give --token or --no-token, not both")
    if args.no_token and not loopback:
        raise UsageError(
            f"--no-token is refused with --host {host}: anyone on the network could edit "
            "your bible. Keep the token, or serve on 127.0.0.1"
        )
    if args.token is not None and not args.token.strip():
        raise UsageError("--token is empty; give one, or use --no-token on 127.0.0.1")
    if not loopback:
        print(
            f"arcroom serve: WARNING: --host {host} lets other machines reach this editor, "
            "which can change and save your bible. Anyone with the token can use it, and "
            "plain HTTP is not encrypted: share it only on a network you trust.",
            file=sys.stderr,
        )
    if args.no_token:
        print(
            "arcroom serve: WARNING: --no-token: any program or user on this machine can "
            "open the editor and change your bible (other sites' pages still cannot).",
            file=sys.stderr,
        )
        return None, False
    token = args.token if args.token is not None else os.environ.get(TOKEN_ENV, "")
    if token.strip():  # an empty ARCROOM_TOKEN is no choice: make one
        return token, False
    return new_token(), True


def addresses(args: argparse.Namespace, token: str | None, made_here: bool) -> list[str]:
    """The addresses to print: with the token when this run made it, as Jupyter does."""
    query = "" if token is None else f"?token={token}" if made_here else "?token=..."
    if args.public_url:
        return [f"{args.public_url.rstrip('/')}/{query}"]
    port = "" if args.port == 80 else f":{args.port}"
    if args.host in WILDCARDS:
        names = ["127.0.0.1", socket.gethostname()]
    else:
        names = [f"[{args.host}]" if ":" in args.host else args.host]
    shown = [f"http://{name}{port}/{query}" for name in names]
    if args.host in WILDCARDS:
        shown.append("(from another machine: this machine's name, as above, or its address)")
    if token is not None and not made_here:
        shown.append(f"(the token is the one given with --token or {TOKEN_ENV})")
    return shown


def check_public_url(url: str | None) -> None:
    if url is None:
        return
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise UsageError(
            f"--public-url {url!r} is not an address like http://studio.example:8000 "
            "(http or https, a host, no query)"
        )


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port (1-65535)")
    check_public_url(args.public_url)
    token, made_here = choose_token(args)
    path = resolve_bible(args, fallback_to_sample=True)
    try:
        bible = load(path)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return Exit.UNUSABLE
    # Here, not at the top: every command imports this module, and these load aiohttp.
    from tui.serve_auth import Gate
    from tui.serve_server import EditorServer

    gate = Gate(token, args.port, loopback_only=is_loopback(args.host),
                public_url=args.public_url)
    command = shlex.join([sys.executable, "-m", "tui", "edit", str(path.resolve())])
    EditorServer(
        command, gate=gate, addresses=addresses(args, token, made_here),
        host=args.host, port=args.port, title=f"arcroom · {bible.series.title}",
        public_url=args.public_url,
    ).serve()
    return Exit.OK
