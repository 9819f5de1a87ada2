import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, CATALOG_PARTS } from '../../compiler/diagnostics/catalog.js';

test('every diagnostic code is well formed and unique across phases', () => {
  const seen = new Set<string>();
  for (const codes of Object.values(CATALOG_PARTS)) {
    for (const code of Object.keys(codes)) {
      assert.match(code, /^YC\d{4}$/);
      assert.ok(!seen.has(code), `duplicate ${code}`);
      seen.add(code);
    }
  }
  assert.equal(Object.keys(CATALOG).length, seen.size);
});
