/**
 * Backend selection: the order and the forced choice, proved with fake candidates (no real
 * backend is loaded), and that the real list holds every backend in BACKEND_ORDER.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { pickBackend, BACKEND_ORDER, YolocError, type BackendCandidate } from '../../runtime/index.js';
import { CANDIDATES } from '../../runtime/backend/loaders.js';

function fakes(working: string[], tried: string[]): BackendCandidate[] {
  return BACKEND_ORDER.map((name) => ({
    name,
    load: async () => {
      tried.push(name);
      if (name === 'webgpu') throw new Error('no adapter'); // a throwing loader fails quietly
      return working.includes(name);
    },
  }));
}

it('picks the first backend that loads, trying them in BACKEND_ORDER', async () => {
  const tried: string[] = [];
  assert.equal(await pickBackend(fakes(['wasm', 'cpu', 'native'], tried)), 'native');
  assert.deepEqual(tried, ['tensorflow', 'webgpu', 'native']);
  const tried2: string[] = [];
  assert.equal(await pickBackend(fakes(['cpu'], tried2)), 'cpu');
  assert.deepEqual(tried2, [...BACKEND_ORDER]);
});

it('a forced backend is tried alone; unknown or unloadable ones are YC7500 / YC7501', async () => {
  const tried: string[] = [];
  assert.equal(await pickBackend(fakes(['tensorflow', 'cpu'], tried), 'cpu'), 'cpu');
  assert.deepEqual(tried, ['cpu']);
  await assert.rejects(pickBackend(fakes(['cpu'], []), 'gpu'), (e: unknown) => e instanceof YolocError && e.code === 'YC7500');
  await assert.rejects(pickBackend(fakes(['cpu'], []), 'webgpu'), (e: unknown) => e instanceof YolocError && e.code === 'YC7501');
  await assert.rejects(pickBackend(fakes([], [])), (e: unknown) => e instanceof YolocError && e.code === 'YC7501');
});

it('the real candidate list follows BACKEND_ORDER', () => {
  assert.deepEqual(CANDIDATES.map((c) => c.name), [...BACKEND_ORDER]);
});
