"""Convert the real *Game of Thrones* scene data into a format-v1 story bible.

The data is jeffreylancaster/game-of-thrones (commit f2215515), kept
trimmed in ``tests/data/got`` (its SOURCE.md cites it): 73 episodes, 4,165 scenes, the characters in
each scene and the scene where each of them is first marked dead.  The
bible this module writes is real canon at full size, so arcroom's checker,
layout and exporters can be measured and tested on a story nobody invented
to pass them.

Promises
--------
``convert(data_dir)`` returns YAML text (deterministic: same data, same
bytes) that ``yaml.safe_load`` reads, that uses only the keys of format v1
(``docs/format.md``) and that references only ids it defines.  Every string
that YAML would read as something else, or that holds ``: ``, ``#``, quotes
and the like, is written double-quoted by ``yaml_text.yaml_str``.

Decisions
---------
- Seasons ``S1``..``S8`` with the real episode counts (10 x 6, 7, 6), titled
  "Season N", ``planned: false``; the summary gives the air dates and the
  notes list the episode titles.
- Factions: the 13 named groups of ``characters-groups.json`` (``stark``,
  ``targaryen``, ``nights-watch``, ``white-walkers``, ...).  Its 14th group,
  "Include", is a list of notable characters, not an allegiance, so it makes
  no faction.  Five houses that only ``characters.json`` names (``arryn``,
  ``bolton``, ``mormont``, ``tarly``, ``umber``) get a faction too, so that
  every ``houseName`` lands somewhere, plus one ``unaffiliated`` faction:
  19 factions.  No relations: the data has none.
- Characters: every name that appears in a scene (577), in order of first
  appearance; id = kebab-case slug of the name (lower case, apostrophes
  dropped, other runs of non-letters become ``-``, so "Jaqen H'ghar" is
  ``jaqen-hghar`` and "Great Master #1" is ``great-master-1``).  A slug that
  is already taken would get ``-2``, ``-3``... in order of first appearance;
  with this data no two names share a slug.  The 31 ``characters.json``
  names that never appear in a scene are left out.
- Faction: the first named group that lists the character (so Jeor Mormont
  and Maester Aemon are ``nights-watch``), else the first ``houseName`` in
  ``characters.json``, else ``unaffiliated``.  Status ``human`` for all
  (dragons, direwolves and White Walkers included: the default status set
  has nothing better, and only ``dead`` matters to the checker).
  ``introduced`` is the episode of the first beat that lists the character;
  ``actor`` comes from ``actorName`` (or ``actors``, joined).
- Generic duplicate names: ``characters.json`` has 15 names held by several
  people ("High Septon", "White Walker", "Stark Guard", ...).  Scenes name
  them only by that string, so they cannot be told apart: each is one
  character here, with no actor and a note naming the actors.  This is why
  "High Septon" and "White Walker" "walk again" below.
- Arcs: one per season, ``got-s1`` .. ``got-s8`` ("Season N scenes"), each
  requiring the previous season's arc.  An arc per location per season
  would split an episode's scene order across arcs and make ~300 tiny arcs
  of unrelated scenes; one per season keeps the episode chains whole.
  Each arc lists the factions (other than ``unaffiliated``) whose members
  appear in it.
- Beats: one per scene, id ``s<season>e<episode>-<scene>`` (``s1e01-001``),
  ``at: S1E01``, ``summary`` = "location: subLocation, start-end",
  ``after: [previous scene]`` inside the episode (the first scene of an
  episode has no ``after``; season/episode order does the rest).
  ``flashback: true`` for scenes flagged ``flashback``, ``greensight`` or
  ``warg`` (visions, not the present), and ``tags`` ``greensight`` /
  ``warg`` on those.
- Deaths: the first scene in which a character is ``alive: false`` lists the
  character and gets ``changes: {id: dead}`` plus the tag ``death`` and a
  note with ``mannerOfDeath`` and ``killedBy``.  Three first deaths are in
  flashback scenes (Gerold Hightower, Arthur Dayne, the Three-Eyed Raven);
  the change is recorded there all the same.  Later rows where the
  character is ``alive: false`` again are corpses shown: not listed in
  ``characters``, named in the beat's ``notes``.  ``born: false`` rows (the
  dragon eggs, Rhaego in the womb) are left out of ``characters`` too.
  The one row with ``killedBy`` but no ``alive: false`` (a White Walker in
  S07E06) is not a death.

Counts (this data): 8 seasons, 73 episodes, 19 factions (465 of the 577
characters are ``unaffiliated``), 577 characters, 8 arcs, 4,165 beats
(64 of them flashbacks: 41 flashback, 16 greensight, 7 warg), 241 deaths
(``changes``).  Of the 12,114 scene-character rows, 11,954 are listed in
``characters``, 135 are corpses (named in the notes of 118 beats) and 25
are ``born: false``.  332 beats list nobody (325 scenes of the data have no
characters, 7 more show only corpses or unborn dragons).  ``--stats``
prints these counts for a run.

Who then appears while dead
---------------------------
By the format's rule (a character listed in a non-flashback beat after the
beat that made them ``dead``) exactly the "stricter set" of SOURCE.md is
found, 11 characters, 555 beats in all:
Wight Wildling Girl (1 beat), High Septon (19), White Walker (30),
Beric Dondarrion (78), Great Master #1 (1), Ghita (2), Jaqen H'ghar (11),
Jon Snow (362), Euron Greyjoy (48), Walder Frey (2), Viserion (1).
The per-character beat counts equal SOURCE.md's "such scenes in total".
They are canon (resurrections, wights, a face-changer, reused generic
names); the bible leaves them for the checker to report rather than hiding
them with ``ignore``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # loaded by its path (tests/test_got.py), not run as a script
    sys.path.insert(0, str(HERE))

from yaml_text import entry, flow_list, scalar, yaml_str  # noqa: E402

#: The repository's trimmed copy of the data (see its SOURCE.md).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "got"

SOURCE = "jeffreylancaster/game-of-thrones@f2215515b20651197c3a99a4f533d8e98e2c0f2f"

DEFAULT_STATUSES = ("human", "infected", "zombie", "immune", "immortal", "dead")

VISION_FLAGS = ("flashback", "greensight", "warg")

# Groups of characters-groups.json that are allegiances, with the faction
# each becomes; "Include" (a list of notable people) is deliberately absent.
GROUP_FACTIONS: dict[str, tuple[str, str]] = {
    "Stark": ("House Stark", "house"),
    "Targaryen": ("House Targaryen", "house"),
    "Baratheon": ("House Baratheon", "house"),
    "Lannister": ("House Lannister", "house"),
    "Night's Watch": ("Night's Watch", "order"),
    "Dothraki": ("Dothraki", "people"),
    "Greyjoy": ("House Greyjoy", "house"),
    "Tyrell": ("House Tyrell", "house"),
    "Wildlings": ("Wildlings (Free Folk)", "people"),
    "Martell": ("House Martell", "house"),
    "Frey": ("House Frey", "house"),
    "Tully": ("House Tully", "house"),
    "White Walkers": ("White Walkers", "undead"),
}
UNAFFILIATED = "unaffiliated"


def slugify(name: str) -> str:
    """Return the kebab-case id of a name: ``"Jaqen H'ghar"`` -> ``jaqen-hghar``."""
    text = name.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[\W_]+", "-", text).strip("-") or "x"


def position(season: int, episode: int) -> str:
    """Return the format's episode position, e.g. ``S1E07``."""
    return f"S{season}E{episode:02d}"


@dataclass
class Person:
    """A character as the bible will list it."""

    name: str
    id: str
    faction: str = UNAFFILIATED
    introduced: str | None = None
    actor: str | None = None
    notes: str | None = None
    death: tuple[int, int, int] | None = None  # (season, episode, scene index)


@dataclass
class Beat:
    """One scene as a beat."""

    id: str
    at: str
    summary: str
    after: str | None
    characters: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    flashback: bool = False
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _load(data_dir: Path, name: str, key: str) -> list[dict[str, Any]]:
    with (data_dir / name).open(encoding="utf-8") as handle:
        result: list[dict[str, Any]] = json.load(handle)[key]
    return result


def _house_factions(records: list[dict[str, Any]]) -> dict[str, str]:
    """Map each house name of characters.json to a faction id."""
    houses: dict[str, str] = {}
    for record in records:
        value = record.get("houseName")
        for house in [value] if isinstance(value, str) else value or []:
            houses.setdefault(house, slugify(house))
    return houses


def _actor(records: list[dict[str, Any]]) -> str | None:
    if len(records) != 1:
        return None
    record = records[0]
    if "actorName" in record:
        return str(record["actorName"])
    actors = [str(a["actorName"]) for a in record.get("actors", []) if "actorName" in a]
    return ", ".join(actors) or None


def _scene_summary(scene: dict[str, Any]) -> str:
    place = scene["location"]
    if scene.get("subLocation"):
        place = f"{place}: {scene['subLocation']}"
    return f"{place}, {scene['sceneStart']}-{scene['sceneEnd']}"


def _death_note(name: str, row: dict[str, Any]) -> str:
    note = f"{name} dies"
    if row.get("mannerOfDeath"):
        note += f" ({row['mannerOfDeath']})"
    if row.get("killedBy"):
        note += ", killed by " + ", ".join(row["killedBy"])
    return note + "."


class _Converter:
    """Holds the data while the bible is assembled."""

    def __init__(self, data_dir: Path) -> None:
        self.episodes = _load(data_dir, "episodes.json", "episodes")
        self.records = _load(data_dir, "characters.json", "characters")
        self.groups = _load(data_dir, "characters-groups.json", "groups")
        self.houses = _house_factions(self.records)
        self.people: dict[str, Person] = {}
        self.seasons: dict[int, list[dict[str, Any]]] = {}
        for episode in self.episodes:
            self.seasons.setdefault(int(episode["seasonNum"]), []).append(episode)
        self.beats: dict[int, list[Beat]] = {number: [] for number in self.seasons}

    def reserved_ids(self) -> set[str]:
        ids = set(DEFAULT_STATUSES) | {f"S{n}" for n in self.seasons}
        ids |= {slugify(group) for group in GROUP_FACTIONS}
        ids |= set(self.houses.values()) | {UNAFFILIATED}
        ids |= {f"got-s{n}" for n in self.seasons}
        return ids

    def collect_people(self) -> None:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for record in self.records:
            by_name.setdefault(record["characterName"], []).append(record)
        group_of: dict[str, str] = {}
        for group in self.groups:
            if group["name"] in GROUP_FACTIONS:
                for name in group["characters"]:
                    group_of.setdefault(name, slugify(group["name"]))
        used = self.reserved_ids()
        for episode in self.episodes:
            for scene in episode["scenes"]:
                for row in scene["characters"]:
                    name = row["name"]
                    if name in self.people:
                        continue
                    base = slugify(name)
                    ident, suffix = base, 2
                    while ident in used:
                        ident, suffix = f"{base}-{suffix}", suffix + 1
                    used.add(ident)
                    person = Person(name=name, id=ident)
                    records = by_name.get(name, [])
                    person.actor = _actor(records)
                    if name in group_of:
                        person.faction = group_of[name]
                    else:
                        for record in records:
                            house = record.get("houseName")
                            if isinstance(house, list):
                                house = house[0] if house else None
                            if house:
                                person.faction = self.houses[house]
                                break
                    if len(records) > 1:
                        actors = ", ".join(str(r.get("actorName", "?")) for r in records)
                        person.notes = (
                            f"characters.json lists {len(records)} different people under"
                            f" this name (actors: {actors}); scenes do not tell them apart."
                        )
                    self.people[name] = person

    def collect_beats(self) -> None:
        for season, episodes in self.seasons.items():
            for episode in episodes:
                number = int(episode["episodeNum"])
                at = position(season, number)
                previous: str | None = None
                for index, scene in enumerate(episode["scenes"]):
                    beat = self._beat(season, number, index, scene, at, previous)
                    self.beats[season].append(beat)
                    previous = beat.id

    def _beat(
        self,
        season: int,
        number: int,
        index: int,
        scene: dict[str, Any],
        at: str,
        previous: str | None,
    ) -> Beat:
        beat = Beat(
            id=f"s{season}e{number:02d}-{index + 1:03d}",
            at=at,
            summary=_scene_summary(scene),
            after=previous,
            flashback=any(scene.get(flag) for flag in VISION_FLAGS),
            tags=[flag for flag in ("greensight", "warg") if scene.get(flag)],
        )
        corpses: list[str] = []
        here = (season, number, index)
        for row in scene["characters"]:
            person = self.people[row["name"]]
            if row.get("born") is False:
                continue
            if row.get("alive") is False:
                if person.death is None:
                    person.death = here
                    beat.changes.append(person.id)
                    beat.notes.append(_death_note(person.name, row))
                elif person.death != here:
                    corpses.append(person.name)
                    continue
            if person.id not in beat.characters:
                beat.characters.append(person.id)
                if person.introduced is None:
                    person.introduced = at
        if beat.changes:
            beat.tags.append("death")
        if corpses:
            beat.notes.append("Corpses shown: " + ", ".join(corpses) + ".")
        return beat

    def factions_by_season(self) -> dict[int, list[str]]:
        order = self.faction_ids()
        faction_of = {p.id: p.faction for p in self.people.values()}
        result: dict[int, list[str]] = {}
        for season, beats in self.beats.items():
            seen = {faction_of[c] for beat in beats for c in beat.characters}
            result[season] = [f for f in order if f in seen and f != UNAFFILIATED]
        return result

    def faction_ids(self) -> list[str]:
        ids = [slugify(group) for group in GROUP_FACTIONS]
        ids += [i for i in self.houses.values() if i not in ids]
        return [*ids, UNAFFILIATED]


def _render_header(lines: list[str]) -> None:
    lines += [
        "# Game of Thrones (HBO), scene by scene, as an arcroom story bible.",
        f"# Data: {SOURCE} (data/*.json),",
        "# 'provided as is ... probably not perfectly accurate'. Written by",
        "# benchmarks/got_bible.py; one beat per scene, one arc per season.",
        "arcroom: 1",
        "",
        "series:",
        "  title: Game of Thrones",
        "  based_on: A Song of Ice and Fire, by George R. R. Martin",
        "  logline: "
        + scalar("Noble houses fight for the Iron Throne while the dead march south."),
        "  notes: " + yaml_str(f"Scene data from github.com/{SOURCE}."),
        "",
    ]


def _render_seasons(conv: _Converter, lines: list[str]) -> None:
    lines.append("seasons:")
    for season, episodes in conv.seasons.items():
        aired = f"Aired {episodes[0]['episodeAirDate']} to {episodes[-1]['episodeAirDate']}."
        titles = "; ".join(f"E{int(e['episodeNum']):02d} {e['episodeTitle']}" for e in episodes)
        lines += [
            f"  S{season}:",
            f"    title: Season {season}",
            f"    episodes: {len(episodes)}",
            "    planned: false",
            f"    summary: {scalar(aired)}",
            f"    notes: {yaml_str(titles)}",
        ]
    lines.append("")


def _render_factions(conv: _Converter, lines: list[str]) -> None:
    lines.append("factions:")
    for group, (name, kind) in GROUP_FACTIONS.items():
        lines.append(f"  {slugify(group)}: {{name: {scalar(name)}, kind: {kind}}}")
    for house, ident in conv.houses.items():
        if house not in GROUP_FACTIONS:
            lines.append(f"  {ident}: {{name: {scalar('House ' + house)}, kind: house}}")
    lines.append(
        f"  {UNAFFILIATED}: {{name: Unaffiliated, kind: none, summary: "
        f"{scalar('Everyone with no house or group in the data')}}}"
    )
    lines.append("")


def _render_characters(conv: _Converter, lines: list[str]) -> None:
    lines.append("characters:")
    for person in conv.people.values():
        fields = [f"name: {scalar(person.name)}", f"faction: {person.faction}", "status: human"]
        if person.introduced:
            fields.append(f"introduced: {person.introduced}")
        if person.actor:
            fields.append(f"actor: {scalar(person.actor)}")
        if person.notes:
            fields.append(f"notes: {yaml_str(person.notes)}")
        lines += entry(scalar(person.id), fields, "  ", block=bool(person.notes))
    lines.append("")


def _render_beat(beat: Beat, lines: list[str]) -> None:
    fields = [f"at: {beat.at}", f"summary: {scalar(beat.summary)}"]
    if beat.after:
        fields.append(f"after: [{beat.after}]")
    if beat.characters:
        fields.append(f"characters: {flow_list(beat.characters)}")
    if beat.changes:
        fields.append("changes: {" + ", ".join(f"{scalar(c)}: dead" for c in beat.changes) + "}")
    if beat.flashback:
        fields.append("flashback: true")
    if beat.tags:
        fields.append(f"tags: {flow_list(beat.tags)}")
    if beat.notes:
        fields.append(f"notes: {yaml_str(' '.join(beat.notes))}")
    lines += entry(beat.id, fields, "      ", block=bool(beat.notes))


def _render_arcs(conv: _Converter, lines: list[str]) -> None:
    lines.append("arcs:")
    factions = conv.factions_by_season()
    for season, beats in conv.beats.items():
        lines += [
            f"  got-s{season}:",
            f"    title: Season {season} scenes",
            f"    season: S{season}",
            f"    factions: {flow_list(factions[season])}",
        ]
        if season - 1 in conv.beats:
            lines.append(f"    requires: [got-s{season - 1}]")
        lines.append("    beats:")
        episode = ""
        for beat in beats:
            if beat.at != episode:
                episode = beat.at
                record = conv.seasons[season][int(beat.at.split("E")[1]) - 1]
                lines.append(f"      # {beat.at} {record['episodeTitle']}")
            _render_beat(beat, lines)
    lines.append("")


def convert(data_dir: Path) -> str:
    """Return the bible for the GoT data in ``data_dir`` as YAML text.

    The text is deterministic, parses with ``yaml.safe_load`` and references
    only ids it defines (see the module docstring for what maps to what).
    """
    conv = _Converter(data_dir)
    conv.collect_people()
    conv.collect_beats()
    lines: list[str] = []
    _render_header(lines)
    _render_seasons(conv, lines)
    _render_factions(conv, lines)
    _render_characters(conv, lines)
    _render_arcs(conv, lines)
    return "\n".join(lines)


def stats(text: str) -> dict[str, int]:
    """Count the sections of a converted bible (for ``--stats``)."""
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    beats = [b for arc in data["arcs"].values() for b in arc["beats"].values()]
    return {
        "seasons": len(data["seasons"]),
        "episodes": sum(s["episodes"] for s in data["seasons"].values()),
        "factions": len(data["factions"]),
        "characters": len(data["characters"]),
        "arcs": len(data["arcs"]),
        "beats": len(beats),
        "deaths": sum(len(b.get("changes", {})) for b in beats),
        "flashback_beats": sum(1 for b in beats if b.get("flashback")),
        "beats_with_corpses": sum(1 for b in beats if "Corpses shown" in b.get("notes", "")),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write the GoT bible to ``-o FILE`` (or stdout); return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="folder with episodes.json, characters.json, characters-groups.json"
        " (default: %(default)s)",
    )
    parser.add_argument("-o", "--output", type=Path, help="bible file to write (default stdout)")
    parser.add_argument("--stats", action="store_true", help="print counts to stderr")
    args = parser.parse_args(argv)
    try:
        text = convert(args.data)
    except (OSError, KeyError, ValueError) as error:
        print(f"got_bible: cannot convert {args.data}: {error}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
    if args.stats:
        for key, value in stats(text).items():
            print(f"{key}: {value}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
