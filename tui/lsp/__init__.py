"""``arcroom lsp``: arcroom's knowledge inside the writers' own editors (LSP over stdio).

- :mod:`tui.lsp.bibles` keeps each open bible (a file, or a folder of files:
  one workspace) read and checked as the editor's text changes, through the
  loader's partial re-read (:mod:`story_bible.writing.reparse`) and the incremental
  checker (:mod:`arcs.incremental`): one engine, the one ``check`` runs.
- :mod:`tui.lsp.story` answers the editor's questions about the story
  (completion, hover, definition, references, symbols, rename, fixes) from
  the model, with no LSP types, so it is tested without a client.
- :mod:`tui.lsp.server` is the pygls server: thin handlers that convert.

Nothing here imports Textual.
"""
