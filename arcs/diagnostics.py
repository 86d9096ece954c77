"""The diagnostic record every rule yields and every report prints."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from story_bible.errors import Problem
from story_bible.model import Span


class Severity(IntEnum):
    """How bad a diagnostic is; ordered, so ``--fail-on warning`` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"{text!r} is not a severity (error, warning, info)") from None


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place; sorts by file, line, column, then code.

    ``entity`` is where the problem is written (a beat, an arc...);
    ``subjects`` are the other entities it is about, such as the character
    a continuity problem concerns. An ``ignore:`` on either silences it.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    end_line: int = 0
    end_column: int = 0
    entity: str | None = None
    hint: str | None = None
    subjects: tuple[str, ...] = ()

    @classmethod
    def at(
        cls,
        span: Span,
        code: str,
        severity: Severity,
        message: str,
        entity: str | None = None,
        hint: str | None = None,
        subjects: tuple[str, ...] = (),
    ) -> Diagnostic:
        return cls(
            span.file, span.line, span.column, code, message, severity,
            span.end_line, span.end_column, entity, hint, subjects,
        )

    @classmethod
    def from_problem(cls, problem: Problem) -> Diagnostic:
        return cls(
            problem.file, problem.line, problem.column, problem.code, problem.message,
            Severity.ERROR, problem.end_line or problem.line,
            problem.end_column or problem.column, problem.entity, problem.hint,
        )

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(
            self.file, self.line, self.column, self.code, self.message, severity,
            self.end_line, self.end_column, self.entity, self.hint, self.subjects,
        )
