"""The room's configuration: ``[tool.arcroom]`` in ``pyproject.toml``, or ``arcroom.toml``.

Found as ruff finds its own: starting in the bible's folder (a folder bible's
own folder), each folder up to the repository root (the one holding ``.git``)
or the filesystem root is asked for ``arcroom.toml`` (top-level keys), then
``pyproject.toml`` (only if it has a ``[tool.arcroom]`` table). The first
found wins; nothing is merged. ``arcroom.toml``::

    select = ["C", "T", "F"]            # codes or prefixes; empty = every rule
    ignore = ["S005"]
    fail-on = "warning"                 # error (default), warning or info
    [severity]                          # per code or prefix; the longest prefix wins
    S = "info"
    C003 = "error"

The command line overrides each key it is given. Any mistake (a TOML syntax
error, an unknown key, an unknown code, a bad severity) is a
:class:`ConfigError` that says ``file:line:col`` and what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arcs.diagnostics import Severity
from arcs.rules import RULES

KEYS = ("select", "ignore", "severity", "fail-on")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration file arcroom cannot use; ``str()`` is ``file:line:col: message``."""

    def __init__(self, file: Path | str, line: int, column: int, message: str) -> None:
        self.file, self.line, self.column, self.message = str(file), line, column, message
        super().__init__(f"{self.file}:{line}:{column}: {message}")


@dataclass(frozen=True)
class Config:
    """What a configuration file says; ``None`` means the key was not given."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    #: rule code -> severity, prefixes already resolved to every code they cover.
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None


def find_config(bible: Path) -> Path | None:
    """The configuration file that governs ``bible``, if any (see the module docstring)."""
    bible = bible.resolve()
    folder = bible if bible.is_dir() else bible.parent
    for here in (folder, *folder.parents):
        toml = here / "arcroom.toml"
        if toml.is_file():
            return _shown(toml)
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and _has_arcroom_table(pyproject):
            return _shown(pyproject)
        if (here / ".git").exists():
            return None
    return None


def _shown(path: Path) -> Path:
    """``path`` as messages should name it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def discover(bible: Path) -> Config:
    """The configuration for ``bible``, or an empty one when there is none."""
    path = find_config(bible)
    return load_config(path) if path else Config()


def load_config(path: Path) -> Config:
    """Read and validate a configuration file; raises :class:`ConfigError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, 1, 1, f"cannot read the configuration: {exc}") from None
    import tomllib  # (only when there is a configuration: most checks have none)

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column, message = _toml_position(str(exc), text)
        raise ConfigError(path, line, column, f"invalid TOML: {message}") from None
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("arcroom")
        if not isinstance(table, dict):
            raise ConfigError(path, 1, 1, "no [tool.arcroom] table in this pyproject.toml")
        return _Reader(path, text, ("tool", "arcroom")).read(table)
    return _Reader(path, text, ()).read(document)


def _has_arcroom_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A pyproject.toml that never mentions arcroom is someone else's business,
    # even if it does not parse; one that does must parse (load_config says where not).
    if "arcroom" not in text:
        return False
    import tomllib

    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True
    return isinstance(tool, dict) and "arcroom" in tool


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def _toml_position(message: str, text: str) -> tuple[int, int, str]:
    """tomllib puts the place at the end of its message; take it out of there."""
    at = _TOML_AT.search(message)
    if at:
        return int(at.group(1)), int(at.group(2)), message[: at.start()]
    end = _TOML_END.search(message)
    if end:
        lines = text.split("\n")
        return len(lines), len(lines[-1]) + 1, message[: end.start()]
    return 1, 1, message


class _Reader:
    """Validates one arcroom table, locating each mistake in the file's text."""

    def __init__(self, path: Path, text: str, table: tuple[str, ...]) -> None:
        self.path, self.text, self.table = path, text, table

    def error(self, message: str, *keys: str, value: str | None = None) -> ConfigError:
        line, column = locate(self.text, (*self.table, *keys), value)
        return ConfigError(self.path, line, column, message)

    def read(self, table: dict[str, Any]) -> Config:
        where = "[tool.arcroom]" if self.table else self.path.name
        for key in table:
            if key not in KEYS:
                import difflib  # (only for a name mistyped)

                close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
                known = ", ".join(KEYS)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {known}"
                raise self.error(f"unknown key {key!r} in {where}{hint}", key)
        fail_on = table.get("fail-on")
        return Config(
            path=self.path,
            select=self.codes(table, "select"),
            ignore=self.codes(table, "ignore"),
            severity=self.severity(table.get("severity")),
            fail_on=self.level(fail_on, "fail-on") if fail_on is not None else None,
        )

    def codes(self, table: dict[str, Any], key: str) -> tuple[str, ...] | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"'{key}' should be a list of rule codes, like [\"C\", \"T001\"]", key)
        for code in value:
            self.known(code, key)
        return tuple(code.upper() for code in value)

    def known(self, code: str, *keys: str, value: bool = True) -> None:
        if any(c.startswith(code.upper()) for c in RULES):
            return
        import difflib  # (only for a name mistyped)

        close = difflib.get_close_matches(code.upper(), list(RULES), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else "; `arcroom rules` lists them"
        raise self.error(
            f"unknown rule code or prefix {code!r}{hint}", *keys, value=code if value else None
        )

    def severity(self, value: object) -> dict[str, Severity]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error("'severity' should be a table of code = \"error|warning|info\"",
                             "severity")
        levels: dict[str, Severity] = {}
        for code, level in value.items():
            self.known(code, "severity", code, value=False)
            if code.upper().startswith("B"):
                raise self.error(
                    f"{code!r}: B problems stop the bible from loading; their severity is fixed",
                    "severity", code,
                )
            levels[code.upper()] = self.level(level, "severity", code)
        return resolve_prefixes(levels, RULES)

    def level(self, value: object, *keys: str) -> Severity:
        if isinstance(value, str) and value.lower() in SEVERITIES:
            return Severity.parse(value)
        shown = value if isinstance(value, str) else repr(value)
        import difflib  # (only for a name mistyped)

        close = difflib.get_close_matches(str(value).lower(), SEVERITIES, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise self.error(
            f"{shown!r} is not a severity (error, warning, info){hint}", *keys,
            value=value if isinstance(value, str) else None,
        )


def resolve_prefixes(levels: Mapping[str, Severity], codes: Iterable[str]) -> dict[str, Severity]:
    """Each code's severity from the longest matching prefix in ``levels``.

    >>> from arcs.diagnostics import Severity as S
    >>> resolve_prefixes({"S": S.INFO, "S002": S.ERROR}, ["S001", "S002", "C001"])
    {'S001': <Severity.INFO: 1>, 'S002': <Severity.ERROR: 3>}
    """
    resolved = {}
    for code in codes:
        matching = [p for p in levels if code.startswith(p)]
        if matching:
            resolved[code] = levels[max(matching, key=len)]
    return resolved


def locate(text: str, path: tuple[str, ...], value: str | None = None) -> tuple[int, int]:
    """Where the key at ``path`` (and, inside it, the string ``value``) is written.

    A scan of the text, not a TOML parser: it finds each key of the path in
    turn, written bare or quoted and followed by ``=``, ``.`` or ``]``
    (outside comments), after the previous one. Good enough to point a
    writer at the line; the first line when nothing matches.
    """
    offset, found = 0, 0
    for part in path:
        key = re.compile(rf"(?<![\w-])([\"']?){re.escape(part)}\1\s*(?=[=.\]])")
        for match in key.finditer(text, offset):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if "#" not in text[line_start : match.start()]:
                offset = found = match.start()
                break
    if value is not None:
        quoted = re.compile(rf"[\"']{re.escape(value)}[\"']")
        hit = quoted.search(text, found)
        if hit:
            found = hit.start()
    line = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    return line, column
