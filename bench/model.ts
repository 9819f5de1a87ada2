/**
 * Forward and training-step time of the fixture StarNet-YOLOv5 (tests/runtime/*.model.json) on
 * one backend, with a per-kernel profile (tf.profile): where the time goes.
 *   node --import tsx bench/model.ts [--backend native|wasm|cpu] [--size 640] [--batch 1]
 *     [--mode forward|train] [--steps 3] [--profile] [--json]
 * The train step is forward in training mode + a stand-in loss (mean of squared logits) + the
 * gradients of every trainable parameter and a plain SGD update: the real loss is small next to
 * the network.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.js';
import { buildDetector } from '../runtime/model/build.js';
import type { Dict } from '../runtime/model/build.js';

const { values: o } = parseArgs({
  options: {
    backend: { type: 'string', default: 'native' }, size: { type: 'string', default: '640' },
    batch: { type: 'string', default: '1' }, mode: { type: 'string', default: 'forward' },
    steps: { type: 'string', default: '3' }, profile: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }, config: { type: 'string' },
  },
});

const cfgPath = o.config ?? path.resolve(import.meta.dirname, '../tests/runtime/yolov5_starnet_s8.model.json');
const backend = await selectBackend(o.backend, { quiet: true });
const model = buildDetector(JSON.parse(readFileSync(cfgPath, 'utf8')) as Dict);
const size = Number(o.size), batch = Number(o.batch), steps = Number(o.steps);
const train = o.mode === 'train';
const params = model.namedParams().filter(([, p]) => p.trainable).map(([, p]) => p.variable);
const x = tf.randomUniform([batch, size, size, 3]) as tf.Tensor4D;

function lossOf(): tf.Scalar {
  const out = model.forward(x, { training: true });
  const parts = [...out.clsScores, ...out.bboxPreds, ...out.objectnesses].map((t) => tf.mean(tf.square(t)));
  return tf.addN(parts) as tf.Scalar;
}

function step(): void {
  if (!train) {
    tf.tidy(() => {
      const out = model.forward(x, { training: false });
      for (const t of out.clsScores) t.dataSync();
    });
    return;
  }
  tf.tidy(() => {
    const { grads } = tf.variableGrads(lossOf, params);
    for (const v of params) v.assign(tf.sub(v, tf.mul(grads[v.name], 1e-6)));
  });
  model.discardBatchNormUpdates();
}

step(); // warm-up
const times: number[] = [];
const cpu0 = process.cpuUsage();
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  step();
  times.push((performance.now() - t0) / 1000);
}
// Process CPU time per step: on a shared, loaded machine it says more than wall time.
const cpuUsed = process.cpuUsage(cpu0);
const cpuS = (cpuUsed.user + cpuUsed.system) / 1e6 / steps;
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];

let profile: Array<{ kernel: string; ms: number; calls: number }> = [];
if (o.profile) {
  const info = await tf.profile(() => step());
  const by = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = by.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls++;
    by.set(k.name, e);
  }
  profile = [...by].map(([kernel, e]) => ({ kernel, ...e })).sort((a, b) => b.ms - a.ms);
}

const native = (await import('../runtime/backend/native/index.js')).fallbackCounts();
const fallbacks = Object.fromEntries(native);

if (o.json) {
  console.log(JSON.stringify({ median_s: median, cpu_s: cpuS, backend, mode: o.mode, batch, size, profile, fallbacks }));
} else {
  console.log(`${backend} ${o.mode} ${batch}x${size}: median ${median.toFixed(3)} s over ${steps} steps (cpu time ${cpuS.toFixed(3)} s/step)`);
  const total = profile.reduce((s, p) => s + p.ms, 0);
  if (native.size > 0) console.log(`  native kernels that fell back to cpu: ${JSON.stringify(fallbacks)}`);
  for (const p of profile.slice(0, 25)) {
    console.log(`  ${p.kernel.padEnd(36)} ${p.ms.toFixed(1).padStart(9)} ms ${(100 * p.ms / total).toFixed(1).padStart(5)}%  ${p.calls} calls`);
  }
}
