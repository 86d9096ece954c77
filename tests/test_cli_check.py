"""``arcroom check``, ``rules`` and ``init`` as CI runs them: a real process, output, exit code."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from arcs.version import version
from story_bible.reading.loader import sample_path
from tests.support import run_arcroom

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bibles"
Run = Callable[..., subprocess.CompletedProcess[str]]


def place(
    folder: Path, fixture: str, name: str = "bible.yaml", edit: tuple[str, str] = ("", "")
) -> Path:
    """Copy a fixture bible into ``folder`` (as ``name``), optionally replacing one text."""
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    old, new = edit
    if old:
        assert old in text
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def where(fixture: str, line_text: str, word: str) -> tuple[int, int]:
    """1-based line and column of ``word`` on the fixture's line that contains ``line_text``."""
    lines = (FIXTURES / fixture).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line_text in line)
    return number + 1, lines[number].index(word) + 1


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr
    assert "Traceback" not in done.stdout


# -- exit codes ---------------------------------------------------------------


def test_version_names_the_installed_arcroom(arcroom: Run) -> None:
    out = arcroom("--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, f"arcroom {version()}\n", "")


def test_a_clean_bible_exits_0(arcroom: Run, tmp_path: Path) -> None:
    place(tmp_path, "hyosan_s1.yaml")
    done = arcroom("check", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "All checks passed (1 file).\n")
    no_traceback(done)


def test_a_dead_character_reappearing_exits_1_pointing_at_the_beat(
    arcroom: Run, tmp_path: Path
) -> None:
    place(tmp_path, "dead_walk_again.yaml", "dead_walk_again.yaml")
    done = arcroom("check", "dead_walk_again.yaml", cwd=tmp_path)
    assert done.returncode == 1
    line, column = where("dead_walk_again.yaml", "rescue:", "cheong-san")
    assert done.stdout.splitlines()[0] == (
        f"dead_walk_again.yaml:{line}:{column}: C001 cheong-san appears in rescue (S1E03) "
        "while dead (since sacrifice, S1E03)"
    )
    assert done.stdout.endswith("Found 1 error.\n")
    no_traceback(done)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"arcroom: 1\nseries: {title: All of Us Are Dead\n", "bible.yaml:2:9: B001 "),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bible.yaml:1:1: B001 "),
        (b"", "bible.yaml:1:1: B006 "),
        (b"- nam-ra\n- on-jo\n", "bible.yaml:1:1: B006 "),
    ],
    ids=["syntax error", "binary", "empty", "a list"],
)
def test_an_unreadable_bible_exits_2_with_a_located_message(
    arcroom: Run, tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / "bible.yaml").write_bytes(content)
    done = arcroom("check", "bible.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.startswith(message)
    no_traceback(done)


def test_a_missing_bible_or_an_empty_folder_exits_2(arcroom: Run, tmp_path: Path) -> None:
    (tmp_path / "bible").mkdir()
    missing = arcroom("check", "bilbe.yaml", cwd=tmp_path)
    empty = arcroom("check", "bible", cwd=tmp_path)
    assert (missing.returncode, empty.returncode) == (2, 2)
    assert missing.stdout.startswith("bilbe.yaml:1:1: B006 no such file")
    assert empty.stdout.startswith("bible:1:1: B006 no *.yaml files in this folder")
    no_traceback(missing)
    no_traceback(empty)


# -- the JSON report -----------------------------------------------------------

DIAGNOSTIC_KEYS = {
    "code", "severity", "message", "file", "line", "column", "end_line", "end_column", "entity",
    "hint",
}


def test_json_report_has_exactly_the_documented_shape(arcroom: Run, tmp_path: Path) -> None:
    place(tmp_path, "dead_walk_again.yaml", "dead_walk_again.yaml")
    done = arcroom("check", "dead_walk_again.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert list(report) == ["arcroom", "files", "diagnostics", "summary"]
    assert report["arcroom"] == version()
    assert report["files"] == ["dead_walk_again.yaml"]
    assert report["summary"] == {"error": 1, "warning": 0, "info": 0}
    [diagnostic] = report["diagnostics"]
    assert set(diagnostic) == DIAGNOSTIC_KEYS
    line, column = where("dead_walk_again.yaml", "rescue:", "cheong-san")
    assert diagnostic == {
        "code": "C001",
        "severity": "error",
        "message": "cheong-san appears in rescue (S1E03) while dead (since sacrifice, S1E03)",
        "file": "dead_walk_again.yaml",
        # 1-based, as editors and GitHub count: the name 'cheong-san' in the rescue beat.
        "line": line,
        "column": column,
        "end_line": line,
        "end_column": column + len("cheong-san"),
        "entity": "rescue",
        "hint": "mark the beat 'flashback: true', or take the character out of it",
    }


def test_json_report_of_a_clean_bible_is_empty_and_of_an_unreadable_one_says_where(
    arcroom: Run, tmp_path: Path
) -> None:
    place(tmp_path, "hyosan_s1.yaml")
    clean = json.loads(arcroom("check", "--format", "json", cwd=tmp_path).stdout)
    assert (clean["diagnostics"], clean["files"]) == ([], ["bible.yaml"])
    (tmp_path / "broken.yaml").write_text("arcroom: 1\nseries: [\n", encoding="utf-8")
    done = arcroom("check", "broken.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    [problem] = json.loads(done.stdout)["diagnostics"]
    assert (problem["code"], problem["file"], problem["line"], problem["column"]) == (
        "B001", "broken.yaml", 2, 9  # the '[' never closed
    )
    assert set(problem) == DIAGNOSTIC_KEYS


# -- choosing rules and the failing severity -------------------------------------


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ((), 1),
        (("--select", "C001"), 1),
        (("--select", "c"), 1),
        (("--select", "T,R"), 0),
        (("--ignore", "C001"), 0),
        (("--ignore", "C"), 0),
        (("--select", "C", "--ignore", "C001"), 0),
    ],
)
def test_select_and_ignore_choose_the_rules_that_run(
    arcroom: Run, tmp_path: Path, options: tuple[str, ...], code: int
) -> None:
    place(tmp_path, "dead_walk_again.yaml")
    done = arcroom("check", *options, "--format", "json", cwd=tmp_path)
    assert done.returncode == code
    codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert codes == (["C001"] if code else [])


def test_select_cannot_hide_that_the_bible_is_unreadable(arcroom: Run, tmp_path: Path) -> None:
    (tmp_path / "bible.yaml").write_text("arcroom: 1\nseries: [\n", encoding="utf-8")
    done = arcroom("check", "--select", "C001", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.startswith("bible.yaml:2:9: B001 this '[' is never closed")


UNUSED_FACTION = (
    "  horde: {name: The zombies, kind: zombie}\n",
    "  horde: {name: The zombies, kind: zombie}\n"
    "  military: {name: Martial-law command, kind: state}\n",
)
LEFT_OPEN = ("    title: Escape Hyosan High\n", "    title: Escape Hyosan High\n    open: true\n")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # A warning (F003, a faction nobody uses) fails only from --fail-on warning.
        (UNUSED_FACTION, {"error": 0, "warning": 1, "info": 0}),
        # An info (S005, an arc left open at the end) fails only at --fail-on info.
        (LEFT_OPEN, {"error": 0, "warning": 0, "info": 1}),
    ],
    ids=["warning", "info"],
)
def test_fail_on_sets_the_lowest_severity_that_fails(
    arcroom: Run, tmp_path: Path, edit: tuple[str, str], expected: dict[str, int]
) -> None:
    place(tmp_path, "hyosan_s1.yaml", edit=edit)
    default = arcroom("check", "--format", "json", cwd=tmp_path)
    assert json.loads(default.stdout)["summary"] == expected
    exits = {
        level: arcroom("check", "--fail-on", level, cwd=tmp_path).returncode
        for level in ("error", "warning", "info")
    }
    assert default.returncode == 0
    assert exits == {"error": 0, "warning": 1 if expected["warning"] else 0, "info": 1}


# -- misuse ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("check", "--select", "X999"), "unknown rule code or prefix 'X999'"),
        (("check", "--ignore", "C1"), "unknown rule code or prefix 'C1'"),
        (("check", "bible.yaml", "--sample"), "give a BIBLE or --sample, not both"),
        (("check", "--format", "xml"), "invalid choice: 'xml'"),
        (("check", "--fail-on", "fatal"), "invalid choice: 'fatal'"),
        (("check", "--frobnicate"), "unrecognized arguments: --frobnicate"),
        (("rules", "Z999"), "unknown rule code 'Z999'"),
        ((), "the following arguments are required: COMMAND"),
    ],
)
def test_misuse_exits_2_and_says_why_on_stderr(
    arcroom: Run, tmp_path: Path, argv: tuple[str, ...], says: str
) -> None:
    place(tmp_path, "hyosan_s1.yaml")
    done = arcroom(*argv, cwd=tmp_path)
    assert done.returncode == 2
    assert says in done.stderr
    assert done.stdout == ""
    no_traceback(done)


def test_check_without_a_bible_here_explains_how_to_start(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("check", cwd=tmp_path)
    assert done.returncode == 2
    assert "no bible.yaml or bible/ in this folder" in done.stderr
    assert "arcroom init" in done.stderr


def test_check_finds_a_bible_folder_here(arcroom: Run, tmp_path: Path) -> None:
    folder = tmp_path / "bible"
    folder.mkdir()
    place(folder, "dead_walk_again.yaml", "s1.yaml")
    done = arcroom("check", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith(str(Path("bible") / "s1.yaml") + ":")


# -- rules and init ----------------------------------------------------------


def test_rules_lists_the_catalogue(arcroom: Run) -> None:
    done = arcroom("rules")
    assert done.returncode == 0
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")}
    assert {"B001", "B011", "R001", "R002", "T001", "T002", "C001", "C002"} <= listed


@pytest.mark.parametrize("name", ["C001", "c001", "appears-while-dead"])
def test_rules_code_prints_that_rules_documentation(arcroom: Run, name: str) -> None:
    done = arcroom("rules", name)
    assert done.returncode == 0
    assert done.stdout.startswith(
        "C001 appears-while-dead (error)\n\n"
        "A character appears in a beat while dead (a status with appears: false).\n\n"
        "The core continuity rule."
    )
    for part in ("\nFailing:\n\n    characters:\n", "\nPassing:\n\n", "'flashback: true'",
                 "'ignore: [C001]'"):
        assert part in done.stdout
    # Plain text: no reStructuredText markup, and the summary said once.
    assert "``" not in done.stdout and "::" not in done.stdout
    assert "a character appears in a beat while in a status" not in done.stdout


def test_every_rules_documentation_is_free_of_markup() -> None:
    from arcs.rules import RULES
    from arcs.rules.docs import as_markdown, as_text

    for rule in RULES.values():
        assert "``" not in as_text(rule) and "::" not in as_text(rule), rule.code
        assert "``" not in as_markdown(rule).replace("```", ""), rule.code
    markdown = as_markdown(RULES["C001"])
    assert "(`appears: false` for `dead`)" in markdown
    assert "Failing:\n\n```yaml\ncharacters:\n  cheong-san:" in markdown


def test_init_writes_the_sample_and_it_checks_clean(arcroom: Run, tmp_path: Path) -> None:
    made = arcroom("init", "my-show", cwd=tmp_path)
    assert made.returncode == 0
    bible = tmp_path / "my-show" / "bible.yaml"
    assert bible.read_bytes() == sample_path().read_bytes()
    assert "wrote" in made.stderr
    checked = arcroom("check", cwd=bible.parent)
    assert checked.returncode == 0, checked.stdout
    no_traceback(checked)


def test_init_never_overwrites_a_bible(arcroom: Run, tmp_path: Path) -> None:
    shutil.copyfile(FIXTURES / "hyosan_s1.yaml", tmp_path / "bible.yaml")
    done = arcroom("init", ".", cwd=tmp_path)
    assert done.returncode == 2
    assert "already exists" in done.stderr
    assert (tmp_path / "bible.yaml").read_bytes() == (FIXTURES / "hyosan_s1.yaml").read_bytes()


@pytest.mark.parametrize("target", ["a-file.yaml", "a-file.yaml/show"])
def test_init_into_something_that_is_not_a_folder_is_refused_in_one_line(
    arcroom: Run, tmp_path: Path, target: str
) -> None:
    (tmp_path / "a-file.yaml").write_text("notes: mine\n", encoding="utf-8")
    done = arcroom("init", target, cwd=tmp_path)
    assert done.returncode == 2
    no_traceback(done)
    assert done.stderr.startswith("arcroom init: ") and done.stderr.count("\n") == 1
    assert (tmp_path / "a-file.yaml").read_text(encoding="utf-8") == "notes: mine\n"


# -- bad input is one located message and exit 2 -----------------------------------


def test_a_season_of_200000_episodes_is_one_located_problem(arcroom: Run, tmp_path: Path) -> None:
    place(tmp_path, "hyosan_s1.yaml", edit=("episodes: 3}", "episodes: 200000}"))
    done = arcroom("check", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    [problem] = json.loads(done.stdout)["diagnostics"]
    assert (problem["code"], problem["line"], problem["column"]) == ("B010", 7, 46)
    no_traceback(done)


def test_a_control_character_is_named_at_its_place_in_one_line(
    arcroom: Run, tmp_path: Path
) -> None:
    place(tmp_path, "hyosan_s1.yaml", edit=("title: Survival", "title: Surv\x07ival"))
    done = arcroom("check", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == (
        "bible.yaml:7:19: B001 U+0007 (a control character) is not allowed in YAML text; "
        "remove it"
    )
    no_traceback(done)


def test_reading_a_device_stops_at_the_size_limit(arcroom: Run, tmp_path: Path) -> None:
    done = arcroom("check", "/dev/zero", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stdout.startswith("/dev/zero:1:1: B005 the file is more than 67,108,864 bytes")
    no_traceback(done)


def test_json_files_of_a_folder_bible_that_does_not_load_lists_every_file(
    arcroom: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "bible"
    (folder / "arcs").mkdir(parents=True)
    text = (FIXTURES / "hyosan_s1.yaml").read_text(encoding="utf-8")
    head, arcs = text.split("arcs:\n")
    (folder / "00-series.yaml").write_text(head, encoding="utf-8")
    (folder / "arcs" / "s1.yaml").write_text("arcs:\n" + arcs, encoding="utf-8")
    (folder / "notes.yaml").write_text("factions:\n  horde: {name: Again}\n", encoding="utf-8")
    done = arcroom("check", "bible", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert [d["file"] for d in report["diagnostics"]] == ["bible/notes.yaml"]
    assert report["files"] == ["bible/00-series.yaml", "bible/arcs/s1.yaml", "bible/notes.yaml"]


# -- ignore: on an entity ------------------------------------------------------------


def test_an_unknown_code_in_an_entitys_ignore_is_refused_at_the_item(
    arcroom: Run, tmp_path: Path
) -> None:
    place(tmp_path, "dead_walk_again.yaml", edit=(
        "{name: Lee Cheong-san, faction: survivors}",
        "{name: Lee Cheong-san, faction: survivors, ignore: [C001, Z999]}",
    ))
    done = arcroom("check", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == (
        "bible.yaml:14:73: B010 'Z999' in 'ignore' is not one of arcroom's rule codes"
    )
    assert "= hint: `arcroom rules` lists them" in done.stdout
    assert done.stdout.endswith("Found 1 error.\n")
    no_traceback(done)


def test_a_characters_ignore_silences_continuity_problems_about_them(
    arcroom: Run, tmp_path: Path
) -> None:
    place(tmp_path, "dead_walk_again.yaml", edit=(
        "{name: Lee Cheong-san, faction: survivors}",
        "{name: Lee Cheong-san, faction: survivors, ignore: [C001]}",
    ))
    done = arcroom("check", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "All checks passed (1 file).\n")


# -- a report a person reads ---------------------------------------------------

def test_text_report_lists_errors_first_and_sort_position_keeps_file_order(
    arcroom: Run,
) -> None:
    golden = Path(__file__).resolve().parent / "arcs" / "report" / "golden"
    args = ("check", "bible.yaml", "--select", "C001,S001,S005")
    by_severity = arcroom(*args, cwd=golden)
    by_position = arcroom(*args, "--sort", "position", cwd=golden)
    codes = [[line.split()[1] for line in done.stdout.splitlines() if line.startswith("bible")]
             for done in (by_severity, by_position)]
    assert codes == [["C001", "S001", "S005"], ["S001", "C001", "S005"]]
    assert by_severity.stdout.endswith("Found 1 error, 1 warning and 1 info.\n")
    assert by_position.returncode == by_severity.returncode == 1


def _one_long_line(path: Path, ids: int) -> Path:
    names = ", ".join(f"c{i:06d}" for i in range(ids))
    path.write_text(
        "{arcroom: 1, series: {title: T}, seasons: {S1: {title: One, episodes: 1}}, arcs: "
        "{a: {season: S1, title: A, beats: {b: {at: S1E01, characters: [" + names + "]}}}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_one_megabyte_line_is_reported_in_bounded_time(
    arcroom: Run, tmp_path: Path, fmt: str
) -> None:
    # 111,111 unknown characters on one line: 111,111 R001s, each quoting that line.
    # The time is the child's CPU time, so other work on the machine does not count.
    bible = _one_long_line(tmp_path / "bible.yaml", 111_111)
    assert bible.stat().st_size > 1_000_000
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = run_arcroom("check", "bible.yaml", "--format", fmt, cwd=tmp_path, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert done.returncode == 1, done.stderr[-500:]
    assert cpu < 20, f"{cpu:.1f} s of CPU"  # about 4 s here; scanning the line per problem: minutes
    if fmt == "json":
        assert json.loads(done.stdout)["summary"]["error"] == 111_111
    else:
        assert done.stdout.endswith("Found 111111 errors.\n")


def test_control_characters_in_a_bible_never_reach_the_terminal(
    arcroom: Run, tmp_path: Path
) -> None:
    # YAML's "\e" and "\a" escapes put ESC and BEL in a name, legally.
    folder = tmp_path / "bible"
    folder.mkdir()
    place(folder, "dead_walk_again.yaml", "evil\x1b[31m\x07.yaml",
          edit=("{name: Lee Cheong-san", '{name: "Lee \\e[31mCheong-san\\a"'))
    checked = arcroom("check", "bible", cwd=tmp_path)
    github = arcroom("check", "bible", "--format", "github", cwd=tmp_path)
    shown = arcroom("show", "timeline", "cheong-san", "--bible", "bible", cwd=tmp_path)
    for done in (checked, github, shown):
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout, done.stdout
    assert checked.returncode == 1
    assert "evil\u241b[31m\u2407.yaml:" in checked.stdout
    assert "evil\u241b[31m\u2407.yaml" in github.stdout
    assert shown.stdout.startswith("Lee \u241b[31mCheong-san\u2407 (cheong-san)")
