"""``arcroom lsp`` end to end: a real LSP client (pytest-lsp) talks to the server over stdio.

The bible is the fixture where Cheong-san dies in S1E03 and then climbs into
the rescue helicopter (C001), as one file and as a folder of two.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.support import ROOT, run_arcroom

FIXTURE = ROOT / "tests" / "fixtures" / "bibles" / "dead_walk_again.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "tui", "lsp"]),
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), process_id=None)
    )
    yield
    await lsp_client.shutdown_session()


# -- helpers ------------------------------------------------------------------------------


def uri(path: Path) -> str:
    return from_fs_path(str(path)) or ""


async def published(
    client: LanguageClient,
    path: Path,
    wanted: Callable[[Sequence[lsp.Diagnostic]], bool],
    timeout: float = 20,
) -> Sequence[lsp.Diagnostic]:
    """The diagnostics published for ``path`` once they satisfy ``wanted`` (or fail)."""
    deadline = time.monotonic() + timeout
    while True:
        found = client.diagnostics.get(uri(path))
        if found is not None and wanted(found):
            return found
        left = deadline - time.monotonic()
        assert left > 0, f"no diagnostics as wanted for {path.name}; last: {found}"
        try:
            await asyncio.wait_for(
                client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left
            )
        except TimeoutError:
            continue


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri(path), "yaml", 1, text))
    )
    return text


def position(text: str, needle: str, plus: int = 0) -> lsp.Position:
    offset = text.index(needle) + plus
    line = text.count("\n", 0, offset)
    return lsp.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def change(client: LanguageClient, path: Path, version: int, text: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` as an editor does: one incremental change."""
    start = position(text, old)
    end = position(text, old, len(old))
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(version=version, uri=uri(path)),
            [lsp.TextDocumentContentChangePartial(range=lsp.Range(start, end), text=new)],
        )
    )
    return text.replace(old, new, 1)


def offset_of(text: str, pos: lsp.Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: pos.line]) + pos.character


def applied(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = offset_of(text, edit.range.start), offset_of(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


@pytest.fixture
def bible(tmp_path: Path) -> Path:
    path = tmp_path / "show" / "bible.yaml"
    path.parent.mkdir()
    shutil.copy(FIXTURE, path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The same bible as a folder: main.yaml (all but the arcs) and arcs.yaml."""
    root = tmp_path / "show" / "bible"
    root.mkdir(parents=True)
    head, arcs = TEXT.split("arcs:\n")
    (root / "main.yaml").write_text(head, encoding="utf-8")
    (root / "arcs.yaml").write_text("arcroom: 1\narcs:\n" + arcs, encoding="utf-8")
    return root


# -- diagnostics --------------------------------------------------------------------------


def codes(found: Sequence[lsp.Diagnostic]) -> list[str]:
    return [str(d.code) for d in found]


async def test_a_dead_characters_c001_appears_and_disappears_as_the_text_changes(
    client: LanguageClient, bible: Path
) -> None:
    text = open_file(client, bible)
    found = await published(client, bible, lambda ds: "C001" in codes(ds))
    (c001,) = found
    rescue = text.index("rescue: {at: S1E03")
    where = text.index("cheong-san", rescue)
    assert c001.range.start == position(text, text[where : where + 20])
    assert c001.range.end.character == c001.range.start.character + len("cheong-san")
    assert c001.severity == lsp.DiagnosticSeverity.Error
    assert c001.source == "arcroom"
    assert "cheong-san appears in rescue (S1E03) while dead" in c001.message
    assert c001.related_information and "flashback: true" in c001.related_information[0].message
    assert c001.code_description is not None and c001.code_description.href.endswith("C001")

    text = change(
        client, bible, 2, text, "changes: {cheong-san: dead}", "changes: {cheong-san: infected}"
    )
    assert list(await published(client, bible, lambda ds: not ds)) == []
    change(client, bible, 3, text, "cheong-san: infected}", "cheong-san: dead}")
    assert codes(await published(client, bible, lambda ds: bool(ds))) == ["C001"]


async def test_half_typed_yaml_gives_b001_where_it_is_and_keeps_the_story(
    client: LanguageClient, bible: Path
) -> None:
    text = open_file(client, bible)
    await published(client, bible, lambda ds: "C001" in codes(ds))
    text = change(
        client,
        bible,
        2,
        text,
        "characters: [on-jo, cheong-san]}",
        "characters: [on-jo, cheong-san}",
    )
    found = await published(client, bible, lambda ds: "B001" in codes(ds))
    b001 = next(d for d in found if d.code == "B001")
    assert b001.range.start.line == text.count("\n", 0, text.index("rescue: {at")), b001
    # The last good story still answers: completion inside the outbreak beat.
    done = await client.text_document_completion_async(
        lsp.CompletionParams(
            lsp.TextDocumentIdentifier(uri(bible)), position(text, "[on-jo, cheong-san]\n", 1)
        )
    )
    assert done is not None
    items = done.items if isinstance(done, lsp.CompletionList) else done
    assert {i.label for i in items} == {"on-jo", "cheong-san", "gwi-nam"}


async def test_other_yaml_is_left_alone(client: LanguageClient, tmp_path: Path) -> None:
    other = tmp_path / "docker-compose.yaml"
    other.write_text("services:\n  web: {image: nginx}\n", encoding="utf-8")
    text = open_file(client, other)
    done = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri(other)), position(text, "web"))
    )
    assert done is None
    assert uri(other) not in client.diagnostics


async def test_a_folder_bible_is_one_workspace(client: LanguageClient, folder: Path) -> None:
    arcs = folder / "arcs.yaml"
    text = open_file(client, arcs)
    found = await published(client, arcs, lambda ds: "C001" in codes(ds))
    assert codes(found) == ["C001"]
    # Definition of a character named in arcs.yaml is in main.yaml.
    where = await client.text_document_definition_async(
        lsp.DefinitionParams(
            lsp.TextDocumentIdentifier(uri(arcs)), position(text, "cheong-san: dead", 2)
        )
    )
    assert isinstance(where, lsp.Location)
    assert where.uri == uri(folder / "main.yaml")
    main = (folder / "main.yaml").read_text(encoding="utf-8")
    assert where.range.start == position(main, "cheong-san: {")
    refs = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=lsp.TextDocumentIdentifier(uri(arcs)),
            position=position(text, "cheong-san: dead", 2),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert sorted((r.uri.rsplit("/", 1)[1], r.range.start.line) for r in refs) == sorted(
        [("main.yaml", main.count("\n", 0, main.index("cheong-san: {")))]
        + [("arcs.yaml", text.count("\n", 0, i)) for i in _all(text, "cheong-san")]
    )


def _all(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


# -- the story ----------------------------------------------------------------------------


async def test_completion_lists_ids_with_what_they_are(client: LanguageClient, bible: Path) -> None:
    text = open_file(client, bible)
    await published(client, bible, lambda ds: bool(ds))
    done = await client.text_document_completion_async(
        lsp.CompletionParams(
            lsp.TextDocumentIdentifier(uri(bible)),
            position(text, "characters: [gwi-nam, on-jo]", 14),
        )
    )
    items = done.items if isinstance(done, lsp.CompletionList) else done or []
    details = {i.label: i.detail for i in items}
    assert details == {
        "on-jo": "character: Nam On-jo (human, survivors)",
        "cheong-san": "character: Lee Cheong-san (human, survivors)",
        "gwi-nam": "character: Yoon Gwi-nam (human, survivors)",
    }
    done = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri(bible)), position(text, "at: S1E02", 6))
    )
    items = done.items if isinstance(done, lsp.CompletionList) else done or []
    # S1 has 3 episodes: no S1E04.
    assert [i.label for i in items] == ["S1", "S1E01", "S1E02", "S1E03"]
    done = await client.text_document_completion_async(
        lsp.CompletionParams(
            lsp.TextDocumentIdentifier(uri(bible)), position(text, "{gwi-nam: infected}", 10)
        )
    )
    items = done.items if isinstance(done, lsp.CompletionList) else done or []
    assert {"human", "infected", "dead"} <= {i.label for i in items}


async def test_hover_shows_a_characters_status_at_the_beat(
    client: LanguageClient, bible: Path
) -> None:
    text = open_file(client, bible)
    await published(client, bible, lambda ds: bool(ds))
    rescue = text.index("rescue: {at")
    at = text.index("cheong-san", rescue)
    done = await client.text_document_hover_async(
        lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri(bible)), position(text, text[at : at + 15], 3)
        )
    )
    assert done is not None and isinstance(done.contents, lsp.MarkupContent)
    assert "Lee Cheong-san" in done.contents.value
    assert "At rescue (S1E03): dead, survivors" in done.contents.value
    sacrifice = text.index("sacrifice:")
    at = text.index("cheong-san", sacrifice)
    done = await client.text_document_hover_async(
        lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri(bible)), position(text, text[at : at + 15], 3)
        )
    )
    assert done is not None and isinstance(done.contents, lsp.MarkupContent)
    assert "At sacrifice (S1E03): human, survivors → dead, survivors" in done.contents.value


async def test_document_and_workspace_symbols(client: LanguageClient, bible: Path) -> None:
    open_file(client, bible)
    await published(client, bible, lambda ds: bool(ds))
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(uri(bible)))
    )
    assert symbols is not None
    season = symbols[0]
    assert isinstance(season, lsp.DocumentSymbol) and season.name == "S1"
    (arc,) = season.children or []
    assert arc.name == "escape-hyosan"
    assert [b.name for b in arc.children or []] == [
        "outbreak",
        "gwi-nam-bitten",
        "sacrifice",
        "rescue",
    ]
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="gwi-nam"))
    assert found is not None
    assert sorted(s.name for s in found) == ["gwi-nam", "gwi-nam-bitten"]


# -- refactors ----------------------------------------------------------------------------


async def test_rename_gives_arcroom_renames_bytes_across_a_folder(
    client: LanguageClient, folder: Path, tmp_path: Path
) -> None:
    arcs = folder / "arcs.yaml"
    text = open_file(client, arcs)
    await published(client, arcs, lambda ds: bool(ds))
    here = position(text, "cheong-san: dead", 2)
    refused = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(
            lsp.TextDocumentIdentifier(uri(arcs)), position(text, "summary: A bitten", 12)
        )
    )
    assert refused is None
    ready = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(uri(arcs)), here)
    )
    assert isinstance(ready, lsp.PrepareRenamePlaceholder) and ready.placeholder == "cheong-san"
    edit = await client.text_document_rename_async(
        lsp.RenameParams(lsp.TextDocumentIdentifier(uri(arcs)), here, "lee-cheong-san")
    )
    assert edit is not None and edit.changes is not None
    copy = tmp_path / "copy" / "bible"
    shutil.copytree(folder, copy)
    done = run_arcroom("rename", "cheong-san", "lee-cheong-san", "--bible", str(copy))
    assert done.returncode == 0, done.stderr
    for name in ("main.yaml", "arcs.yaml"):
        before = (folder / name).read_text(encoding="utf-8")
        after = applied(before, edit.changes.get(uri(folder / name), []))
        assert after == (copy / name).read_text(encoding="utf-8")
        assert after != before


async def test_quick_fixes_for_a_dead_character(client: LanguageClient, bible: Path) -> None:
    text = open_file(client, bible)
    (c001,) = await published(client, bible, lambda ds: bool(ds))
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri(bible)), c001.range, lsp.CodeActionContext([c001])
        )
    )
    assert actions is not None
    titles = {a.title: a for a in actions if isinstance(a, lsp.CodeAction)}
    assert set(titles) == {
        "Mark rescue 'flashback: true'",
        "Take cheong-san out of rescue",
        "Ignore C001 on rescue",
    }
    for title, action in titles.items():
        assert action.edit is not None and action.edit.changes is not None
        fixed = applied(text, action.edit.changes[uri(bible)])
        copy = bible.parent / "fixed.yaml"
        copy.write_text(fixed, encoding="utf-8")
        done = run_arcroom("check", str(copy))
        assert done.returncode == 0, (title, done.stdout)
    taken = applied(text, titles["Take cheong-san out of rescue"].edit.changes[uri(bible)])  # type: ignore[union-attr,index]
    assert "rescue: {at: S1E03, after: [sacrifice], characters: [on-jo]}" in taken


async def test_a_burst_of_keystrokes_ends_with_the_latest_versions_diagnostics(
    client: LanguageClient, bible: Path
) -> None:
    """Checks run off the event loop: the server answers a hover amid the typing, and
    what it publishes last carries the last version the editor sent."""
    seen: list[lsp.PublishDiagnosticsParams] = []
    handle = client.protocol._handle_notification

    def record(method: str, params: Any) -> None:
        if method == lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            seen.append(params)
        handle(method, params)

    client.protocol._handle_notification = record  # type: ignore[method-assign]

    text = open_file(client, bible)
    await published(client, bible, lambda ds: "C001" in codes(ds))
    at = text.index("summary: ") + len("summary: ")
    versions = range(2, 14)
    for version in versions:
        here = position(text, text[at:], 0)
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version=version, uri=uri(bible)),
                [lsp.TextDocumentContentChangePartial(range=lsp.Range(here, here), text="w")],
            )
        )
        text, at = text[:at] + "w" + text[at:], at + 1
        if version == 7:
            hover = await client.text_document_hover_async(lsp.HoverParams(
                lsp.TextDocumentIdentifier(uri(bible)), position(text, "cheong-san")
            ))
            assert hover is not None and "cheong-san" in str(hover.contents)
    deadline = time.monotonic() + 30
    while not any(p.version == versions[-1] for p in seen if p.uri == uri(bible)):
        assert time.monotonic() < deadline, f"no diagnostics of version {versions[-1]}: {seen}"
        await asyncio.sleep(0.05)
    mine = [p.version for p in seen if p.uri == uri(bible)]
    assert mine == sorted(mine, key=lambda v: v or 0)  # never an older version after a newer
    assert codes(client.diagnostics[uri(bible)]) == ["C001"]
