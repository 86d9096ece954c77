"""arcroom's version, as installed (or the source tree's when run from a checkout).

Looked up when asked (a report that names it, ``--version``), not on import:
importlib.metadata and the lookup were 40 ms of every command's start. It is
read from the installed metadata's ``Version:`` line directly, as
importlib.metadata finds it (the first ``arcroom`` dist-info or egg-info on
``sys.path``), without importing importlib.metadata (35-50 ms of a JSON
report's run, for one line of a file); importlib.metadata is asked only when
no such file is found.
"""

import functools
import os
import sys


@functools.cache
def version() -> str:
    written = _written_version()
    if written is not None:
        return written
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("arcroom")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0.0.0+source"


def _written_version() -> str | None:
    """The ``Version:`` of the first arcroom metadata on ``sys.path`` (None: none readable).

    Found as importlib.metadata finds it: the path's folders in order, each
    one's ``*.dist-info`` and ``*.egg-info`` in its listing's order, named
    ``arcroom`` before any ``-``; read from its METADATA, else its PKG-INFO.
    """
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:  # a zip: importlib.metadata's to read
            return None
        except OSError:  # gone, or unreadable: nothing there for either
            continue
        for name in names:
            low = name.lower()
            if not low.endswith((".dist-info", ".egg-info")):
                continue
            if low.rpartition(".")[0].partition("-")[0] != "arcroom":
                continue
            for file in ("METADATA", "PKG-INFO"):
                written = _version_in(os.path.join(folder, name, file))
                if written is not None:
                    return written
            return None  # the first found is the one; let importlib.metadata judge it
    return None


def _version_in(metadata: str) -> str | None:
    """The ``Version:`` header of a metadata file (None: unreadable, or none)."""
    try:
        with open(metadata, encoding="utf-8") as file:
            for line in file:
                if line.startswith("Version:"):
                    return line[len("Version:"):].strip()
                if not line.strip():
                    return None  # the headers end: the description follows
    except OSError:
        return None
    return None
