/**
 * Golden baselines for `yoloc check` as a whole (resolve, validate, shapes) on cascades (issue 19
 * item 5): each tests/baselines/cascade/<case>.py gives <case>.errors.txt. A shape check that read
 * a part with a schema error is a note naming that error, with no fix of its own.
 * UPDATE_BASELINES=1 rewrites the references (then review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkFile } from '../../compiler/check/run.js';
import { renderText } from '../../compiler/diagnostics/render.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/baselines/cascade');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
const update = process.env.UPDATE_BASELINES === '1';

for (const c of cases) {
  test(`cascade baseline ${c}`, () => {
    const { diagnostics } = checkFile(path.join(DIR, c));
    const text = renderText(diagnostics, { cwd: DIR }) + '\n';
    const ref = path.join(DIR, c.replace(/\.py$/, '.errors.txt'));
    if (update) {
      writeFileSync(ref + '.tmp', text);
      renameSync(ref + '.tmp', ref);
    } else {
      assert.ok(existsSync(ref), `missing baseline ${ref}: run with UPDATE_BASELINES=1`);
      assert.equal(text, readFileSync(ref, 'utf8'));
    }
    if (c === 'clean.py') assert.deepEqual(diagnostics, []);
  });
}

test('a typo in the backbone makes the neck channel check a note without the wrong fix', () => {
  const { diagnostics } = checkFile(path.join(DIR, 'typo_in_backbone.py'));
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['YC4002', 'error'], ['YC5001', 'info']]);
  const note = diagnostics[1]!;
  assert.equal(note.fix, undefined);
  assert.match(note.message, /depends on model\.backbone, which has error YC4002 at typo_in_backbone\.py:4:\d+/);
});

test('an error in the head leaves the backbone-neck check an error', () => {
  const { diagnostics } = checkFile(path.join(DIR, 'typo_in_head_only.py'));
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['YC4002', 'error'], ['YC5001', 'error'], ['YC5002', 'error']]);
});

test('an error in a loss, which changes no shape, leaves the head checks errors', () => {
  const { diagnostics } = checkFile(path.join(DIR, 'typo_in_loss.py'));
  assert.ok(diagnostics.some((d) => d.code === 'YC4002'));
  assert.ok(diagnostics.some((d) => d.code === 'YC5003' && d.severity === 'error'));
  assert.ok(!diagnostics.some((d) => d.severity === 'info'));
});
