"""Write values as YAML text the way a writer would, and so that they read back the same.

Text is written plain when it can be: plain text that a YAML reader could
take for something else (``no``, ``1e3``, ``2024-01-01``, ``null``) or that
YAML's syntax would cut short (``a: b``, ``# x``, ``[x]``) is quoted. Where a
value replaces one the writer quoted, their quote style is kept when it can
hold the new text (a folded ``>`` block is folded again, at 80
columns); several lines become a literal block (``|``) in block context.
Lists and mappings are written in flow style (``[a, b]``,
``{nam-ra: infected}``), as bibles write them.

Long text in a new entry is wrapped as the file wraps its own (:class:`Wrap`):
at the width its wrapped text reaches (80 where it has none), folded (``>-``)
or in plain lines as most of its wrapped text is written.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.emitter import Emitter

_EMITTER = Emitter(io.StringIO(), allow_unicode=True)
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
#: Plain text a YAML 1.2 core-schema reader would resolve to a non-string
#: (PyYAML's YAML 1.1 resolver catches ``no``/``on``/dates but not these);
#: :mod:`~story_bible.writing.dump` quotes by it too.
TYPED_IN_YAML_12 = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
#: Characters that only a double-quoted scalar carries through unchanged.
_ODD_BREAKS = frozenset("\r\x85\u2028\u2029\ufeff")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\0": "\\0", "\x1b": "\\e"}


def reads_as_text(value: str) -> bool:
    """Whether ``value`` written plain is a string to every YAML reader."""
    if TYPED_IN_YAML_12.fullmatch(value):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


def scalar(
    value: str, *, flow: bool = False, keep: str = "", indent: int = 2, nl: str = "\n"
) -> str:
    """``value`` as a YAML scalar.

    ``flow``: it stands inside ``[...]`` or ``{...}``. ``keep``: the style of
    the scalar it replaces (``''``, ``'``, ``"``, ``|``, ``>``). ``indent``:
    the column of a literal block's lines. ``nl``: the file's line break.
    """
    if not value:
        return '""' if keep == '"' else "''"
    if any(c in _ODD_BREAKS for c in value) or not _printable(value):
        return double_quoted(value)
    analysis = _EMITTER.analyze_scalar(value)
    one_line = not analysis.multiline
    plain_ok = one_line and reads_as_text(value) and (
        analysis.allow_flow_plain if flow else analysis.allow_block_plain
    )
    single_ok = one_line and analysis.allow_single_quoted
    block_ok = (
        not flow and analysis.allow_block and value[0] not in " \n"
        and not value.endswith("\n\n")
    )
    if keep == '"':
        return double_quoted(value)
    if keep == "'" and single_ok:
        return single_quoted(value)
    if keep == ">" and block_ok:
        return folded(value, indent, nl)
    if keep == "|" and block_ok:
        return literal(value, indent, nl)
    if plain_ok:
        return value
    if not one_line and block_ok:
        return literal(value, indent, nl)
    if single_ok:
        return single_quoted(value)
    return double_quoted(value)


def single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def double_quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch in _ODD_BREAKS or not _printable(ch):
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code < 0x100 else
                       f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def literal(value: str, indent: int, nl: str) -> str:
    """A literal block scalar (``|``), without the line break that ends its last line."""
    body = value[:-1] if value.endswith("\n") else value
    header = "|" if value.endswith("\n") else "|-"
    pad = " " * indent
    return header + nl + nl.join(pad + line if line else "" for line in body.split("\n"))


def folded(value: str, indent: int, nl: str, width: int = 80) -> str:
    """A folded block scalar (``>``) wrapped at ``width``; a literal one where folding can't.

    A folded line break reads back as one space and ``n`` empty lines as ``n``
    line breaks, so lines are broken only at a single space between words, and
    text whose lines start with white space (which folding keeps apart) stays
    literal.
    """
    body = value[:-1] if value.endswith("\n") else value
    parts = re.split(r"(\n+)", body)
    if any(p[:1] in (" ", "\t") for p in parts[::2]):
        return literal(value, indent, nl)
    pad = " " * indent
    lines: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            lines.extend([""] * len(part))
        else:
            lines.extend(pad + line for line in _wrap(part, max(20, width - indent)))
    text = (">" if value.endswith("\n") else ">-") + nl + nl.join(lines)
    # The rules above are YAML's; a reader has the last word on the result.
    if _read_back(text.replace(nl, "\n")) != value:
        return literal(value, indent, nl)
    return text


def _wrap(line: str, width: int) -> list[str]:
    """``line`` cut into pieces of at most ``width`` at single spaces (longer words whole)."""
    breaks = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", line)]
    out, start = [], 0
    while len(line) - start > width:
        fits = [b for b in breaks if start < b <= start + width]
        later = [b for b in breaks if b > start]
        at = fits[-1] if fits else (later[0] if later else None)
        if at is None:
            break
        out.append(line[start:at])
        start = at + 1
    out.append(line[start:])
    return out


def _read_back(text: str) -> object:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load("k: " + text, Loader=loader).get("k")
    except yaml.YAMLError:
        return None


#: A line that starts an entry or an item rather than continuing a plain scalar.
_ENTRY = re.compile(r"^ *(?:- |-$|[^\s#][^:#]*:(?: |$)|#)")
#: A key whose value is a block scalar (``key: >-``) or starts a plain scalar (``key: text``).
_BLOCK_KEY = re.compile(r"^( *)(?:- )?[^\s#][^:#]*: *([>|][-+]?|[^\s\[{'\"&*!|>#][^#]*)? *$")


@dataclass(frozen=True, slots=True)
class Wrap:
    """How a file wraps long text: at ``width`` columns, folded (``>``) or in plain lines."""

    width: int = 80
    style: str = ">"

    @classmethod
    def measure(cls, text: str, default: int = 80) -> Wrap:
        """The wrapping of ``text``'s own multi-line text (``default`` wide, folded, if none).

        A folded block's lines, or a plain scalar's continuation lines, end where
        the writer wrapped them: the width is where nearly all of them end (a
        line or two a few columns over, left by hand, does not widen it).
        """
        lines = text.splitlines()
        ends: dict[str, list[int]] = {">": [], "": []}
        i = 0
        while i < len(lines):
            match = _BLOCK_KEY.match(lines[i])
            i += 1
            head = (match.group(2) or "") if match else "|"
            if head.startswith("|") or not head:
                continue
            style = ">" if head.startswith(">") else ""
            indent = len(match.group(1)) if match else 0
            body = [lines[i - 1]] if style == "" else []
            while i < len(lines) and lines[i].strip() and _indent(lines[i]) > indent \
                    and (style == ">" or not _ENTRY.match(lines[i])):
                body.append(lines[i])
                i += 1
            # The last line ends where the text does; the others where the writer wrapped.
            ends[style].extend(len(line.rstrip()) for line in body[:-1])
        style = ">" if len(ends[">"]) >= len(ends[""]) else ""
        found = sorted(ends[style])
        if not found:
            return cls(default, ">")
        # Enough lines for a stray long one to be an exception: nearly all of them.
        width = found[-1] if len(found) < 50 else found[int(0.98 * (len(found) - 1))]
        return cls(width, style)

    def fits(self, line: str) -> bool:
        return len(line) <= self.width

    def text(self, value: str, key_line: str, indent: int, nl: str) -> str | None:
        """``value`` after ``key_line`` (``"    summary: "``), wrapped; None if it fits
        on that line or cannot be wrapped so that it reads back the same."""
        if "\n" in value or self.fits(key_line + value):
            return None
        if self.style == "":
            first_room = max(20, self.width - len(key_line))
            pieces = _wrap(value, first_room)
            rest = _wrap(" ".join(pieces[1:]), max(20, self.width - indent)) if pieces[1:] else []
            text = nl.join([pieces[0], *(" " * indent + line for line in rest)])
            analysis = _EMITTER.analyze_scalar(value)
            if (reads_as_text(value) and analysis.allow_block_plain
                    and _read_back(text.replace(nl, "\n")) == value):
                return text
        wrapped = folded(value, indent, nl, self.width)
        return wrapped if wrapped.startswith(">") else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def flow(value: Any) -> str:
    """A value in flow style: text, a flag, a count, a list or a mapping."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return scalar(value, flow=True)
    if isinstance(value, dict):
        pairs = (f"{scalar(str(k), flow=True)}: {flow(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} in a bible")


def inline(
    value: Any, *, keep: str = "", indent: int = 2, nl: str = "\n", in_flow: bool = False,
    wrap: Wrap | None = None, key_line: str = "",
) -> str:
    """A value after ``key: `` on a line: text as :func:`scalar`, the rest in flow style.

    ``wrap``: the file's wrapping, for long text written anew after ``key_line``.
    """
    if isinstance(value, str):
        if wrap is not None and not in_flow and not keep:
            wrapped = wrap.text(value, key_line, indent, nl)
            if wrapped is not None:
                return wrapped
        return scalar(value, flow=in_flow, keep=keep, indent=indent, nl=nl)
    return flow(value)


def block_mapping(
    fields: dict[str, Any], indent: int, step: int, nl: str, wrap: Wrap | None = None
) -> list[str]:
    """A block mapping's lines at ``indent`` (nested mappings of mappings stay block);
    long text wraps as ``wrap`` says."""
    lines = []
    pad = " " * indent
    for key, value in fields.items():
        name = scalar(key)
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            lines.append(f"{pad}{name}:")
            for sub_key, sub in value.items():
                lines.append(f"{' ' * (indent + step)}{scalar(sub_key)}: {flow(sub)}")
        else:
            head = f"{pad}{name}: "
            lines.append(head + inline(value, indent=indent + step, nl=nl, wrap=wrap,
                                       key_line=head))
    return lines


def _printable(text: str) -> bool:
    for ch in text:
        if ch in "\t\n" or " " <= ch <= "~":
            continue
        code = ord(ch)
        if code < 0xA0 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return False
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            return False
    return True
