/**
 * Golden baselines: each tests/baselines/check/<case>.py is resolved and shape-checked; the
 * diagnostics, rendered as text with code frames, must equal <case>.errors.txt.
 * UPDATE_BASELINES=1 rewrites the references (then review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkShapes } from '../../compiler/check/index.js';
import { CODES } from '../../compiler/diagnostics/codes/shapes.js';
import { renderText } from '../../compiler/diagnostics/render.js';
import { hasErrors } from '../../compiler/diagnostics/types.js';
import { resolveConfig } from '../../compiler/resolve.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/baselines/check');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
const update = process.env.UPDATE_BASELINES === '1';

function run(file: string): { text: string; codes: string[] } {
  const r = resolveConfig(file);
  const diagnostics = [...r.diagnostics];
  if (r.value && !hasErrors(r.diagnostics)) diagnostics.push(...checkShapes(r.value).diagnostics);
  return { text: renderText(diagnostics, { cwd: DIR }) + '\n', codes: diagnostics.map((d) => d.code) };
}

for (const c of cases) {
  test(`baseline ${c}`, () => {
    const { text, codes } = run(path.join(DIR, c));
    const named = /^(yc\d{4})_/.exec(c)?.[1]?.toUpperCase();
    if (named) assert.ok(codes.includes(named), `${c} should report ${named}, got ${codes.join(', ') || 'nothing'}`);
    if (c.startsWith('clean')) assert.deepEqual(codes, []);
    const ref = path.join(DIR, c.replace(/\.py$/, '.errors.txt'));
    if (update) {
      writeFileSync(ref + '.tmp', text);
      renameSync(ref + '.tmp', ref);
      return;
    }
    assert.ok(existsSync(ref), `missing baseline ${ref}: run with UPDATE_BASELINES=1`);
    assert.equal(text, readFileSync(ref, 'utf8'));
  });
}

test('every YC5xxx code has a baseline case', () => {
  const covered = new Set(cases.map((c) => /^(yc\d{4})_/.exec(c)?.[1]?.toUpperCase()));
  assert.deepEqual(Object.keys(CODES).filter((code) => !covered.has(code)), []);
});
