/**
 * Golden baselines: each tests/baselines/validate/<case>.py is resolved and validated (schema and
 * the keys the runtime honours), each
 * <case>.ts read by the .ts reader and validated; the diagnostics, rendered as text with code
 * frames, must equal <case>.errors.txt. UPDATE_BASELINES=1 rewrites the references (then review
 * the diff). Every YC4xxx code has a case named after it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODES } from '../../compiler/diagnostics/codes/schema.js';
import { renderText } from '../../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../../compiler/diagnostics/types.js';
import { evaluateTypeScript } from '../../compiler/frontend/typescript.js';
import { resolveConfig } from '../../compiler/resolve.js';
import { validateConfig } from '../../compiler/validate/index.js';
import { checkRuntimeKeys, mergeRuntimeKeys } from '../../compiler/validate/runtime-keys.js';
import { ROOT } from '../helpers/paths.js';
import { resolvedFromDict } from './helpers.js';

const DIR = path.join(ROOT, 'tests/baselines/validate');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.py') || f.endsWith('.ts')).sort();
const update = process.env.UPDATE_BASELINES === '1';

function diagnose(file: string): Diagnostic[] {
  if (file.endsWith('.ts')) {
    const r = evaluateTypeScript(readFileSync(file, 'utf8'), file);
    if (!r.value) return r.diagnostics;
    return [...r.diagnostics, ...validateConfig(resolvedFromDict(r.value, file)).diagnostics];
  }
  const r = resolveConfig(file);
  if (!r.value || hasErrors(r.diagnostics)) return r.diagnostics;
  // As checkFile: the schema, then the keys the runtime honours (YC4020).
  return [...r.diagnostics, ...mergeRuntimeKeys(validateConfig(r.value).diagnostics, checkRuntimeKeys(r.value))];
}

for (const c of cases) {
  test(`baseline ${c}`, () => {
    const diagnostics = diagnose(path.join(DIR, c));
    const text = renderText(diagnostics, { cwd: DIR }) + '\n';
    const codes = diagnostics.map((d) => d.code);
    const named = /^(yc\d{4})_/.exec(c)?.[1]?.toUpperCase();
    if (named) assert.ok(codes.includes(named), `${c} should report ${named}, got ${codes.join(', ') || 'nothing'}`);
    if (c.startsWith('clean')) assert.deepEqual(codes, []);
    const ref = path.join(DIR, c.replace(/\.(py|ts)$/, '.errors.txt'));
    if (update) {
      writeFileSync(ref + '.tmp', text);
      renameSync(ref + '.tmp', ref);
      return;
    }
    assert.ok(existsSync(ref), `missing baseline ${ref}: run with UPDATE_BASELINES=1`);
    assert.equal(text, readFileSync(ref, 'utf8'));
  });
}

test('every YC4xxx code has a baseline case', () => {
  const covered = new Set(cases.map((c) => /^(yc\d{4})_/.exec(c)?.[1]?.toUpperCase()));
  assert.deepEqual(Object.keys(CODES).filter((code) => !covered.has(code)), []);
});

test('a value set three bases up is reported at its line in that base', () => {
  const ds = diagnose(path.join(DIR, 'base3_wrong_type.py'));
  assert.equal(ds.length, 1);
  assert.equal(ds[0]!.span?.file, path.join(DIR, 'bases/level3.py'));
  assert.match(ds[0]!.related?.[0]?.message ?? '', /base3_wrong_type\.py -> bases\/level1\.py -> bases\/level2\.py -> bases\/level3\.py/);
});
