"""arcroom's version, as installed (or the source tree's when run from a checkout).

Looked up when asked (a report that names it, ``--version``), not on import:
importlib.metadata and the lookup were 40 ms of every command's start.
"""

import functools


@functools.cache
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("arcroom")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0.0.0+source"
