-- A real editor talking to `arcroom lsp`: Neovim's own LSP client, headless.
local cmd = vim.env.ARCROOM_LSP_CMD and vim.split(vim.env.ARCROOM_LSP_CMD, " ") or { "arcroom", "lsp" }
local out = {}
local function say(s) table.insert(out, s) end
vim.cmd("edit " .. vim.env.BIBLE)
local id = vim.lsp.start_client({ name = "arcroom", cmd = cmd, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
say("diagnostics arrived: " .. tostring(ok))
for _, d in ipairs(vim.diagnostic.get(0)) do
  say(string.format("diagnostic %s %d:%d %s", d.code or d.user_data and d.user_data.lsp.code or "?", d.lnum + 1, d.col + 1, d.message))
end
-- Hover over cheong-san in the rescue beat.
local line = vim.fn.search("rescue: {at")
local col = vim.fn.getline(line):find("cheong%-san")
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = line - 1, character = col } }
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000)
for _, r in pairs(hover or {}) do
  if r.result then say("hover: " .. r.result.contents.value:gsub("\n", " | ")) end
end
-- Completion after "characters: [" in the rescue beat.
local ccol = vim.fn.getline(line):find("characters: %[") + 13
local comp = vim.lsp.buf_request_sync(0, "textDocument/completion",
  { textDocument = params.textDocument, position = { line = line - 1, character = ccol - 1 } }, 10000)
for _, r in pairs(comp or {}) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, item in ipairs(items) do say("completion: " .. item.label .. " — " .. (item.detail or "")) end
end
-- Fix it: take the dead out of the beat (the quick fix), as the user would pick it.
local diag = vim.lsp.diagnostic.get_line_diagnostics and vim.lsp.diagnostic.get_line_diagnostics(0, line - 1) or {}
local actions = vim.lsp.buf_request_sync(0, "textDocument/codeAction", {
  textDocument = params.textDocument,
  range = { start = { line = line - 1, character = 0 }, ["end"] = { line = line - 1, character = 0 } },
  context = { diagnostics = diag },
}, 10000)
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    say("code action: " .. a.title)
    if a.title:find("^Take") then vim.lsp.util.apply_workspace_edit(a.edit, "utf-16") end
  end
end
say("after the fix: " .. vim.fn.getline(line))
local cleared = vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 50)
say("diagnostics cleared: " .. tostring(cleared))
vim.fn.writefile(out, vim.env.TRANSCRIPT)
vim.lsp.stop_client(id)
vim.cmd("qa!")
