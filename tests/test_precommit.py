"""The pre-commit hook: its entry, run as pre-commit runs it, passes a clean bible and
fails a broken one; its ``files`` pattern picks out the files a bible is made of."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_BIBLE = ROOT / "tests" / "arcs" / "report" / "golden" / "bible.yaml"
DEAD_BOY_RETURNS = "characters: [on-jo, cheong-san]}"  # the golden bible's one error (C001)


@pytest.fixture(scope="module")
def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (found,) = [h for h in hooks if h["id"] == "arcroom-check"]
    return found  # type: ignore[no-any-return]


def run_hook(hook: dict[str, Any], repo: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry as pre-commit does: from the repository root, the installed
    ``arcroom`` on PATH, no file names (pass_filenames is false)."""
    assert hook["pass_filenames"] is False
    command = shlex.split(hook["entry"]) + list(hook.get("args", []))
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "NO_COLOR": "1"}
    executable = shutil.which(command[0], path=env["PATH"])
    assert executable is not None, f"{command[0]} is not installed beside {sys.executable}"
    return subprocess.run([executable, *command[1:]], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(GOLDEN_BIBLE, tmp_path / "bible.yaml")
    return tmp_path


def test_hook_is_a_python_hook_running_arcroom_check(hook: dict[str, Any]) -> None:
    assert hook["language"] == "python"
    assert shlex.split(hook["entry"]) == ["arcroom", "check"]


def test_hook_passes_a_clean_bible(hook: dict[str, Any], repo: Path) -> None:
    bible = repo / "bible.yaml"
    bible.write_text(bible.read_text(encoding="utf-8").replace(
        DEAD_BOY_RETURNS, "characters: [on-jo]}"), encoding="utf-8")
    out = run_hook(hook, repo)
    assert out.returncode == 0, out.stdout + out.stderr


def test_hook_fails_a_bible_where_the_dead_walk(hook: dict[str, Any], repo: Path) -> None:
    out = run_hook(hook, repo)
    assert out.returncode == 1
    assert re.search(r"^bible\.yaml:28:85: C001 cheong-san appears in goodbye", out.stdout,
                     re.MULTILINE), out.stdout


def test_hook_follows_the_rooms_configuration(hook: dict[str, Any], repo: Path) -> None:
    (repo / "arcroom.toml").write_text('ignore = ["C001"]\n', encoding="utf-8")
    assert run_hook(hook, repo).returncode == 0


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("bible.yaml", True),
        ("bible.yml", True),
        ("bible/s1.yaml", True),
        ("bible/seasons/s2.yaml", True),
        ("show/bible.yaml", True),
        ("arcroom.toml", True),
        ("pyproject.toml", True),
        ("README.md", False),
        ("notes/bible-draft.txt", False),
        ("bible/cover.png", False),
    ],
)
def test_hook_runs_when_a_bible_file_or_its_configuration_changes(
    hook: dict[str, Any], path: str, runs: bool
) -> None:
    # pre-commit matches `files` with re.search against the path from the repository root.
    assert bool(re.search(hook["files"], path)) is runs
