/**
 * Constructs of the MMEngine config language, checked against MMEngine itself: each
 * tests/frontend/mmengine/cases/NAME/main.py (with its bases) is resolved by yoloc and compared
 * with what MMEngine v0.10.7's Config.fromfile(...).to_dict() gave (expected.json, written by
 * regen.py from a fetched MMEngine; not run in CI). Where MMEngine refuses, yoloc must refuse
 * too; yoloc's diagnostics are golden baselines (NAME/yoloc.errors.txt; `UPDATE_BASELINES=1`
 * accepts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../../compiler/resolve.js';
import { toPythonJson } from '../../../compiler/inherit/print.js';
import { renderText } from '../../../compiler/diagnostics/render.js';

const DIR = path.join(import.meta.dirname, 'cases');
const expected = JSON.parse(readFileSync(path.join(import.meta.dirname, 'expected.json'), 'utf8')) as Record<string, { ok: boolean; json?: string; error?: string }>;
const update = process.env.UPDATE_BASELINES === '1';

for (const [rel, mm] of Object.entries(expected)) {
  const name = path.dirname(rel);
  test(`MMEngine case ${name}: ${mm.ok ? 'same dict' : 'both refuse'}`, () => {
    const file = path.join(DIR, rel);
    // NAME/case.json: { scopes: { pkg: folder relative to the case } } for package imports.
    const spec = path.join(DIR, name, 'case.json');
    const given = existsSync(spec) ? (JSON.parse(readFileSync(spec, 'utf8')) as { scopes?: Record<string, string> }).scopes ?? {} : {};
    const scopes = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, path.join(DIR, name, v)]));
    const r = resolveConfig(file, { env: { HOME: '/home/yoloc' }, cache: false, scopes });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (mm.ok) {
      assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], 'MMEngine loads this config');
      assert.equal(toPythonJson(r.value!.value), mm.json);
    } else {
      assert.ok(errors.length > 0, `MMEngine refuses this config (${mm.error}), yoloc must too`);
    }
    const golden = path.join(DIR, name, 'yoloc.errors.txt');
    const got = r.diagnostics.length ? renderText(r.diagnostics, { cwd: path.join(DIR, name) }).split(DIR).join('$CASES') + '\n' : null;
    if (update) {
      if (got === null) rmSync(golden, { force: true });
      else writeFileSync(golden, got);
    } else assert.equal(got, existsSync(golden) ? readFileSync(golden, 'utf8') : null, `${golden} differs (UPDATE_BASELINES=1 accepts)`);
  });
}

test('custom_imports accepts the Python modules yoloc export writes (their types are yoloc\'s)', async () => {
  const { PYTHON_MODULES } = await import('../../../runtime/export/mmyolo/project.js');
  const { OWN_MODULES } = await import('../../../compiler/inherit/build.js');
  for (const m of Object.values(PYTHON_MODULES)) assert.ok(OWN_MODULES.includes(m.module), m.module);
});
