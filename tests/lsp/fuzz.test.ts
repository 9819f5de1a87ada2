/**
 * The fuzz corpus (tests/fuzz) through `yoloc lsp`: the saved regression inputs and 25
 * generated ones (no 10 MB lines here: `npm run fuzz:lsp -- --runs N` has them), each opened,
 * hovered, completed, asked for definitions and fixes, edited and closed in one server, which
 * must answer every request, log no error and still answer at the end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseAt, type FuzzCase } from '../fuzz/inputs.js';
import { fuzzLsp, savedCases } from '../fuzz/lsp.js';

test('the fuzz corpus through the language server: no crash, no failed request, still answering', async () => {
  const generated = Array.from({ length: 25 }, (_, i) => [`#${i} of seed 20261128`, caseAt(20261128, i)] as [string, FuzzCase]);
  const saved = savedCases();
  assert.ok(saved.length >= 5, 'saved regression inputs are missing');
  const s = await fuzzLsp([...saved, ...generated], 30_000);
  assert.deepEqual(s.failures, []);
  assert.equal(s.inputs, saved.length + generated.length);
});
