"""What every picture of a view shares: colours, node captions, tooltips.

Each faction keeps one colour in every picture (its place in the bible's
order picks it), stances have fixed colours from calm to war, and node text
is cut to fit its box the same way in SVG and HTML.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from story_bible.positions import Position

# Twelve faction colours a colour-blind reader still tells apart (Okabe-Ito's
# eight, then Paul Tol's muted dark shades). A 13th faction wears the first
# colour again, under a hatch (:data:`PATTERNS`): colour plus pattern stays unique.
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#332288", "#999933",
    "#882255", "#44aa99", "#b8a100", "#6f4e37",
)
#: Fills that tell factions apart once the palette has gone round: none, then hatches.
PATTERNS = ("", "hatch", "dots", "cross", "vertical")
NO_GROUP = "#9aa3b2"
# Stances from calm to war: colour-blind-safe colours (Okabe-Ito) that also
# differ in dash and width, so that a grey print or a reader who cannot tell
# orange from vermilion still sees which is which.
STANCE_COLOURS = {
    "ally": "#0072b2", "neutral": "#8a8f98", "tense": "#e69f00", "hostile": "#cc79a7",
    "war": "#d55e00",
}
STANCE_DASHES = {"ally": "", "neutral": "2 4", "tense": "8 4", "hostile": "12 3 3 3", "war": ""}
STANCE_WIDTHS = {"ally": 2.4, "neutral": 1.6, "tense": 2.2, "hostile": 2.8, "war": 4.0}
PROBLEM_COLOURS = {"error": "#b3261e", "warning": "#a15c00", "info": "#33658a"}
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
EDGE_KINDS = {
    "after": "comes after",
    "sets_up": "sets up (setup → payoff)",
    "requires": "requires",
    "next": "then (story order)",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A problem as a card shows it: its rule, severity and message."""

    code: str
    severity: str
    message: str


def problems_by_entity(problems: Iterable[Any]) -> dict[str, list[Mark]]:
    """``check``'s diagnostics grouped by the entity each names (those naming none left out)."""
    out: dict[str, list[Mark]] = {}
    for p in problems:
        entity = getattr(p, "entity", None)
        if entity:
            out.setdefault(str(entity), []).append(
                Mark(str(p.code), str(p.severity), str(p.message))
            )
    return out


def group_colours(G: nx.MultiDiGraph) -> dict[str, str]:
    """Every faction's colour, by its place in the bible (``""``, no faction, is grey)."""
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(_groups(G))}
    colours[""] = NO_GROUP
    return colours


def group_patterns(G: nx.MultiDiGraph) -> dict[str, str]:
    """Every faction's fill pattern: none for the first twelve, then a hatch per round.

    With :func:`group_colours`, (colour, pattern) differs for up to 60 factions.

    >>> G = nx.MultiDiGraph(groups={f"f{i}": "" for i in range(14)})
    >>> p = group_patterns(G); p["f0"], p["f11"], p["f12"], p["f13"]
    ('', '', 'hatch', 'hatch')
    """
    return {
        g: PATTERNS[(i // len(PALETTE)) % len(PATTERNS)] for i, g in enumerate(_groups(G))
    }


def _groups(G: nx.MultiDiGraph) -> list[str]:
    groups = G.graph.get("groups")
    if groups is None:  # the whole bible graph: its factions, in the bible's order
        return [n for n, kind in G.nodes(data="kind") if kind == "faction"]
    return list(groups)


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


def plural(n: int, noun: str) -> str:
    """``n`` and ``noun``, in the singular for one.

    >>> plural(1, "beat"), plural(0, "beat"), plural(12, "episode")
    ('1 beat', '0 beats', '12 episodes')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


Edge = tuple[Hashable, Hashable, dict[str, Any]]


def stance_pairs(G: nx.MultiDiGraph) -> list[list[Edge]]:
    """The stance edges of ``G``, one list per faction pair, each in story order.

    The bible may list a pair's relations in any order, either way round; a
    pair's history reads by when each stance starts (then ends, an open one
    last), so the last one is the stance in force at the end. Pairs come in
    the order the view first meets them.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", "stance 0", kind="stance", stance="ally", **{"from": Position(2, 1)})
    'stance 0'
    >>> G.add_edge("b", "a", "stance 1", kind="stance", stance="war", **{"from": Position(1, 1)})
    'stance 1'
    >>> [[d["stance"] for _, _, d in pair] for pair in stance_pairs(G)]
    [['war', 'ally']]
    """
    pairs: dict[frozenset[Hashable], list[Edge]] = {}
    for u, v, data in G.edges(data=True):
        if data.get("kind") == "stance":
            pairs.setdefault(frozenset((u, v)), []).append((u, v, data))
    return [sorted(edges, key=lambda e: _span_key(e[2])) for edges in pairs.values()]


def edges_in_order(G: nx.MultiDiGraph) -> list[Edge]:
    """Every edge of ``G``; stances grouped per pair in story order (:func:`stance_pairs`)."""
    edges = [(u, v, d) for u, v, d in G.edges(data=True) if d.get("kind") != "stance"]
    return edges + [edge for pair in stance_pairs(G) for edge in pair]


def stance_label(G: nx.MultiDiGraph, data: dict[str, Any]) -> str:
    """A stance edge's label: the stance, and when it holds unless the view is ``at`` one episode.

    >>> stance_label(nx.MultiDiGraph(), {"stance": "war", "from": Position(1, 1)})
    'war from S1E01'
    >>> stance_label(nx.MultiDiGraph(at="S1E02"), {"stance": "war", "from": Position(1, 1)})
    'war'
    """
    stance = str(data.get("stance", ""))
    if "at" in G.graph:
        return stance
    return f"{stance} {period(data)}".strip()


def _span_key(data: dict[str, Any]) -> tuple[bool, Position, bool, Position]:
    start, until = data.get("from"), data.get("until")
    never = Position(0, 0)
    return (start is not None, start or never, until is None, until or never)


def period(data: dict[str, Any]) -> str:
    """When a stance holds, as the room says it: ``S1E01–S1E04``, ``from S2E01``.

    >>> period({"from": Position(2, 1), "until": None}), period({"until": Position(1, 4)})
    ('from S2E01', 'until S1E04')
    """
    start, until = data.get("from"), data.get("until")
    if start is None:
        return f"until {until}" if until is not None else ""
    return f"{start}–{until}" if until is not None else f"from {start}"


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


def wrap_all(text: str, chars: int) -> list[str]:
    """Greedy word wrap with nothing cut: a word longer than a line is split across lines.

    >>> wrap_all("→ gwi-nam: immortal/immune", 12)
    ['→ gwi-nam:', 'immortal/imm', 'une']
    """
    chars = max(chars, 4)
    out: list[str] = []
    line = ""
    for word in one_line(text).split(" "):
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= chars:
            line = candidate
            continue
        if line:
            out.append(line)
        while len(word) > chars:
            out.append(word[:chars])
            word = word[chars:]
        line = word
    if line:
        out.append(line)
    return out


def caption(data: dict[str, Any]) -> tuple[str, list[str]]:
    """A node's title and detail lines, as drawn in its box."""
    kind = data.get("kind")
    if kind == "beat":
        detail = one_line(data.get("summary") or "")
        change = _change_line(data)
        return one_line(data["label"]), [d for d in (detail, change) if d]
    if kind == "faction" and "members" in data:
        return one_line(data["label"]), [plural(data["members"], "member")]
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
            yield f"{data['first']} – {data['last']} · {plural(data.get('beats', 0), 'beat')}"
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
