"""A save killed at any moment leaves the old or the new bible, never a broken one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_edits_support import AOUAD

from story_bible.reading.loader import load

ROOT = Path(__file__).resolve().parents[2]
#: Enough text that a write takes a while: many characters, each with a note.
BIG = AOUAD.replace(
    "\narcs:\n",
    "".join(f"  extra-{n}: {{name: Extra {n}, summary: 'A face in the crowd, take {n}'}}\n"
            for n in range(4000)) + "\narcs:\n",
)
MARK = "It starts in the science lab"

#: The writer who saves over and over: each save tells its number in a summary.
SAVER = """
import sys
from story_bible.writing.document import Document
doc = Document.open(sys.argv[1])
n = 0
while True:
    n += 1
    doc.set("outbreak", "summary", f"take {n}")
    doc.save()
    if n == 1:
        print("saving", flush=True)
"""


def test_a_save_killed_at_random_moments_leaves_a_whole_bible(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text(BIG, encoding="utf-8")
    rng = random.Random(20220128)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    takes = set()
    for _ in range(20):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, env=env, cwd=ROOT
        )
        assert saver.stdout is not None
        assert saver.stdout.readline() == b"saving\n"
        time.sleep(rng.uniform(0.0, 0.15))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        saver.stdout.close()
        text = path.read_text(encoding="utf-8")
        summary = load(path).beats["outbreak"].summary
        assert summary is not None and summary.startswith("take ")
        takes.add(summary)
        assert text == BIG.replace(MARK, summary)  # the whole of one save, nothing else
    assert len(takes) > 1  # the kills did land at different moments
    # What the last kill may have left: its lock file and one temporary file (each
    # saver's first save removed those of the savers killed before it).
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("bible.yaml",
                                                                       ".bible.yaml.lock")]
    assert len(leftovers) <= 1, leftovers
    assert all(name.startswith(".bible.yaml.") and name.endswith(".tmp") for name in leftovers)
