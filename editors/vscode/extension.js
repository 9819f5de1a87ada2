// The VS Code client of `yoloc lsp`: starts the server over stdio for config files (the globs
// in the `yoloc.configGlobs` setting) and passes the scopes and the debounce to it.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The server command: `yoloc.command`, else the clone's bin/yoloc.js in `cwd`, else `yoloc` on PATH. */
function serverCommand(setting, cwd) {
  if (Array.isArray(setting) && setting.length) return setting;
  const local = cwd ? path.join(cwd, 'bin', 'yoloc.js') : undefined;
  if (local && fs.existsSync(local)) return ['node', local, 'lsp', '--stdio'];
  return ['yoloc', 'lsp', '--stdio'];
}

/** The server process, run in `cwd`, talking over its stdin/stdout. */
function serverOptions(command, cwd) {
  const [cmd, ...args] = command;
  return { command: cmd, args, options: cwd ? { cwd } : {} };
}

/** The documents the server gets: files matching the config globs. */
function documentSelector(globs) {
  return globs.map((pattern) => ({ scheme: 'file', pattern }));
}

/** Starts the client (VS Code calls this when a Python, JSON, YAML or TypeScript file opens). */
async function activate(context) {
  const cfg = vscode.workspace.getConfiguration('yoloc');
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const cwd = folder ? folder.uri.fsPath : undefined;
  client = new LanguageClient('yoloc', 'yoloc', serverOptions(serverCommand(cfg.get('command'), cwd), cwd), {
    documentSelector: documentSelector(cfg.get('configGlobs')),
    initializationOptions: { scopes: cfg.get('scopes'), debounceMs: cfg.get('debounceMs') },
    // A base changed on disk (a checkout, another editor) re-checks the open configs.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{py,json,yaml,yml,ts}') },
  });
  await client.start();
  context.subscriptions.push(client);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverCommand, serverOptions, documentSelector };
