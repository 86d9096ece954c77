"""Text from a bible made safe to print on a terminal or in a CI log.

A name, a summary or a file name may hold control characters (ESC, BEL, a
bidirectional override); printed raw they would recolour, beep or reorder
what the reader sees. Every human-facing output (the text and GitHub
reports, ``arcroom show``, ``set``'s and ``rename``'s notes) passes them
through :func:`visible`, which shows each as a symbol one cell wide.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _symbol(match: re.Match[str]) -> str:
    c = match.group()
    if c < "\x20":
        return chr(0x2400 + ord(c))  # ␛, ␇, ␉...: the Control Pictures block
    return "\u2421" if c == "\x7f" else "\ufffd"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character shown as a symbol (one cell each).

    ``keep`` names controls left as they are, for a format that escapes
    them its own way (GitHub's commands write a line break as ``%0A``).
    """
    if text.isprintable():  # the common case, at C speed
        return text
    if keep:
        return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _symbol(m), text)
    return _UNSAFE.sub(_symbol, text)
