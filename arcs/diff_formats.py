"""``arcroom diff``'s three outputs of a :class:`~arcs.story_diff.StoryDiff`.

Each writer has the same signature and writes to a text stream.

``text`` (coloured on a terminal)::

    Story changes: HEAD → working tree
    Problems introduced (1)
      + bible.yaml:41:48: C001 cheong-san appears in goodbye (S1E12) while dead
    S1
      escape-hyosan
        ~ nam-ra-bitten: moved S1E07 → S1E08 (later)

``markdown`` (a pull-request comment): a heading, the problems introduced
first, then a heading per season with a table of moved beats and a list of
the other changes per arc, then the cast and the world.

``json`` (the stable shape; ``arcroom-diff`` is its version)::

    {"arcroom-diff": 1, "from": "HEAD", "to": "working tree",
     "changes": [{"kind": "beat", "id": "nam-ra-bitten", "change": "changed",
                  "old_id": null, "season": "S1", "arc": "escape-hyosan", "at": "S1E08",
                  "words": "moved S1E07 → S1E08 (later)",
                  "fields": [{"field": "at", "before": "S1E07", "after": "S1E08",
                              "words": "moved S1E07 → S1E08 (later)"}]}],
     "problems": {"introduced": [{"code": "C001", "severity": "error", "message": "...",
                                  "entity": "goodbye", "file": "bible.yaml",
                                  "line": 41, "column": 48}],
                  "fixed": []}}

``change`` is one of added, removed, renamed (``old_id`` is the id before),
changed; ``season`` is ``world`` for what belongs to no season (the series,
statuses, seasons, factions, relations, characters).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from arcs.diagnostics import Diagnostic
from arcs.story_diff import WORLD, EntityChange, StoryDiff

_SIGNS = {"added": "+", "removed": "-", "renamed": "→", "changed": "~"}
_COLORS = {"added": "\x1b[32m", "removed": "\x1b[31m", "renamed": "\x1b[36m",
           "changed": "\x1b[33m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
JSON_VERSION = 1


def _season_title(season: str) -> str:
    return "Cast and world" if season == WORLD else f"Season {season[1:]} ({season})"


def _where(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}"


def write_text(diff: StoryDiff, out: TextIO, labels: tuple[str, str], *,
               color: bool = False) -> None:
    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    out.write(paint(_BOLD, f"Story changes: {labels[0]} → {labels[1]}") + "\n")
    if diff.empty:
        out.write("  no change to the story\n")
        return
    for title, problems, style, sign in (
        ("Problems introduced", diff.introduced, "\x1b[31m", "+"),
        ("Problems fixed", diff.fixed, "\x1b[32m", "-"),
    ):
        if problems:
            out.write(paint(_BOLD, f"{title} ({len(problems)})") + "\n")
            for d in problems:
                out.write(paint(style, f"  {sign} {_where(d)}: {d.code} {d.message}") + "\n")
    for season, changes in diff.groups():
        out.write(paint(_BOLD, _season_title(season)) + "\n")
        arc: str | None = None
        for change in changes:
            if change.arc != arc and change.arc is not None:
                arc = change.arc
                out.write(f"  {arc}\n")
            indent = "    " if change.arc is not None else "  "
            line = f"{indent}{_SIGNS[change.change]} {_name(change)}{change.words}"
            out.write(paint(_COLORS[change.change], line) + "\n")


def _name(change: EntityChange) -> str:
    if change.change in ("added", "removed"):
        return ""
    return "" if change.change == "renamed" else f"{change.id}: "


def write_markdown(diff: StoryDiff, out: TextIO, labels: tuple[str, str], *,
                   color: bool = False) -> None:
    out.write(f"## Story changes: {labels[0]} → {labels[1]}\n\n")
    if diff.empty:
        out.write("No change to the story.\n")
        return
    for title, problems in (("Problems introduced", diff.introduced),
                            ("Problems fixed", diff.fixed)):
        if problems:
            out.write(f"### {title} ({len(problems)})\n\n")
            for d in problems:
                out.write(f"- **{d.code}** {_md(d.message)} (`{_where(d)}`)\n")
            out.write("\n")
    for season, changes in diff.groups():
        blocks = [f"### {_season_title(season)}\n"]
        moved = [(c, f) for c, f in diff.moved_beats() if c in changes]
        if moved:
            rows = [f"| `{c.id}` | `{c.arc}` | {f.before} | {f.after} | {_md(f.words)} |\n"
                    for c, f in moved]
            blocks.append("| beat | arc | was | now | |\n| --- | --- | --- | --- | --- |\n"
                          + "".join(rows))
        arc: str | None = None
        items: list[str] = []
        for change in changes:
            rest = [f for f in change.fields if not (change.kind == "beat" and f.field == "at")]
            if change.change == "changed" and not rest:
                continue  # its move is in the table
            if change.arc != arc and change.arc is not None:
                if items:
                    blocks.append("".join(items))
                arc, items = change.arc, []
                blocks.append(f"**{arc}**\n")
            words = change.words if change.change != "changed" else "; ".join(
                f.words for f in rest)
            label = "" if change.change in ("added", "removed", "renamed") else f"`{change.id}`: "
            if change.change == "renamed" and rest:
                words += "; " + "; ".join(f.words for f in rest)
            items.append(f"- {label}{_md(words)}\n")
        if items:
            blocks.append("".join(items))
        out.write("\n".join(blocks) + "\n")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def as_json(diff: StoryDiff, labels: tuple[str, str]) -> dict[str, Any]:
    """The documented JSON shape (see the module docstring)."""
    def problem(d: Diagnostic) -> dict[str, Any]:
        return {"code": d.code, "severity": str(d.severity), "message": d.message,
                "entity": d.entity, "file": d.file, "line": d.line, "column": d.column}

    return {
        "arcroom-diff": JSON_VERSION, "from": labels[0], "to": labels[1],
        "changes": [{
            "kind": c.kind, "id": c.id, "change": c.change, "old_id": c.old_id,
            "season": c.season, "arc": c.arc, "at": c.at, "words": c.words,
            "fields": [{"field": f.field, "before": f.before, "after": f.after,
                        "words": f.words} for f in c.fields],
        } for c in diff.changes],
        "problems": {"introduced": [problem(d) for d in diff.introduced],
                     "fixed": [problem(d) for d in diff.fixed]},
    }


def write_json(diff: StoryDiff, out: TextIO, labels: tuple[str, str], *,
               color: bool = False) -> None:
    json.dump(as_json(diff, labels), out, indent=2, ensure_ascii=False)
    out.write("\n")


FORMATS: dict[str, Callable[..., None]] = {
    "text": write_text, "markdown": write_markdown, "json": write_json,
}
