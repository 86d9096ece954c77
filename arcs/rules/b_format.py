"""B: the bible's text itself. These are found by the loader, before any rule runs.

A bible with a B problem cannot be fully read as a story: ``arcroom check``
leaves out what is broken, checks the rest, prints every problem it found
and exits with 2. They cannot be ignored.
"""

from __future__ import annotations

from typing import NamedTuple


class FormatRule(NamedTuple):
    code: str
    name: str
    summary: str
    doc: str


FORMAT_RULES = (
    FormatRule(
        "B001", "unreadable-yaml",
        "The file is not valid YAML (or not UTF-8 text, or several documents).",
        "Failing::\n\n    arcs: [escape\n\nPassing::\n\n    arcs: {escape: ...}\n\n"
        "Fix the syntax at the line shown; a bible file holds one YAML document.\n\n"
        "The commonest mistakes are named where they were made, with the fix: a tab "
        "indenting a line, a key or list item indented unlike the lines around it, a "
        "missing ':' (or the space after it), a quote or bracket never closed, a colon "
        "and space or a space and '#' in a value that is not in quotes (``summary: Class "
        "#2 ...`` would silently end at ``Class``). Anything else gets libyaml's own "
        "words, at the place it stopped reading.\n\n"
        "Characters YAML does not allow in its text (control characters such as U+0007, "
        "or U+FFFE) are named and located: ``U+0007 (a control character) is not allowed "
        "in YAML text; remove it``.",
    ),
    FormatRule(
        "B002", "unknown-key", "A key the format does not know (with a did-you-mean hint).",
        "A typo in a key silently loses a writer's intent, so it is an error.\n\n"
        "Failing::\n\n    nam-ra: {name: Choi Nam-ra, stauts: immune}\n\n"
        "Passing::\n\n    nam-ra: {name: Choi Nam-ra, status: immune}\n\n"
        "YAML's merge key ``<<`` is one too: merge keys are not supported in a bible, so "
        "write the fields out.",
    ),
    FormatRule(
        "B003", "duplicate-key", "The same key twice in one mapping.",
        "Other YAML readers keep only the last one, silently; arcroom refuses, names both "
        "places, and reads only the first.\n\n"
        "Failing::\n\n    nam-ra: {name: Choi Nam-ra, name: Nam-ra}",
    ),
    FormatRule(
        "B004", "tag-not-allowed", "A YAML tag other than the core ones (!!str, !!int, ...).",
        "Tags such as ``!!python/object`` can run code in other loaders; a bible needs none.",
    ),
    FormatRule(
        "B005", "too-large", "The file, or what its aliases expand to, is beyond arcroom's bounds.",
        "Files over 64 MiB (a pipe or a device such as /dev/zero is read no further), and "
        "aliases that would expand the document by more than 100,000 "
        "nodes beyond what is written (a 'billion laughs' bomb), are refused.",
    ),
    FormatRule(
        "B006", "not-a-bible",
        "Nothing to read: a missing or empty file, or not a mapping of sections.",
        "A bible is a mapping that starts with ``arcroom: 1``; ``arcroom init`` writes one.",
    ),
    FormatRule(
        "B007", "wrong-type",
        "A value of the wrong type (a list where text belongs, ``yes`` for a flag).",
        "Failing::\n\n    beat: {at: S1E01, flashback: yes}\n\n"
        "Passing::\n\n    beat: {at: S1E01, flashback: true}\n\n"
        "Flags are ``true``/``false``; ``yes``/``no``/``on``/``off`` are text.",
    ),
    FormatRule(
        "B008", "missing-field",
        "A required field is missing (a beat's ``at``, an arc's ``title``...).",
        "Failing::\n\n    outbreak: {summary: The virus spreads}\n\n"
        "Passing::\n\n    outbreak: {at: S1E01, summary: The virus spreads}\n\n"
        "A character without ``status`` starts as ``human``; a bible whose own "
        "``statuses`` have no ``human`` is told which characters lack a status (give "
        "them a ``status:`` or add a ``human`` status).",
    ),
    FormatRule(
        "B009", "bad-position", "A position that is malformed or outside its season.",
        "Positions are ``S1E07`` (season, episode) or ``S2`` (a whole season).\n\n"
        "Failing::\n\n    at: S1E13     # S1 has 12 episodes\n    at: E3\n    at: S0E1\n"
        "    at: S1E05     # a bible with no 'seasons:' section has no S1",
    ),
    FormatRule(
        "B010", "bad-value", "A value outside what the format allows (a stance, an id, a version).",
        "Stances are ally, neutral, tense, hostile, war; ids are letters, digits, '-', '_', "
        "'.'; a season has 1 to 999 episodes (positions stop at E999); the codes in an "
        "``ignore:`` list are rule codes arcroom has (``[Z999]`` is refused at the code, "
        "with a did-you-mean hint).",
    ),
    FormatRule(
        "B011", "duplicate-id", "An id defined twice (ids share one namespace across the bible).",
        "Characters, factions, arcs, beats, seasons and statuses share ids, in every file of a "
        "folder bible; the message names both places.\n\n"
        "Failing::\n\n    characters: {outbreak: {name: ...}}\n"
        "    arcs: {a: {beats: {outbreak: ...}}}",
    ),
    FormatRule(
        "B012", "merge-conflict", "git's conflict markers left in a file by a merge.",
        "``arcroom merge`` (git's merge driver for a bible) puts ``<<<<<<< ours``, "
        "``=======`` and ``>>>>>>> theirs`` around the one entity both sides changed two "
        "ways; git's own merge puts them around lines. The problem stands at each "
        "``<<<<<<<`` line and its hint quotes both versions.\n\n"
        "Failing::\n\n    <<<<<<< ours\n    nam-ra-bitten: {at: S1E08}\n    =======\n"
        "    nam-ra-bitten: {at: S1E09}\n    >>>>>>> theirs\n\n"
        "Keep one version (or write a blend of both) and delete the three marker lines.",
    ),
)
