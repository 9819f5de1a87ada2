/**
 * Eval-mode inference plans on the native backend. The first forward of a model at an input
 * shape runs through tfjs as usual while the kernel tap records it (trace.ts); the recording
 * becomes a native plan (compile.ts, native/src/plan.cc): BatchNorm folded into the convolutions
 * once, activations, residual adds and StarNet's star in the conv epilogues, concatenations
 * written in place, every intermediate in one preallocated arena, one native call per forward (no
 * tfjs dispatch, no per-op allocation). The plan is checked against that first forward (the same
 * bits) before it is used; later forwards of that model and shape run it, until any of the
 * model's variables changes (training, loading weights), which records a new one.
 *
 * Generic: nothing here knows the model's classes; a forward whose kernels the plan lacks (or that
 * reads a computed tensor in JavaScript) is refused once per model and shape and keeps running
 * on tfjs. YOLOC_PLAN=0 turns plans off; YOLOC_PLAN_DEBUG=1 says on stderr what was planned
 * or why not.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { loadAddon, type NativeAddon, type PlanHandle } from '../addon.js';
import { allocF32, dropIdleBuffers } from '../alloc.js';
import { setKernelTap } from '../index.js';
import { f32 } from '../shared.js';
import { Recorder, type TracedTensor } from './trace.js';
import { compileTrace, Unplannable } from './compile.js';

/** What a planned forward returns: named lists of tensors (a detector's head outputs). */
export type TensorLists = Record<string, tf.Tensor[]>;

interface Entry {
  shapeKey: string;
  /** The variables' data ids when the plan was made (an assign() replaces them). */
  ids: object[];
  plan: PlanHandle | null;
  why?: string;
  /** Output structure: key, count, and every output's shape. */
  layout: { key: string; shapes: number[][] }[];
  sizes: number[];
  opNames: string[];
}

let gc: (() => void) | null | undefined;
/** A full garbage collection (V8's gc(), made available once), or nothing where it is not. */
function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** Per model (or any owner object): its plans, newest first (a few input shapes). */
const plans = new WeakMap<object, Entry[]>();
const MAX_PLANS = 3;

const debug = (msg: string): void => {
  if (process.env.YOLOC_PLAN_DEBUG === '1') process.stderr.write(`yoloc plan: ${msg}\n`);
};

/** Whether plans are on here: the native backend active, an addon with plans, not YOLOC_PLAN=0. */
export function plansAvailable(): boolean {
  if (process.env.YOLOC_PLAN === '0' || tf.getBackend() !== 'native') return false;
  const a = loadAddon();
  return a !== null && typeof a.planCreate === 'function';
}

const sameIds = (a: object[], b: object[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Per-op times of the plans run while profilePlans' function runs, by op line. */
let profile: Map<string, { ms: number; calls: number }> | null = null;

/** Runs fn and returns the time of every plan op it ran (summed by op line, slowest first). */
export async function profilePlans(fn: () => Promise<void>): Promise<{ op: string; ms: number; calls: number }[]> {
  const mine = new Map<string, { ms: number; calls: number }>();
  profile = mine;
  try {
    await fn();
  } finally {
    profile = null;
  }
  return [...mine.entries()].map(([op, v]) => ({ op, ...v })).sort((a, b) => b.ms - a.ms);
}

function runPlan(addon: NativeAddon, e: Entry, xv: Float32Array): TensorLists {
  const outs = e.sizes.map((n) => allocF32(n, false));
  const times = addon.planRun(e.plan!, xv, outs, profile !== null);
  if (profile && times) {
    times.forEach((ms, i) => {
      const name = e.opNames[i] ?? `op ${i}`;
      const v = profile!.get(name) ?? { ms: 0, calls: 0 };
      v.ms += ms;
      v.calls++;
      profile!.set(name, v);
    });
  }
  const res: TensorLists = {};
  let k = 0;
  for (const { key, shapes } of e.layout) res[key] = shapes.map((s) => tf.tensor(outs[k++]!, s, 'float32'));
  return res;
}

/** Frees the plans of `owner` (their arenas and packed weights go back at once). */
export function dropPlans(owner: object): void {
  const addon = loadAddon();
  for (const e of plans.get(owner) ?? []) if (e.plan && addon) addon.planFree(e.plan);
  plans.delete(owner);
}

/** What the plans of `owner` are (tests, debugging): input shape, whether planned, why not. */
export function planInfo(owner: object): { shape: string; planned: boolean; why?: string; bytes?: number }[] {
  const addon = loadAddon();
  return (plans.get(owner) ?? []).map((e) => ({ shape: e.shapeKey, planned: e.plan !== null, why: e.why,
    bytes: e.plan && addon ? addon.planBytes(e.plan) : undefined }));
}

/**
 * `fn()` (an eval-mode forward of x through owner's variables, returning named tensor lists), run
 * by a native plan when it can be: the results are the caller's to dispose either way. Returns
 * null when plans are off here (the caller runs fn itself).
 */
export function planned(owner: object, variables: tf.Variable[], x: tf.Tensor, fn: () => TensorLists): TensorLists | null {
  if (!plansAvailable()) return null;
  const addon = loadAddon()!;
  const backend = tf.backend() as MathBackendCPU;
  const xv = f32(backend, x);
  if (xv === null) return null;
  const shapeKey = x.shape.join('x');
  const ids = variables.map((v) => v.dataId as object);
  const list = plans.get(owner) ?? [];
  const at = list.findIndex((e) => e.shapeKey === shapeKey);
  if (at >= 0 && sameIds(list[at]!.ids, ids)) {
    const e = list[at]!;
    if (e.plan === null) return null;
    return runPlan(addon, e, xv);
  }
  if (at >= 0) {
    const old = list.splice(at, 1)[0]!;
    if (old.plan) addon.planFree(old.plan);
  }
  // Record this forward through tfjs; its result is returned whatever happens next.
  const rec = new Recorder(x.dataId, backend);
  const prev = setKernelTap(rec);
  let res: TensorLists;
  try {
    res = tf.tidy(() => fn());
  } finally {
    setKernelTap(prev);
  }
  const layout = Object.entries(res).map(([key, ts]) => ({ key, shapes: ts.map((t) => [...t.shape]) }));
  const flat = Object.values(res).flat();
  const entry: Entry = { shapeKey, ids, plan: null, layout, sizes: flat.map((t) => t.size), opNames: [] };
  list.unshift(entry);
  while (list.length > MAX_PLANS) {
    const old = list.pop()!;
    if (old.plan) addon.planFree(old.plan);
  }
  plans.set(owner, list);
  try {
    if (rec.trace.refused) throw new Unplannable(rec.trace.refused);
    if (flat.some((t) => t.dtype !== 'float32')) throw new Unplannable('a non-float output');
    const outputs: TracedTensor[] = flat.map((t) => ({ id: t.dataId, shape: [...t.shape], dtype: t.dtype }));
    const input: TracedTensor = { id: x.dataId, shape: [...x.shape], dtype: x.dtype };
    const c = compileTrace(rec.trace.calls, input, outputs);
    // The traced forward's intermediates are garbage now: collect them before the plan takes
    // its memory, so that it reuses theirs (the process's peak stays that of the tfjs forward).
    dropIdleBuffers();
    collectGarbage();
    entry.plan = addon.planCreate(c.program, c.consts, c.arenaFloats, c.inputFloats, Int32Array.from(c.outputSizes));
    entry.opNames = c.opNames;
    // The plan must give this forward's very bits (the same kernels, the same order).
    const check = runPlan(addon, entry, xv);
    const got = Object.values(check).flat();
    try {
      got.forEach((t, i) => {
        const a = t.dataSync(), b = flat[i]!.dataSync();
        for (let j = 0; j < a.length; j++) {
          if (!Object.is(a[j], b[j])) throw new Unplannable(`output ${i} differs from the tfjs forward at ${j}: ${a[j]} vs ${b[j]}`);
        }
      });
    } finally {
      tf.dispose(got);
    }
    debug(`${shapeKey}: ${c.program.length} words, arena ${(c.arenaFloats * 4 / 2 ** 20).toFixed(1)} MiB, ${JSON.stringify(c.counts)}`);
  } catch (e) {
    if (!(e instanceof Unplannable) && !(e instanceof TypeError)) throw e;
    if (entry.plan) addon.planFree(entry.plan);
    entry.plan = null;
    entry.why = (e as Error).message;
    debug(`${shapeKey}: not planned: ${entry.why}`);
  }
  return res;
}
