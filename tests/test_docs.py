"""Every shell example in README.md and docs/*.md runs, as a reader following the page would.

The convention the documents follow:

- A block fenced ```` ```sh ```` is run. A block fenced ```` ```console ```` is
  shown but not run: it is for a command that cannot run here (one that
  installs a venv, opens the editor or a server and runs until quit, needs a
  browser or a remote), and a sentence beside it says why. ``bash``,
  ``shell`` and ``zsh`` fences are refused, so that no example is left
  unrun by a choice of word.
- Each document gets a scratch show of its own: a temporary folder where
  ``arcroom init`` wrote the sample, made a git repository with one commit
  (so ``git diff`` examples have something to compare with). Its ``sh``
  blocks run in the order of the page, starting in that folder; files and
  the working folder (``cd``) carry over from one command and one block to
  the next, shell variables do not.
- A command is one line, with the lines continued by a trailing ``\\`` and
  the body of a here-document (``<<'EOF'`` ... ``EOF``). Each runs in bash
  (``pipefail`` on, no standard input) and must exit 0, unless a comment on
  its first line says ``# exit N`` (``arcroom check   # exit 1: Elias is
  dead``): then it must exit N, so a page can show a mistake and its
  message.
- A block fenced ```` ```output ```` shows what the last command run before
  it printed on stdout (prose may stand between), and must be exactly that.
- ``arcroom`` on PATH is this checkout's (``python -m tui`` with the
  interpreter running the tests), and git's identity and configuration are
  the test's own, not the machine's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")
EXPECTED_EXIT = re.compile(r"#\s*exit\s+(\d+)\b")
#: Commands that cannot run in a scratch show: the editor and the server run
#: until quit; installs and the test suite belong to .ci/run.
NOT_HERE = re.compile(r"\barcroom\s+(edit|serve)\b(?!.*--help)|\bpip\s+install\b|\bpytest\b")
UNRUN_FENCES = {"bash", "shell", "zsh"}


@dataclass(frozen=True)
class Command:
    """One command of an ``sh`` block: its text, where it starts, the exit it expects."""

    text: str
    line: int
    exit: int


@dataclass(frozen=True)
class Block:
    info: str
    line: int  # of the opening fence
    body: list[str]


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a markdown file, with their info word and place."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, start, body = opening[1], index + 1, []
        index += 1
        while index < len(lines) and not lines[index].lstrip().startswith(fence):
            body.append(lines[index])
            index += 1
        found.append(Block(opening[2].lower(), start, body))
        index += 1
    return found


def commands(block: Block) -> list[Command]:
    """Split an ``sh`` block into commands (continuations and here-documents kept whole)."""
    found: list[Command] = []
    lines = block.body
    index = 0
    while index < len(lines):
        first = lines[index]
        line = block.line + 1 + index
        if not first.strip() or first.lstrip().startswith("#"):
            index += 1
            continue
        text = [first]
        while text[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            text.append(lines[index])
        heredoc = HEREDOC.search(first)
        if heredoc:
            while index + 1 < len(lines):
                index += 1
                text.append(lines[index])
                if lines[index] == heredoc[2]:
                    break
        expected = EXPECTED_EXIT.search(first)
        found.append(Command("\n".join(text), line, int(expected[1]) if expected else 0))
        index += 1
    return found


def sh_commands(path: Path) -> list[Command]:
    return [c for b in blocks(path) if b.info == "sh" for c in commands(b)]


@pytest.fixture(scope="module")
def arcroom_on_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding an ``arcroom`` that runs this checkout's code."""
    folder = tmp_path_factory.mktemp("bin")
    script = folder / "arcroom"
    script.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT}${{PYTHONPATH:+:$PYTHONPATH}}" '
        f'exec "{sys.executable}" -m tui "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def _environment(bin_dir: Path, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "NO_COLOR": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A Writer", "GIT_AUTHOR_EMAIL": "writer@example.invalid",
        "GIT_COMMITTER_NAME": "A Writer", "GIT_COMMITTER_EMAIL": "writer@example.invalid",
    }


def _scratch_show(folder: Path, env: dict[str, str]) -> Path:
    show = folder / "show"
    for argv in (["arcroom", "init", str(show)], ["git", "init", "-q"], ["git", "add", "."],
                 ["git", "commit", "-qm", "The plan"]):
        subprocess.run(argv, cwd=show if argv[0] == "git" else folder, env=env, check=True,
                       capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    return show


def run_in_order(path: Path, folder: Path, env: dict[str, str]) -> list[str]:
    """Run the document's commands; return a description of each that went wrong."""
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    here = _scratch_show(folder, env)
    state = folder / "cwd"
    failures = []
    last: tuple[str, str] | None = None  # the latest command run: its place and stdout
    for block in blocks(path):
        if block.info == "output":
            shown = "\n".join(block.body)
            if last is None or last[1].rstrip("\n") != shown:
                failures.append(f"{name}:{block.line}: the output shown is not "
                                f"what {last[0] if last else 'a command'} printed: "
                                f"{last[1] if last else ''!r}")
            continue
        if block.info != "sh":
            continue
        for command in commands(block):
            where = f"{name}:{command.line}"
            if NOT_HERE.search(command.text.partition(" #")[0]):
                failures.append(f"{where}: {command.text!r} cannot run in a scratch show (it "
                                "runs until quit, installs, or runs the tests): fence it console")
                continue
            script = f"set -o pipefail\n{command.text}\n__rc=$?\npwd > '{state}'\nexit $__rc\n"
            done = subprocess.run(["bash", "-c", script], cwd=here, env=env, capture_output=True,
                                  text=True, stdin=subprocess.DEVNULL, timeout=120)
            if state.exists():
                here = Path(state.read_text(encoding="utf-8").strip())
            last = (where, done.stdout)
            if done.returncode != command.exit:
                failures.append(
                    f"{where}: {command.text!r} exited {done.returncode}, the page says "
                    f"{command.exit}\n  stdout: {done.stdout[-800:]!r}\n"
                    f"  stderr: {done.stderr[-800:]!r}")
    return failures


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sh_example_runs(path: Path, arcroom_on_path: Path, tmp_path: Path) -> None:
    env = _environment(arcroom_on_path, tmp_path / "home")
    (tmp_path / "home").mkdir()
    assert run_in_order(path, tmp_path, env) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_shell_examples_are_fenced_sh_or_console(path: Path) -> None:
    wrong = [f"{path.name}:{b.line} ```{b.info}" for b in blocks(path) if b.info in UNRUN_FENCES]
    assert wrong == []


def test_readme_opens_with_its_two_commands() -> None:
    # Install and open the sample; install and run the tests. Not run here (one
    # opens the editor, the other is this test suite); .ci/run runs the second.
    first = blocks(ROOT / "README.md")[0]
    assert first.info == "console"
    assert [line.split(" && ")[-1] for line in first.body] == [
        ".venv/bin/arcroom edit --sample", ".venv/bin/python -m pytest"]
    assert ".venv/bin/python -m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_convention_is_read_as_written(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "text\n```sh\narcroom check   # exit 1: the dead walk\n"
        "cat > a.yaml <<'EOF'\nx: 1\n# not a command\nEOF\n"
        "arcroom export \\\n  --sample\n# a comment\n\n```\n"
        "```console\narcroom edit\n```\n", encoding="utf-8")
    assert [(c.text, c.line, c.exit) for c in sh_commands(page)] == [
        ("arcroom check   # exit 1: the dead walk", 3, 1),
        ("cat > a.yaml <<'EOF'\nx: 1\n# not a command\nEOF", 4, 0),
        ("arcroom export \\\n  --sample", 8, 0),
    ]
    assert [b.info for b in blocks(page)] == ["sh", "console"]


def test_a_broken_example_or_a_stale_output_is_reported(
    arcroom_on_path: Path, tmp_path: Path
) -> None:
    # The README's old examples: a beat the sample does not have, a check said to fail.
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\narcroom set roof-rescue.characters '[on-jo, su-hyeok]'\n"
        "arcroom check                 # exit 1\n```\n"
        "Prose between.\n```output\nFound 1 error.\n```\n", encoding="utf-8")
    (tmp_path / "home").mkdir()
    env = _environment(arcroom_on_path, tmp_path / "home")
    failures = run_in_order(page, tmp_path, env)
    assert [f.split(": ", 1)[0] for f in failures] == [f"{page}:2", f"{page}:3", f"{page}:6"]
    assert "exited 2, the page says 0" in failures[0]
    assert "exited 0, the page says 1" in failures[1]
    assert "All checks passed" in failures[2]



def test_the_format_page_shows_the_blank_template_as_init_writes_it() -> None:
    shown = next(b for b in blocks(ROOT / "docs" / "format.md") if b.info == "yaml")
    template = (ROOT / "story_bible" / "samples" / "blank.yaml").read_text(encoding="utf-8")
    assert "\n".join(shown.body) + "\n" == template
