"""Without libyaml, arcroom still reads bibles (PyYAML's pure parser) and says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Importing yaml._yaml fails, as on a PyYAML built without libyaml.
WITHOUT_LIBYAML = (
    "import sys; sys.modules['yaml._yaml'] = None\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBYAML, *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def test_sample_checks_clean_with_the_pure_python_parser_and_a_notice() -> None:
    done = _run("check", "--sample", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "pure-Python parser" in done.stderr
    assert '"error": 0' in done.stdout


def test_pure_python_parser_reports_the_same_located_problem(tmp_path: Path) -> None:
    bible = tmp_path / "bible.yaml"
    bible.write_text("arcroom: 1\nseries: {title: T}\nseasons:\n  S1: {title: One, episodes: [\n")
    done = _run("check", str(bible))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith(f"{bible}:4:7: B001 '{{' and '[' here are never closed")
