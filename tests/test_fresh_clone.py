"""A fresh clone, with no ``../shared`` beside it, collects every test and runs its data tests.

This is the README's test command as a newcomer (and CI) first meets it: a
``git clone`` of this checkout's HEAD (committed work only) into an empty
temporary folder, and ``python -m pytest`` run there. A small plugin
records what collection found, before ``-k`` picks the tests to run:

- no collection error (an import that fails, a data file a module reads
  while it loads);
- no test whose parameters came out empty: pytest turns those into one
  skipped item ("got empty parameter set"), which is how a missing data
  folder used to pass unnoticed;
- the tests that read ``tests/data`` (the YAML test suite, Game of Thrones)
  then pass there.

Collecting the whole suite takes a few seconds; only three quick tests run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import missing

ROOT = Path(__file__).resolve().parent.parent

PROBE = '''
import json, os
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    empty = [item.nodeid for item in items
             for mark in item.iter_markers("skip")
             if str(mark.kwargs.get("reason", "")).startswith("got empty parameter set")]
    with open(os.environ["FRESH_CLONE_REPORT"], "w", encoding="utf-8") as out:
        json.dump({"collected": len(items), "empty": empty}, out)
'''

#: Quick tests that read the data kept in tests/data.
DATA_TESTS = ("test_the_suite_is_all_here or test_invalid_yaml_exits_2_with_a_located_message"
              " or test_the_converted_show_loads")


def test_a_fresh_clone_collects_every_test_and_reads_its_own_data(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        missing("git")
    clone = tmp_path / "arcroom"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True,
                   capture_output=True, timeout=120)
    assert not (clone.parent / "shared").exists()
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "fresh_clone_probe.py").write_text(PROBE, encoding="utf-8")
    report = tmp_path / "collected.json"
    env = {**os.environ, "FRESH_CLONE_REPORT": str(report), "PYTHONPATH": str(probe)}
    done = subprocess.run(
        # -n0: in one process, where the probe sees the collection (not in xdist workers)
        [sys.executable, "-m", "pytest", "-q", "-n0", "-p", "fresh_clone_probe",
         "-p", "no:cacheprovider", "-k", DATA_TESTS],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "error" not in summary, summary
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["empty"] == []
    assert found["collected"] > 1000
    # The data tests ran there, none skipped: 1 + the 94 invalid suite cases + 1.
    assert " passed" in summary and "skipped" not in summary, summary
    assert int(summary.split(" passed")[0].split()[-1]) == 96, summary
