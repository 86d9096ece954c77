"""Small wording helpers shared by rule messages."""

from __future__ import annotations


def quote(text: str, width: int = 50) -> str:
    """A writer's free text, on one line and cut to ``width``, quoted for a message.

    >>> quote("The broadcasting room\\n still has power", 20)
    "'The broadcasting ro…'"
    """
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def seasons_phrase(seasons: tuple[str, ...] | list[str]) -> str:
    """``season S1`` or ``seasons S1, S2``."""
    return ("season " if len(seasons) == 1 else "seasons ") + ", ".join(seasons)
