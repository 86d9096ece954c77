"""Write the Game of Thrones data trimmed to what ``benchmarks/got_bible.py`` reads.

Run once from a full copy of the upstream ``data/`` folder (see SOURCE.md)::

    python tests/data/got/trim.py FULL_DATA_DIR tests/data/got

Keeps each JSON file's shape and key order and drops only the keys the
converter never looks at (episode descriptions and links, opening-sequence
locations, weapons, marriages, images, family relations...), so the bible
``got_bible.convert`` writes from the trimmed folder is byte for byte the one
it writes from the full data. One scene (one character) a line keeps a
change to the data readable in a diff.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

EPISODE_KEYS = ("seasonNum", "episodeNum", "episodeTitle", "episodeAirDate")
SCENE_KEYS = ("sceneStart", "sceneEnd", "location", "subLocation",
              "flashback", "greensight", "warg")
ROW_KEYS = ("name", "born", "alive", "mannerOfDeath", "killedBy")
CHARACTER_KEYS = ("characterName", "houseName", "actorName")


def pick(record: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {key: record[key] for key in keys if key in record}


def dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def episodes_text(episodes: list[dict[str, Any]]) -> str:
    lines = ['{"episodes":[']
    for number, episode in enumerate(episodes, 1):
        lines.append(dump(pick(episode, EPISODE_KEYS))[:-1] + ',"scenes":[')
        scenes = [
            dump({**pick(scene, SCENE_KEYS),
                  "characters": [pick(row, ROW_KEYS) for row in scene["characters"]]})
            for scene in episode["scenes"]
        ]
        lines.append(",\n".join(scenes))
        lines.append("]}" + ("," if number < len(episodes) else ""))
    return "\n".join([*lines, "]}", ""])


def characters_text(records: list[dict[str, Any]]) -> str:
    kept = []
    for record in records:
        entry = pick(record, CHARACTER_KEYS)
        if "actors" in record:
            entry["actors"] = [pick(actor, ("actorName",)) for actor in record["actors"]]
        kept.append(dump(entry))
    return '{"characters":[\n' + ",\n".join(kept) + "\n]}\n"


def main(source: Path, target: Path) -> None:
    def read(name: str) -> Any:
        return json.loads((source / name).read_text(encoding="utf-8"))

    target.mkdir(parents=True, exist_ok=True)
    (target / "episodes.json").write_text(
        episodes_text(read("episodes.json")["episodes"]), encoding="utf-8")
    (target / "characters.json").write_text(
        characters_text(read("characters.json")["characters"]), encoding="utf-8")
    (target / "characters-groups.json").write_bytes(
        (source / "characters-groups.json").read_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
