import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readSafetensors } from '../../runtime/io/safetensors.js';
import { AdamW, adamwParamGroups, adamwSettings, ADAMW_KERNEL, type AdamWGroup } from '../../runtime/engine/adamw.js';
import { MMEngineSchedule } from '../../runtime/engine/param-scheduler.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/fixtures/rtmdet');
const info = JSON.parse(readFileSync(path.join(DIR, 'optim_case.json'), 'utf8')) as {
  base_lr: number; weight_decay: number; max_epochs: number; iters_per_epoch: number; param_scheduler: unknown[];
  weight_decay_of: Record<string, number>; shapes: Record<string, number[]>; state_dict_params: string[]; lr: number[];
};
const fx = readSafetensors(path.join(DIR, 'optim_case.safetensors'));
const OPTIM_WRAPPER = { type: 'OptimWrapper', optimizer: { type: 'AdamW', lr: info.base_lr, weight_decay: info.weight_decay },
  paramwise_cfg: { norm_decay_mult: 0, bias_decay_mult: 0, bypass_duplicate: true } };
const { registerNative } = await import('../../runtime/backend/native/index.js');
const BACKENDS = ['cpu', ...((await registerNative()) ? ['native'] : [])];

let serial = 0;

/** The fixture's parameters as a model would hold them: the shared head conv is one variable under three names. */
function makeParams(): Map<string, tf.Variable> {
  const params = new Map<string, tf.Variable>();
  for (const name of info.state_dict_params) {
    const shared = name.replace(/^cls_convs\.[12]\.0\.conv\./, 'cls_convs.0.0.conv.');
    if (shared !== name) { params.set(name, params.get(shared)!); continue; }
    const d = fx.get(`init.${name}`)!;
    params.set(name, tf.variable(tf.tensor(d.data as Float32Array, d.shape), true, `p${serial++}/${name}`));
  }
  return params;
}

/** `steps` iterations of AdamW + the schedule from iteration `from`; returns the lr of each. */
function run(opt: AdamW, sched: MMEngineSchedule, params: Map<string, tf.Variable>, from: number, to: number): number[] {
  const lrs: number[] = [];
  const ipe = info.iters_per_epoch;
  for (let it = from; it < to; it++) {
    sched.beforeIter(it, Math.floor(it / ipe), ipe, opt.groups);
    lrs.push(opt.groups[0]!.lr);
    const grads = new Map<string, tf.Tensor>();
    for (const n of Object.keys(info.weight_decay_of)) {
      const g = fx.get(`grad.${n}`)!;
      const size = g.data.length / 30;
      grads.set(n, tf.tensor(g.data.subarray(it * size, (it + 1) * size) as Float32Array, g.shape.slice(1)));
    }
    opt.step(params, grads);
    tf.dispose([...grads.values()]);
    if ((it + 1) % ipe === 0) sched.afterEpoch(Math.floor(it / ipe), opt.groups);
  }
  return lrs;
}

const fresh = () => {
  const params = makeParams();
  const opt = new AdamW(adamwParamGroups(params, adamwSettings(OPTIM_WRAPPER)));
  const sched = new MMEngineSchedule(info.param_scheduler, info.iters_per_epoch);
  return { params, opt, sched };
};

const bits = (params: Map<string, tf.Variable>, opt: AdamW) =>
  [...params.keys()].map((n) => Array.from(new Uint32Array(new Float32Array(params.get(n)!.dataSync()).buffer)))
    .concat([...opt.expAvg.values(), ...opt.expAvgSq.values()].map((v) => Array.from(new Uint32Array(new Float32Array(v.dataSync()).buffer))));

test('paramwise groups: MMEngine weight decay per parameter, the shared conv once', () => {
  const params = makeParams();
  const groups = adamwParamGroups(params, adamwSettings(OPTIM_WRAPPER));
  const got: Record<string, number> = {};
  for (const g of groups) for (const n of g.names) got[n] = g.weightDecay;
  assert.deepEqual(got, info.weight_decay_of);
  // without paramwise_cfg every parameter decays; a shared tensor without bypass_duplicate is refused
  const plain = adamwParamGroups(params, adamwSettings({ optimizer: { type: 'AdamW', lr: 0.004 } }));
  assert.deepEqual(plain.map((g) => [g.weightDecay, g.names.length]), [[0.01, 14]]);
  assert.throws(() => adamwParamGroups(params, adamwSettings({ optimizer: { type: 'AdamW' }, paramwise_cfg: { norm_decay_mult: 0 } })), /bypass_duplicate/);
  tf.dispose([...new Set(params.values())]);
});

test('the flat-cosine schedule equals MMEngine lr for lr (LinearLR by iteration, CosineAnnealingLR converted)', () => {
  const groups = [{ lr: info.base_lr, initialLr: info.base_lr }];
  const s = new MMEngineSchedule(info.param_scheduler, info.iters_per_epoch);
  const lrs: number[] = [];
  for (let it = 0; it < 30; it++) {
    s.beforeIter(it, 0, 5, groups);
    lrs.push(groups[0]!.lr);
    if ((it + 1) % 5 === 0) s.afterEpoch(Math.floor(it / 5), groups);
  }
  assert.deepEqual(lrs, info.lr);
  assert.throws(() => new MMEngineSchedule([{ type: 'MultiStepLR', milestones: [3] }], 5), (e: unknown) => (e as { code?: string }).code === 'YC7402');
  assert.throws(() => new MMEngineSchedule({ type: 'CosineAnnealingLR', eta_min: 0, eta_min_ratio: 0.1, end: 4 }, 5), /either/);
});

for (const backend of BACKENDS) {
  test(`[${backend}] AdamW + schedule for 30 steps equal torch.optim.AdamW (parameters and moments)`, async () => {
    await tf.setBackend(backend);
    const { params, opt, sched } = fresh();
    const lrs = run(opt, sched, params, 0, 30);
    assert.deepEqual(lrs, info.lr);
    for (const n of Object.keys(info.weight_decay_of)) {
      for (const [key, mine] of [['final', params.get(n)!], ['exp_avg', opt.expAvg.get(n)!], ['exp_avg_sq', opt.expAvgSq.get(n)!]] as const) {
        const want = fx.get(`${key}.${n}`)!.data;
        const got = mine.dataSync();
        let worst = 0, scale = 0;
        for (let i = 0; i < got.length; i++) { worst = Math.max(worst, Math.abs(got[i]! - want[i]!)); scale = Math.max(scale, Math.abs(want[i]!)); }
        assert.ok(worst <= 1e-6 * scale, `${key}.${n}: max |diff| ${worst} against max |value| ${scale}`);
      }
    }
    assert.equal(opt.groups[0]!.step, 30);
    opt.dispose();
    tf.dispose([...new Set(params.values())]);
  });

  test(`[${backend}] AdamW resumed from its state after 12 steps ends bitwise equal to an uninterrupted run`, async () => {
    await tf.setBackend(backend);
    const a = fresh();
    run(a.opt, a.sched, a.params, 0, 30);
    const b = fresh();
    run(b.opt, b.sched, b.params, 0, 12);
    const snap = b.opt.state();
    const weights = new Map([...b.params].map(([k, v]) => [k, tf.clone(v)]));
    const c = fresh();
    for (const [k, v] of c.params) v.assign(weights.get(k)!);
    c.opt.load({ groups: JSON.parse(JSON.stringify(snap.groups)), buffers: snap.buffers });
    run(c.opt, c.sched, c.params, 12, 30);
    assert.deepEqual(bits(c.params, c.opt), bits(a.params, a.opt));
    for (const x of [a, b, c]) { x.opt.dispose(); tf.dispose([...new Set(x.params.values())]); }
    tf.dispose([...weights.values()]);
  });
}

test('native: one AdamW call per group, bitwise equal to the per-parameter ops', { skip: !BACKENDS.includes('native') && 'native addon not built' }, async () => {
  await tf.setBackend('native');
  const group: AdamWGroup = { names: [], lr: 0.003, momentum: 0.9, weightDecay: 0.05, initialLr: 0.003, initialMomentum: 0.9, beta2: 0.999, eps: 1e-8, step: 0 };
  const shapes = [[3, 3, 5, 7], [7], [1], [70001]];
  const make = () => new Map(shapes.map((s, i) => [`w${i}`, tf.variable(tf.randomNormal(s, 0, 1, 'float32', 17 + i), true, `q${i}/${Math.random()}`)]));
  const grads = new Map(shapes.map((s, i) => [`w${i}`, tf.randomNormal(s, 0, 0.1, 'float32', 5 + i)]));
  const runWith = (fused: boolean) => {
    process.env.YOLOC_FUSED = fused ? '1' : '0';
    const params = make();
    const opt = new AdamW([{ ...group, names: [...params.keys()] }, { ...group, weightDecay: 0, names: [] }]);
    for (let i = 0; i < 3; i++) opt.step(params, grads);
    const out = bits(params, opt);
    opt.dispose();
    tf.dispose([...params.values()]);
    return out;
  };
  try {
    const prof = await tf.profile(() => { runWith(true); });
    assert.ok(prof.kernelNames.includes(ADAMW_KERNEL));
    assert.deepEqual(runWith(true), runWith(false));
  } finally {
    delete process.env.YOLOC_FUSED;
    tf.dispose([...grads.values()]);
  }
});

test('AdamW settings: torch defaults, refusals', () => {
  const s = adamwSettings({ optimizer: { type: 'AdamW' } });
  assert.deepEqual(s, { lr: 0.001, weightDecay: 0.01, betas: [0.9, 0.999], eps: 1e-8, paramwise: null });
  const code = (e: unknown) => (e as { code?: string }).code === 'YC7402';
  assert.throws(() => adamwSettings({ optimizer: { type: 'AdamW', amsgrad: true } }), code);
  assert.throws(() => adamwSettings({ optimizer: { type: 'AdamW', momentum: 0.9 } }), code);
  assert.throws(() => adamwSettings({ optimizer: { type: 'AdamW' }, paramwise_cfg: { custom_keys: {} } }), code);
  assert.throws(() => adamwSettings({ optimizer: { type: 'AdamW', betas: [0.9] } }), code);
});
