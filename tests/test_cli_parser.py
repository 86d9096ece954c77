"""The parser built for one command reads and refuses as the whole parser does.

``build_parser(argv)`` leaves out what the command named first does not need
(the other commands' modules, and their stubs): start-up is most of a small
check. What it accepts, and what it says when refusing, must not change.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from tui.cli import build_parser


def _parsed(argv: list[str], whole: bool) -> tuple[object, str, str]:
    parser = build_parser(None if whole else argv)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = vars(parser.parse_args(argv))
            result: object = {k: v for k, v in args.items() if k != "run"}
        except SystemExit as exit:
            result = ("exit", exit.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "bible.yaml", "--format", "json", "--fail-on", "warning"],
        ["check", "--bogus"],
        ["check", "--format", "nope"],
        ["check", "a.yaml", "b.yaml"],
        ["check", "--help"],
        ["rules", "--bogus"],
        ["export", "--format", "zz"],
        ["chek", "bible.yaml"],
        ["--help"],
        [],
    ],
)
def test_the_parser_for_the_named_command_answers_as_the_whole_one(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # help is wrapped to the terminal
    assert _parsed(argv, whole=False) == _parsed(argv, whole=True)
