"""Random edits of random writers' bibles keep every promise of the editor.

The bibles are written as rooms write them: comments above and after
entries, blank lines, flow and block entities, flow and block lists, plain,
single- and double-quoted text, literal blocks, Korean names and ids, LF or
CRLF. After each random edit: (a) the text reads back as exactly the model
the edit meant (worked out here, independently of the editor); (b) the text
changed only where the edit had business (a value within its entity, one
inserted or one removed stretch, renamed ids); and the document's own model
and node locations are what a fresh load gives. (c) Undoing every edit gives
back the original text, character for character.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_edits_support import assert_sound, changed_window, plain

from story_bible.model import Beat, Change, Character
from story_bible.positions import Position
from story_bible.writing.document import Document

#: Text as a writer wrote it: (value, ways it may be written).
TEXTS = [
    ("Choi Nam-ra", ["Choi Nam-ra", "'Choi Nam-ra'", '"Choi Nam-ra"']),
    ("최남라", ["최남라", "'최남라'", '"최남라"']),
    ("윤귀남 (Yoon Gwi-nam)", ["윤귀남 (Yoon Gwi-nam)", "'윤귀남 (Yoon Gwi-nam)'"]),
    ("no", ["no", "'no'", '"no"']),
    ("1e3", ["'1e3'", '"1e3"']),
    ("it's raining", ["it's raining", "'it''s raining'", '"it\'s raining"']),
    ("Hyosan: day one", ["'Hyosan: day one'", '"Hyosan: day one"']),
    ("#1 survivor", ["'#1 survivor'", '"#1 survivor"']),
    ("say \"run\"", ["say \"run\"", "'say \"run\"'", '"say \\"run\\""']),
]
#: Values an edit may write.
NEW_TEXTS = [
    "no", "yes", "on", "null", "~", "", "true", "2024-01-01", "0x1F", "1_000", "a: b", "x #y",
    "[not a list]", "{nor a map}", "- dash", "it's", 'say "hi"', "남라가 물렸다", "tab\there",
    "two\nlines", "ends with a break\n", " leading space", "trailing space ", "Plain words",
]
CHARACTER_IDS = ["nam-ra", "gwi-nam", "su-hyeok", "온조", "청산", "o'neil", "dae-su", "미진"]
FACTION_IDS = ["survivors", "horde", "military", "할비"]
ARC_IDS = ["escape", "mutant-war", "서울"]
FRESH_IDS = ["new-one", "신입", "k.pop", "x_1", "o'hara"]
SEASONS = {"S1": 12, "S2": 8}


@st.composite
def bibles(draw: st.DrawFn) -> str:
    """The text of a bible written by hand, in a mix of styles."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    out = lines.append

    def comment(indent: int) -> None:
        if draw(st.integers(0, 4)) == 0:
            out(" " * indent + draw(st.sampled_from(["# note", "# 메모", "# TODO: check"])))
        if draw(st.integers(0, 5)) == 0:
            out("")

    def text() -> str:
        _, ways = draw(st.sampled_from(TEXTS))
        return draw(st.sampled_from(ways))

    def ids(pool: list[str], block: bool, indent: int) -> str:
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        if not block:
            return "[" + ", ".join(chosen) + "]"
        items = [" " * indent + "- " + c + draw(st.sampled_from(["", "  # why"])) for c in chosen]
        return nl + nl.join(items)

    def entity(key: str, fields: list[tuple[str, str]], indent: int, flow: bool) -> None:
        comment(indent)
        tail = draw(st.sampled_from(["", "   # trailing"]))
        if flow:
            pad = " " * draw(st.integers(1, 3))
            parts = [f"{k}: {v}" for k, v in fields]
            # Long flow entries run on to a second line.
            cut = draw(st.integers(1, len(parts))) if len(parts) > 1 else len(parts)
            body = ", ".join(parts[:cut])
            if cut < len(parts):
                body += "," + nl + " " * (indent + 4) + ", ".join(parts[cut:])
            out(f"{' ' * indent}{key}:{pad}{{{body}}}{tail}")
            return
        out(f"{' ' * indent}{key}:{tail}")
        for k, v in fields:
            out(f"{' ' * (indent + 2)}{k}: {v}" if not v.startswith(nl) else
                f"{' ' * (indent + 2)}{k}:{v}")

    out("# a room's bible")
    out("arcroom: 1")
    out("series:")
    out(f"  title: {text()}")
    out("seasons:")
    for season, episodes in SEASONS.items():
        out(f"  {season}: {{title: {text()}, episodes: {episodes}}}")
    factions = draw(st.lists(st.sampled_from(FACTION_IDS), min_size=2, max_size=4, unique=True))
    out("factions:")
    for faction in factions:
        entity(faction, [("name", text())], 2, draw(st.booleans()))
    if draw(st.booleans()):
        out("relations:")
        pairs = draw(st.lists(st.permutations(factions).map(lambda p: (p[0], p[1])),
                              min_size=1, max_size=2, unique_by=lambda p: frozenset(p)))
        for a, b in pairs:
            stance = draw(st.sampled_from(["war", "ally", "tense"]))
            if draw(st.booleans()):
                out(f"  - {{between: [{a}, {b}], stance: {stance}}}")
            else:
                out(f"  - between: [{a}, {b}]")
                out(f"    stance: {stance}")
    characters = draw(st.lists(st.sampled_from(CHARACTER_IDS), min_size=2, max_size=5,
                               unique=True))
    out("characters:")
    for character in characters:
        fields = [("name", text())]
        if draw(st.booleans()):
            fields.append(("faction", draw(st.sampled_from(factions))))
        entity(character, fields, 2, draw(st.booleans()))
    out("arcs:")
    arcs = draw(st.lists(st.sampled_from(ARC_IDS), min_size=1, max_size=2, unique=True))
    number = 0
    for arc in arcs:
        season = draw(st.sampled_from(list(SEASONS)))
        comment(2)
        out(f"  {arc}:")
        out(f"    title: {text()}")
        out(f"    season: {season}")
        out("    beats:")
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            block = draw(st.booleans())
            fields = [("at", f"{season}E{draw(st.integers(1, SEASONS[season])):02d}")]
            if draw(st.booleans()):
                fields.append(("characters", ids(characters, block and draw(st.booleans()), 8)))
            if number > 1 and draw(st.integers(0, 3)) == 0:
                fields.append(("after", f"[beat-{number - 1}]"))
            if draw(st.integers(0, 3)) == 0:
                who = draw(st.sampled_from(characters))
                fields.append(("changes", f"{nl}          {who}: infected" if block and draw(
                    st.booleans()) else f"{{{who}: infected}}"))
            if draw(st.booleans()):
                literal = f"|{nl}          Line one.{nl}          Line two."
                fields.append(("summary", literal if block and draw(st.booleans()) else text()))
            if block and draw(st.integers(0, 3)) == 0:
                fields.append(("notes", f"|-{nl}          Line one.{nl}{nl}          Line two."))
            entity(f"beat-{number}", fields, 6, not block)
    return nl.join(lines) + nl


@st.composite
def edits(draw: st.DrawFn, bible: Any) -> tuple[str, tuple[Any, ...]]:
    """One edit that makes sense for ``bible``."""
    beats, characters = list(bible.beats), list(bible.characters)
    kinds = ["at", "summary", "characters", "flashback", "changes", "name", "faction",
             "add-character", "add-beat", "rename", "move"]
    if len(beats) > 1:
        kinds.append("remove-beat")
    if len(characters) > 1:
        kinds.append("remove-character")
    if bible.relations:
        kinds += ["stance", "remove-relation"]
    kind = draw(st.sampled_from(kinds))
    beat = draw(st.sampled_from(beats))
    character = draw(st.sampled_from(characters))
    season = bible.beats[beat].at.season_id

    def position(season_id: str) -> str:
        return f"{season_id}E{draw(st.integers(1, SEASONS[season_id])):02d}"

    fresh = [i for i in FRESH_IDS if bible.entity(i) is None]
    if kind == "at":
        return kind, (beat, position(season))
    if kind == "summary":
        return kind, (beat, draw(st.none() | st.sampled_from(NEW_TEXTS)))
    if kind == "characters":
        return kind, (beat, draw(st.lists(st.sampled_from(characters), max_size=4, unique=True)))
    if kind == "flashback":
        return kind, (beat, draw(st.sampled_from([True, False, None])))
    if kind == "changes":
        who = draw(st.lists(st.sampled_from(characters), max_size=2, unique=True))
        return kind, (beat, {c: draw(st.sampled_from(["infected", "dead"])) for c in who})
    if kind == "name":
        return kind, (character, draw(st.sampled_from([t for t in NEW_TEXTS if t])))
    if kind == "faction":
        return kind, (character, draw(st.none() | st.sampled_from(list(bible.factions))))
    if kind == "stance":
        relation = draw(st.sampled_from(bible.relations))
        return kind, (relation.id, draw(st.sampled_from(["ally", "neutral", "hostile"])))
    if kind == "remove-relation":
        return kind, (draw(st.sampled_from(bible.relations)).id,)
    if kind == "add-character" and fresh:
        return kind, (draw(st.sampled_from(fresh)), draw(st.sampled_from(NEW_TEXTS[-6:])))
    if kind == "add-beat" and fresh:
        arc = draw(st.sampled_from(list(bible.arcs)))
        at = position(bible.arcs[arc].seasons[0])
        return kind, (draw(st.sampled_from(fresh)), arc, at)
    if kind == "rename" and fresh:
        old = draw(st.sampled_from([*characters, *beats, *bible.arcs, *bible.factions]))
        return kind, (old, draw(st.sampled_from(fresh)))
    if kind == "move":
        arc = draw(st.sampled_from(list(bible.arcs)))
        return kind, (beat, arc, position(bible.arcs[arc].seasons[0]))
    if kind == "remove-beat":
        return kind, (beat,)
    if kind == "remove-character":
        return kind, (character,)
    return "at", (beat, position(season))


def apply_edit(doc: Document, kind: str, args: tuple[Any, ...]) -> None:
    setters = {"at": "at", "summary": "summary", "characters": "characters",
               "flashback": "flashback", "changes": "changes", "name": "name",
               "faction": "faction", "stance": "stance"}
    if kind in setters:
        doc.set(args[0], setters[kind], args[1])
    elif kind == "add-character":
        doc.add("character", args[0], {"name": args[1]})
    elif kind == "add-beat":
        doc.add("beat", args[0], {"at": args[2]}, arc=args[1])
    elif kind == "rename":
        doc.rename(*args)
    elif kind == "move":
        doc.move_beat(args[0], arc=args[1], at=args[2])
    else:
        doc.remove(args[0])


def expected(story: dict[str, Any], kind: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """What the story should be after the edit: worked out on plain data."""
    story = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in story.items()}

    def update(table: str, key: str, **values: Any) -> None:
        story[table][key] = {**story[table][key], **values}

    def position(text: str) -> Position:
        return Position(int(text[1]), int(text[3:]))

    if kind == "at":
        update("beats", args[0], at=position(args[1]))
    elif kind == "summary":
        update("beats", args[0], summary=args[1])
    elif kind == "characters":
        update("beats", args[0], characters=tuple(args[1]))
    elif kind == "flashback":
        update("beats", args[0], flashback=bool(args[1]))
    elif kind == "changes":
        update("beats", args[0], changes={w: Change(s) for w, s in args[1].items()})
    elif kind == "name":
        update("characters", args[0], name=args[1])
    elif kind == "faction":
        update("characters", args[0], faction=args[1])
    elif kind == "stance":
        story["relations"] = [{**r, "stance": args[1]} if r["id"] == args[0] else r
                              for r in story["relations"]]
    elif kind == "add-character":
        story["characters"][args[0]] = _plain(Character(id=args[0], name=args[1]))
    elif kind == "add-beat":
        story["beats"][args[0]] = _plain(Beat(id=args[0], arc=args[1], at=position(args[2])))
    elif kind == "move":
        update("beats", args[0], arc=args[1], at=position(args[2]))
    elif kind == "remove-beat":
        del story["beats"][args[0]]
    elif kind == "remove-character":
        del story["characters"][args[0]]
    elif kind == "remove-relation":
        story["relations"] = [r for r in story["relations"] if r["id"] != args[0]]
    elif kind == "rename":
        story = _renamed(story, *args)
    return story


def _plain(entity: Any) -> dict[str, Any]:
    return {f.name: getattr(entity, f.name) for f in dataclasses.fields(entity)
            if f.compare and f.name != "beats"}


def _renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, tuple) and not isinstance(value, Position):
        return tuple(_renamed(v, old, new) for v in value)
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    if isinstance(value, Change):
        return Change(_renamed(value.status, old, new), _renamed(value.faction, old, new))
    if isinstance(value, dict):
        out = {_renamed(k, old, new): _renamed(v, old, new) for k, v in value.items()}
        if "between" in out:  # a relation is named by its factions
            a, b = out["between"]
            out["id"] = f"{a}~{b}@{out['start']}"
        return out
    return value


def check_locality(before: Document, old: str, new: str, kind: str, args: tuple[Any, ...],
                   patches: list[dict[str, Any]]) -> None:
    """(b): the text changed only where the edit had business."""
    start, end_old, end_new = changed_window(old, new)
    if kind in ("at", "summary", "characters", "flashback", "changes", "name", "faction",
                "stance"):
        entity = before.bible.entity(args[0])
        assert entity is not None and entity.node is not None
        first = entity.key_node.start if entity.key_node is not None else entity.node.start
        assert old.rfind("\n", 0, first) < start and end_old <= entity.node.end, (
            f"{kind} changed text outside {args[0]}"
        )
    elif kind.startswith("add-"):
        assert end_old == start, "an addition only inserts"
        assert new.count(args[0]) > old.count(args[0])
    elif kind.startswith("remove-"):
        assert end_new == start, "a removal only removes"
    elif kind == "move" and before.bible.beats[args[0]].arc != args[1]:  # arc, then episode
        moved = [p for file_patches in patches[0].values() for p in file_patches]
        assert all(p.start == p.end or not p.new for p in moved), "a move only cuts and inserts"
        assert any(args[0] in old[p.start : p.end] for p in moved if not p.new)
    elif kind == "rename":
        for step in patches:
            for file_patches in step.values():
                for patch in file_patches:
                    assert old[patch.start : patch.end].strip("'\"") == args[0]
                    assert patch.new.strip("'\"") == args[1]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=bibles(), data=st.data())
def test_random_edits_keep_every_promise(text: str, data: st.DataObject) -> None:
    doc = Document.from_texts({"bible.yaml": text})
    assert_sound(doc)
    original = doc.texts["bible.yaml"]
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        kind, args = data.draw(edits(doc.bible), label="edit")
        event(kind)
        old = doc.texts["bible.yaml"]
        story = expected(plain(doc.bible), kind, args)
        before = Document.from_texts({"bible.yaml": old})
        apply_edit(doc, kind, args)
        new = doc.texts["bible.yaml"]
        fresh = assert_sound(doc)  # the document's model and nodes are the text's
        assert plain(fresh) == story  # (a)
        if new != old:
            check_locality(before, old, new, kind, args, doc.last_change)  # (b)
        assert "\r\n" not in original or "\n" not in new.replace("\r\n", "")
    while doc.undo():
        pass
    assert doc.texts["bible.yaml"] == original  # (c)
    assert not doc.dirty
    assert_sound(doc)
