"""Writing an exporter's lines to a path or an open text file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO


def write_lines(lines: Iterable[str], path_or_file: str | os.PathLike[str] | IO[str]) -> None:
    """Write each line and a newline (LF, UTF-8 for paths) to ``path_or_file``."""
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "w", encoding="utf-8", newline="\n") as out:
            _write(lines, out)
    else:
        _write(lines, path_or_file)


def _write(lines: Iterable[str], out: IO[str]) -> None:
    # Joining in chunks keeps the number of write calls low on 20,000-beat graphs.
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= 4096:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
