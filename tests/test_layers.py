"""The layers import one way (tui -> arcs -> story_bible), and CI's commands never load Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "story_bible": {"arcs", "tui", "textual", "textual_serve"},
    "arcs": {"tui", "textual", "textual_serve"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_never_import_upper_ones(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
        if _imports(path) & FORBIDDEN[package]
    }
    assert offenders == {}


def _loaded(argv: list[str] | None, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` ``arcroom ARGV`` imports, in a fresh interpreter.

    ``argv`` None: only what importing the editor (``tui.app``) loads.
    """
    run = (
        "import tui.app\n"
        if argv is None
        else "import contextlib, io\nfrom tui.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})\n"
    )
    code = f"import sys\n{run}print(sorted(set(sys.modules) & {set(modules)!r}))\n"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return list(ast.literal_eval(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--sample"],
        ["rules"],
        ["schema"],
    ],
)
def test_ci_commands_do_not_load_textual(argv: list[str]) -> None:
    assert _loaded(argv, ("textual", "textual_serve")) == []


def test_check_loads_networkx_only_to_explain_a_cycle(tmp_path: Path) -> None:
    # networkx costs a check 0.1 s of start-up and 20 MB; the sample has
    # links that point ahead, across arcs and inside episodes, but no cycle.
    assert _loaded(["check", "--sample"], ("networkx",)) == []
    bible = tmp_path / "bible.yaml"
    bible.write_text(
        "arcroom: 1\nseries: {title: T}\nseasons: {S1: {title: One, episodes: 1}}\n"
        "arcs:\n  a:\n    season: S1\n    title: A\n    beats:\n"
        "      x: {at: S1E01, after: [y]}\n      y: {at: S1E01, after: [x]}\n",
        encoding="utf-8",
    )
    assert _loaded(["check", str(bible)], ("networkx",)) == ["networkx"]


def test_a_text_check_does_not_look_up_the_version() -> None:
    # importlib.metadata and the lookup were 40 ms of every start; only the
    # reports that print the version (and --version) ask for it.
    assert _loaded(["check", "--sample"], ("importlib.metadata",)) == []


def test_a_json_check_reads_the_version_without_importlib_metadata() -> None:
    # The JSON report names the version: arcs.version's constant (the build gives it to
    # the installed metadata), not looked up through importlib.metadata's 35-50 ms import.
    assert _loaded(["check", "--sample", "--format", "json"], ("importlib.metadata",)) == []


def test_a_check_loads_only_what_checking_needs() -> None:
    # Start-up is most of a check on a small bible: `arcroom check --sample`
    # went from 0.13 s to 0.4 s when the CLI imported every command up front.
    other_commands = (
        "story_bible.merge", "story_bible.writing.document", "arcs.story_diff", "arcs.export",
        "arcs.report.sarif", "arcs.report.junit", "tui.commands.diff", "tui.commands.set",
        "tui.commands.export", "tui.commands.git_setup", "subprocess",
    )
    assert _loaded(["check", "--sample"], other_commands) == []
    assert _loaded(["check", "--sample", "--format", "sarif"], other_commands) == [
        "arcs.report.sarif"
    ]


def test_the_editor_starts_without_networkx() -> None:
    # The graph tab imports it when it first draws (in its worker thread).
    assert _loaded(None, ("networkx",)) == []


def test_the_language_server_does_not_load_textual() -> None:
    # `arcroom lsp` runs as long as the writer's editor: pygls, not the editor's stack.
    code = (
        "import sys\nimport tui.commands.lsp, tui.lsp.server\n"
        "print(sorted(set(sys.modules) & {'textual', 'textual_serve'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


#: What the editor's first screen has no use for: each is imported when first needed
#: (a dialog shown, a view's tab, a YAML mistake explained, a merge, an export...).
NOT_AT_START = (
    "tui.screens.dialogs", "tui.widgets.graph_view", "tui.widgets.factions_view",
    "tui.widgets.timeline", "tui.drawing", "arcs.layout", "networkx",
    "story_bible.reading.yaml_mistakes", "story_bible.merge", "arcs.export", "arcs.baseline",
    "tui.lsp", "tomllib", "importlib.resources",
)


def test_importing_the_editor_leaves_out_what_its_first_screen_does_not_need() -> None:
    # Start-up is mostly imports: these were a fifth of the editor's own.
    assert _loaded(None, NOT_AT_START) == []


def test_a_check_leaves_out_what_a_clean_bible_does_not_need() -> None:
    assert _loaded(["check", "--sample"], NOT_AT_START) == []


def test_the_first_screen_loads_a_view_when_its_tab_is_shown() -> None:
    # The first screen, up to its problems, in a fresh interpreter; then the graph's tab.
    code = (
        "import asyncio, sys, time\n"
        "from story_bible import sample_path\n"
        "from tui.app import make_app\n"
        f"NAMES = {set(NOT_AT_START)!r}\n"
        "async def main():\n"
        "    app = make_app(sample_path(), poll=None, journal=False)\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        deadline = time.monotonic() + 60\n"
        "        while not (app.diagnostics is not None and app.shown):\n"
        "            assert time.monotonic() < deadline, 'no first problems in a minute'\n"
        "            await pilot.pause()\n"
        "        print(sorted(set(sys.modules) & NAMES))\n"
        "        await pilot.press('1')\n"
        "        await app.editor._mount_view('graph')\n"
        "        print(sorted(set(sys.modules) & NAMES))\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    first, graph = (ast.literal_eval(line) for line in out.stdout.strip().splitlines()[-2:])
    assert first == []
    assert {"tui.widgets.graph_view", "tui.drawing", "arcs.layout"} <= set(graph)
