/**
 * Prints a whole `yoloc lsp` session as the client sent and got it:
 * `npm run lsp:transcript [-- --full]`. The client (tests/lsp/client.ts) opens the fixture
 * tests/lsp/fixtures/strides.py (a child of _base_/yolov5_s.py with P2-P4 levels), then hovers,
 * completes, asks for definitions and fixes, applies the fix as an unsaved edit and closes.
 * Long texts and lists are shortened unless --full.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT } from '../helpers/paths.js';
import { LspClient, uri, type Logged } from './client.js';

const full = process.argv.includes('--full');
const FX = path.join(ROOT, 'tests/lsp/fixtures');
const file = path.join(FX, 'strides.py');

/** A message with long strings and lists cut, and the repository's path shortened. */
function shorten(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') {
    const s = v.split(pathPrefix).join('.../');
    return !full && s.length > 400 ? `${s.slice(0, 400)}... (${s.length} chars)` : s;
  }
  if (Array.isArray(v)) {
    const items = !full && v.length > 4 ? [...v.slice(0, 3).map((x) => shorten(x, depth + 1)), `... ${v.length - 3} more`] : v.map((x) => shorten(x, depth + 1));
    return items;
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.split(pathPrefix).join('.../'), shorten(x, depth + 1)]));
  return v;
}
const pathPrefix = uri(ROOT) + '/';

function show(l: Logged): string {
  const m = l.msg as { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown };
  const arrow = l.dir === 'client->server' ? '-->' : '<--';
  const head = m.method ? `${m.method}${m.id !== undefined ? ` #${m.id}` : ''}` : `response #${m.id}`;
  const body = m.method ? m.params : m.error ?? m.result;
  return `${l.ms.toFixed(0).padStart(6)} ms ${arrow} ${head}\n${(JSON.stringify(shorten(body), null, 1) ?? '').replace(/\n\s*/g, ' ')}`;
}

async function main(): Promise<void> {
  const c = LspClient.start(['--debounce', '50']);
  await c.initialize(FX);
  const text = readFileSync(file, 'utf8');
  await c.open(file, text);
  await c.diagnostics(file);
  const doc = { textDocument: { uri: uri(file) } };
  await c.request('textDocument/hover', { ...doc, position: { line: 3, character: 30 } });
  await c.request('textDocument/completion', { ...doc, position: { line: 3, character: 27 } });
  await c.request('textDocument/definition', { ...doc, position: { line: 0, character: 12 } });
  await c.request('textDocument/definition', { ...doc, position: { line: 3, character: 16 } });
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', { ...doc, range: { start: { line: 3, character: 40 }, end: { line: 3, character: 40 } }, context: { diagnostics: [] } });
  const fix = actions.find((a) => String(a.title).startsWith('YC5003'))!;
  const fixed = TextDocument.applyEdits(TextDocument.create(uri(file), 'python', 1, text), fix.edit!.changes![uri(file)] as TextEdit[]);
  const since = c.published.length;
  await c.change(file, 2, fixed);
  await c.diagnostics(file, (ds) => ds.length === 0, since);
  await c.close(file);
  const code = await c.stop();
  for (const l of c.transcript) console.log(show(l) + '\n');
  console.log(`server exit code ${code}`);
}

await main();
