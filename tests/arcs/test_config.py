"""Configuration: found beside the bible as ruff finds its own, overridden by flags, and
every mistake in it reported at its line and column with exit 2."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from arcs.config import ConfigError, find_config, load_config, locate, resolve_prefixes
from arcs.diagnostics import Severity

GOLDEN_BIBLE = Path(__file__).resolve().parent / "report" / "golden" / "bible.yaml"
# The golden bible has one problem of each severity: C001 (error), S001 (warning), S005 (info).


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A room's repository: a .git folder (where discovery stops) and the bible in story/."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "story").mkdir()
    shutil.copyfile(GOLDEN_BIBLE, tmp_path / "story" / "bible.yaml")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes_found(arcroom, repo: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    out = arcroom("check", "story/bible.yaml", "--format", "json", *args, cwd=repo)
    assert out.returncode in (0, 1), out.stderr
    found = json.loads(out.stdout)["diagnostics"]
    return out.returncode, [(d["code"], d["severity"]) for d in found]


# -- finding the configuration --------------------------------------------------------


def test_arcroom_toml_beside_the_bible_is_found(repo: Path) -> None:
    config = write(repo / "story" / "arcroom.toml", 'select = ["C"]\n')
    assert find_config(repo / "story" / "bible.yaml") == config.resolve()


def test_pyproject_with_a_tool_arcroom_table_up_the_tree_is_found(repo: Path) -> None:
    pyproject = write(repo / "pyproject.toml", '[tool.arcroom]\nselect = ["C"]\n')
    assert find_config(repo / "story" / "bible.yaml") == pyproject.resolve()


def test_pyproject_without_an_arcroom_table_is_passed_over(repo: Path) -> None:
    write(repo / "story" / "pyproject.toml", '[project]\nname = "hyosan"\n')
    config = write(repo / "arcroom.toml", 'select = ["C"]\n')
    assert find_config(repo / "story" / "bible.yaml") == config.resolve()


def test_arcroom_toml_wins_over_pyproject_in_the_same_folder(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.arcroom]\nselect = ["S"]\n')
    config = write(repo / "arcroom.toml", 'select = ["C"]\n')
    assert find_config(repo / "story" / "bible.yaml") == config.resolve()


def test_a_folder_bible_uses_the_configuration_in_its_own_folder(repo: Path) -> None:
    config = write(repo / "story" / "arcroom.toml", 'select = ["C"]\n')
    assert find_config(repo / "story") == config.resolve()


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "arcroom.toml", 'select = ["C"]\n')  # outside the room's repository
    (tmp_path / "room" / ".git").mkdir(parents=True)
    shutil.copyfile(GOLDEN_BIBLE, tmp_path / "room" / "bible.yaml")
    assert find_config(tmp_path / "room" / "bible.yaml") is None


# -- reading it ------------------------------------------------------------------------


def test_a_full_configuration_is_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "arcroom.toml", """\
        select = ["c", "S"]
        ignore = ["S005"]
        fail-on = "warning"

        [severity]
        S = "info"
        S001 = "error"
        """))
    assert config.select == ("C", "S")
    assert config.ignore == ("S005",)
    assert config.fail_on is Severity.WARNING
    assert config.severity["S001"] is Severity.ERROR
    assert config.severity["S003"] is Severity.INFO
    assert "C001" not in config.severity


def test_the_longest_prefix_sets_the_severity() -> None:
    levels = {"S": Severity.INFO, "S00": Severity.WARNING, "S001": Severity.ERROR}
    resolved = resolve_prefixes(levels, ["S001", "S002", "S010", "C001"])
    assert resolved == {"S001": Severity.ERROR, "S002": Severity.WARNING, "S010": Severity.INFO}


def error_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('select = ["C"]\nfail_on = "warning"\n', 2, 1, "unknown key 'fail_on' in arcroom.toml; "
         "did you mean 'fail-on'?"),
        ('select = ["C",\n          "X999"]\n', 2, 11, "unknown rule code or prefix 'X999'"),
        ('ignore = ["C0O1"]\n', 1, 11, "unknown rule code or prefix 'C0O1'; did you mean 'C001'?"),
        ('select = "C"\n', 1, 1, "'select' should be a list of rule codes"),
        ('fail-on = "fatal"\n', 1, 11, "'fatal' is not a severity (error, warning, info)"),
        ('\n[severity]\nC001 = "warn"\n', 3, 8, "'warn' is not a severity (error, warning, info); "
         "did you mean 'warning'?"),
        ('[severity]\nQ001 = "info"\n', 2, 1, "unknown rule code or prefix 'Q001'"),
        ('[severity]\nB002 = "info"\n', 2, 1, "'B002': B problems stop the bible from loading"),
        ('select = ["C"\nignore = []\n', 2, 1, "invalid TOML: "),
        ('select = ["C"]\nselect = ["S"]\n', 2, 15, "invalid TOML: Cannot overwrite a value"),
    ],
    ids=["misspelt-key", "unknown-code-in-list", "typo-code", "not-a-list", "bad-fail-on",
         "bad-severity", "unknown-severity-code", "severity-of-B", "syntax-error", "duplicate-key"],
)
def test_mistakes_are_located(tmp_path: Path, text: str, line: int, column: int,
                              message: str) -> None:
    error = error_of(write(tmp_path / "arcroom.toml", text))
    assert (error.line, error.column) == (line, column)
    assert error.message.startswith(message), error.message
    assert str(error).startswith(f"{tmp_path / 'arcroom.toml'}:{line}:{column}: ")


def test_mistakes_in_pyproject_point_into_the_arcroom_table(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", """\
        [project]
        name = "hyosan-high"

        [tool.ruff]
        select = ["E", "F"]

        [tool.arcroom]
        select = [
            "C",
            "F",
            "Z9",
        ]
        """)
    error = error_of(pyproject)
    assert (error.line, error.column) == (11, 5)
    assert "'Z9'" in error.message


def test_pyproject_named_with_config_needs_the_arcroom_table(tmp_path: Path) -> None:
    error = error_of(write(tmp_path / "pyproject.toml", '[tool.ruff]\nselect = ["E"]\n'))
    assert "no [tool.arcroom] table" in error.message


def test_locate_skips_comments() -> None:
    text = "# select = ['C'] was too strict\nselect = ['C', 'Q']\n"
    assert locate(text, ("select",)) == (2, 1)
    assert locate(text, ("select",), "Q") == (2, 16)


# -- through the command line ----------------------------------------------------------


def test_without_configuration_every_rule_runs(arcroom, repo: Path) -> None:
    status, found = codes_found(arcroom, repo)
    assert (status, found) == (1, [("S001", "warning"), ("C001", "error"), ("S005", "info")])


def test_configuration_selects_ignores_and_sets_severity(arcroom, repo: Path) -> None:
    write(repo / "arcroom.toml", """\
        select = ["C", "S"]
        ignore = ["S005"]
        [severity]
        C001 = "warning"
        """)
    status, found = codes_found(arcroom, repo)
    assert found == [("S001", "warning"), ("C001", "warning")]
    assert status == 0  # nothing is an error any more


def test_fail_on_from_configuration(arcroom, repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.arcroom]\nselect = ["S"]\nfail-on = "warning"\n')
    status, found = codes_found(arcroom, repo)
    assert found == [("S001", "warning"), ("S005", "info")]
    assert status == 1


def test_command_line_flags_override_the_configuration(arcroom, repo: Path) -> None:
    write(repo / "arcroom.toml", 'select = ["S"]\nignore = ["S001"]\nfail-on = "info"\n')
    assert codes_found(arcroom, repo) == (1, [("S005", "info")])
    status, found = codes_found(arcroom, repo, "--select", "S", "--ignore", "S005",
                                "--fail-on", "error")
    assert (status, found) == (0, [("S001", "warning")])


def test_config_flag_names_the_file_to_use(arcroom, repo: Path) -> None:
    write(repo / "arcroom.toml", 'select = ["S"]\n')
    strict = write(repo / "strict.toml", 'select = ["C"]\n')
    assert codes_found(arcroom, repo, "--config", str(strict)) == (1, [("C001", "error")])


def test_bad_configuration_exits_2_with_a_located_error(arcroom, repo: Path) -> None:
    write(repo / "story" / "arcroom.toml", 'select = ["C"]\nfail-on = "eror"\n')
    out = arcroom("check", "story/bible.yaml", cwd=repo)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.strip() == (
        "story/arcroom.toml:2:11: 'eror' is not a severity (error, warning, info); "
        "did you mean 'error'?"
    )


def test_toml_syntax_error_exits_2_with_its_place(arcroom, repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.arcroom]\nselect = ["C"\n')
    out = arcroom("check", "story/bible.yaml", cwd=repo)
    assert out.returncode == 2
    assert out.stderr.startswith("pyproject.toml:3:1: invalid TOML: ")


def test_the_bundled_sample_ignores_the_rooms_configuration(arcroom, repo: Path) -> None:
    write(repo / "arcroom.toml", 'select = ["C"]\n[severity]\nC001 = "nope"\n')
    out = arcroom("check", "--sample", cwd=repo)
    assert out.returncode == 0, out.stdout + out.stderr


def test_ignore_on_an_entity_silences_it_and_an_arcs_covers_its_beats(arcroom,
                                                                       repo: Path) -> None:
    bible = repo / "story" / "bible.yaml"
    text = bible.read_text(encoding="utf-8")
    bible.write_text(text.replace(
        "summary: 청산의 작별, characters", "summary: 청산의 작별, ignore: [C001], characters"
    ).replace("    open: true\n", "    open: true\n    ignore: [S005]\n"), encoding="utf-8")
    assert codes_found(arcroom, repo) == (0, [("S001", "warning")])
    arc_title = "    title: Escape Hyosan High\n"
    bible.write_text(text.replace(arc_title, arc_title + "    ignore: [C001, S001]\n"),
                     encoding="utf-8")
    assert codes_found(arcroom, repo) == (0, [("S005", "info")])
