/** `yoloc compile --watch`: a change to a base (not only the config) triggers one debounced rebuild. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchCompile } from '../../compiler/emit/watch.js';
import type { Emitted } from '../../compiler/emit/index.js';
import { ROOT } from '../helpers/paths.js';

test('editing a base recompiles once, and the new value reaches the emitted model', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-watch-'));
  const base = path.join(dir, 'base.py');
  writeFileSync(base, `_base_ = ${JSON.stringify(path.join(ROOT, 'configs/starnet/yolov5_starnet_s050_synth_320.py'))}\n`);
  const child = path.join(dir, 'child.py');
  writeFileSync(child, "_base_ = './base.py'\n");
  const lines: string[] = [];
  const writes: Emitted[] = [];
  let stop!: () => void;
  const until = new Promise<void>((r) => { stop = r; });
  let waiter: (() => void) | undefined;
  const next = () => new Promise<void>((r) => { waiter = r; });
  let first = next();
  const done = watchCompile(child, { outDir: path.join(dir, 'out'), noTypeCheck: true }, {
    write: (e) => writes.push(e), report: () => {}, until, debounceMs: 50,
    log: (l) => { lines.push(l); waiter?.(); },
  });
  await first;
  assert.match(lines[0]!, /^initial build: compiled in \d+ ms$/);
  assert.ok(writes[0]!.config.files.includes(base), 'the base is among the watched files');
  first = next();
  // two quick edits: the debounce makes them one rebuild
  appendFileSync(base, 'model = dict(backbone=dict(drop_path_rate=0.1))\n');
  appendFileSync(base, '# touched\n');
  await first;
  await new Promise((r) => setTimeout(r, 300));
  stop();
  await done;
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1]!, /^base\.py changed: compiled in \d+ ms$/);
  assert.match(writes[1]!.files.get('model.ts')!, /dropPathRate: 0\.1/);
  assert.ok(!readFileSync(child, 'utf8').includes('drop_path_rate'));
});
