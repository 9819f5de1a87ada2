/** Per-step counters of the webgpu backend for `bench --profile` (index.ts instruments the
 * backend; kernels that encode their own dispatches report them with noteDispatches). */
/** What crossed the CPU-GPU boundary, and how many compute dispatches ran (bench --profile). */
export interface WebgpuCounters {
  dispatches: number;
  /** Tensor data uploaded to the GPU, bytes. */
  bytesUp: number;
  /** Tensor data read back from the GPU, bytes. */
  bytesDown: number;
  /** Uniform (per-dispatch parameter) buffers written, bytes. */
  uniformBytes: number;
}

export const counters: WebgpuCounters = { dispatches: 0, bytesUp: 0, bytesDown: 0, uniformBytes: 0 };

/** A copy of the counters since the last reset. */
export function webgpuCounters(): WebgpuCounters {
  return { ...counters };
}

export function resetWebgpuCounters(): void {
  Object.assign(counters, { dispatches: 0, bytesUp: 0, bytesDown: 0, uniformBytes: 0 });
}

/** For kernels that encode their own dispatches (outside runWebGPUProgram). */
export function noteDispatches(n: number): void {
  counters.dispatches += n;
}

