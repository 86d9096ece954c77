"""What the editor asks about the story, answered from the model (no LSP types here).

Places are ``(file, offset)`` in the text the model was read from; results
are :class:`story_bible.model.Span` or text patches, which the server turns
into LSP ranges. Ids are found by the words around the cursor, and what kind
of id goes at the cursor by the YAML key it is written under (the field
table's ``refers``), so completion works in half-typed text too.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from arcs.diagnostics import Diagnostic
from arcs.order import Story, build_story
from story_bible import field_table as table
from story_bible.model import Arc, Beat, Bible, Character, Entity, Faction, Season, Span, Status
from story_bible.references import references
from story_bible.writing.document import Document, EditError
from story_bible.writing.patch import Patch

_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_EPISODE = re.compile(r"^(S\d+)(?:E(\d+))?$")
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*:(?:\s|$)")
#: The kinds an id can be, in the order completion and lookups try them.
KINDS = ("status", "season", "faction", "character", "arc", "beat")
_TABLES = {
    "status": "statuses",
    "season": "seasons",
    "faction": "factions",
    "character": "characters",
    "arc": "arcs",
    "beat": "beats",
}
#: The kinds ``arcroom rename`` renames.
RENAMEABLE = frozenset({"status", "faction", "character", "arc", "beat"})


@dataclass(frozen=True)
class Item:
    """One completion: the id, its kind and what to show beside it."""

    label: str
    kind: str
    detail: str


# -- ids ----------------------------------------------------------------------------------


def word_at(text: str, offset: int) -> tuple[str, int, int] | None:
    """The id-like word around ``offset`` and where it starts and ends."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : end if end >= 0 else len(text)]
    for m in _WORD.finditer(line):
        if m.start() <= offset - start <= m.end():
            return m.group(), start + m.start(), start + m.end()
    return None


def kind_of(bible: Bible, name: str) -> str | None:
    """Which kind of entity ``name`` is the id of, or ``None``."""
    for kind in KINDS:
        if name in getattr(bible, _TABLES[kind]):
            return kind
    return None


def entity(bible: Bible, name: str) -> Entity | None:
    kind = kind_of(bible, name)
    return getattr(bible, _TABLES[kind])[name] if kind else None


def episode_season(bible: Bible, name: str) -> Season | None:
    """The season an episode id (``S1E03``) or a season id names, if it exists."""
    m = _EPISODE.match(name)
    if m is None:
        return None
    season = bible.seasons.get(m.group(1))
    if season is None or (m.group(2) and not 1 <= int(m.group(2)) <= season.episodes):
        return None
    return season


def detail(bible: Bible, e: Entity, story: Story | None = None) -> str:
    """One line on what ``e`` is: a name and, for a character, their status and side."""
    if isinstance(e, Character):
        side = f", {e.faction}" if e.faction else ""
        return f"character: {e.name} ({e.status}{side})"
    if isinstance(e, Faction):
        return f"faction: {e.name}" + (f" ({e.kind})" if e.kind else "")
    if isinstance(e, Arc):
        return f"arc: {e.title} ({', '.join(e.seasons)}, {len(e.beats)} beats)"
    if isinstance(e, Beat):
        return f"beat: {e.at} in {e.arc}" + (f": {e.summary}" if e.summary else "")
    if isinstance(e, Season):
        return f"season {e.number}: {e.title} ({e.episodes} episodes)"
    if isinstance(e, Status):
        return (
            "status"
            + (f": {e.description}" if e.description else "")
            + ("" if e.appears else " (does not appear on screen)")
        )
    return type(e).__name__.lower()


# -- where the cursor is -----------------------------------------------------------------


def _key_for(text: str, offset: int) -> tuple[str | None, list[str]]:
    """The YAML key the value at ``offset`` is written under, and the keys above it."""
    start = text.rfind("\n", 0, offset) + 1
    before = text[start:offset]
    found = _KEY.findall(before + " ")
    below = before.rstrip()
    open_flow = before.count("[") > before.count("]") or before.count("{") > before.count("}")
    chain: list[str] = []
    indent = len(before) - len(before.lstrip(" -"))
    at = start
    while at > 0:
        prev = text.rfind("\n", 0, at - 1) + 1
        line = text[prev : at - 1]
        at = prev
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = (
            len(line) - len(stripped.lstrip("- "))
            if stripped.startswith("-")
            else (len(line) - len(stripped))
        )
        if depth < indent:
            m = _KEY.match(stripped.lstrip("- ") + " ")
            if m:
                chain.append(m.group(1))
                indent = depth
        if indent == 0:
            break
    if found and (open_flow or not below.endswith(",") or below.endswith(":")):
        return found[-1], found[:-1][::-1] + chain
    return (chain[0] if chain else None), chain[1:]


@table.derived
def _refers() -> dict[str, str]:
    """YAML key -> the kind of id it names (``episode`` for a position), from the field table."""
    out: dict[str, str] = {}
    for fields in table.FIELDS.values():
        for f in fields:
            if f.refers:
                out.setdefault(f.key, f.refers)
            elif f.value == table.POSITION:
                out.setdefault(f.key, "episode")
    return out


@table.derived
def _tables() -> frozenset[str]:
    """Keys under which entities are written, not ids: an arc's beats."""
    return frozenset(
        f.key for fields in table.FIELDS.values() for f in fields if f.value == table.BEATS
    )


def expected_kind(bible: Bible, text: str, offset: int) -> str | None:
    """The kind of id that goes at ``offset`` (``episode`` for a position), or ``None``."""
    key, above = _key_for(text, offset)
    if key is None:
        return None
    if above[:1] == ["changes"] and key in bible.characters:
        return table.field("change", "status").refers  # ``changes: {nam-ra: |}``
    if key in _tables() or (not above and key in table.TOP_KEYS):  # a section
        return None
    return _refers().get(key)


def completions(bible: Bible, text: str, offset: int) -> list[Item]:
    """The ids that can go at ``offset``, each with what it is."""
    kind = expected_kind(bible, text, offset)
    if kind is None:
        return []
    if kind == "episode":
        return list(_episodes(bible, text, offset))
    table = getattr(bible, _TABLES.get(kind, ""), None)
    if table is None:
        return []
    return [Item(name, kind, detail(bible, e)) for name, e in table.items()]


def _episodes(bible: Bible, text: str, offset: int) -> Iterator[Item]:
    typed = word_at(text, offset)
    prefix = typed[0][: offset - typed[1]] if typed else ""
    m = re.match(r"^(S\d+)", prefix)
    seasons = (
        [bible.seasons[m.group(1)]]
        if m and m.group(1) in bible.seasons
        else list(bible.seasons.values())
    )
    for season in seasons:
        yield Item(season.id, "season", detail(bible, season))
        for n in range(1, season.episodes + 1):
            yield Item(f"{season.id}E{n:02d}", "episode", f"{season.title}, episode {n}")


# -- what is at a place --------------------------------------------------------------------


def beat_at(bible: Bible, file: str, line: int) -> Beat | None:
    """The beat whose entry holds the 1-based ``line`` of ``file``, if any."""
    beats = sorted(
        (b.key_node.line, b.id)
        for b in bible.beats.values()
        if b.file == file and b.key_node is not None
    )
    i = bisect.bisect_right(beats, (line, "\uffff")) - 1
    if i < 0:
        return None
    beat = bible.beats[beats[i][1]]
    whole = beat.node_at("at")  # composes the beat's nodes when it was read without them
    end = beat.node.end_line if beat.node is not None else (whole.end_line if whole else line)
    return beat if line <= end else None


def _story(bible: Bible) -> Story:
    cached: tuple[Bible, Story] | None = getattr(_story, "last", None)
    if cached is None or cached[0] is not bible:
        cached = (bible, build_story(bible))
        _story.last = cached  # type: ignore[attr-defined]
    return cached[1]


def hover(bible: Bible, file: str, text: str, offset: int) -> tuple[str, int, int] | None:
    """Markdown on the id at ``offset``, and the span of the word it is about."""
    found = word_at(text, offset)
    if found is None:
        return None
    name, start, end = found
    e = entity(bible, name)
    if e is None:
        season = episode_season(bible, name)
        if season is None:
            return None
        return f"**{name}**: {detail(bible, season)}", start, end
    lines = [f"**{name}** — {detail(bible, e)}"]
    if isinstance(e, Character):
        beat = beat_at(bible, file, text.count("\n", 0, offset) + 1)
        if beat is not None:
            story = _story(bible)
            before, after = story.state_before(beat, name), story.state_after(beat, name)
            if before is not None and after is not None:
                lines.append(
                    f"At {beat.id} ({beat.at}): {before.status}"
                    + (f", {before.faction}" if before.faction else "")
                    + (
                        f" → {after.status}" + (f", {after.faction}" if after.faction else "")
                        if after != before
                        else ""
                    )
                )
    for extra in (getattr(e, "summary", None), e.notes):
        if extra:
            lines.append(str(extra).strip())
    return "\n\n".join(lines), start, end


def definition(bible: Bible, name: str) -> Span | None:
    """Where ``name`` is defined (an episode's season for ``S1E03``)."""
    e = entity(bible, name) or episode_season(bible, name)
    return e.span() if e is not None else None


def references_to(bible: Bible, name: str, *, declaration: bool = True) -> list[Span]:
    """Every place ``name`` is written: its definition (if asked) and each reference."""
    out = []
    if declaration:
        e = entity(bible, name)
        if e is not None:
            out.append(e.span())
    for ref in references(bible):
        if ref.target == name:
            out.append(ref.entity.span(*ref.path, key=ref.key))
    return out


# -- outline ------------------------------------------------------------------------------


@dataclass
class Symbol:
    """An entry of a file's outline: seasons, then their arcs, then the arcs' beats."""

    name: str
    kind: str
    detail: str
    span: Span  # the whole entry
    key: Span  # its id
    children: list[Symbol]


def _extent(e: Entity) -> Span:
    key = e.span()
    e.node_at("id")  # composes the nodes of what was read without them
    if e.node is None:
        return key
    end = Span.of(e.file, e.node)
    return Span(e.file, key.line, key.column, end.end_line, end.end_column, key.start, end.end)


def _symbol(bible: Bible, e: Entity, kind: str, children: list[Symbol] | None = None) -> Symbol:
    return Symbol(e.id, kind, detail(bible, e), _extent(e), e.span(), children or [])


def outline(bible: Bible, file: str) -> list[Symbol]:
    """The outline of ``file``: seasons → arcs → beats, then factions and characters."""
    arcs = {
        a.id: _symbol(
            bible, a, "arc", [_symbol(bible, b, "beat") for b in a.beats.values() if b.file == file]
        )
        for a in bible.arcs.values()
        if a.file == file or any(b.file == file for b in a.beats.values())
    }
    out: list[Symbol] = []
    placed: set[str] = set()
    for season in bible.seasons.values():
        if season.file != file:
            continue
        children = [s for i, s in arcs.items() if bible.arcs[i].seasons[:1] == (season.id,)]
        placed.update(s.name for s in children)
        out.append(_symbol(bible, season, "season", children))
    out.extend(s for i, s in arcs.items() if i not in placed)
    for kind in ("faction", "character", "status"):
        out.extend(
            _symbol(bible, e, kind)
            for e in getattr(bible, _TABLES[kind]).values()
            if e.file == file
        )
    return out


def search(bible: Bible, query: str, limit: int = 500) -> list[tuple[str, str, Span]]:
    """Ids across the bible containing ``query`` (case-insensitive), with kind and place."""
    q = query.lower()
    out = []
    for kind in KINDS:
        for name, e in getattr(bible, _TABLES[kind]).items():
            if q in name.lower() or q in getattr(e, "name", "").lower():
                out.append((name, kind, e.span()))
                if len(out) >= limit:
                    return out
    return out


# -- edits --------------------------------------------------------------------------------


def _patches(doc: Document, before: dict[str, str]) -> dict[str, list[Patch]]:
    """The patches of the document's last change against ``before``, per file."""
    steps = doc.last_change
    if len(steps) == 1:
        return {f: sorted(p) for f, p in steps[0].items() if p}
    out = {}
    for file, text in doc.texts.items():
        if before.get(file) != text:
            out[file] = [Patch(0, len(before[file]), text)]
    return out


def rename(texts: dict[str, str], old: str, new: str) -> dict[str, list[Patch]]:
    """``arcroom rename``'s own patches (raises :class:`EditError` when it cannot)."""
    doc = Document.from_texts(texts)
    doc.rename(old, new)
    return _patches(doc, texts)


def _edit(texts: dict[str, str], entity_id: str, field: str, value: Any) -> dict[str, list[Patch]]:
    doc = Document.from_texts(texts)
    doc.set(entity_id, field, value)
    return _patches(doc, texts)


def fixes(
    bible: Bible, texts: dict[str, str], d: Diagnostic
) -> list[tuple[str, dict[str, list[Patch]]]]:
    """The quick fixes the diagnostic's hint describes, as a title and patches each."""
    out: list[tuple[str, dict[str, list[Patch]]]] = []
    e = bible.entity(d.entity) if d.entity else None
    if e is None:
        return out
    who = d.subjects[0] if d.subjects else None

    def offer(title: str, field: str, value: Any) -> None:
        with contextlib.suppress(EditError):  # a fix that would not read is not offered
            out.append((title, _edit(texts, e.id, field, value)))

    if isinstance(e, Beat) and d.code == "C001":
        offer(f"Mark {e.id} 'flashback: true'", "flashback", True)
        if who in e.characters:
            offer(f"Take {who} out of {e.id}", "characters", [c for c in e.characters if c != who])
    if isinstance(e, Beat) and d.code == "C003" and who and who not in e.characters:
        offer(f"Add {who} to {e.id}'s characters", "characters", [*e.characters, who])
    if d.code[0] != "B" and d.code not in e.ignore:
        offer(f"Ignore {d.code} on {e.id}", "ignore", sorted({*e.ignore, d.code}))
    return out
