"""Baselines: accept today's problems, fail only on new ones.

A baseline file lists known problems by rule code, entity id and the
entities the problem is about (``about``: the character of a continuity
problem), with how many times each occurs; never by line, column or message
text, so moving beats around the file, into another file of a folder bible
or to another episode (which the message names) keeps them known. A problem
is known while the baseline still has an unused count for its key; the rest
are new::

    {
      "arcroom-baseline": 2,
      "problems": [
        {"code": "C001", "entity": "goodbye", "about": ["cheong-san"], "count": 1,
         "message": "cheong-san appears in goodbye (S1E02) while dead (...)"}
      ]
    }

``message`` is what the problem said when it was accepted, for the reviewer
of the diff; it is not matched. The file is sorted and indented so that
accepting a problem is a readable diff in review.

Format 1 files (written by earlier arcroom versions) matched on the message,
with places (``bible.yaml:12:3``, ``line 12``) left out; they are still read
and match as they did, until ``--write-baseline`` rewrites them as format 2.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from arcs.diagnostics import Diagnostic

FORMAT = 2
#: The formats this arcroom reads: format 1 matched on message text.
READS = (1, 2)
_PLACE = re.compile(r"\S+:\d+:\d+|\blines? \d+(?:-\d+)?\b")


class BaselineError(Exception):
    """A baseline file arcroom cannot use; ``str()`` is ``file:line:col: message``."""


class Key(NamedTuple):
    """What identifies a problem across edits; ``about`` is its subjects, comma-joined."""

    code: str
    entity: str
    about: str


class TextKey(NamedTuple):
    """A format 1 key: the message without the places written in it."""

    code: str
    entity: str
    message: str


def key_of(diagnostic: Diagnostic) -> Key:
    """What identifies a problem across edits: code, entity and who it is about."""
    return Key(diagnostic.code, diagnostic.entity or "", ",".join(diagnostic.subjects))


def text_key_of(diagnostic: Diagnostic) -> TextKey:
    """The format 1 key of a problem (code, entity, message without places)."""
    message = _PLACE.sub("<place>", diagnostic.message)
    return TextKey(diagnostic.code, diagnostic.entity or "", message)


class Split(NamedTuple):
    """Diagnostics a baseline does not know, and how many it hid or no longer sees."""

    new: list[Diagnostic]
    known: int
    fixed: int


@dataclass(frozen=True)
class Baseline:
    """Known problems and how often each occurs (``by_text``: from a format 1 file)."""

    counts: Counter[Key]
    #: What each problem said when it was accepted, for the file's reader.
    messages: dict[Key, str] = field(default_factory=dict)
    by_text: Counter[TextKey] = field(default_factory=Counter)

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> Baseline:
        counts: Counter[Key] = Counter()
        messages: dict[Key, str] = {}
        for d in diagnostics:
            key = key_of(d)
            counts[key] += 1
            messages.setdefault(key, d.message)
        return cls(counts, messages)

    def split(
        self, diagnostics: Iterable[Diagnostic], checked: Container[str] | None = None
    ) -> Split:
        """Leave out known problems; ``fixed`` counts only the codes ``checked`` (if given)."""
        left = Counter(self.counts)
        left_text = Counter(self.by_text)
        new = []
        known = 0
        for d in diagnostics:
            key = key_of(d)
            if left[key] > 0:
                left[key] -= 1
                known += 1
                continue
            text_key = text_key_of(d) if left_text else None
            if text_key is not None and left_text[text_key] > 0:
                left_text[text_key] -= 1
                known += 1
            else:
                new.append(d)
        fixed = sum(n for k, n in left.items() if checked is None or k.code in checked)
        fixed += sum(n for t, n in left_text.items() if checked is None or t.code in checked)
        return Split(new, known, fixed)

    def dumps(self) -> str:
        problems = [
            {
                "code": k.code,
                "entity": k.entity,
                "about": k.about.split(",") if k.about else [],
                "count": n,
                "message": self.messages.get(k, ""),
            }
            for k, n in sorted(self.counts.items())
        ]
        document = {"arcroom-baseline": FORMAT, "problems": problems}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        path.write_text(self.dumps(), encoding="utf-8")


def read_baseline(path: Path) -> Baseline:
    """Read a baseline file (format 1 or 2); raises :class:`BaselineError`, located."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}:1:1: cannot read the baseline: {exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    problems = document.get("problems") if isinstance(document, dict) else None
    version = document.get("arcroom-baseline") if isinstance(document, dict) else None
    if version not in READS or isinstance(version, bool):
        raise BaselineError(
            f"{path}:1:1: not an arcroom baseline (no \"arcroom-baseline\": {FORMAT}); "
            "write one with `arcroom check --write-baseline FILE`"
        )
    if not isinstance(problems, list):
        raise BaselineError(f"{path}:1:1: the baseline needs a \"problems\" list")
    baseline = Baseline(Counter())
    for i, item in enumerate(problems):
        try:
            count = item.get("count", 1)
            if version == 1:
                baseline.by_text[TextKey(str(item["code"]), str(item["entity"]),
                                         str(item["message"]))] += _count(path, i, count)
                continue
            key = Key(str(item["code"]), str(item["entity"]), _about(item.get("about", [])))
        except (TypeError, KeyError, AttributeError):
            needs = '"code", "entity" and "message"' if version == 1 else '"code" and "entity"'
            raise BaselineError(f"{path}:1:1: problem {i + 1} needs {needs}") from None
        baseline.counts[key] += _count(path, i, count)
        baseline.messages.setdefault(key, str(item.get("message", "")))
    return baseline


def _about(value: Any) -> str:
    if not isinstance(value, list):
        raise TypeError(value)
    return ",".join(str(v) for v in value)


def _count(path: Path, i: int, count: object) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{path}:1:1: problem {i + 1}: \"count\" should be a whole number")
    return count
