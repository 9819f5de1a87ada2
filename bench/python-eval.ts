/**
 * `npm run bench:python-eval [-- FILE] [--runs N]`: evaluates a Python config (default: the
 * seed config, shared/seed/yolov5_starnet_s1_coco.py) N times (default 1000) against a stub
 * base holding file_client_args, and prints milliseconds per evaluation: with a fresh parse
 * each time (the text differs by a trailing comment, so the parse memo cannot help) and with
 * the parse memoised (evaluation alone).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluatePython } from '../compiler/frontend/python/index.js';
import { PyDict } from '../compiler/frontend/values.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1000;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs')
  ?? path.resolve(ROOT, process.env.YOLOC_SHARED ?? '../shared', 'seed/yolov5_starnet_s1_coco.py');
const text = readFileSync(file, 'utf8');

function stubBase(): PyDict {
  const base = new PyDict();
  const fca = new PyDict();
  fca.set('backend', 'disk');
  base.set('file_client_args', fca);
  return base;
}

function time(label: string, source: (i: number) => string): void {
  // Warm up the JIT first, then measure.
  for (let i = 0; i < Math.min(50, runs); i++) evaluatePython(source(i), file, { base: stubBase() });
  const t0 = performance.now();
  let errors = 0;
  for (let i = 0; i < runs; i++) errors += evaluatePython(source(i), file, { base: stubBase() }).diagnostics.length;
  const ms = (performance.now() - t0) / runs;
  console.log(`${label.padEnd(24)} ${ms.toFixed(3)} ms/eval  (${runs} runs, ${errors} diagnostics)`);
}

console.log(`${path.relative(process.cwd(), file)}: ${text.length} chars`);
time('parse + evaluate', (i) => `${text}\n# ${i}\n`);
time('evaluate (parse memo)', () => text);
