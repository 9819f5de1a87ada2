import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderCase } from './golden.js';

const DIR = path.join(import.meta.dirname, 'cases');

for (const name of readdirSync(DIR).filter((f) => f.endsWith('.py')).sort()) {
  test(`golden: ${name}`, () => {
    const got = renderCase(path.join(DIR, name));
    const expectedFile = path.join(DIR, name.replace(/\.py$/, '.expected.txt'));
    if (process.env.UPDATE_BASELINES) writeFileSync(expectedFile, got);
    assert.ok(existsSync(expectedFile), `missing ${expectedFile}: run with UPDATE_BASELINES=1 and review it`);
    assert.equal(got, readFileSync(expectedFile, 'utf8'));
  });
}
