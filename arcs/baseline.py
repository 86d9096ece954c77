"""Baselines: accept today's problems, fail only on new ones.

A baseline file lists known problems by rule code, entity id and message,
with how many times each occurs, and never by line or column, so moving
beats around the file (or into another file of a folder bible) keeps them
known. Places written into a message (``bible.yaml:12:3``, ``line 12``) are
left out of its key for the same reason. A problem is known while the
baseline still has an unused count for its key; the rest are new::

    {
      "arcroom-baseline": 1,
      "problems": [
        {"code": "S001", "entity": "the-vaccine", "message": "...", "count": 1}
      ]
    }

The file is sorted and indented so that accepting a problem is a readable
diff in review.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from arcs.diagnostics import Diagnostic

FORMAT = 1
_PLACE = re.compile(r"\S+:\d+:\d+|\blines? \d+(?:-\d+)?\b")


class BaselineError(Exception):
    """A baseline file arcroom cannot use; ``str()`` is ``file:line:col: message``."""


class Key(NamedTuple):
    code: str
    entity: str
    message: str


def key_of(diagnostic: Diagnostic) -> Key:
    """What identifies a problem across edits: code, entity, message without places."""
    message = _PLACE.sub("<place>", diagnostic.message)
    return Key(diagnostic.code, diagnostic.entity or "", message)


class Split(NamedTuple):
    """Diagnostics a baseline does not know, and how many it hid or no longer sees."""

    new: list[Diagnostic]
    known: int
    fixed: int


@dataclass(frozen=True)
class Baseline:
    """Known problems and how often each occurs."""

    counts: Counter[Key]

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> Baseline:
        return cls(Counter(key_of(d) for d in diagnostics))

    def split(
        self, diagnostics: Iterable[Diagnostic], checked: Container[str] | None = None
    ) -> Split:
        """Leave out known problems; ``fixed`` counts only the codes ``checked`` (if given)."""
        left = Counter(self.counts)
        new = []
        known = 0
        for d in diagnostics:
            key = key_of(d)
            if left[key] > 0:
                left[key] -= 1
                known += 1
            else:
                new.append(d)
        fixed = sum(n for k, n in left.items() if checked is None or k.code in checked)
        return Split(new, known, fixed)

    def dumps(self) -> str:
        problems = [
            {"code": k.code, "entity": k.entity, "message": k.message, "count": n}
            for k, n in sorted(self.counts.items())
        ]
        document = {"arcroom-baseline": FORMAT, "problems": problems}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        path.write_text(self.dumps(), encoding="utf-8")


def read_baseline(path: Path) -> Baseline:
    """Read a baseline file; raises :class:`BaselineError` with a located message."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}:1:1: cannot read the baseline: {exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    problems = document.get("problems") if isinstance(document, dict) else None
    if not isinstance(document, dict) or document.get("arcroom-baseline") != FORMAT:
        raise BaselineError(
            f"{path}:1:1: not an arcroom baseline (no \"arcroom-baseline\": {FORMAT}); "
            "write one with `arcroom check --write-baseline FILE`"
        )
    if not isinstance(problems, list):
        raise BaselineError(f"{path}:1:1: the baseline needs a \"problems\" list")
    counts: Counter[Key] = Counter()
    for i, item in enumerate(problems):
        try:
            key = Key(str(item["code"]), str(item["entity"]), str(item["message"]))
            count = item.get("count", 1)
        except (TypeError, KeyError):
            raise BaselineError(
                f"{path}:1:1: problem {i + 1} needs \"code\", \"entity\" and \"message\""
            ) from None
        if not isinstance(count, int) or count < 1:
            raise BaselineError(f"{path}:1:1: problem {i + 1}: \"count\" should be a whole number")
        counts[key] += count
    return Baseline(counts)
