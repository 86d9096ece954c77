"""Real git repositories in temporary folders, for the diff and merge tests.

git is a real component of ``arcroom diff`` and ``arcroom merge``: these
helpers run the ``git`` program with an identity and configuration of the
test's own (never the machine's), and register this checkout's arcroom as
the merge driver (``python -m tui merge %O %A %B %P``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT, missing

ENV = {
    "GIT_AUTHOR_NAME": "Writer", "GIT_AUTHOR_EMAIL": "writer@example.com",
    "GIT_COMMITTER_NAME": "Writer", "GIT_COMMITTER_EMAIL": "writer@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "NO_COLOR": "1",
    "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT),
    "CI": "",  # arcroom check's once-per-clone note is not given under CI
}


def git_env() -> dict[str, str]:
    return {**os.environ, **ENV}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    if shutil.which("git") is None:
        missing("git")
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env=git_env(), check=check)


def new_repo(path: Path, files: dict[str, str], *, driver: bool = True) -> Path:
    """A repository on branch ``main`` with ``files`` in its first commit."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    if driver:
        command = f"{shlex.quote(sys.executable)} -m tui merge %O %A %B %P"
        git(path, "config", "merge.arcroom.driver", command)
        files = {".gitattributes": "*.yaml merge=arcroom\n", **files}
    commit(path, files, "The plan")
    return path


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def arcroom(repo: Path, *args: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """``arcroom ARGS`` in ``repo``, as a user runs it (``env`` adds to the test's own)."""
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=repo, capture_output=True,
                          text=True, env={**git_env(), **(env or {})}, timeout=120)
