/**
 * editors/vscode: the extension's activate() (with stand-ins for the `vscode` API and
 * vscode-languageclient, which only exist inside VS Code) builds the client from the settings'
 * defaults in its package.json, and the server command it picks answers LSP over stdio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/paths.js';
import { LspClient } from './client.js';

const EXT = path.join(ROOT, 'editors/vscode');

test('the VS Code extension starts yoloc lsp on config files, with the settings its package.json declares', async () => {
  const pkg = JSON.parse(readFileSync(path.join(EXT, 'package.json'), 'utf8'));
  assert.ok(existsSync(path.join(EXT, pkg.main)), 'main exists');
  assert.equal(pkg.dependencies['vscode-languageclient'], '11.0.0', 'pinned, the protocol version the server speaks');
  const lock = JSON.parse(readFileSync(path.join(EXT, 'package-lock.json'), 'utf8'));
  assert.equal(lock.packages['node_modules/vscode-languageclient'].version, '11.0.0');
  const settings = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const made: { id: string; name: string; server: { command: string; args: string[]; options: { cwd?: string } }; client: Record<string, unknown> }[] = [];
  class LanguageClient {
    constructor(id: string, name: string, server: never, client: never) {
      made.push({ id, name, server, client });
    }
    start(): Promise<void> {
      return Promise.resolve();
    }
  }
  const vscode = {
    workspace: {
      getConfiguration: (section: string) => ({ get: (k: string) => settings[`${section}.${k}`]?.default }),
      workspaceFolders: [{ uri: { fsPath: ROOT } }],
      createFileSystemWatcher: (glob: string) => ({ watching: glob }),
    },
  };
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return load.call(this, request, parent, isMain);
  };
  let ext: { activate(ctx: { subscriptions: unknown[] }): Promise<void>; serverCommand(s: unknown, cwd?: string): string[] };
  try {
    ext = createRequire(import.meta.url)(path.join(EXT, 'extension.js'));
  } finally {
    loader._load = load;
  }
  const context = { subscriptions: [] as unknown[] };
  await ext.activate(context);
  assert.equal(made.length, 1);
  assert.equal(context.subscriptions.length, 1);
  const m = made[0]!;
  // In a clone: its own bin/yoloc.js; elsewhere yoloc from PATH; a setting wins.
  assert.deepEqual(m.server, { command: 'node', args: [path.join(ROOT, 'bin/yoloc.js'), 'lsp', '--stdio'], options: { cwd: ROOT } });
  assert.deepEqual(ext.serverCommand([], path.join(ROOT, 'tests')), ['yoloc', 'lsp', '--stdio']);
  assert.deepEqual(ext.serverCommand(['x', 'lsp']), ['x', 'lsp']);
  assert.deepEqual(m.client, {
    documentSelector: ['py', 'json', 'yaml', 'yml', 'ts'].map((e) => ({ scheme: 'file', pattern: `**/configs/**/*.${e}` })),
    initializationOptions: { scopes: {}, debounceMs: 50 },
    synchronize: { fileEvents: { watching: '**/*.{py,json,yaml,yml,ts}' } },
  });
  // That command, as VS Code would run it: initialize, then a config's diagnostics.
  const c = LspClient.spawn(m.server.command, m.server.args, m.server.options.cwd!);
  try {
    const init = await c.initialize(ROOT, m.client.initializationOptions as Record<string, unknown>);
    assert.equal(init.serverInfo?.name, 'yoloc');
    const file = path.join(ROOT, 'tests/lsp/fixtures/strides.py');
    await c.open(file);
    const ds = await c.diagnostics(file);
    assert.deepEqual(ds.map((d) => [d.code, d.source]), [['YC5001', 'yoloc'], ['YC5003', 'yoloc']]);
    assert.equal(pathToFileURL(file).href, c.published.at(-1)!.uri);
  } finally {
    assert.equal(await c.stop(), 0);
  }
});
