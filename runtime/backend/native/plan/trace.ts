/**
 * Records one forward pass on the native backend as a list of kernel calls (the kernel tap of
 * ../index.ts), which compile.ts turns into a plan. Knows nothing of the model's classes: any
 * forward made of the kernels compile.ts lowers can be planned, whatever modules produced it.
 *
 * Each tensor is identified by its backend data id (Reshape and Identity share their input's).
 * A call is dynamic when any input derives from the traced input; the others only depend on
 * weights (BatchNorm folding, filter scaling) and are folded: their results, where a dynamic call
 * reads them, are copied here as constants. A synchronous read of a dynamic tensor during the
 * trace (data-dependent control flow) makes the forward unplannable.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelArgs } from '../shared.js';
import type { KernelTap } from '../index.js';
import { noteEscaped } from '../alloc.js';

/** A tensor as a call saw it. */
export interface TracedTensor {
  id: DataId;
  shape: number[];
  dtype: string;
}

/** One dynamic kernel call. */
export interface TracedCall {
  kernel: string;
  /** Dynamic inputs by the kernel's input name. */
  inputs: Record<string, TracedTensor>;
  /** Constant inputs (folded weights, variables, scalars) by input name, with their values. */
  consts: Record<string, { shape: number[]; values: Float32Array }>;
  attrs: Record<string, unknown>;
  outputs: TracedTensor[];
}

/** A finished trace: the dynamic calls in execution order, or why the forward cannot be planned. */
export interface Trace {
  calls: TracedCall[];
  /** Set when the forward did something a plan cannot reproduce. */
  refused?: string;
}

const asInfo = (t: TensorInfo): TracedTensor => ({ id: t.dataId, shape: [...t.shape], dtype: t.dtype });

/** A tap that records calls whose inputs derive from `input` (a dataId). Constants are the
 * backend's arrays themselves (never written again: a variable's assign() makes new ones). */
export class Recorder implements KernelTap {
  readonly trace: Trace = { calls: [] };
  /** Data ids produced by dynamic calls (and the input). */
  private readonly dynamic = new Set<DataId>();
  /** Constant values already copied (a folded filter feeding two calls is copied once). */
  private readonly copied = new Map<DataId, Float32Array>();

  constructor(input: DataId, private readonly backend: MathBackendCPU) {
    this.dynamic.add(input);
  }

  kernel(name: string, args: KernelArgs, out: TensorInfo | TensorInfo[]): void {
    if (this.trace.refused) return;
    const entries = Object.entries(args.inputs).filter((e): e is [string, TensorInfo] => e[1] !== undefined);
    if (!entries.some(([, t]) => this.dynamic.has(t.dataId))) return; // folded: weights only
    const outs = (Array.isArray(out) ? out : [out]).map(asInfo);
    const call: TracedCall = { kernel: name, inputs: {}, consts: {}, attrs: { ...(args.attrs ?? {}) }, outputs: outs };
    for (const [k, t] of entries) {
      if (this.dynamic.has(t.dataId)) {
        call.inputs[k] = asInfo(t);
        continue;
      }
      let v = this.copied.get(t.dataId);
      if (v === undefined) {
        const vals = this.backend.data.get(t.dataId)?.values;
        if (!(vals instanceof Float32Array) || t.dtype !== 'float32') {
          this.trace.refused = `${name}: constant input ${k} is ${t.dtype}, not float32`;
          return;
        }
        // The memory itself, not a copy: marked as escaped, the output pool never hands it to
        // another kernel, so it keeps these values until the plan has copied them.
        noteEscaped(vals);
        v = vals;
        this.copied.set(t.dataId, v);
      }
      call.consts[k] = { shape: [...t.shape], values: v };
    }
    for (const o of outs) this.dynamic.add(o.id);
    this.trace.calls.push(call);
  }

  read(dataId: DataId): void {
    if (this.dynamic.has(dataId) && !this.trace.refused) this.trace.refused = 'the forward reads a computed tensor synchronously';
  }
}
