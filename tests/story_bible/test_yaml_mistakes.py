"""The YAML mistakes writers make most are named where they were made, with the fix.

Each case is the same small bible with one mistake typed into it; the
problem must name the mistake, sit on the line and column where the writer
made it (not where libyaml noticed), and say how to fix it
(``story_bible/reading/yaml_mistakes.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from story_bible import LoadError, load_text
from story_bible.errors import Problem
from story_bible.reading.yaml_mistakes import diagnose
from tests.support import run_arcroom

BIBLE = """\
arcroom: 1
series:
  title: Hyosan
seasons:
  S1:
    title: Outbreak
    episodes: 2
factions:
  survivors:
    name: Survivors
characters:
  on-jo:
    name: Nam On-jo
    faction: survivors
  su-hyeok:
    name: Lee Su-hyeok
    faction: survivors
arcs:
  escape:
    title: Escape
    season: S1
    beats:
      outbreak:
        at: S1E01
        summary: The infection spreads.
        characters: [on-jo, su-hyeok]
      roof:
        at: S1E02
        after: [outbreak]
        summary: The class reaches the roof.
        characters:
          - on-jo
          - su-hyeok
"""
AT = "        at: S1E02\n"
AFTER = "        after: [outbreak]\n"
SUMMARY = "        summary: The class reaches the roof.\n"
TAB_HINT = "(and set your editor to indent YAML with spaces)"

#: mistake: (the line as written, the line with the mistake, (line, column, message, hint))
MISTAKES = {
    "tab indentation": (
        AFTER, "\tafter: [outbreak]\n",
        (29, 1, "a tab indents this line; YAML indents with spaces only",
         f"replace the tab with 8 spaces {TAB_HINT}"),
    ),
    "tab indenting a key under 'series:'": (
        "  title: Hyosan\n", "\ttitle: Hyosan\n",
        (3, 1, "a tab indents this line; YAML indents with spaces only",
         f"replace the tab with 2 spaces {TAB_HINT}"),
    ),
    "a key indented less than its neighbours": (
        AFTER, "       after: [outbreak]\n",
        (29, 8, "'after:' is indented 7 spaces, less than the keys above it (8)",
         "indent it with 8 spaces, like 'at:' above"),
    ),
    "a key indented more than its neighbours": (
        AFTER, "         after: [outbreak]\n",
        (29, 10, "'after:' is indented 9 spaces, more than the keys above it (8)",
         "indent it with 8 spaces, like 'at:' above"),
    ),
    "a dedented key": (
        AT, "      at: S1E02\n",
        (28, 7, "'at:' is indented 6 spaces, as 'roof:' above it is, so it is not inside "
         "'roof' (the keys below it have 8)", "indent it with 8 spaces, like 'after:' below"),
    ),
    "a missing colon": (
        SUMMARY, "        summary The class reaches the roof.\n",
        (30, 9, "'summary' has no ':' after it, so YAML reads it as text, not a key",
         "write 'summary: The class reaches the roof.'"),
    ),
    "a missing space after a colon": (
        AT, "        at:S1E02\n",
        (28, 11, "'at:S1E02' needs a space after the ':' to be a key and its value",
         "write 'at: S1E02'"),
    ),
    "an unclosed quote": (
        SUMMARY, '        summary: "The class reaches the roof.\n',
        (30, 18, 'this " opens a quoted text that is never closed, so the text runs on',
         'close it with " at the end of this line (or remove it)'),
    ),
    "an unclosed bracket": (
        AFTER, "        after: [outbreak\n",
        (29, 16, "this '[' is never closed", "end the line with ']', as in [outbreak]"),
    ),
    "a ' #' that hides the closing bracket": (
        AFTER, "        after: [outbreak #1]\n",
        (29, 26, "' #' starts a comment, which hides the rest of this line (and the ']' "
         "that closes it)",
         "put the text with '#' in quotes ('outbreak #1'), or remove the space before '#'"),
    ),
    "a list item at the wrong level": (
        "          - su-hyeok\n", "        - su-hyeok\n",
        (33, 9, "this list item is indented 8 spaces, less than the items above it (10)",
         "indent it with 10 spaces, like '- on-jo' above"),
    ),
    "a ': ' in a value": (
        SUMMARY, "        summary: Warning: the class reaches the roof.\n",
        (30, 25, "': ' inside the value of 'summary' makes YAML read it as another key",
         'put the value in quotes: summary: "Warning: the class reaches the roof."'),
    ),
    "a ' #' in a value": (
        SUMMARY, "        summary: Class #2 reaches the roof.\n",
        (30, 24, "'#2 reaches the roof.' is read as a comment (a space, then '#'), so the "
         "summary ends at 'Class'",
         'put the whole text in quotes: summary: "Class #2 reaches the roof."; a comment '
         "is '# ' with a space"),
    ),
    "an apostrophe inside ' quotes": (
        SUMMARY, "        summary: 'Su-hyeok's class reaches the roof.'\n",
        (30, 27, "this apostrophe ends the text quoted with ' at column 18",
         "write it twice ('Su-hyeok''s class reaches the roof.'), or quote the text with \" "
         "instead"),
    ),
    "a list item's dash without a space": (
        "          - su-hyeok\n", "          -su-hyeok\n",
        (33, 11, "a list item's '-' needs a space after it", "write '- su-hyeok'"),
    ),
}
DUPLICATE = (
    SUMMARY, SUMMARY + "        at: S1E03\n",
    (31, 9, "'at' is written twice in one mapping: first at line 28, column 9 (S1E02), and "
     "again here (S1E03)",
     "arcroom reads only the first 'at' (other YAML tools keep the last, silently): delete "
     "one, merge the two, or rename one"),
)


def with_mistake(written: str, mistaken: str) -> str:
    assert BIBLE.count(written) == 1
    return BIBLE.replace(written, mistaken)


def problems(text: str) -> list[Problem]:
    try:
        load_text(text, "bible.yaml")
    except LoadError as exc:
        return exc.problems
    return []


def test_the_bible_without_mistakes_loads() -> None:
    assert load_text(BIBLE).beats["roof"].characters == ("on-jo", "su-hyeok")


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_mistake_is_named_where_it_was_made_with_its_fix(
    mistake: tuple[str, str, tuple[int, int, str, str]],
) -> None:
    written, mistaken, expected = mistake
    [problem] = problems(with_mistake(written, mistaken))
    assert (problem.line, problem.column, problem.message, problem.hint) == expected
    assert problem.code == "B001"
    # The fix the hint gives makes the bible load.
    assert problems(with_mistake(written, written)) == []


def test_a_duplicated_key_names_both_places_and_both_values() -> None:
    written, mistaken, expected = DUPLICATE
    [problem] = problems(with_mistake(written, mistaken))
    assert problem.code == "B003"
    assert (problem.line, problem.column, problem.message, problem.hint) == expected


def _check(tmp_path: Path, text: str, *options: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "bible.yaml").write_text(text, encoding="utf-8")
    return run_arcroom("check", "bible.yaml", *options, cwd=tmp_path)


def test_check_shows_a_tab_as_an_arrow_under_the_caret(tmp_path: Path) -> None:
    done = _check(tmp_path, with_mistake(*MISTAKES["tab indentation"][:2]))
    assert done.returncode == 2
    assert done.stdout == (
        "bible.yaml:29:1: B001 a tab indents this line; YAML indents with spaces only\n"
        "    29 | →after: [outbreak]\n"
        "       | ^\n"
        f"       = hint: replace the tab with 8 spaces {TAB_HINT}\n"
        "Found 1 error.\n"
    )


@pytest.mark.parametrize(
    ("mistake", "excerpt"),
    [
        ("an unclosed bracket", ["    29 |         after: [outbreak", "       |                ^"
                                 "^^^^^^^^"]),
        ("a missing colon", ["    30 |         summary The class reaches the roof.",
                             "       |         ^^^^^^^"]),
        ("a ': ' in a value", ["    30 |         summary: Warning: the class reaches the roof.",
                               "       |                         ^"]),
        ("a dedented key", ["    28 |       at: S1E02", "       |       ^^"]),
    ],
)
def test_check_reports_the_mistake_at_its_place(
    tmp_path: Path, mistake: str, excerpt: list[str]
) -> None:
    written, mistaken, (line, column, message, hint) = MISTAKES[mistake]
    done = _check(tmp_path, with_mistake(written, mistaken))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines() == [
        f"bible.yaml:{line}:{column}: B001 {message}", *excerpt, f"       = hint: {hint}",
        "Found 1 error.",
    ]


def test_github_annotations_carry_the_mistake_and_its_fix(tmp_path: Path) -> None:
    done = _check(tmp_path, with_mistake(*MISTAKES["a missing colon"][:2]), "--format", "github")
    assert done.returncode == 2
    assert done.stdout.startswith(
        "::error file=bible.yaml,line=30,col=9,endLine=30,endColumn=16,title=B001 "
        "unreadable-yaml::'summary' has no ':' after it"
    ) or done.stdout.startswith(
        "::error file=bible.yaml,line=30,col=9,title=B001 unreadable-yaml::'summary' has no"
    ), done.stdout
    assert "write 'summary: The class reaches the roof.'" in done.stdout


def test_the_pure_python_reader_names_the_same_mistakes_at_the_same_places() -> None:
    texts = {name: with_mistake(w, m) for name, (w, m, _) in MISTAKES.items()}
    program = (
        "import json, sys; sys.modules['yaml._yaml'] = None\n"
        "from story_bible import LoadError, load_text\n"
        "found = {}\n"
        "for name, text in json.load(sys.stdin).items():\n"
        "    try:\n        load_text(text, 'bible.yaml')\n"
        "    except LoadError as exc:\n"
        "        found[name] = [[p.line, p.column, p.message, p.hint] for p in exc.problems]\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], input=json.dumps(texts), capture_output=True,
        text=True, encoding="utf-8", timeout=120,
    )
    assert done.stderr == ""
    found = json.loads(done.stdout)
    assert found == {name: [list(expected)] for name, (_, _, expected) in MISTAKES.items()}


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_mistakes_are_placed_alike_whatever_ends_the_lines(newline: str) -> None:
    for name in ("a dedented key", "an unclosed bracket", "a missing colon", "tab indentation"):
        written, mistaken, expected = MISTAKES[name]
        [problem] = problems(with_mistake(written, mistaken).replace("\n", newline))
        assert (problem.line, problem.column, problem.message) == expected[:3], name


def test_a_mistake_with_no_name_keeps_libyamls_words_and_where_it_stopped() -> None:
    # A list item among a mapping's keys: no repair reads past it, so no guess is made.
    [problem] = problems("arcroom: 1\nseries:\n  title: T\n  - x\n")
    assert (problem.code, problem.line, problem.column) == ("B001", 4, 3)
    assert problem.message == (
        "YAML syntax error: did not find expected key (while parsing a block mapping)"
    )
    assert problem.hint == (
        "look at this line and the one above it: indentation (spaces only), a ':' and the "
        "space after it, quotes and brackets closed"
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("arcroom 1\nseries: {title: T}\n", (1, 1), "'arcroom' has no ':' after it"),
        ("arcroom: 1\nseries:\n  title: T\n  logline\n", (4, 3), "'logline' has no ':'"),
        ("arcroom: 1\nseries: {title: T\nseasons: {}\n", (2, 9), "this '{' is never closed"),
        ("arcroom: 1\nseries {title: T, logline: L}\n", (2, 1), "'series' has no ':'"),
        ("arcroom: 1\ncharacters:\n  남라\n    name: 최남라\n", (3, 3), "'남라' has no ':'"),
        ("arcroom: 1\nseries: {title: Warning: T}\n", (2, 24), "': ' inside the value of"),
        ("arcroom: 1\nseries:\n  title: 'T\n", (3, 10), "this ' opens a quoted text"),
        ('arcroom: 1\nseries:\n  title: "T\n  logline: "x"\n', (3, 10), 'this " opens'),
        ("arcroom: 1\nseasons:\n  S1: {title: One, episodes: 3, summary: [a, b}\n", (3, 42),
         "this '[' is never closed: the '}' at column 47 closes what holds it"),
        ("arcroom: 1\nseries:\n  title: T    logline: L\n", (3, 15),
         "'logline:' starts a new key in the middle of a line: a line break is missing"),
        ("arcroom: 1\nseries:\n  title: T\n  - logline: L\n", (4, 3),
         "this '-' starts a list item among keys"),
        ("arcroom: 1\nseries:\n  [title: T\n  logline: L\n", (3, 3),
         "this '[' is never closed"),
        ("arcroom: 1\nseries:\n  \"title: T\n  logline: L\n", (3, 3),
         'this " opens a quoted text that is never closed'),
        ("arcroom: 1\nseries:\n  title: T\n\tseasons:\n  S1: {title: One, episodes: 1}\n",
         (4, 1), "a tab indents this line"),
        ("arcroom: 1\nseries:\n title: T\n  logline: L\n", (3, 2),
         "'title:' is indented 1 space, but what is under 'series:' is indented 2"),
    ],
    ids=["first line", "last line", "flow mapping", "before brackets", "a Korean key",
         "flow value", "single quote",
         "quote closed lines later", "wrong closer", "two keys on a line", "a stray dash",
         "a stray bracket", "a stray quote", "a tab at the top level", "a first key off step"],
)
def test_mistakes_at_the_edges_of_a_file_and_in_brackets(
    text: str, where: tuple[int, int], message: str
) -> None:
    [problem] = problems(text)
    assert (problem.code, (problem.line, problem.column)) == ("B001", where)
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("arcroom: 1\nseries:\n  [title: T\n  logline: L\n", "remove it (or end the line "
         "with ']')"),
        ("arcroom: 1\nseries:\n  title: T\n\tseasons:\n  S1: {title: One, episodes: 1}\n",
         f"remove the tab {TAB_HINT}"),
        ("arcroom: 1\nseries:\n  title: T    logline: L\n",
         "put 'logline:' on a line of its own, indented 2 spaces"),
        ("arcroom: 1\nseries:\n  title: Outbreak:\n", 'put the value in quotes: title: '
         '"Outbreak:"'),
    ],
    ids=["a stray bracket", "a tab at the top level", "two keys on a line", "a colon at the end"],
)
def test_the_hint_gives_the_likeliest_fix(text: str, hint: str) -> None:
    [problem] = problems(text)
    assert problem.hint == hint


@pytest.mark.parametrize(
    "line",
    [
        "        summary: Class 2 reaches the roof.  # a comment\n",
        "        summary: Class reaches the roof. # 2nd draft\n",
        "        summary: 'Class #2 reaches the roof.'\n",
        "        summary: Class#2 reaches the roof.\n",
        "        # see #2\n" + SUMMARY,
    ],
    ids=["comment", "comment with a space after '#'", "quoted", "no space before '#'",
         "in a comment line"],
)
def test_text_that_only_looks_like_a_numbered_comment_is_read(line: str) -> None:
    assert problems(with_mistake(SUMMARY, line)) == []


def test_diagnose_names_nothing_it_cannot_repair() -> None:
    text = "a:\n  b: c\n  - d\n"
    assert diagnose(text, text.index("- d"), "did not find expected key",
                    "while parsing a block mapping", 3) is None


@pytest.mark.parametrize(
    "mistake", ["an unclosed bracket", "tab indentation", "a dedented key", "a missing colon"]
)
def test_repairs_are_tried_on_the_mistakes_surroundings_not_the_whole_file(
    monkeypatch: pytest.MonkeyPatch, mistake: str
) -> None:
    from story_bible.reading import yaml_mistakes

    beats = "".join(
        f"      beat-{i}:\n        at: S1E01\n        summary: Beat {i}.\n" for i in range(2000)
    )
    written, mistaken, expected = MISTAKES[mistake]
    text = with_mistake(written, mistaken).replace(
        "      outbreak:\n", beats + "      outbreak:\n"
    )
    read: list[int] = []
    stopped_at = yaml_mistakes._stopped_at

    def counted(part: str) -> int | None:
        read.append(len(part))
        return stopped_at(part)

    monkeypatch.setattr(yaml_mistakes, "_stopped_at", counted)
    [problem] = problems(text)
    assert (problem.line - 6000, problem.column, problem.message) == expected[:3]
    assert read and max(read) < len(text) // 50
