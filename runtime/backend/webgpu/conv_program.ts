/**
 * What our WGSL convolution kernels share: the slice of tfjs-backend-webgpu's backend they use,
 * a program object in tfjs's WebGPUProgram shape (tfjs writes the bindings and the uniform
 * struct: `result` at binding 0, the inputs by name, then `uniforms`), and the deterministic
 * split-K reduction.
 *
 * tfjs's header declares `localId`, `workgroupId` (vec3<u32>) and `localIndex` (u32) as
 * private globals and calls our `fn main()`; a non-empty `dispatchLayout.y` keeps it from
 * passing a flat index. Every input and `uniforms` must be used by the shader ('auto' layout).
 */
import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs's WebGPUBackend our kernels call. */
export interface WebgpuBackendLike {
  runWebGPUProgram(program: ConvProgram, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: UniformData[]): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  device: { limits: Record<string, number> };
}

/** One uniform value as tfjs's makeUniforms takes it. */
export interface UniformData { type: 'int32' | 'uint32' | 'float32'; data: number[] }

/** A kernel's inputs/backend/attrs, as tfjs calls a kernelFunc. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: WebgpuBackendLike;
  attrs?: Record<string, unknown>;
}

/** A WebGPUProgram with the user code ours. */
export class ConvProgram {
  readonly dispatchLayout = { x: [0], y: [1] };
  readonly outputComponent = 1;
  readonly workgroupSize: [number, number, number];
  readonly dispatch: [number, number, number];
  constructor(
    readonly shaderKey: string,
    readonly outputShape: number[],
    readonly variableNames: string[],
    readonly uniforms: string,
    workgroupSize: [number, number, number],
    dispatch: [number, number, number],
    private readonly code: string,
    /** Per input: 4 binds it as array<vec4<f32>> (tfjs's variableComponents). */
    readonly variableComponents?: number[],
  ) {
    this.workgroupSize = workgroupSize;
    this.dispatch = dispatch;
  }
  /** WGSL after tfjs's header. */
  getUserCode(): string {
    return this.code;
  }
}

/** Largest workgroup count per dispatch dimension WebGPU guarantees. */
export const MAX_GROUPS = 65535;

/** Where a 1-D count of workgroups folds into x * y (a test lowers it to exercise the fold). */
export const GRID_FOLD = { x: MAX_GROUPS };

/** An (x, y) grid of at least `groups` workgroups, x at most GRID_FOLD.x; shaders decode
 * workgroupId.y * numWorkgroups.x + workgroupId.x (and skip the excess). */
export function foldGrid(groups: number): [number, number] {
  const gx = Math.max(1, Math.min(groups, GRID_FOLD.x));
  return [gx, Math.ceil(groups / gx)];
}

/** int32 uniforms, one entry per value (each a scalar i32 field). */
export function intUniforms(values: number[]): UniformData[] {
  return values.map((v) => ({ type: 'int32', data: [v] }));
}

/** The uniform struct fields for `names` (all i32). */
export function intFields(names: string[]): string {
  return names.map((n) => `${n} : i32,`).join(' ');
}

/**
 * Sums `parts` ([splits, size], from a split-K pass) over its first axis into `outShape`, the
 * splits added in index order by one thread per element (deterministic; no atomics).
 */
export function reduceSplits(backend: WebgpuBackendLike, parts: tf.TensorInfo, outShape: number[]): tf.TensorInfo {
  const splits = parts.shape[0]!;
  const size = outShape.reduce((a, b) => a * b, 1);
  const [gx, gy] = foldGrid(Math.ceil(size / 256));
  const code = `
fn main() {
  let i = i32((workgroupId.y * numWorkgroups.x + workgroupId.x) * 256u + localIndex);
  if (i >= uniforms.size_) { return; }
  var s = 0.0;
  for (var z = 0; z < uniforms.splits; z++) { s += parts[z * uniforms.size_ + i]; }
  result[i] = s;
}`;
  const program = new ConvProgram('yc_splitk_reduce', outShape, ['parts'], intFields(['size_', 'splits']),
    [256, 1, 1], [gx, gy, 1], code);
  return backend.runWebGPUProgram(program, [parts], 'float32', intUniforms([size, splits]));
}

/** Pads attribute as tfjs's computeConv2DInfo takes it. */
export type PadAttr = 'valid' | 'same' | number | backend_util_ExplicitPadding;
type backend_util_ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
