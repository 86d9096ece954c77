"""Values are written as a writer would write them, and read back as the same text."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from story_bible.reading.composer import compose
from story_bible.reading.nodes import Mapping, Scalar, Sequence
from story_bible.writing import render


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Choi Nam-ra", "Choi Nam-ra"),
        ("최남라", "최남라"),
        ("it's", "it's"),
        ("no", "'no'"),
        ("Yes", "'Yes'"),
        ("null", "'null'"),
        ("~", "'~'"),
        ("", "''"),
        ("1e3", "'1e3'"),
        ("0o17", "'0o17'"),
        ("2024-01-01", "'2024-01-01'"),
        ("a: b", "'a: b'"),
        ("x #y", "'x #y'"),
        ("- dash", "'- dash'"),
        ("[x]", "'[x]'"),
        (" padded ", "' padded '"),
        ("tab\there", '"tab\\there"'),
        ("line one\nline two", "|-\n  line one\n  line two"),
        ("ends with a break\n", "|\n  ends with a break"),
        ("\u2028", '"\\u2028"'),
    ],
)
def test_text_is_quoted_only_when_it_has_to_be(value: str, written: str) -> None:
    assert render.scalar(value) == written


def test_the_writers_quote_style_is_kept_when_it_can_hold_the_text() -> None:
    assert render.scalar("Choi Nam-ra", keep="'") == "'Choi Nam-ra'"
    assert render.scalar("Choi Nam-ra", keep='"') == '"Choi Nam-ra"'
    assert render.scalar("two\nlines", keep="'") == "|-\n  two\n  lines"
    assert render.scalar("two\nlines", keep="'", indent=6) == "|-\n      two\n      lines"
    assert render.scalar("one line", keep="|") == "|-\n  one line"


def test_inside_flow_collections_commas_and_brackets_are_quoted() -> None:
    written = render.flow(["nam-ra", "a, b", "[x]", "no", "남라"])
    assert written == "[nam-ra, 'a, b', '[x]', 'no', 남라]"
    assert render.flow({"nam-ra": {"status": "dead"}, "yes": "on"}) == (
        "{nam-ra: {status: dead}, 'yes': 'on'}"
    )
    assert render.scalar("two\nlines", flow=True) == '"two\\nlines"'


def _read_back(text: str) -> str:
    root, problems = compose(text, "<test>")
    assert not problems
    assert isinstance(root, Mapping)
    node = root.entries["outer"][1]
    assert isinstance(node, Mapping)
    value = node.entries["key"][1]
    if isinstance(value, Sequence):
        value = value.items[0]
    assert isinstance(value, Scalar)
    return value.value


@settings(max_examples=400, deadline=None)
@given(
    value=st.text(min_size=1) | st.sampled_from(["no", "on", "1e3", "a: b", "x\ny\n", "  z"]),
    keep=st.sampled_from(["", "'", '"', "|", ">"]),
)
def test_any_text_reads_back_the_same_in_block_and_flow_context(value: str, keep: str) -> None:
    block = render.scalar(value, keep=keep, indent=4)
    assert _read_back(f"outer:\n  key: {block}\n  next: 1\n") == value
    flow = render.scalar(value, flow=True, keep=keep)
    assert _read_back(f"outer:\n  key: [{flow}, x]\n") == value
    if render.reads_as_text(block) and block == value:
        # plain text is text to other YAML readers too
        assert yaml.safe_load(f"k: {block}")["k"] == value


def test_a_folded_summary_stays_folded_and_is_wrapped_at_80_columns() -> None:
    summary = (
        "Four months on. The quarantine zone is walled, and the survivors are kept in a "
        "camp where soldiers count their heartbeats.\nNam-ra hides what she is."
    )
    block = render.scalar(summary, keep=">", indent=6)
    header, *lines = block.split("\n")
    assert header == ">-"
    assert all(len(line) <= 80 for line in lines) and len(lines) == 4  # 2 + blank + 1
    assert _read_back(f"outer:\n  key: {block}\n") == summary


def test_text_that_folding_would_change_is_written_literal() -> None:
    indented = "A list the room keeps:\n  - the bite\n  - the heartbeat"
    assert render.scalar(indented, keep=">", indent=4).startswith("|-")
