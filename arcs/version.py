"""arcroom's version: written here once, and given to the package's metadata by the build
(``pyproject.toml``'s ``dynamic`` version reads :data:`VERSION`).

The CLI's ``--version`` and every report that names the version read it here:
a lookup of the installed metadata (``importlib.metadata``) was 35-50 ms of a JSON
or SARIF check, for one line of a file.
"""

VERSION = "0.1.0"


def version() -> str:
    """arcroom's version."""
    return VERSION
