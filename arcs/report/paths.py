"""How reports name a bible file: relative to the working folder, with forward slashes.

CI annotations (GitHub, SARIF) resolve a path against the repository root,
where CI runs ``arcroom check``; an absolute path would annotate nothing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def relative_path(file: str) -> str:
    """``file`` relative to the working folder with POSIX slashes, or as given outside it.

    >>> relative_path("bible/s1.yaml")
    'bible/s1.yaml'
    """
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return file
    return path.as_posix()


def relative_uri(file: str) -> str:
    """Like :func:`relative_path` as a URI reference: percent-encoded, or ``file://`` outside.

    >>> relative_uri("my bible,v1.yaml")
    'my%20bible%2Cv1.yaml'
    """
    shown = relative_path(file)
    return Path(shown).as_uri() if Path(shown).is_absolute() else quote(shown)
