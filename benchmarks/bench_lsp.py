"""How long a keystroke takes to become published diagnostics in ``arcroom lsp``.

Run it (it is a measurement, not a test)::

    .venv/bin/python benchmarks/bench_lsp.py                  # 20,000 beats, 120 keystrokes
    .venv/bin/python benchmarks/bench_lsp.py --beats 2000 --keys 10

It generates the bible (``benchmarks/generate.py``, one planted C001), starts
``arcroom lsp`` as an editor does (a subprocess over stdio, pygls' client),
opens the bible and then types: each keystroke is one incremental
``didChange`` inserting or deleting one character in a beat's summary (a
three-letter word typed, then taken back), at places spread over the whole
file, and is timed from sending it to the
``publishDiagnostics`` that follows (wall clock, the client's side, the
server's debounce included: ``--debounce``, default the server's 0.05 s).
Beside it, in the same run: a full ``check`` of the same file in this process
(load and rules, as ``arcroom check`` does them), and the server's opening
of the bible (read with every node, first check).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from arcs.checker import check_path  # noqa: E402


def _position(text: str, offset: int) -> lsp.Position:
    return lsp.Position(text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1))


async def _measure(
    path: Path, keys: int, debounce: float, seed: int, enter: bool = False
) -> dict[str, list[float]]:
    client = LanguageClient("bench", "1")
    arrived: asyncio.Queue[tuple[float, lsp.PublishDiagnosticsParams]] = asyncio.Queue()
    uri = from_fs_path(str(path)) or ""

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params))

    await client.start_io(sys.executable, "-m", "tui", "lsp")
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), initialization_options={"debounce": debounce}
        )
    )
    client.initialized(lsp.InitializedParams())
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "yaml", 1, text))
    )
    opened_at, first = await arrived.get()
    out: dict[str, list[float]] = {"open": [opened_at - start], "keystroke": [], "problems": []}
    out["problems"].append(len(first.diagnostics))
    spots = [i + len("summary: ") for i in _all(text, "summary: ")]
    rng = random.Random(seed)
    chosen = rng.sample(spots, min(keys, len(spots)))
    version = 1
    for at in chosen:
        if enter:
            # Enter inside the summary with the editor's indentation (its words
            # go on on a line of their own), a word typed there, then all of it
            # taken back: a new line, three letters, three deletions, the join.
            indent = "\n          "
            steps = [(at, indent)] + [(at + len(indent) + k, "x") for k in range(3)]
            steps += [(at + len(indent) + 2 - k, "") for k in range(3)] + [(at, "")]
        else:
            # Type a three-letter word, then take it back: six keystrokes.
            steps = [(at + k, "x") for k in range(3)] + [(at + 2 - k, "") for k in range(3)]
        for where, typed in steps:
            version += 1
            here = _position(text, where)
            if typed:
                change = lsp.TextDocumentContentChangePartial(lsp.Range(here, here), typed)
                text = text[:where] + typed + text[where:]
            else:
                gone = len(indent) if enter and where == at else 1
                after = _position(text, where + gone)
                change = lsp.TextDocumentContentChangePartial(lsp.Range(here, after), "")
                text = text[:where] + text[where + gone :]
            sent = time.perf_counter()
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    lsp.VersionedTextDocumentIdentifier(version=version, uri=uri), [change]
                )
            )
            while True:
                got, params = await arrived.get()
                if params.uri == uri:
                    break
            out["keystroke"].append(got - sent)
            if typed == "" and where == at:  # the word taken back: the bible as generated
                out["problems"].append(len(params.diagnostics))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def _all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _ms(values: Sequence[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beats", type=int, default=20_000)
    parser.add_argument("--keys", type=int, default=20, help="places typed at (6 keystrokes each)")
    parser.add_argument("--debounce", type=float, default=0.05, help="the server's pause (s)")
    parser.add_argument("--checks", type=int, default=3, help="full checks timed (median kept)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--enter", action="store_true",
        help="type Enter and a word on a new line (new lines, not letters within one)",
    )
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bible.yaml"
        generate.main(["--beats", str(args.beats), "--plant-errors", "1", "-o", str(path)])
        checks = []
        for _ in range(args.checks):
            start = time.perf_counter()
            result = check_path(path)
            checks.append(time.perf_counter() - start)
        found = asyncio.run(_measure(path, args.keys, args.debounce, args.seed, args.enter))
    size = path.stat().st_size if path.exists() else 0
    print(
        f"bible: {args.beats:,} beats{f', {size:,} bytes' if size else ''}; "
        f"check finds {len(result.diagnostics)} problem(s), the server {found['problems'][0]}"
    )
    print(f"full check (load + rules, in process): median {statistics.median(checks):.2f} s")
    print(f"server opens the bible (every node, first check): {found['open'][0]:.2f} s")
    print(
        f"keystroke{' (Enter mode)' if args.enter else ''} -> publishDiagnostics "
        f"({len(found['keystroke'])} keystrokes, "
        f"debounce {args.debounce * 1000:.0f} ms included): {_ms(found['keystroke'])}"
    )
    print(
        f"  without the debounce: median "
        f"{(statistics.median(found['keystroke']) - args.debounce) * 1000:.0f} ms"
    )
    same = all(n == found["problems"][0] for n in found["problems"])
    print(f"  diagnostics once each word is taken back as many as check's: {same}")
    # Two cores shared: a figure means little without how busy the machine was.
    print(f"load average (1 min) before and after: {load_before:.2f}, {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
