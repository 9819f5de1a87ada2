/**
 * Our WGSL convolution kernels (runtime/backend/webgpu/conv*.ts: the conv forward with bias and
 * both conv backprops, the depthwise forward with bias and both depthwise backprops) against
 * tfjs-backend-webgpu's stock ones, on the training layer shapes of the fixture StarNet-YOLOv5
 * (StarNet base_dim 24: 24/48/96/192 channels at /4../32, 7x7 dwconvs, mlp_ratio 4) and YOLOv5s
 * (widen 0.5) at --batch x --size. Prints GPU ms per call (timestamp queries; tf.time's kernelMs) where the
 * adapter has them, else wall ms per call (a run of --iters calls, then one read), and the
 * ratio stock / ours; each case first checks ours equals stock (max rel diff).
 *   node --import tsx bench/webgpu_kernels.ts [--size 640] [--batch 16] [--iters 5] [--models starnet,yolov5s] [--json]
 * On SwiftShader only the fact that it runs means anything (use --size 64 --batch 1 --iters 1).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../runtime/backend/index.js';
import { stockWebgpuKernel, WEBGPU_CONV_KERNELS } from '../runtime/backend/webgpu/conv.js';

const { values: o } = parseArgs({
  options: {
    size: { type: 'string', default: '640' }, batch: { type: 'string', default: '16' }, iters: { type: 'string', default: '5' },
    models: { type: 'string', default: 'starnet,yolov5s' }, json: { type: 'boolean', default: false },
  },
});
const SIZE = Number(o.size), BATCH = Number(o.batch), ITERS = Math.max(1, Number(o.iters));

/** One layer: a conv (k x k, stride s, ci -> co) or a depthwise conv, at input side `hw` (of 640). */
interface Layer { model: string; kind: 'conv' | 'dw'; hw: number; ci: number; co: number; k: number; s: number }
const conv = (model: string, hw: number, ci: number, co: number, k: number, s: number): Layer => ({ model, kind: 'conv', hw, ci, co, k, s });
const dw = (model: string, hw: number, c: number): Layer => ({ model, kind: 'dw', hw, ci: c, co: c, k: 7, s: 1 });

const LAYERS: Layer[] = [
  // StarNet-YOLOv5 fixture: stem, per stage the down conv, the dwconvs, the 1x1 f1/f2 and g; neck 3x3s.
  conv('starnet', 640, 3, 32, 3, 2), conv('starnet', 320, 32, 24, 3, 2), dw('starnet', 160, 24),
  conv('starnet', 160, 24, 96, 1, 1), conv('starnet', 160, 96, 24, 1, 1), conv('starnet', 160, 24, 48, 3, 2),
  dw('starnet', 80, 48), conv('starnet', 80, 48, 192, 1, 1), conv('starnet', 80, 192, 48, 1, 1),
  conv('starnet', 80, 48, 96, 3, 2), dw('starnet', 40, 96), conv('starnet', 40, 96, 384, 1, 1), conv('starnet', 40, 384, 96, 1, 1),
  conv('starnet', 40, 96, 192, 3, 2), dw('starnet', 20, 192), conv('starnet', 20, 192, 768, 1, 1), conv('starnet', 20, 768, 192, 1, 1),
  conv('starnet', 80, 48, 48, 3, 1), conv('starnet', 40, 96, 96, 3, 1),
  // YOLOv5s: stem 6x6 s2, down convs, C3 1x1 and bottleneck 3x3s, SPPF, head 1x1s.
  conv('yolov5s', 640, 3, 32, 6, 2), conv('yolov5s', 320, 32, 64, 3, 2), conv('yolov5s', 160, 64, 32, 1, 1),
  conv('yolov5s', 160, 32, 32, 3, 1), conv('yolov5s', 160, 64, 128, 3, 2), conv('yolov5s', 80, 64, 64, 3, 1),
  conv('yolov5s', 80, 128, 256, 3, 2), conv('yolov5s', 40, 128, 128, 3, 1), conv('yolov5s', 40, 256, 512, 3, 2),
  conv('yolov5s', 20, 256, 256, 3, 1), conv('yolov5s', 20, 1024, 512, 1, 1), conv('yolov5s', 80, 128, 255, 1, 1),
  conv('yolov5s', 40, 256, 255, 1, 1), conv('yolov5s', 20, 512, 255, 1, 1),
];

interface Call { name: string; inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown> }

function calls(l: Layer): { label: string; calls: Call[]; dispose: () => void } {
  const hw = Math.max(1, Math.round((l.hw * SIZE) / 640));
  const pad = l.k === 6 ? 2 : l.k === 1 ? 'valid' : 'same';
  const ohw = l.k === 6 ? Math.floor((hw + 4 - 6) / 2) + 1 : l.k === 1 ? Math.ceil(hw / l.s) : Math.ceil(hw / l.s);
  const x = tf.randomNormal([BATCH, hw, hw, l.ci]) as tf.Tensor4D;
  const dy = tf.randomNormal([BATCH, ohw, ohw, l.co]) as tf.Tensor4D;
  const label = `${l.model} ${l.kind === 'dw' ? 'dw7x7' : `k${l.k}s${l.s}`} ${BATCH}x${hw}x${hw}x${l.ci}->${l.co}`;
  if (l.kind === 'dw') {
    const w = tf.randomNormal([7, 7, l.ci, 1]);
    const bias = tf.randomNormal([l.ci]);
    const attrs = { strides: 1, pad: 'same', dilations: 1 };
    return {
      label, dispose: () => tf.dispose([x, dy, w, bias]), calls: [
        { name: 'FusedDepthwiseConv2D', inputs: { x, filter: w, bias }, attrs: { ...attrs, activation: 'linear' } },
        { name: 'DepthwiseConv2dNativeBackpropFilter', inputs: { x, dy }, attrs: { ...attrs, filterShape: w.shape } },
        { name: 'DepthwiseConv2dNativeBackpropInput', inputs: { dy, filter: w }, attrs: { ...attrs, inputShape: x.shape } },
      ],
    };
  }
  const w = tf.randomNormal([l.k, l.k, l.ci, l.co]);
  const bias = tf.randomNormal([l.co]);
  const attrs = { strides: l.s, pad, dataFormat: 'NHWC' };
  return {
    label, dispose: () => tf.dispose([x, dy, w, bias]), calls: [
      { name: 'FusedConv2D', inputs: { x, filter: w, bias }, attrs: { ...attrs, dilations: 1, activation: 'linear' } },
      { name: 'Conv2DBackpropFilter', inputs: { x, dy }, attrs: { ...attrs, filterShape: w.shape } },
      { name: 'Conv2DBackpropInput', inputs: { dy, filter: w }, attrs: { ...attrs, inputShape: x.shape } },
    ],
  };
}

type Fn = tf.KernelFunc;
const backend = () => tf.backend() as unknown as { disposeData(id: object): void };
function invoke(fn: Fn, c: Call): tf.TensorInfo {
  return fn({ inputs: c.inputs, attrs: c.attrs as tf.NamedAttrMap, backend: tf.backend() }) as tf.TensorInfo;
}

async function read(info: tf.TensorInfo): Promise<Float32Array> {
  const t = tf.engine().makeTensorFromTensorInfo(info);
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
}

/** ms per call: GPU time from timestamp queries when the adapter has them, else wall time. */
async function timeCall(fn: Fn, c: Call, gpuTimes: boolean): Promise<number> {
  const ms: number[] = [];
  if (gpuTimes) {
    for (let i = 0; i < ITERS; i++) {
      let out: tf.TensorInfo | null = null;
      const info = await tf.time(() => { out = invoke(fn, c); });
      backend().disposeData(out!.dataId);
      ms.push(typeof info.kernelMs === 'number' ? info.kernelMs : NaN);
    }
    ms.sort((a, b) => a - b);
    return ms[Math.floor(ms.length / 2)]!;
  }
  const t0 = performance.now();
  let last: tf.TensorInfo | null = null;
  for (let i = 0; i < ITERS; i++) {
    if (last) backend().disposeData(last.dataId);
    last = invoke(fn, c);
  }
  await read(last!);
  return (performance.now() - t0) / ITERS;
}

function maxRel(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return m;
}

if ((await selectBackend('webgpu', { quiet: true })) !== 'webgpu') {
  console.error('bench/webgpu_kernels: no webgpu backend');
  process.exit(1);
}
const gpuTimes = (tf.backend() as unknown as { supportTimestampQuery?: boolean }).supportTimestampQuery === true;
const models = new Set(o.models.split(','));
console.error(`webgpu kernels, batch ${BATCH} x ${SIZE}, ${gpuTimes ? 'GPU ms (timestamp queries)' : 'wall ms (no timestamp queries)'}, median of ${ITERS}`);
const rows: Array<Record<string, string | number>> = [];
const totals = new Map<string, [number, number]>();
for (const l of LAYERS.filter((x) => models.has(x.model))) {
  const { label, calls: cs, dispose } = calls(l);
  for (const c of cs) {
    const ours = WEBGPU_CONV_KERNELS.get(c.name)!, stock = stockWebgpuKernel(c.name)!;
    const [a, b] = [await read(invoke(ours, c)), await read(invoke(stock, c))];
    const diff = maxRel(a, b);
    const tStock = await timeCall(stock, c, gpuTimes), tOurs = await timeCall(ours, c, gpuTimes);
    const tot = totals.get(c.name) ?? [0, 0];
    totals.set(c.name, [tot[0] + tStock, tot[1] + tOurs]);
    const row = { layer: label, kernel: c.name, stockMs: +tStock.toFixed(3), oursMs: +tOurs.toFixed(3), ratio: +(tStock / tOurs).toFixed(2), maxRelDiff: diff };
    rows.push(row);
    if (!o.json) console.log(`${label.padEnd(40)} ${c.name.padEnd(36)} stock ${row.stockMs.toFixed(3).padStart(9)}  ours ${row.oursMs.toFixed(3).padStart(9)}  x${row.ratio.toFixed(2).padStart(6)}  diff ${diff.toExponential(1)}`);
  }
  dispose();
}
for (const [k, [s, u]] of totals) if (!o.json) console.log(`TOTAL ${k.padEnd(36)} stock ${s.toFixed(2)} ms  ours ${u.toFixed(2)} ms  x${(s / u).toFixed(2)}`);
if (o.json) console.log(JSON.stringify({ batch: BATCH, size: SIZE, gpuTimes, rows }));
