/**
 * `yoloc lsp --stdio`: the language server for MMEngine-style configs (.py, .json, .yaml, .ts)
 * over stdin/stdout, for any LSP client (editors/vscode, Neovim, ...). See lsp/server.ts.
 */
import path from 'node:path';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server.js';
import { UsageError, parseCommandArgs, usageError } from './common.js';
import { helpText } from './commands.js';
import { parseScopes } from './config.js';
import { version } from './main.js';

const USAGE = helpText('lsp', `usage: yoloc lsp [--stdio] [options]

Speaks the Language Server Protocol on stdin/stdout (the only transport; --stdio is accepted
because clients pass it). For .py, .json, .yaml and .ts configs: check's diagnostics as you
type (also for open children of an edited base, unsaved buffers included), hover (resolved
value, where it was set, schema default and description, channels x stride per level),
completion of type= names and of each type's arguments with defaults, go to definition
(a _base_ entry to its file, a key to the base line that set it) and quick fixes. Configs are
never executed.

options:
  --stdio                 talk LSP over stdin/stdout (the default)
  --scope NAME=DIR        folder of a package's configs, for NAME::path bases (repeatable);
                          clients may also pass initializationOptions.scopes
  --debounce MS           wait after the last edit before checking (default 50; also
                          initializationOptions.debounceMs)

Editors: VS Code: editors/vscode/; Neovim and others: README.md, "Editor integration".`);

/** Runs `yoloc lsp`; resolves when the client closes stdin. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    stdio: { type: 'boolean', default: false },
    scope: { type: 'string', multiple: true },
    debounce: { type: 'string' },
    // vscode-languageclient adds these for some transports; the server watches stdin instead.
    clientProcessId: { type: 'string' },
    'node-ipc': { type: 'boolean', default: false },
  }, USAGE, false);
  if (!args) return 0;
  const { values } = args;
  if (values['node-ipc']) throw usageError('only --stdio is supported', USAGE);
  let debounceMs: number | undefined;
  if (values.debounce !== undefined) {
    debounceMs = Number(values.debounce);
    if (!/^\d+$/.test(values.debounce) || debounceMs > 10_000) throw new UsageError(`--debounce takes milliseconds from 0 to 10000, not '${values.debounce}'`);
  }
  const scopes = Object.fromEntries(Object.entries(parseScopes(values.scope)).map(([k, v]) => [k, path.resolve(v)]));
  // stdout carries the protocol: anything printed goes to stderr instead.
  const toStderr = (...xs: unknown[]) => void process.stderr.write(xs.map(String).join(' ') + '\n');
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  // Whatever a handler misses is logged, and the server goes on.
  process.on('uncaughtException', (e) => toStderr('yoloc lsp: uncaught', e instanceof Error ? e.stack ?? e.message : e));
  process.on('unhandledRejection', (e) => toStderr('yoloc lsp: unhandled rejection', e instanceof Error ? e.stack ?? e.message : e));
  const connection = createConnection(process.stdin, process.stdout);
  startServer(connection, { scopes, ...(debounceMs !== undefined ? { debounceMs } : {}), version: version() });
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
  });
  return 0;
}
