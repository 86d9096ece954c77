"""What every picture of a view shares: colours, node captions, tooltips.

Each faction keeps one colour in every picture (its place in the bible's
order picks it), stances have fixed colours from calm to war, and node text
is cut to fit its box the same way in SVG and HTML.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx

# Tableau 20, strong shades first, then their light partners.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#79706e", "#2f6690", "#d37295", "#8cd17d", "#b6992d", "#499894", "#86bcb6",
    "#e19d29", "#a0cbe8", "#ffbe7d", "#d4a6c8",
)
NO_GROUP = "#9aa3b2"
STANCE_COLOURS = {
    "ally": "#2e9d57", "neutral": "#9aa0a6", "tense": "#e0a020", "hostile": "#e8742c",
    "war": "#d62d2d",
}
EDGE_KINDS = {
    "after": "comes after",
    "sets_up": "sets up (setup → payoff)",
    "requires": "requires",
    "next": "then (story order)",
}


def group_colours(G: nx.MultiDiGraph) -> dict[str, str]:
    """Every faction's colour, by its place in the bible (``""``, no faction, is grey)."""
    groups = G.graph.get("groups")
    if groups is None:  # the whole bible graph: its factions, in the bible's order
        groups = [n for n, kind in G.nodes(data="kind") if kind == "faction"]
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    colours[""] = NO_GROUP
    return colours


def colour_of(colours: dict[str, str], group: str) -> str:
    return colours.get(group, NO_GROUP)


def tint(colour: str, amount: float = 0.82) -> str:
    """``colour`` mixed with white (``amount`` of white): a fill behind dark text.

    >>> tint("#000000", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def one_line(text: Any) -> str:
    """Text on one line: newlines and runs of spaces become single spaces."""
    return " ".join(str(text).split())


def clip(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters, with an ellipsis when cut.

    >>> clip("Escape Hyosan High", 10)
    'Escape Hy…'
    """
    if len(text) <= chars:
        return text
    return text[: max(chars - 1, 0)].rstrip() + "…"


def wrap(text: str, chars: int, lines: int) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines; the last one is clipped.

    >>> wrap("Nam-ra is bitten on the roof and hides it", 16, 2)
    ['Nam-ra is bitten', 'on the roof and…']
    """
    out: list[str] = []
    words = one_line(text).split(" ")
    line = ""
    for k, word in enumerate(words):
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= chars or not line:
            line = candidate
            continue
        out.append(line)
        if len(out) == lines - 1:
            rest = " ".join(words[k:])
            out.append(clip(rest, chars))
            return [clip(x, chars) for x in out]
        line = word
    if line:
        out.append(line)
    return [clip(x, chars) for x in out[:lines]]


def caption(data: dict[str, Any]) -> tuple[str, list[str]]:
    """A node's title and detail lines, as drawn in its box."""
    kind = data.get("kind")
    if kind == "beat":
        detail = one_line(data.get("summary") or "")
        change = _change_line(data)
        return one_line(data["label"]), [d for d in (detail, change) if d]
    if kind == "faction" and "members" in data:
        return one_line(data["label"]), [f"{data['members']} members"]
    return one_line(data.get("label", "")), []


def _change_line(data: dict[str, Any]) -> str:
    if "changed" in data:  # a character's path: their state after the beat
        if not data["changed"]:
            return ""
        return "→ " + " · ".join(p for p in (data.get("status"), data.get("faction")) if p)
    changes = data.get("changes") or ()
    return ("→ " + "; ".join(changes)) if changes else ""


def tooltip(node: Hashable, data: dict[str, Any], G: nx.MultiDiGraph) -> str:
    """The several-line description shown when hovering a node."""
    return "\n".join(_tooltip_lines(node, data, G))


def _tooltip_lines(node: Hashable, data: dict[str, Any], G: nx.MultiDiGraph) -> Iterator[str]:
    kind = data.get("kind", "")
    groups = G.graph.get("groups", {})
    if kind == "beat":
        flag = " (flashback)" if data.get("flashback") else ""
        yield f"{node} · {data['at']}{flag} · arc {data['arc']}"
    elif kind == "arc":
        yield f"{data['label']} ({node})"
        if data.get("first") is not None:
            yield f"{data['first']} – {data['last']} · {data.get('beats', 0)} beats"
    else:
        yield f"{data.get('label', node)} ({node})"
    for name in ("summary", "setup", "payoff"):
        if data.get(name):
            prefix = "" if name == "summary" else f"{name}: "
            yield prefix + one_line(data[name])
    if data.get("characters"):
        yield "characters: " + ", ".join(data["characters"])
    factions = data.get("factions") or ()
    if factions:
        yield "factions: " + ", ".join(groups.get(f, f) for f in factions)
    if data.get("changes"):
        yield "changes: " + "; ".join(data["changes"])
    if "changed" in data:
        yield f"then: {data.get('status')} · {groups.get(data.get('faction'), data.get('faction'))}"
    if data.get("tags"):
        yield "tags: " + ", ".join(data["tags"])
    if data.get("faction_kind"):
        yield f"kind: {data['faction_kind']}"
    if "members" in data:
        yield f"members: {data['members']}"
