"""Located problems found while reading a bible, and the error that carries them.

The loader never raises anything else for bad input: a syntax error, a wrong
type, an unknown key or an unreadable file all become a :class:`Problem` with
a 1-based line and column, collected into one :class:`LoadError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from story_bible.model import Bible, Entity


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the text of a bible, where it is and what to do.

    ``code`` is a B-family rule code (``B001`` syntax, ``B002`` unknown key,
    ...; see ``arcs.rules``), so loader problems print like any diagnostic.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0
    hint: str | None = None
    entity: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class LoadError(Exception):
    """The bible could not be read; ``problems`` says every reason found.

    ``files`` names every file of the bible when it is known (a folder bible
    whose files were found), so a report can list them all, not only those
    with problems.

    ``bible`` is what could be read despite the problems, when every file
    parsed: an entity with a problem is left out of it, or only its broken
    field is (see ``left_out``), so ``check`` can still run the rules on the
    rest. It is ``None`` when a file could not be read at all.
    """

    def __init__(
        self,
        problems: list[Problem],
        files: tuple[str, ...] = (),
        bible: Bible | None = None,
        left_out: tuple[Entity, ...] = (),
    ) -> None:
        self.problems = sorted(problems)
        self.files = files
        self.bible = bible
        #: entities read but left out of ``bible``: a beat or relation whose position is wrong.
        self.left_out = left_out
        super().__init__("\n".join(str(p) for p in self.problems))
