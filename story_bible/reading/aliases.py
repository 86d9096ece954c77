"""YAML aliases kept within bounds: no undefined or self-containing alias, no alias bomb.

:class:`Anchors` remembers each anchored node of a text as the composer
finishes it, and gives the node an alias stands for, counting how many
nodes the aliases expand the text by: past :data:`ALIAS_BUDGET` (plus half
the text's size) the reading stops (B005), before a "billion laughs" fills
the memory.
"""

from __future__ import annotations

from typing import Any

from story_bible.errors import LoadError, Problem
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence

#: Nodes that aliases may add beyond those written in the file.
ALIAS_BUDGET = 100_000


def _weight(node: Node, memo: dict[int, int]) -> int:
    """How many nodes ``node`` stands for once its aliases are expanded."""
    if isinstance(node, Scalar):
        return 1
    # A loop, not recursion: libyaml nests up to 1,000 levels, deeper than
    # Python's stack allows a recursive walk (an anchored deep list crashed).
    todo: list[tuple[Sequence | Mapping, bool]] = [(node, False)]
    while todo:
        current, children_done = todo.pop()
        if id(current) in memo:
            continue
        children = (
            current.items
            if isinstance(current, Sequence)
            else [v for _, v in current.entries.values()]
        )
        if children_done:
            memo[id(current)] = 1 + sum(
                1 if isinstance(child, Scalar) else memo[id(child)] for child in children
            )
        else:
            todo.append((current, True))
            todo.extend((c, False) for c in children if not isinstance(c, Scalar))
    return memo[id(node)]


class Anchors:
    """The anchors of one text, and how far its aliases have expanded it."""

    __slots__ = ("anchors", "budget", "open", "weight", "weights")

    def __init__(self, size: int) -> None:
        self.anchors: dict[str, Node] = {}
        self.open: set[str] = set()  # anchors of the collections still open
        self.weights: dict[int, int] = {}
        self.weight = 0
        self.budget = ALIAS_BUDGET + size // 2

    def target(self, event: Any, at: int, problem: Any, problems: list[Problem]) -> Node:
        """The node an alias stands for; raises :class:`LoadError` for a bad or costly one."""
        alias = event.anchor
        assert alias is not None  # an alias is its anchor's name
        start, end = event.start_mark.index + at, event.end_mark.index + at
        target = self.anchors.get(alias)
        if target is None:
            recursive = alias in self.open
            problem(start, end, "B001", f"alias *{alias} " + (
                "refers to the node that contains it" if recursive else "is undefined"
            ))
            raise LoadError(problems)
        self.weight += _weight(target, self.weights)
        if self.weight > self.budget:
            problem(
                start, end, "B005",
                f"aliases expand this file by more than {self.weight - 1:,} nodes",
                "an alias bomb or a runaway anchor; write the values out",
            )
            raise LoadError(problems)
        return target
