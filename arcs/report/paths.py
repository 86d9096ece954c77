"""How reports name a bible file: relative to the working folder, with forward slashes.

CI annotations (GitHub, SARIF) resolve a path against the repository root,
where CI runs ``arcroom check``; an absolute path would annotate nothing.
"""

from __future__ import annotations

from pathlib import Path


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
    """Like :func:`relative_path`, but a ``file://`` URI for a file outside the working folder."""
    shown = relative_path(file)
    return Path(shown).as_uri() if Path(shown).is_absolute() else shown
