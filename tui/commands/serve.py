"""``arcroom serve [BIBLE]``: the same editor in a browser, through textual-serve.

Each browser tab gets its own ``arcroom edit`` process; the server binds to
127.0.0.1 unless told otherwise, because the editor writes files. Ctrl+C
stops the server at once: the open tabs' editors are told to quit rather
than waited on (aiohttp would otherwise wait for each open websocket to time
out before it lets go of the port).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import TYPE_CHECKING, Any

from story_bible.errors import LoadError
from story_bible.loader import load
from tui.commands import Exit, UsageError, add_bible_argument, resolve_bible

if TYPE_CHECKING:
    from aiohttp import web


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "serve", help="serve the editor to a web browser (textual-serve)",
        description="Serve arcroom's editor over HTTP: open the printed address in a "
        "browser. Binds to 127.0.0.1 by default; --host 0.0.0.0 shares it on the network.",
    )
    add_bible_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port (1-65535)")
    path = resolve_bible(args, fallback_to_sample=True)
    try:
        bible = load(path)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return Exit.UNUSABLE
    import asyncio  # here, as textual-serve is: every command imports this module

    from textual_serve.server import Server

    class EditorServer(Server):  # type: ignore[misc]
        """textual-serve's server, ending its browser sessions when it shuts down."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[object]] = set()

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

    command = shlex.join([sys.executable, "-m", "tui", "edit", str(path.resolve())])
    title = f"arcroom · {bible.series.title}"
    EditorServer(command, host=args.host, port=args.port, title=title).serve()
    return Exit.OK
