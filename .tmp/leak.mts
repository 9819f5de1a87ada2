import { readFileSync } from 'node:fs';
import { buildDetector, tf, selectBackend } from '../runtime/index.ts';
import { variableGradsLowMemory, variableGradsAsync } from '../runtime/engine/grads.ts';
import { headTrainingFor, totalLoss } from '../runtime/engine/head-training.ts';
await selectBackend('cpu', { quiet: true });
const cfg = JSON.parse(readFileSync('tests/fixtures/yolov8/train_step/model.json', 'utf8'));
const model = buildDetector(cfg); model.train();
const x = tf.randomUniform([2, 96, 96, 3]) as tf.Tensor4D;
const params = [...model.parameters().values()];
const batch = { gt: Float32Array.from([0, 0, 4, 6, 40, 50, 1, 1, 10, 12, 86, 90]), inputShape: [96, 96] as [number, number], batchSize: 2 };
const tr = headTrainingFor(cfg);
for (const mode of ['sum', 'forwardonly', 'loss']) {
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (mode === 'forwardonly') { const o = model.forward(x, { training: true }); tf.dispose(o as any); }
    else if (mode === 'sum') { const r = variableGradsLowMemory(() => { const o = model.forward(x, { training: true }); return tf.addN([...o.clsScores, ...o.bboxDistPreds!].map((t) => tf.sum(t))) as tf.Scalar; }, params); tf.dispose([r.value, ...Object.values(r.grads)]); }
    else { const r = await variableGradsAsync(() => model.forward(x, { training: true }) as any, (o: any) => tr.prepare!(o, batch), (o: any, p) => totalLoss(tr.loss(o, batch, p), tr.lossNames), params); tf.dispose([r.value, ...Object.values(r.grads)]); }
    model.applyBatchNormUpdates();
    counts.push(tf.memory().numTensors);
  }
  console.log(mode, counts);
}
