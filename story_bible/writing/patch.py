"""Text patches: replace the characters between two offsets of one file.

An edit of a bible is a set of patches per file, all against the same text,
none overlapping. Applying them and applying their inverse gives back the
text character for character, which is what undo relies on.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import NamedTuple


class Patch(NamedTuple):
    """Replace ``text[start:end]`` with ``new`` (an insertion when start == end)."""

    start: int
    end: int
    new: str

    @property
    def delta(self) -> int:
        return len(self.new) - (self.end - self.start)


class PatchConflict(ValueError):
    """Two patches of one edit touch the same characters."""


def ordered(patches: Iterable[Patch]) -> list[Patch]:
    """The patches sorted by position; raises :class:`PatchConflict` on overlaps."""
    out = sorted(patches, key=lambda p: (p.start, p.end))
    for before, after in itertools.pairwise(out):
        if after.start < before.end or (after.start == before.start == after.end == before.end):
            raise PatchConflict(f"patches overlap at offset {after.start}")
    return out


def apply(text: str, patches: Iterable[Patch]) -> str:
    """``text`` with every patch applied (offsets are all against ``text``)."""
    parts: list[str] = []
    at = 0
    for patch in ordered(patches):
        parts.append(text[at : patch.start])
        parts.append(patch.new)
        at = patch.end
    parts.append(text[at:])
    return "".join(parts)


def changes(text: str, patches: Iterable[Patch]) -> bool:
    """Whether a patch replaces text with other text (an edit that writes what is there
    changes nothing); without building the result, which is the whole file."""
    return any(text[p.start : p.end] != p.new for p in ordered(patches))


def invert(text: str, patches: Iterable[Patch]) -> list[Patch]:
    """The patches that turn ``apply(text, patches)`` back into ``text``."""
    out = []
    shift = 0
    for patch in ordered(patches):
        start = patch.start + shift
        out.append(Patch(start, start + len(patch.new), text[patch.start : patch.end]))
        shift += patch.delta
    return out


def touched(patches: Iterable[Patch]) -> list[tuple[int, int]]:
    """Where the patched text differs from the original: (start, end) in the new text."""
    out = []
    shift = 0
    for patch in ordered(patches):
        start = patch.start + shift
        out.append((start, start + len(patch.new)))
        shift += patch.delta
    return out
