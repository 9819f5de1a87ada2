import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEta, formatProgress } from '../../runtime/engine/logger.js';

test('eta is printed as MMEngine prints it', () => {
  assert.equal(formatEta(83), '0:01:23');
  assert.equal(formatEta(3600 * 26 + 3 * 60 + 4), '1 day, 2:03:04');
  assert.equal(formatEta(-5), '0:00:00');
});

test('the progress line shows epoch, iteration, loss, time per iteration and eta of the whole run', () => {
  const line = formatProgress({ epoch: 3, maxEpochs: 30, iter: 60, totalIters: 720, loss: 1.46219, secPerIter: 0.4712, eta: 312 }, 10);
  assert.equal(line, 'epoch  3/30  iter  60/720 [#---------]   8%  loss 1.462  0.47 s/it  eta 0:05:12');
});

test('before the first iteration the progress line has dashes, not NaN', () => {
  const line = formatProgress({ epoch: 0, maxEpochs: 2, iter: 0, totalIters: 48, loss: NaN, secPerIter: NaN, eta: NaN }, 4);
  assert.equal(line, 'epoch 0/2  iter  0/48 [----]   0%  loss -  - s/it  eta -');
  assert.ok(formatProgress({ epoch: 2, maxEpochs: 2, iter: 48, totalIters: 48, loss: 1, secPerIter: 1, eta: 0 }, 4).includes('[####] 100%'));
});
