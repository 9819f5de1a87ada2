/**
 * Headless Neovim as the client of `yoloc lsp` (its built-in LSP client, no plugins), set up by
 * the init.lua lines of README.md's "Editor integration" as they are written: the diagnostics
 * of a config with a base, hover, definition of its `_base_` entry, completion and a quick fix
 * applied in the buffer (tests/lsp/nvim/session.lua). Skips, saying why, where `nvim` is
 * missing; under CI=true (.ci/run installs Debian's neovim) it fails instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/paths.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.error || nvim.status !== 0 ? 'nvim is not installed (apt-get install -y neovim)' : null;
const skip = missing && process.env.CI !== 'true' ? missing : false;

test('headless Neovim: diagnostics, hover, definition, completion and a quick fix through yoloc lsp', { skip }, () => {
  assert.equal(missing, null, 'CI=true: neovim must be installed (.ci/run installs it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-nvim-'));
  try {
    // A copy under a configs/ folder (README's lines attach the server there only).
    const configs = path.join(dir, 'configs');
    mkdirSync(path.join(configs, '_base_'), { recursive: true });
    copyFileSync(path.join(ROOT, 'tests/lsp/fixtures/_base_/yolov5_s.py'), path.join(configs, '_base_/yolov5_s.py'));
    const file = path.join(configs, 'strides.py');
    copyFileSync(path.join(ROOT, 'tests/lsp/fixtures/strides.py'), file);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Editor integration'));
    const lua = /```lua\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(lua, "README's Neovim lines");
    const init = path.join(dir, 'init.lua');
    writeFileSync(init, lua.replace(/^ {2}/gm, '').replaceAll('/path/to/yoloc', ROOT));
    const out = path.join(dir, 'out.json');
    const r = spawnSync('nvim', ['--headless', '-u', init, '-i', 'NONE', '-c', `luafile ${path.join(ROOT, 'tests/lsp/nvim/session.lua')}`], {
      env: { ...process.env, YOLOC_NVIM_OUT: out, YOLOC_NVIM_FILE: file, YOLOC_NODE: process.execPath, YOLOC_ROOT: ROOT },
      encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(r.status, 0, `nvim: ${r.stderr}${r.stdout}`);
    const got = JSON.parse(readFileSync(out, 'utf8'));
    if (process.env.YOLOC_NVIM_SHOW) console.log(JSON.stringify(got, null, 1));
    assert.equal(got.error, undefined);
    assert.deepEqual(got.steps, ['attached', 'diagnostics', 'hover', 'definition', 'completion', 'actions', 'after_fix']);
    assert.equal(got.attached, true, 'the README lines attach the server to a config');
    assert.deepEqual(got.diagnostics.items.map((d: { lnum: number; col: number; code: string; severity: number }) => [d.code, d.lnum, d.col, d.severity]), [
      ['YC5001', 3, 39, 1],
      ['YC5003', 3, 39, 1],
    ]);
    assert.match(got.diagnostics.items[1].message, /^YOLOv5CSPDarknet out_indices \(1, 2, 3\) give strides \[4, 8, 16\], but the head's featmap_strides are \[8, 16, 32\]/);
    assert.match(got.hover, /^\*\*model\.backbone\.out_indices\*\* \(resolved\)\n```python\nmodel\.backbone\.out_indices = \(1, 2, 3\)\n```\n```text\nset at: strides\.py:4:40\n/);
    assert.match(got.hover, /\n- backbone YOLOv5CSPDarknet outputs 64 x 4, 128 x 8, 256 x 16$/);
    assert.deepEqual(got.definition, [{ uri: pathToFileURL(path.join(configs, '_base_/yolov5_s.py')).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    // `dict(|out_indices=...)` in the backbone: its type (from the base) gives the arguments.
    assert.ok(got.completion.includes('deepen_factor') && got.completion.includes('frozen_stages') && !got.completion.includes('out_indices'), JSON.stringify(got.completion));
    assert.deepEqual(got.actions, ['YC5001: set out_indices to (2, 3, 4)', 'YC5003: set model.backbone.out_indices to (2, 3, 4) (levels 128@8, 256@16, 512@32)']);
    assert.deepEqual(got.after_fix, { cleared: true, line: 'model = dict(backbone=dict(out_indices=(2, 3, 4)))' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
