/**
 * AdamW over a whole parameter group in one addon call (native/src/optim_adamw.cc), bitwise
 * equal to the per-parameter tfjs ops of runtime/engine/adamw.ts. Inputs p_i, g_i, m_i, v_i;
 * outputs the new p_i, then m_i, then v_i.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { ADAMW_KERNEL } from '../../engine/adamw.js';
import type { NativeAddon } from './addon.js';
import { allocF32 } from './alloc.js';
import { f32, req } from './shared.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

/** The AdamW kernel, by kernel name. */
export function adamwKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return {
    [ADAMW_KERNEL]: (args) => {
      const backend = args.backend as MathBackendCPU;
      const n = Number(args.attrs?.count);
      const get = (k: string): { t: TensorInfo; v: Float32Array } => {
        const t = req(args.inputs[k], k);
        const v = f32(backend, t);
        if (v === null) throw new TypeError(`native AdamW ${k}: expected a float32 tensor, got ${t.dtype}`);
        return { t, v };
      };
      const ps: { t: TensorInfo; v: Float32Array }[] = [], gs: Float32Array[] = [], ms: Float32Array[] = [], vs: Float32Array[] = [];
      for (let i = 0; i < n; i++) {
        ps.push(get(`p${i}`)); gs.push(get(`g${i}`).v); ms.push(get(`m${i}`).v); vs.push(get(`v${i}`).v);
      }
      const po = ps.map((p) => allocF32(p.v.length, false)), mo = ps.map((p) => allocF32(p.v.length, false)), vo = ps.map((p) => allocF32(p.v.length, false));
      const a = args.attrs ?? {};
      addon.adamwUpdate(ps.map((p) => p.v), gs, ms, vs, po, mo, vo,
        Float32Array.from([a.decay, a.b1, a.c1, a.b2, a.c2, a.bc2sqrt, a.eps, a.negStep].map(Number)));
      const out = (v: Float32Array, i: number) => backend.makeTensorInfo(ps[i]!.t.shape, 'float32', v);
      return [...po.map(out), ...mo.map(out), ...vo.map(out)];
    },
  };
}
