/**
 * `yoloc export --format onnx` in process: the exported graphs of the StarNet-YOLOv5 fixture and
 * the stock YOLOv5n fixture run by onnxruntime-node equal our forward and PyTorch's outputs
 * within 1e-4; dynamic batch at 1 and 3; every value's inferred shape is what onnxruntime
 * computes; initializers are the checkpoint's; the bytes are deterministic; opsets are checked.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { forwardNCHW, selectBackend, type TensorData } from '../../runtime/index.js';
import { YolocError } from '../../runtime/errors.js';
import { checkOpset, exportOnnx, rawOutputNames } from '../../runtime/export/onnx/export.js';
import { decodeModel, encodeModel } from '../../runtime/export/onnx/proto.js';
import { Graph, int } from '../../runtime/export/onnx/graph.js';
import { inferShapes, ShapeError } from '../../runtime/export/onnx/shapes.js';
import { lowerContext } from '../../runtime/export/onnx/lower.js';
import { Layer } from '../../runtime/nn/module.js';
import { assertSameDetections } from '../helpers/detections.js';
import { assertAllClose, batchOf, runOnnx, starnetFixture, yolov5nFixture } from './helpers.js';

const RAW = rawOutputNames(3);
const ATOL = 1e-4;

/** native when it is built, else tfjs's CPU backend (the forward is ~1 s there at 320). */
async function fastBackend(): Promise<void> {
  try { await selectBackend('native', { quiet: true }); } catch { await selectBackend('cpu', { quiet: true }); }
}

describe('onnx export: StarNet-YOLOv5 fixture (shared PyTorch weights)', () => {
  let fx: ReturnType<typeof starnetFixture>;
  let bytes: Uint8Array;
  before(async () => {
    await fastBackend();
    fx = starnetFixture();
    bytes = (await exportOnnx(fx.model, { size: [320, 320], dynamicBatch: true })).bytes;
  });

  it('raw head maps equal yoloc forward and PyTorch within 1e-4 (dynamic graph, batch 1)', async () => {
    const got = await runOnnx(bytes, fx.input);
    assert.deepEqual([...got.keys()], RAW, 'output names and order');
    assertAllClose('vs yoloc forward', got, (await forwardNCHW(fx.model, fx.input)), RAW, ATOL);
    assertAllClose('vs PyTorch', got, fx.torch, RAW, ATOL);
  });

  it('dynamic batch 3 equals yoloc forward of the same batch', async () => {
    const x3 = batchOf(fx.input, 3);
    const got = await runOnnx(bytes, x3);
    assert.equal(got.get('cls_scores.0')!.shape[0], 3);
    assertAllClose('batch 3', got, (await forwardNCHW(fx.model, x3)), RAW, ATOL);
  });

  it('is deterministic: the same model gives the same bytes', async () => {
    const again = (await exportOnnx(fx.model, { size: [320, 320], dynamicBatch: true })).bytes;
    assert.ok(Buffer.from(again).equals(Buffer.from(bytes)), 'two exports differ');
  });

  it('initializers are the checkpoint: names are state_dict keys, unfolded convs bit-equal', () => {
    const m = decodeModel(bytes);
    const keys = new Set(fx.model.namedParams().map(([k]) => k));
    const params = new Map(fx.model.namedParams());
    let checked = 0;
    for (const t of m.graph!.initializer!) {
      if (t.name!.startsWith('const.')) continue;
      // A state_dict key; a folded conv's bias where the conv had none is named like one and says so.
      assert.ok(keys.has(t.name!) || /BN folded/.test(t.docString ?? ''), `initializer ${t.name} is neither a state_dict key nor a documented fold`);
      if (t.name!.startsWith('bbox_head.head_module.convs_pred.') && t.name!.endsWith('.bias')) {
        const want = params.get(t.name!)!.variable.dataSync() as Float32Array;
        const raw = t.rawData!;
        const got = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
        assert.deepEqual(Array.from(got), Array.from(want), `${t.name} differs from the checkpoint`);
        checked++;
      }
      if (t.name!.endsWith('dwconv.conv.weight')) assert.match(t.docString!, /BN folded/);
    }
    assert.equal(checked, 3);
  });
});

describe('onnx export: end2end (decode + NonMaxSuppression in the graph)', () => {
  let fx: ReturnType<typeof starnetFixture>;
  let exp: Awaited<ReturnType<typeof exportOnnx>>;
  before(async () => {
    await fastBackend();
    fx = starnetFixture();
    exp = await exportOnnx(fx.model, { size: [320, 320], dynamicBatch: true, end2end: true });
  });

  it('every value has a shape, and onnxruntime computes the shapes our inference wrote (batch 2)', async () => {
    const m = decodeModel(exp.bytes);
    const g = m.graph!;
    const named = new Map([...g.valueInfo!, ...g.output!].map((v) => [v.name!, v]));
    for (const n of g.node!) {
      for (const o of n.output!) {
        const v = named.get(o);
        assert.ok(v, `${n.opType} ${n.name}: output ${o} has no value_info`);
        assert.ok(v.type!.tensorType!.shape!.dim!.every((d) => d.dimParam || d.dimValue !== undefined), `${o}: shape incomplete`);
      }
    }
    // Every intermediate as an extra output: onnxruntime's shapes must be the inferred ones.
    g.output!.push(...g.valueInfo!);
    const wide = encodeModel(m);
    const x2 = batchOf(fx.input, 2);
    const got = await runOnnx(wide, x2);
    let selected = -1;
    let compared = 0;
    for (const [name, t] of exp.types) {
      const real = got.get(name);
      if (!real) continue;
      const dims = t.dims.map((d) => {
        if (typeof d === 'number') return d;
        if (d === 'batch') return 2;
        if (d === 'num_selected') return (selected = selected < 0 ? real.shape[t.dims.indexOf(d)]! : selected);
        const m2 = /^num_selected\+(\d+)$/.exec(d);
        if (m2 && selected >= 0) return selected + Number(m2[1]);
        return real.shape[t.dims.indexOf(d)]!;
      });
      assert.deepEqual(real.shape, dims, `${name}: onnxruntime [${real.shape}], inferred [${t.dims}]`);
      compared++;
    }
    const nodeOutputs = g.node!.reduce((n, x) => n + x.output!.length, 0);
    assert.equal(compared, nodeOutputs, 'every node output compared');
    assert.ok(selected > 0, 'NonMaxSuppression selected nothing');
  });

  it('detections equal the predict path: on the same logits boxes within 1e-3 px; vs tfjs same labels (batch 1 and 3)', async () => {
    const { predictByFeat, toNHWC, tf } = await import('../../runtime/index.js');
    const { YOLOv5Head } = await import('../../runtime/modules/yolov5_head/module.js');
    const { OnnxEngine } = await import('../../runtime/export/onnx/engine.js');
    const { evalForward } = await import('../../runtime/engine/evaluate.js');
    const head = fx.model.bboxHead as InstanceType<typeof YOLOv5Head>;
    const K = head.testCfg.maxPerImg;
    const raw = new OnnxEngine(fx.model);
    try {
      for (const n of [1, 3]) {
        const x = batchOf(fx.input, n);
        const got = await runOnnx(exp.bytes, x);
        const metas = Array.from({ length: n }, () => ({ oriShape: [320, 320] as [number, number], scaleFactor: [1, 1] as [number, number] }));
        // predict_by_feat in TypeScript on onnxruntime's own raw maps (the same logits): the graph's tail must match it closely;
        // on tfjs's logits (which differ by ~1e-5) the labels must match and boxes within the parity tests' 1e-4 of the size.
        const ortOuts = await raw.forwardNCHW(x);
        const xt = toNHWC(tf.tensor4d(x.data as Float32Array, x.shape as [number, number, number, number]));
        const tfOuts = evalForward(fx.model, xt);
        xt.dispose();
        for (const [what, outs, boxTol] of [['same logits', ortOuts, 1e-3], ['tfjs forward', tfOuts, 1e-4 * 320]] as const) {
          const want = await predictByFeat(outs, metas, head.testCfg, head, { rescale: false });
          want.forEach((w, b) => {
            const count = got.get('num_dets')!.data[b]!;
            assert.ok(w.scores.length > 20, `image ${b}: only ${w.scores.length} detections to compare`);
            assert.equal(count, Math.min(w.scores.length, K), `${what}, image ${b}: num_dets`);
            const labels = Array.from(got.get('labels')!.data.slice(b * K, b * K + count));
            assert.ok(Array.from(got.get('labels')!.data.slice(b * K + count, (b + 1) * K)).every((l) => l === -1), 'padding labels are -1');
            const box = (got.get('boxes')!.data as Float32Array).slice(b * K * 4, b * K * 4 + count * 4);
            const sc = (got.get('scores')!.data as Float32Array).slice(b * K, b * K + count);
            if (what === 'same logits') {
              // the same logits: the same detections in the same order
              assert.deepEqual(labels, Array.from(w.labels), `${what}, image ${b}: labels`);
              const d = Math.max(...box.map((v, i) => Math.abs(v - w.bboxes[i]!)));
              assert.ok(d <= boxTol, `${what}, image ${b}: boxes differ by ${d} px > ${boxTol}`);
              assert.ok(Math.max(...sc.map((v, i) => Math.abs(v - w.scores[i]!))) <= 1e-5, `${what}, image ${b}: scores`);
            } else {
              // logits ~1e-5 apart: the same detections; two whose scores tie within 1e-5 may swap places
              const det = (l: ArrayLike<number>, s: ArrayLike<number>, bx: ArrayLike<number>) =>
                Array.from(l, (label, i) => ({ label, score: s[i]!, box: Array.from(bx).slice(i * 4, i * 4 + 4) }));
              assertSameDetections(det(labels, sc, box), det(w.labels, w.scores, w.bboxes), { scoreTol: 1e-5, boxTol, what: `${what}, image ${b}` });
            }
          });
          tf.dispose([...outs.clsScores, ...outs.bboxPreds, ...outs.objectnesses]);
        }
      }
    } finally {
      await raw.release();
    }
  });
});

describe('onnx export: stock YOLOv5n fixture', () => {
  let fx: ReturnType<typeof yolov5nFixture>;
  let ours: Map<string, TensorData>;
  before(async () => {
    await fastBackend();
    fx = yolov5nFixture();
    ours = await forwardNCHW(fx.model, fx.input);
  });

  for (const opset of [11, 17]) {
    // PyTorch's own float32 and float64 runs of this model differ by ~1.5e-4 on logits: 1e-3 against it, as the issue asks.
    it(`opset ${opset}, static batch: raw head maps equal yoloc forward within 1e-4 and PyTorch within 1e-3`, async () => {
      const { bytes, graph } = await exportOnnx(fx.model, { size: [320, 320], opset });
      assert.equal(graph.inputs[0]!.dims[0], 1);
      assert.equal(Number(decodeModel(bytes).opsetImport![0]!.version), opset);
      const got = await runOnnx(bytes, fx.input);
      assertAllClose('vs yoloc forward', got, ours, RAW, ATOL);
      assertAllClose('vs PyTorch', got, fx.torch, RAW, 1e-3);
    });
  }

  it('end2end with multi_label=False (best class only), opset 11: equals predict on the same logits', async () => {
    const { predictByFeat } = await import('../../runtime/index.js');
    const { OnnxEngine } = await import('../../runtime/export/onnx/engine.js');
    const head = fx.model.bboxHead as unknown as { testCfg: import('../../runtime/index.js').TestCfg; strides: number[]; anchors: number[][][] };
    const cfg = { ...head.testCfg, multiLabel: false, maxPerImg: 50 };
    const headLike = { strides: head.strides, anchors: head.anchors, testCfg: cfg };
    Object.defineProperty(fx.model.bboxHead, 'testCfg', { value: cfg, configurable: true });
    try {
      const { bytes } = await exportOnnx(fx.model, { size: [320, 320], opset: 11, end2end: true });
      const got = await runOnnx(bytes, fx.input);
      const engine = new OnnxEngine(fx.model, { opset: 11 });
      const outs = await engine.forwardNCHW(fx.input);
      await engine.release();
      const [w] = await predictByFeat(outs, [{ oriShape: [320, 320], scaleFactor: [1, 1] }], cfg, headLike, { rescale: false });
      const n = got.get('num_dets')!.data[0]!;
      assert.ok(w!.scores.length > 0, 'no detections to compare');
      assert.equal(n, Math.min(w!.scores.length, 50));
      assert.deepEqual(Array.from(got.get('labels')!.data.slice(0, n)), Array.from(w!.labels));
      const box = (got.get('boxes')!.data as Float32Array).slice(0, n * 4);
      assert.ok(Math.max(...box.map((v, i) => Math.abs(v - w!.bboxes[i]!))) <= 1e-3, 'boxes');
    } finally {
      Object.defineProperty(fx.model.bboxHead, 'testCfg', { value: head.testCfg, configurable: true });
    }
  });

  it('opsets outside 11..17 are a YC7602 naming the reason', async () => {
    for (const [opset, why] of [[9, /NonMaxSuppression/], [10, /Resize/], [18, /IR version 8/], [12.5, /not supported/]] as const) {
      assert.throws(() => checkOpset(opset, true), (e: unknown) => e instanceof YolocError && e.code === 'YC7602' && why.test(e.message));
    }
    assert.throws(() => checkOpset(10, false), (e: unknown) => e instanceof YolocError && /Resize/.test(e.message));
    await assert.rejects(exportOnnx(fx.model, { size: [320, 300] }), (e: unknown) => e instanceof YolocError && e.code === 'YC7603');
  });
});

describe('onnx export: the checks can fail', () => {
  it('shape inference rejects graphs that do not fit, and unknown ops', () => {
    const g = new Graph('bad', 13);
    g.inputs.push({ name: 'x', dtype: 'float32', dims: [1, 3, 8, 8] });
    const w = g.f32('w', [4, 5, 1, 1], new Float32Array(20));
    g.op('Conv', 'conv', ['x', w], {});
    assert.throws(() => inferShapes(g), (e: unknown) => e instanceof ShapeError && /3 channels, weight expects 5/.test(e.message));
    const h = new Graph('bad2', 13);
    h.inputs.push({ name: 'a', dtype: 'float32', dims: ['batch', 2, 4, 4] }, { name: 'b', dtype: 'float32', dims: ['batch', 2, 5, 4] });
    h.op('Concat', 'cat', ['a', 'b'], { axis: int(1) });
    assert.throws(() => inferShapes(h), (e: unknown) => e instanceof ShapeError && /does not fit/.test(e.message));
    const k = new Graph('bad3', 13);
    k.inputs.push({ name: 'a', dtype: 'float32', dims: [1] });
    k.op('Softplus', 's', ['a']);
    assert.throws(() => inferShapes(k), (e: unknown) => e instanceof ShapeError && /Softplus/.test(e.message));
  });

  it('onnxruntime-node that does not load is a YC7605 naming the fix', async () => {
    const { loadOnnxRuntime } = await import('../../runtime/export/onnx/session.js');
    await assert.rejects(loadOnnxRuntime('onnxruntime-node-not-installed'),
      (e: unknown) => e instanceof YolocError && e.code === 'YC7605' && /npm install onnxruntime-node@1\.30\.0/.test(e.fix ?? ''));
  });

  it('a module type without a converter is a YC7601 naming its config path', () => {
    class Mystery extends Layer { forward(x: never): never { return x; } }
    const ctx = lowerContext(new Graph('g', 13));
    assert.throws(() => ctx.lower(new Mystery(), 'neck.reduce_layers.0', ['x']),
      (e: unknown) => e instanceof YolocError && e.code === 'YC7601' && /model\.neck: module Mystery at 'neck\.reduce_layers\.0'/.test(e.message));
  });
});
