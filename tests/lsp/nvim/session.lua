-- A headless Neovim session against `yoloc lsp`, after an init.lua made of README.md's lines
-- (the built-in client, no plugins): opens a config, waits for the client those lines attach and
-- for the diagnostics, hovers, asks for the definition of its _base_ entry, completes, applies
-- the quick fix of the stride error, and writes what it saw as JSON to $YOLOC_NVIM_OUT.
-- tests/lsp/nvim.test.ts runs it and checks the JSON.
local out = os.getenv('YOLOC_NVIM_OUT')
local file = os.getenv('YOLOC_NVIM_FILE')
local result = { steps = {} }
local function step(name, value) result.steps[#result.steps + 1] = name; result[name] = value end
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  step('attached', vim.wait(10000, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 20))

  local seen = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    diags[#diags + 1] = { lnum = d.lnum, col = d.col, severity = d.severity, code = lsp.code or d.code, message = d.message }
  end
  table.sort(diags, function(a, b) return a.code < b.code end)
  step('diagnostics', { seen = seen, items = diags })

  local function request(method, params)
    local res = vim.lsp.buf_request_sync(buf, method, params, 20000) or {}
    for _, r in pairs(res) do return r.result, r.err end
  end
  local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 3, character = 30 } })
  step('hover', hover and hover.contents.value or vim.NIL)

  local def = request('textDocument/definition', { textDocument = { uri = uri }, position = { line = 0, character = 12 } })
  step('definition', def or vim.NIL)

  local comp = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = 3, character = 27 } })
  local labels = {}
  for _, item in ipairs((comp or {}).items or {}) do labels[#labels + 1] = item.label end
  step('completion', labels)

  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 3, character = 40 }, ['end'] = { line = 3, character = 40 } },
    context = { diagnostics = {} },
  }) or {}
  local titles = {}
  for _, a in ipairs(actions) do titles[#titles + 1] = a.title end
  step('actions', titles)
  -- Apply the YC5003 fix as the editor would, unsaved: the diagnostics go away.
  for _, a in ipairs(actions) do
    if a.title:match('^YC5003') then vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16') end
  end
  local cleared = vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  step('after_fix', { cleared = cleared, line = vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1] })
  vim.lsp.stop_client(vim.lsp.get_active_clients())
end)
if not ok then result.error = tostring(err) end
finish()
