/**
 * Latency of `yoloc lsp` as an editor sees it, over stdio with a real client:
 *   npm run bench:lsp -- [CONFIG...] [--edits N]
 * (default: the bundled MMYOLO YOLOv5-s config). Per config, in a fresh server:
 *   - first load: didOpen -> first publishDiagnostics (includes loading the schema and the bases);
 *   - diagnostics after an edit: didChange -> publishDiagnostics, debounce 0 (the server's
 *     default waits 50 ms more after the last keystroke); each edit appends a line that flips a
 *     YC4010 warning, so every edit re-checks the whole chain and publishes;
 *   - hover right after an edit (the hover pays for the re-check; debounce 10 s so it comes
 *     first), and a hover on unchanged text;
 * against the in-process `checkFile` of the same edited texts with the same content-keyed cache
 * (what the server cannot beat; run between the server's edits, so both see the same load), as a
 * ratio. Medians and 90th percentiles in ms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkFile } from '../compiler/check/run.js';
import { readFileOrUndefined } from '../compiler/inherit/resolver.js';
import { ROOT } from '../tests/helpers/paths.js';
import { LspClient, uri } from '../tests/lsp/client.js';

const args = process.argv.slice(2);
const editsAt = args.indexOf('--edits');
const EDITS = editsAt >= 0 ? Number(args[editsAt + 1]) : 30;
const configs = args.filter((a, i) => !a.startsWith('--') && i !== editsAt + 1).map((f) => path.resolve(f));
if (!configs.length) configs.push(path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(1)} / ${p90(xs).toFixed(1)}`;

/** The i-th edited text: a line that makes a YC4010 warning on odd edits and none on even ones. */
const edited = (text: string, i: number) => `${text}\n${i % 2 ? "work_dri = 'bench'" : `bench_edit = ${i}`}\n`;

/** Where to hover: the `model` key (the largest value of a detector config), else line 1. */
function hoverPosition(text: string): { line: number; character: number } {
  const line = text.split('\n').findIndex((l) => /^model\s*=/.test(l));
  return { line: Math.max(0, line), character: 1 };
}

async function measure(file: string): Promise<Record<string, string | number>> {
  const text = readFileSync(file, 'utf8');
  const position = hoverPosition(text);
  const doc = { textDocument: { uri: uri(file) } };
  // The reference, interleaved with the server's edits so both see the same machine load:
  // checkFile in this process, same texts, the same content-keyed cache.
  const overlay = new Map<string, string>([[file, text]]);
  const readFile = (f: string) => overlay.get(f) ?? readFileOrUndefined(f);
  const chain = checkFile(file, { readFile, cache: true }).value.config?.files.length ?? 0;
  const ref: number[] = [];
  const reference = (t: string): void => {
    overlay.set(file, t);
    const t0 = performance.now();
    checkFile(file, { readFile, cache: true });
    ref.push(performance.now() - t0);
  };

  // Diagnostics: first load, then edits with no debounce.
  const a = LspClient.start(['--debounce', '0']);
  await a.initialize(path.dirname(file));
  let t = performance.now();
  await a.open(file, text, 1);
  const first = await a.diagnostics(file);
  const firstMs = performance.now() - t;
  const diag: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const since = a.published.length;
    t = performance.now();
    await a.change(file, i + 1, edited(text, i));
    const ds = await a.diagnostics(file, (d) => d.some((x) => x.code === 'YC4010') === (i % 2 === 1), since);
    diag.push(performance.now() - t);
    if (ds.length > first.length + 1) throw new Error(`edit ${i}: unexpected diagnostics ${JSON.stringify(ds.map((d) => d.code))}`);
    reference(edited(text, i));
  }
  await a.stop();

  // Hover right after an edit (the debounce has not fired: the hover pays the check).
  const b = LspClient.start(['--debounce', '10000']);
  await b.initialize(path.dirname(file));
  await b.open(file, text, 1);
  await b.request('textDocument/hover', { ...doc, position });
  const hoverEdit: number[] = [];
  const hoverSame: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    await b.change(file, i + 1, edited(text, i));
    t = performance.now();
    const h = await b.request<{ contents: { value: string } } | null>('textDocument/hover', { ...doc, position });
    hoverEdit.push(performance.now() - t);
    if (!h) throw new Error(`no hover at ${JSON.stringify(position)}`);
    t = performance.now();
    await b.request('textDocument/hover', { ...doc, position });
    hoverSame.push(performance.now() - t);
    reference(edited(text, EDITS + i));
  }
  await b.stop();
  return {
    config: path.relative(process.cwd(), file),
    bytes: Buffer.byteLength(text),
    chain,
    'first load': firstMs.toFixed(0),
    'diagnostics after edit': fmt(diag),
    'hover right after edit': fmt(hoverEdit),
    'hover, same text': fmt(hoverSame),
    'in-process check': fmt(ref),
    'diagnostics / in-process': (median(diag) / median(ref)).toFixed(2),
    'hover after edit / in-process': (median(hoverEdit) / median(ref)).toFixed(2),
  };
}

console.log(`yoloc lsp latency, ${EDITS} edits per config; median / p90 in ms (node ${process.version})`);
for (const f of configs) {
  const r = await measure(f);
  console.log('');
  for (const [k, v] of Object.entries(r)) console.log(`  ${k.padEnd(31)} ${v}`);
}
