"""``arcroom init``: the sample by default or ``--sample``, the commented template with ``--blank``.

Each run is the real command line in a new process. (The sample's own
tests are in test_cli_check.py.)
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from story_bible.reading.loader import sample_path
from tui.commands.init import blank_path

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_a_blank_show_checks_with_no_problem_at_all(arcroom: Run, tmp_path: Path) -> None:
    made = arcroom("init", "--blank", "my-show", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    bible = tmp_path / "my-show" / "bible.yaml"
    assert bible.read_bytes() == blank_path().read_bytes()
    checked = arcroom("check", "--format", "json", "--fail-on", "info", cwd=bible.parent)
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["diagnostics"] == []


def test_the_blank_template_holds_what_its_comment_promises() -> None:
    text = blank_path().read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert text.startswith("# ")  # a template that explains itself
    counts = (len(data["seasons"]), len(data["factions"]), len(data["characters"]),
              len(data["arcs"]), len(data["arcs"]["the-wreck"]["beats"]), len(data["relations"]))
    assert counts == (1, 2, 2, 1, 3, 1)


@pytest.mark.parametrize("flags", [[], ["--sample"]])
def test_without_blank_init_writes_the_sample(arcroom: Run, tmp_path: Path,
                                               flags: list[str]) -> None:
    made = arcroom("init", *flags, "show", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "show" / "bible.yaml").read_bytes() == sample_path().read_bytes()


def test_blank_and_sample_together_are_refused(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("init", "--blank", "--sample", "show", cwd=tmp_path)
    assert done.returncode == 2
    assert "not allowed with" in done.stderr
    assert not (tmp_path / "show").exists()


@pytest.mark.parametrize("flags", [[], ["--blank"]])
def test_init_never_overwrites_a_bible_nor_touches_gitignore(
    arcroom: Run, tmp_path: Path, flags: list[str]
) -> None:
    (tmp_path / "bible.yaml").write_text("arcroom: 1\n# ours\n", encoding="utf-8")
    done = arcroom("init", *flags, cwd=tmp_path)
    assert done.returncode == 2
    assert "already exists" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "bible.yaml").read_text(encoding="utf-8") == "arcroom: 1\n# ours\n"
    assert not (tmp_path / ".gitignore").exists()


def test_init_writes_a_gitignore_for_arcrooms_working_files(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("init", "--blank", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".arcroom/" in lines
    # git itself agrees: the recovery journal's folder is ignored, the bible is not.
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".arcroom" / "recovery").mkdir(parents=True)
    (tmp_path / ".arcroom" / "recovery" / "journal").write_text("x", encoding="utf-8")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            cwd=tmp_path, capture_output=True, text=True, check=True)
    assert sorted(status.stdout.split()) == [
        ".gitattributes", ".gitignore", "??", "??", "??", "bible.yaml"]


@pytest.mark.parametrize(("before", "after"), [
    ("node_modules", "node_modules\n.arcroom/\n"),          # no final newline: one is added
    ("*.pyc\n", "*.pyc\n.arcroom/\n"),
    ("*.pyc\n/.arcroom\n", "*.pyc\n/.arcroom\n"),            # already there in another spelling
])
def test_init_adds_its_line_to_an_existing_gitignore_once(
    arcroom: Run, tmp_path: Path, before: str, after: str
) -> None:
    (tmp_path / ".gitignore").write_text(before, encoding="utf-8")
    done = arcroom("init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == after
