/**
 * StarNet (the seed's backbone) under YOLOv8 and RTMDet, as the bundled configs
 * configs/starnet/{yolov8,rtmdet}_starnet_s1_coco.py put it: `check` finds nothing, `compile`
 * emits a model whose parameters are the engine's, and the model trains: the family's real loss
 * (YOLOv8: task-aligned assigner, BCE + CIoU + DFL; RTMDet: dynamic soft labels, QFL + GIoU) on a
 * 2 x 64 x 64 batch gives finite terms, every trainable parameter (StarNet's included) a finite
 * gradient, and backpropagation through StarNet, the neck and the head agrees with a finite
 * difference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFile } from '../../compiler/check/run.js';
import { compileConfig, createEmitProject } from '../../compiler/emit/index.js';
import { hasErrors } from '../../compiler/diagnostics/types.js';
import { buildDetector, selectBackend, tf } from '../../runtime/index.js';
import { seedInit } from '../../runtime/nn/init.js';
import { variableGradsAsync, variableGradsLowMemory } from '../../runtime/engine/grads.js';
import { headTrainingFor, totalLoss, type LossBatch } from '../../runtime/engine/head-training.js';
import { ROOT } from '../helpers/paths.js';

await selectBackend('native', { quiet: true }).catch(() => selectBackend('cpu', { quiet: true }));

const CASES = [
  { name: 'YOLOv8', file: 'configs/starnet/yolov8_starnet_s1_coco.py', head: 'YOLOv8Head', terms: ['loss_cls', 'loss_bbox', 'loss_dfl'] },
  { name: 'RTMDet', file: 'configs/starnet/rtmdet_starnet_s1_coco.py', head: 'RTMDetHead', terms: ['loss_cls', 'loss_bbox'] },
];

for (const c of CASES) {
  test(`StarNet-s1 under ${c.name}: checks clean, compiles, and trains`, async () => {
    const file = path.join(ROOT, c.file);
    const checked = checkFile(file);
    assert.deepEqual(checked.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const out = mkdtempSync(path.join(tmpdir(), 'yoloc-starnet-family-'));
    const r = compileConfig(file, { project: createEmitProject(), outDir: out });
    assert.ok(r.value && !hasErrors(r.diagnostics), r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    const cfg = r.value.config.data as Record<string, unknown>;
    const modelCfg = cfg.model as Record<string, unknown>;
    assert.equal((modelCfg.bbox_head as Record<string, unknown>).type, c.head);
    assert.match(r.value.files.get('model.ts')!, /new StarNet/);

    seedInit(3);
    const model = buildDetector(modelCfg);
    seedInit(null);
    try {
      const names = model.namedParams().map(([k]) => k);
      assert.ok(names.some((k) => k.startsWith('backbone.stages.3.')), 'StarNet stage 3 is in the state_dict');
      const training = headTrainingFor(modelCfg);
      assert.deepEqual([...training.lossNames], c.terms);
      const params = model.parameters();
      const x = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
      const gt = Float32Array.from([0, 1, 4, 6, 30, 40, 0, 0, 34, 20, 60, 58, 1, 3, 10, 10, 50, 30, 1, 2, 20, 36, 44, 62]);
      const lb: LossBatch = { gt, inputShape: [64, 64], batchSize: 2 };
      const keyOf = new Map([...params].map(([k, v]) => [v.name, k]));
      const byName = new Map([...params.values()].map((v) => [v.name, v]));
      const gradParams = [...model.gradParameters().values()];
      const forward = () => model.forward(x, { training: true }) as unknown as Record<string, tf.Tensor[]>;
      let terms: Record<string, number> = {};
      const lossOf = (o: Record<string, tf.Tensor[]>, p: unknown) => {
        const t = training.loss(o, lb, p);
        terms = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.dataSync()[0]!]));
        return totalLoss(t, training.lossNames);
      };
      const { value, grads } = training.prepare
        ? await variableGradsAsync(forward, (o) => training.prepare!(o, lb), lossOf, gradParams)
        : variableGradsLowMemory(() => lossOf(forward(), undefined), gradParams);
      const loss0 = (await value.data())[0]!;
      for (const k of c.terms) assert.ok(Number.isFinite(terms[k]) && terms[k]! > 0, `${k} = ${terms[k]}`);
      assert.equal(Object.keys(grads).length, gradParams.length, 'a gradient for every trainable parameter');
      let norm2 = 0, backbone2 = 0;
      for (const [n, g] of Object.entries(grads)) {
        const d = await g.data();
        assert.ok(d.every(Number.isFinite), `${keyOf.get(n)}: non-finite gradient`);
        for (const v of d) norm2 += v * v;
        if (keyOf.get(n)!.startsWith('backbone.')) for (const v of d) backbone2 += v * v;
      }
      assert.ok(backbone2 > 0, 'StarNet receives gradient');
      tf.dispose([value, ...Object.values(grads)]);
      // Backpropagation through StarNet, the neck and the head: for a fixed random linear
      // function of every head output (the losses' targets follow the predictions, off the tape,
      // so the loss itself is not a function of the weights alone), a step along the gradient
      // changes it by what the gradient predicts (central difference, BN in training mode).
      const outs0 = forward();
      const keys = Object.keys(outs0).sort();
      const w = keys.flatMap((k) => outs0[k]!.map((t, i) => tf.randomNormal(t.shape, 0, 1, 'float32', 11 + i)));
      tf.dispose(Object.values(outs0).flat());
      const lin = () => tf.tidy(() => {
        const o = forward();
        return tf.addN(keys.flatMap((k) => o[k]!).map((t, i) => tf.sum(tf.mul(t, w[i]!)))) as tf.Scalar;
      });
      const lg = tf.variableGrads(lin, gradParams);
      let n2 = 0;
      for (const g of Object.values(lg.grads)) for (const v of await g.data()) n2 += v * v;
      const saved = new Map(Object.keys(lg.grads).map((n) => [n, tf.clone(byName.get(n)!)]));
      const eps = 1e-4 / Math.sqrt(n2);
      const at = async (sign: number): Promise<number> => {
        for (const [n, g] of Object.entries(lg.grads)) byName.get(n)!.assign(tf.tidy(() => tf.add(saved.get(n)!, tf.mul(g, sign * eps))));
        const v = lin();
        const r = (await v.data())[0]!;
        v.dispose();
        return r;
      };
      const fd = ((await at(1)) - (await at(-1))) / (2 * eps);
      const want = n2; // d/dt f(w + t g) at t = 0 is |g|^2
      assert.ok(Math.abs(fd - want) <= 1e-2 * want, `directional derivative ${fd}, gradient says ${want}`);
      tf.dispose([lg.value, ...Object.values(lg.grads), ...w, ...saved.values()]);
      x.dispose();
    } finally {
      model.dispose();
    }
  });
}
