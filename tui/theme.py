"""arcroom's look: a dark and a light theme (script paper and ink), and story colours.

Factions and arcs get colours from one palette, in the order they are written,
so a faction is the same colour in the outline, the graph and the grids.
Stances and severities have fixed colours. Each palette has a dark-theme and
a light-theme variant that read on that theme's background.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="arcroom-dark",
    primary="#d9a441",
    secondary="#5fa8d3",
    accent="#e07a5f",
    warning="#e9c46a",
    error="#ef6f6c",
    success="#8ac926",
    foreground="#e8e3d8",
    background="#15171c",
    surface="#1d2027",
    panel="#272b34",
    dark=True,
)

LIGHT = Theme(
    name="arcroom-light",
    primary="#8f5a00",
    secondary="#24618a",
    accent="#b4452c",
    warning="#a86b00",
    error="#b3261e",
    success="#2d7d32",
    foreground="#24211c",
    background="#f6f2e8",
    surface="#fffdf8",
    panel="#e8e1d1",
    dark=False,
)

THEMES = (DARK, LIGHT)

_STORY_DARK = (
    "#61afef", "#e5c07b", "#98c379", "#e06c75", "#c678dd", "#56b6c2", "#d19a66",
    "#f4a3c0", "#a0c4ff", "#b5e48c",
)
_STORY_LIGHT = (
    "#1f5f99", "#8a6100", "#2e7d32", "#b3261e", "#7b3fa0", "#00707a", "#a0521c",
    "#a3325f", "#3a56a8", "#4f7a1f",
)

_STANCE_DARK = {
    "ally": "#8ac926", "neutral": "#9aa0a6", "tense": "#e9c46a", "hostile": "#f4a261",
    "war": "#ef6f6c",
}
_STANCE_LIGHT = {
    "ally": "#2d7d32", "neutral": "#5f6368", "tense": "#8a6100", "hostile": "#b45309",
    "war": "#b3261e",
}


def story_colour(index: int, dark: bool) -> str:
    """The colour of the ``index``-th faction or arc (the palette repeats)."""
    palette = _STORY_DARK if dark else _STORY_LIGHT
    return palette[index % len(palette)]


def stance_colour(stance: str, dark: bool) -> str:
    return (_STANCE_DARK if dark else _STANCE_LIGHT).get(stance, "#9aa0a6")


def severity_style(severity: str, dark: bool) -> str:
    """Rich style of a severity word (``error``, ``warning``, ``info``)."""
    colours = {
        "error": ("#ef6f6c", "#b3261e"),
        "warning": ("#e9c46a", "#8a6100"),
        "info": ("#5fa8d3", "#24618a"),
    }
    dark_colour, light_colour = colours.get(severity, ("#9aa0a6", "#5f6368"))
    return f"bold {dark_colour if dark else light_colour}"
