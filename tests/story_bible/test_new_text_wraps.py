"""New text wraps as the file wraps its own: at the width its wrapped text reaches, folded
(``>-``) or in plain lines as its siblings are; and it reads back as the same text."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document
from story_bible.writing.render import Wrap

HYOSAN = Path(__file__).resolve().parents[1] / "tui" / "bibles" / "hyosan.yaml"

#: 300 characters and more of summary, one paragraph.
LONG = ("On the morning after the bombing the survivors of class 2-5 climb down from the hills "
        "into a city that no longer answers, where the radio promises a rescue that never "
        "comes, and Nam-ra, hiding her heartbeat under a borrowed coat, has to decide whether "
        "to tell the others what she can hear through the walls at night.")


def added_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it changes or removes any."""
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(),
                                      autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), (op, before.splitlines()[a1:a2])
        if op == "insert":
            added.extend(after.splitlines()[b1:b2])
    return added


def test_a_long_summary_added_to_the_sample_is_folded_at_its_width(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    shutil.copyfile(sample_path(), path)
    before = path.read_text(encoding="utf-8")
    assert len(LONG) >= 300 and Wrap.measure(before) == Wrap(80, ">")
    document = Document.open(path)
    document.add("beat", "morning-after",
                 {"at": "S1E12", "summary": LONG, "characters": ["nam-ra"]},
                 arc="escape-hyosan")
    document.save()
    after = path.read_text(encoding="utf-8")
    added = added_lines(before, after)
    assert added[:3] == ["      morning-after:", "        at: S1E12", "        summary: >-"]
    body = added[3:-1]
    assert len(body) >= 4 and all(len(line) <= 80 for line in added)
    assert all(line.startswith(" " * 10) for line in body)
    assert added[-1] == "        characters: [nam-ra]"
    assert Document.open(path).bible.beats["morning-after"].summary == LONG


def test_a_file_that_wraps_in_plain_lines_gets_plain_lines(tmp_path: Path) -> None:
    path = tmp_path / "bible.yaml"
    text = HYOSAN.read_text(encoding="utf-8").replace(
        "        summary: Nam-ra brokers a truce between the survivors and the halbies.\n",
        "        summary: Nam-ra brokers a truce between the\n"
        "          survivors and the halbies.\n")
    path.write_text(text, encoding="utf-8")
    assert Wrap.measure(text) == Wrap(51, "")
    document = Document.open(path)
    document.add("beat", "morning-after", {"at": "S3E02", "summary": LONG}, arc="world-war")
    document.save()
    added = added_lines(text, path.read_text(encoding="utf-8"))
    summary = [line for line in added if "summary:" in line or line.startswith(" " * 10)]
    assert summary[0].startswith("        summary: On the morning")  # plain, no >-
    assert len(summary) >= 6 and all(len(line) <= 51 for line in added)
    assert Document.open(path).bible.beats["morning-after"].summary == LONG


def test_a_file_without_wrapped_text_wraps_at_80_folded() -> None:
    assert Wrap.measure("arcroom: 1\nseries: {title: A}\n") == Wrap(80, ">")


def test_short_text_stays_on_its_line() -> None:
    assert Wrap(80, ">").text("A short summary.", "    summary: ", 6, "\n") is None


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")),
                           min_size=1, max_size=12), min_size=1, max_size=60),
    style=st.sampled_from([">", ""]),
    width=st.integers(30, 100),
)
def test_wrapped_text_reads_back_the_same(words: list[str], style: str, width: int) -> None:
    import yaml

    value = " ".join(words)
    key_line = "    summary: "
    written = Wrap(width, style).text(value, key_line, 6, "\n")
    if written is None:
        return
    read = yaml.safe_load("x:\n" + key_line + written + "\n")["x"]["summary"]
    assert read == value
