"""Attribute values made safe for each file format.

The bible graph keeps model values (:class:`Position`, tuples, ``None``);
GraphML and GEXF hold only text, numbers and booleans, JSON holds lists but
not positions, and XML 1.0 cannot hold most control characters even
escaped. These functions are the one place that converts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from story_bible.positions import Position

Scalar = str | int | float | bool

# Characters XML 1.0 forbids outright (a bible may hold them via YAML "\x01").
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 carries it (escaping is the writer's job).

    Characters XML cannot hold go; line ends become ``\\n``, as every XML
    reader would make them anyway.

    >>> xml_text("bell\\x07 tower\\r\\n")
    'bell tower\\n'
    """
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def scalar(value: Any) -> Scalar | None:
    """A GraphML/GEXF-safe value: text, number or boolean; ``None`` drops the attribute.

    >>> scalar(Position(1, 7)), scalar(("nam-ra", "su-hyeok")), scalar(None)
    ('S1E07', 'nam-ra, su-hyeok', None)
    """
    if value is None:
        return None
    if isinstance(value, Position):
        return str(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple | list):
        return ", ".join(xml_text(str(scalar(v))) for v in value if v is not None)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {scalar(v)}" for k, v in value.items())
    return xml_text(str(value))


def scalars(data: Mapping[str, Any]) -> dict[str, Scalar]:
    """The attributes of ``data`` as :func:`scalar` values, ``None`` ones dropped."""
    out = {}
    for key, value in data.items():
        plain = scalar(value)
        if plain is not None and plain != "":
            out[key] = plain
    return out


def jsonable(value: Any) -> Any:
    """A JSON-ready value: positions as ``"S1E07"``, tuples as lists, mappings kept.

    >>> jsonable({"at": Position(2, 5), "tags": ("war",)})
    {'at': 'S2E05', 'tags': ['war']}
    """
    if isinstance(value, Position):
        return str(value)
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
