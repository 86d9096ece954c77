"""A bible as git holds it at a revision, read without checking anything out.

Everything here runs the ``git`` program (``git show``, ``git ls-tree``,
``git rev-parse``, ``git config``) and hands back texts for
:func:`story_bible.reading.loader.load_texts`; the working tree, the index and HEAD
are never changed. A failure a user can cause (not a repository, an unknown
revision, no bible at that revision) is a :class:`GitError` whose message
says what to do.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

#: What ``git config`` must name for a bible's files to merge entity by entity.
DRIVER_KEY = "merge.arcroom.driver"
DRIVER = "arcroom merge %O %A %B %P"
DRIVER_NAME = "arcroom story bible merge"


class GitError(Exception):
    """git could not give what was asked; the message says why and what to do."""


def git(*args: str, cwd: Path | str | None = None, check: bool = True) -> str:
    """Run ``git ARGS`` and return its standard output (raises :class:`GitError`)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed here; install git to compare revisions") from None
    if check and done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def top_level(path: Path | str = ".") -> Path | None:
    """The top of the git working tree that holds ``path``, or None outside one."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent if str(folder.parent) else Path(".")
    if not folder.exists():
        return None
    # Look for a .git before starting git: most bibles checked outside a repo pay nothing.
    here = folder.resolve()
    if not any((p / ".git").exists() for p in (here, *here.parents)):
        return None
    out = git("rev-parse", "--show-toplevel", cwd=folder, check=False).strip()
    return Path(out) if out else None


def resolve(rev: str, cwd: Path) -> str:
    """The commit ``rev`` names (a hash), or a :class:`GitError` saying it names none."""
    out = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", cwd=cwd, check=False)
    if not out.strip():
        raise GitError(f"{rev!r} is not a revision of this repository (try `git log --oneline`)")
    return out.strip()


def is_revision(text: str, cwd: Path) -> bool:
    try:
        resolve(text, cwd)
    except GitError:
        return False
    return True


def merge_base(a: str, b: str, cwd: Path) -> str:
    """The best common ancestor of ``a`` and ``b`` (what ``A...B`` compares from)."""
    out = git("merge-base", resolve(a, cwd), resolve(b, cwd), cwd=cwd, check=False).strip()
    if not out:
        raise GitError(f"{a} and {b} have no common ancestor")
    return out


def bible_texts_at(rev: str, bible: Path, top: Path) -> dict[str, str]:
    """The texts of the bible at ``bible`` (a file or folder) as revision ``rev`` holds them.

    Keys are the paths as the working tree names them (``bible`` joined with
    each file's place in the folder), so a problem found at the revision
    names the same file as one found on disk. A folder's hidden files and
    folders are left out, as the loader leaves them out on disk.
    """
    relative = PurePosixPath(os.path.relpath(bible.resolve(), top.resolve()).replace(os.sep, "/"))
    spec = "" if str(relative) == "." else str(relative)
    listed = git("ls-tree", "-r", "-z", "--name-only", rev, "--", spec or ".", cwd=top)
    names = [n for n in listed.split("\0") if n]
    if not names:
        raise GitError(f"{rev} has no {relative}: give the bible's path as that revision had it")
    texts: dict[str, str] = {}
    for name in names:
        inside = PurePosixPath(name).relative_to(spec) if spec and name != spec else None
        if name != spec:
            if PurePosixPath(name).suffix not in (".yaml", ".yml"):
                continue
            if inside is not None and any(part.startswith(".") for part in inside.parts):
                continue
        shown = bible if inside is None else bible / inside
        data = git("show", f"{rev}:{name}", cwd=top)
        texts[str(shown)] = data[1:] if data.startswith("\ufeff") else data
    if not texts:
        raise GitError(f"{rev} has no *.yaml files in {relative}")
    return dict(sorted(texts.items()))


def driver_configured(top: Path) -> bool:
    """Whether git (this repository's config, or the user's) names arcroom's merge driver."""
    return bool(git("config", "--get", DRIVER_KEY, cwd=top, check=False).strip())
