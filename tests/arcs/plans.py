"""Generated story plans for layout tests: seeded, consistent, with links across arcs.

A plan has seasons of a few episodes, factions, arcs that run in one or two
seasons, and beats placed in story order whose ``after`` links point to the
previous beat of their arc and, now and then, to a recent beat of another
arc: the crossings a layout has to untangle. Every link points back in story
order, so the plan checks clean of T001/T002; a few beats are flashbacks.
"""

from __future__ import annotations

import random


def plan(seed: int, *, beats: int = 120, arcs: int = 8, seasons: int = 2, episodes: int = 6,
         factions: int = 5, across: float = 0.3) -> str:
    """The YAML text of a generated plan (same arguments, same text)."""
    rng = random.Random(seed)
    slots = [(s, e) for s in range(1, seasons + 1) for e in range(1, episodes + 1)]
    written: dict[int, list[str]] = {a: [] for a in range(arcs)}
    last_of: dict[int, str] = {}
    spans: dict[int, list[int]] = {}
    recent: list[str] = []
    for n, slot in enumerate(sorted(rng.randrange(len(slots)) for _ in range(beats))):
        arc = rng.randrange(arcs)
        after = [last_of[arc]] if arc in last_of else []
        if recent and rng.random() < across:
            other = rng.choice(recent[-30:])
            if other not in after:
                after.append(other)
        beat = f"b{n}"
        recent.append(beat)
        last_of[arc] = beat
        season, episode = slots[slot]
        spans.setdefault(arc, []).append(season)
        links = f", after: [{', '.join(after)}]" if after else ""
        flashback = ", flashback: true" if rng.random() < 0.03 else ""
        written[arc].append(
            f"      {beat}: {{at: S{season}E{episode:02d}, summary: Beat {n}{links}, "
            f"factions: [f{rng.randrange(factions)}], characters: [c{rng.randrange(12)}]"
            f"{flashback}}}"
        )
    lines = [
        "arcroom: 1",
        f"series: {{title: Plan {seed}}}",
        "seasons:",
        *(f"  S{s}: {{title: Season {s}, episodes: {episodes}}}" for s in range(1, seasons + 1)),
        "factions:",
        *(f"  f{f}: {{name: Faction {f}}}" for f in range(factions)),
        "characters:",
        *(f"  c{c}: {{name: Character {c}, faction: f{c % factions}}}" for c in range(12)),
        "arcs:",
    ]
    for arc, body in written.items():
        if not body:
            continue
        first, last = min(spans[arc]), max(spans[arc])
        season_text = f"season: S{first}" if first == last else f"seasons: [S{first}, S{last}]"
        lines += [
            f"  a{arc}:", f"    title: Arc {arc}", f"    {season_text}",
            f"    factions: [f{arc % factions}]", "    beats:", *body,
        ]
    return "\n".join(lines) + "\n"
