/**
 * Golden baselines of what check and compile say about configs yoloc can or cannot run: each
 * tests/baselines/runnable/<case>.py gives <case>.check.txt (checkFile) and <case>.compile.txt
 * (compileConfig, without the emitted-code type-check). UPDATE_BASELINES=1 rewrites them.
 * A family that cannot run is one YC6005 line (a warning from check, the error of compile).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFile } from '../../compiler/check/run.js';
import { renderText } from '../../compiler/diagnostics/render.js';
import { compileConfig } from '../../compiler/emit/index.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/baselines/runnable');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
const update = process.env.UPDATE_BASELINES === '1';
const out = mkdtempSync(path.join(tmpdir(), 'yoloc-runnable-'));

function golden(file: string, text: string): void {
  if (update) {
    writeFileSync(file + '.tmp', text);
    renameSync(file + '.tmp', file);
    return;
  }
  assert.ok(existsSync(file), `missing baseline ${file}: run with UPDATE_BASELINES=1`);
  assert.equal(text, readFileSync(file, 'utf8'));
}

for (const c of cases) {
  test(`check and compile of ${c}`, () => {
    const file = path.join(DIR, c);
    const checked = checkFile(file).diagnostics;
    const compiled = compileConfig(file, { noTypeCheck: true, outDir: path.join(out, c) });
    if (c.endsWith('_family.py')) {
      assert.deepEqual(checked.filter((d) => d.code === 'YC6005').map((d) => d.severity), ['warning']);
      assert.equal(compiled.value, null);
      assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['YC6005'], 'one error, no YC6001 per module');
    }
    golden(file.replace(/\.py$/, '.check.txt'), renderText(checked, { cwd: DIR }) + '\n');
    golden(file.replace(/\.py$/, '.compile.txt'), renderText(compiled.diagnostics, { cwd: DIR }) + '\n');
  });
}

test('check --strict fails on the YC5020 / YC6005 warnings of a config it could not shape-check', async () => {
  const { run } = await import('../../cli/check.js');
  const log = console.log;
  console.log = () => {};
  try {
    const file = path.join(DIR, 'yolov6_family.py');
    assert.equal(await run([file]), 0);
    assert.equal(await run([file, '--strict']), 1);
  } finally {
    console.log = log;
  }
});

test('the cat fine-tuning config: check, compile and the runtime agree on frozen_stages', async () => {
  const file = path.join(ROOT, 'tests/baselines/validate/cat_finetune.py');
  const checked = checkFile(file);
  assert.deepEqual(checked.diagnostics.map((d) => `${d.severity} ${d.code}`), ['warning YC7404'], 'only the load_from URL');
  const compiled = compileConfig(file, { noTypeCheck: true, outDir: path.join(out, 'cat') });
  assert.ok(compiled.value, compiled.diagnostics.map((d) => d.message).join('\n'));
  const model = compiled.value.files.get('model.ts')!;
  assert.match(model, /frozenStages: 4,/);
  assert.match(model, /normEval: false,/);
  const { buildBackbone } = await import('../../runtime/model/build.js');
  const { selectBackend } = await import('../../runtime/backend/index.js');
  await selectBackend('cpu', { quiet: true });
  // The config's backbone as the runtime builds it (narrowed, to keep the test quick).
  const bb = checked.value.config!.data.model as { backbone: Record<string, unknown> };
  const m = buildBackbone({ ...bb.backbone, widen_factor: 0.125 });
  // frozen_stages=4 on P5: the stem and all four stages get no gradients.
  const params = m.namedParams().filter(([, p]) => p.trainable);
  assert.ok(params.length > 0);
  assert.deepEqual(params.filter(([, p]) => p.requiresGrad).map(([k]) => k), []);
  m.dispose();
});
