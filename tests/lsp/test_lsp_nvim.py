"""A real editor talks to ``arcroom lsp``: headless Neovim with its own LSP client.

``nvim_client.lua`` opens the dead-walk-again bible, waits for the server's
diagnostics, hovers, completes, applies the quick fix that takes the dead
character out of the beat and waits for the C001 to clear; it writes what it
saw to a transcript, which this test reads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT, missing

HERE = Path(__file__).resolve().parent


def test_neovim_sees_diagnostics_hover_completion_and_applies_a_fix(tmp_path: Path) -> None:
    if shutil.which("nvim") is None:
        missing("nvim", "neovim")
    shutil.copy(
        ROOT / "tests" / "fixtures" / "bibles" / "dead_walk_again.yaml", tmp_path / "bible.yaml"
    )
    transcript = tmp_path / "transcript.txt"
    env = {
        **os.environ,
        "BIBLE": "bible.yaml",
        "TRANSCRIPT": str(transcript),
        "ARCROOM_LSP_CMD": f"{sys.executable} -m tui lsp",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),  # Neovim's log and state go here, not into the user's
    }
    subprocess.run(
        ["nvim", "--headless", "-n", "-u", "NONE", "-c", f"luafile {HERE / 'nvim_client.lua'}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    lines = transcript.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "diagnostics arrived: true"
    assert lines[1].startswith(
        "diagnostic C001 36:67 cheong-san appears in rescue (S1E03) while dead"
    )
    assert "At rescue (S1E03): dead, survivors" in lines[2]
    assert "completion: gwi-nam — character: Yoon Gwi-nam (human, survivors)" in lines
    assert "code action: Take cheong-san out of rescue" in lines
    assert (
        "after the fix:       rescue: {at: S1E03, after: [sacrifice], characters: [on-jo]}" in lines
    )
    assert lines[-1] == "diagnostics cleared: true"
