"""Every rule's documented examples, run: the catalogue proves itself.

A rule's docstring shows a ``Failing::`` and a ``Passing::`` example
(``arcroom rules CODE`` prints them). They are bible fragments, made whole
by one convention (also in :mod:`arcs.rules`):

* **The base.** An example is completed with ``arcroom: 1``, a series title
  and, unless it writes ``seasons:``, seasons S1, S2 and S3 of 12 episodes
  each. Statuses are the default ones unless it writes ``statuses:``.
  Everything else it needs (characters, factions, arcs around beats) it
  writes.
* **The mark.** ``# CODE`` at the end of a Failing line (``# C001``,
  ``# C003: nam-ra is not in the beat``) marks where the rule reports: the
  rule reports its code on every marked line and on no other.
* **The change.** A Passing example gives keys their new values: each key
  at the example's outer indentation, with the lines indented under it,
  replaces the same key at the same indentation in the Failing example (the
  first one after the previous replacement). A key the Failing example lacks
  is added where the Passing example puts it: after the key written before
  it, else before the key written after it, else at the end. A Passing
  example that rewrites every top-level key is simply whole. The rule must
  not report its code on the result.

Both results must load without a B problem: an example is a real bible.
"""

from __future__ import annotations

import re

import pytest
from helpers import diagnostics

from arcs.rules import RULES, Rule
from story_bible.errors import LoadError

BASE = "arcroom: 1\nseries: {title: All of Us Are Dead}\n"
SEASONS = (
    "seasons:\n"
    "  S1: {title: Survival of mankind, episodes: 12}\n"
    "  S2: {title: Survival of the zombies, episodes: 12}\n"
    "  S3: {title: The world war, episodes: 12}\n"
)
KEY = re.compile(r"([A-Za-z0-9_-]+):(?:\s|$)")

DOCUMENTED = sorted(code for code, rule in RULES.items() if rule.check is not None)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def example(rule: Rule, name: str) -> list[str]:
    """The lines of the example under ``name::`` (``Failing``/``Passing``), 4 spaces dedented.

    Docstring examples sit 4 spaces in; a Passing fragment keeps the
    indentation it has under the Failing example's lines.
    """
    lines = rule.doc.splitlines()
    start = lines.index(f"{name}::") + 1
    found: list[str] = []
    for line in lines[start:]:
        if line.strip() and not line.startswith("    "):
            break
        found.append(line[4:])
    while found and not found[-1].strip():
        found.pop()
    while found and not found[0].strip():
        found.pop(0)
    assert found, f"{rule.code}: the {name} example is empty"
    return found


def whole(lines: list[str]) -> tuple[str, int]:
    """The bible an example stands for, and how many lines the base put above it."""
    head = BASE + ("" if any(line.startswith("seasons:") for line in lines) else SEASONS)
    return head + "\n".join(lines) + "\n", head.count("\n")


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Where the block opened by ``lines[start]`` (a key at ``indent``) ends."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    return end


def changed(code: str, failing: list[str], passing: list[str]) -> list[str]:
    """The Failing example with the Passing example's keys in place (see the module's doc)."""
    out = list(failing)
    indent = min(_indent(line) for line in passing if line.strip())
    blocks: list[list[str]] = []
    for line in passing:
        if line.strip() and _indent(line) == indent:
            blocks.append([])
        blocks[-1].append(line)
    cursor, last_end = 0, -1  # where the next key is looked for; the end of the last placed
    waiting: list[str] = []  # new keys written before any key that replaces one
    for block in blocks:
        key = KEY.match(block[0].strip())
        assert key, f"{code}: a Passing line must start with a key: {block[0]!r}"
        name = key.group(1) + ":"
        at = next(
            (
                i for i in range(cursor, len(out))
                if _indent(out[i]) == indent and out[i].strip().startswith(name)
            ),
            None,
        )
        if at is None and last_end < 0:
            waiting += block
            continue
        if at is None:
            out[last_end:last_end] = block
        else:
            out[at:_block_end(out, at, indent)] = waiting + block
            last_end = at + len(waiting)
            waiting = []
        cursor = last_end = last_end + len(block)
    out += waiting
    return out


def _run(code: str, text: str, which: str) -> list[int]:
    """The lines where rule ``code`` reports on ``text``."""
    try:
        return [d.line for d in diagnostics(text, code) if d.code == code]
    except LoadError as error:
        problems = "; ".join(f"{p.line}: {p.code} {p.message}" for p in error.problems)
        pytest.fail(f"{code}'s {which} example is not a bible ({problems}):\n{text}")


@pytest.mark.parametrize("code", DOCUMENTED)
def test_the_failing_example_is_reported_where_it_is_marked(code: str) -> None:
    lines = example(RULES[code], "Failing")
    text, above = whole(lines)
    marked = [above + i + 1 for i, line in enumerate(lines) if re.search(rf"#\s*{code}\b", line)]
    assert marked, f"{code}: no line of the Failing example is marked '# {code}'"
    assert sorted(set(_run(code, text, "Failing"))) == marked, text


@pytest.mark.parametrize("code", DOCUMENTED)
def test_the_passing_example_is_not_reported(code: str) -> None:
    rule = RULES[code]
    lines = changed(code, example(rule, "Failing"), example(rule, "Passing"))
    text, _ = whole(lines)
    assert _run(code, text, "Passing") == [], text


def test_a_passing_fragment_replaces_the_keys_it_names() -> None:
    failing = [
        "arcs:",
        "  a:",
        "    season: S1",
        "    beats:",
        "      one: {at: S1E01,",
        "            characters: [x]}   # C001",
        "      two: {at: S1E02}",
    ]
    assert changed("C001", failing, ["      one: {at: S1E01}", "      three: {at: S1E03}"]) == [
        "arcs:", "  a:", "    season: S1", "    beats:",
        "      one: {at: S1E01}", "      three: {at: S1E03}", "      two: {at: S1E02}",
    ]
    assert changed("C001", failing, ["      zero: {at: S1E01}", "      two: {at: S1E03}"])[4:] == [
        "      one: {at: S1E01,", "            characters: [x]}   # C001",
        "      zero: {at: S1E01}", "      two: {at: S1E03}",
    ]
    assert changed("C001", failing, ["statuses:", "  dead: {appears: false}"])[-2:] == [
        "statuses:", "  dead: {appears: false}",
    ]
