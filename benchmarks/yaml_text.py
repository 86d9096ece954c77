"""YAML scalars and entries written as text, for the bibles the benchmark scripts write.

``generate.py`` and ``got_bible.py`` write their bibles line by line (no
``yaml.dump``: it is too slow at 20,000 beats and cannot keep comments or
a room's mix of styles); this module is what they share.

Promises
--------
- :func:`yaml_str` gives a double-quoted scalar that ``yaml.safe_load``
  reads back as the same string, whatever it holds.
- :func:`scalar` gives the string plain where YAML reads it back unchanged
  (and it holds none of ``,[]{}``, so it is safe inside flow collections),
  else :func:`yaml_str`'s quoted form.
- :func:`entry` gives a mapping entry whose value is a mapping of the given
  ``key: value`` fields, on one line in flow style or one field a line.

The scripts are run as ``python benchmarks/X.py`` (so this folder is on
``sys.path``) and each also puts this folder there itself, so that loading
one by its path, as ``tests/test_got.py`` does, finds this module too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import yaml

_PLAIN_SAFE = re.compile(r"[^\W_][\w .'()/&+-]*")
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def yaml_str(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar that reads back unchanged."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def scalar(text: str) -> str:
    """Return ``text`` plain when YAML reads it back as the same string, else quoted.

    Plain output is also safe inside flow collections (no ``,[]{}``).
    """
    if (
        _PLAIN_SAFE.fullmatch(text)
        and not text.endswith(" ")
        and not any(regexp.match(text) for _, regexp in _IMPLICIT.get(text[0], ()))
    ):
        return text
    return yaml_str(text)


def flow_list(items: Iterable[str]) -> str:
    """Return a YAML flow sequence of the given strings."""
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def entry(key: str, fields: Sequence[str], indent: str, *, block: bool) -> list[str]:
    """Return the lines of ``key:`` holding ``fields`` (each ``"name: value"``).

    ``block`` puts one field a line, two spaces deeper than ``key``;
    otherwise the fields are a flow mapping on the key's line.
    """
    if block:
        return [f"{indent}{key}:", *(f"{indent}  {item}" for item in fields)]
    return [f"{indent}{key}: {{{', '.join(fields)}}}"]
