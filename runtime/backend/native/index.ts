/**
 * The `native` TensorFlow.js backend: tfjs-backend-cpu's MathBackendCPU (tensors in JS
 * TypedArrays) with its heavy kernels replaced by our C++ addon, which works on that memory
 * in place. Selection code imports `registerNative` dynamically and tries it before wasm.
 */
import { engine as tfEngine, getKernelsForBackend, registerBackend, registerKernel } from '@tensorflow/tfjs-core';
import type { DataId, DataType, KernelConfig, KernelFunc, Tensor, TensorInfo, backend_util } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { inKernel, noteEscaped, noteReleased, noteStored } from './alloc.js';
import { addonUnavailableReason, loadAddon } from './addon.js';
import type { NativeAddon } from './addon.js';
import { convKernels } from './conv.js';
import { depthwiseKernels } from './depthwise.js';
import { elementwiseKernels } from './elementwise.js';
import { fusedKernels } from './fused.js';
import { gatherKernels } from './gather.js';
import { layoutKernels } from './layout.js';
import { matmulKernels } from './matmul.js';
import { maxPoolKernels } from './maxpool.js';
import { rtmdetKernels } from './rtmdet.js';
import { yolov5LossKernels } from './yolov5_loss.js';
import { adamwKernels } from './adamw.js';
import type { KernelArgs, NativeKernelFunc } from './shared.js';

export { fallbackCounts } from './shared.js';
export { allocStats, setAllocPool } from './alloc.js';

/** The backend's name for tf.setBackend. */
export const NATIVE_BACKEND = 'native';

/** MathBackendCPU without its "install tfjs-node" hint (this is the fast path), telling the
 * output-memory pool (alloc.ts) who holds which buffer: stores, deletions, and reads that hand
 * the memory itself to a caller. */
class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  override write(values: backend_util.BackendValues, shape: number[], dtype: DataType): DataId {
    const id = super.write(values, shape, dtype);
    noteStored(values);
    return id;
  }

  override move(dataId: DataId, values: backend_util.BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    // has() first: DataStorage.get of an id it lacks asks the engine to move the data here,
    // which calls move() again (endless recursion when a tensor comes from another backend).
    const old = this.data.has(dataId) ? this.data.get(dataId)?.values : undefined;
    super.move(dataId, values, shape, dtype, refCount);
    if (old !== undefined) noteReleased(old);
    noteStored(values);
  }

  override readSync(dataId: DataId): backend_util.BackendValues {
    noteEscaped(this.data.get(dataId)?.values);
    tap?.read(dataId);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId)?.values : undefined;
    const done = super.disposeData(dataId, force);
    if (values !== undefined && !this.data.has(dataId)) noteReleased(values);
    return done;
  }
}

/** Watches every kernel the engine runs on this backend, and every synchronous read: how the
 * inference plan (plan/) records a forward. */
export interface KernelTap {
  kernel(name: string, args: KernelArgs, out: TensorInfo | TensorInfo[]): void;
  read(dataId: DataId): void;
}
let tap: KernelTap | null = null;

/** Sets (or clears, with null) the kernel tap; returns the previous one. */
export function setKernelTap(t: KernelTap | null): KernelTap | null {
  const prev = tap;
  tap = t;
  return prev;
}

/** The kernel wrapped so that memory it frees is recycled only after it returns (alloc.ts), and
 * seen by the tap when one is set. */
function guarded(name: string, kernelFunc: KernelFunc): KernelFunc {
  return (args) => {
    const out = inKernel(() => kernelFunc(args));
    tap?.kernel(name, args as KernelArgs, out as TensorInfo | TensorInfo[]);
    return out;
  };
}

let warned = false;
let registered = false;

/**
 * tfjs clones every tensor a gradient function saves during a recorded forward (engine.clone: an
 * Identity kernel each, ~1,300 per training step of StarNet-YOLOv5, 12-15 us of engine work
 * apiece). On the native backend such a clone is made directly: a tensor on the same data id with
 * the backend's reference count raised, exactly what the Identity kernel does, without the kernel
 * dispatch (nor the tape node tfjs adds for the clone, which no gradient path ever reaches).
 */
function directSavedClones(): void {
  type Engine = {
    backendName: string;
    backend: { incRef(dataId: DataId): void };
    saveTensorsForBackwardMode(tensors: Tensor[]): Tensor[];
    clone(x: Tensor): Tensor;
    makeTensorFromTensorInfo(info: TensorInfo, backend?: unknown): Tensor;
    keep<T extends Tensor>(t: T): T;
  };
  const engine = tfEngine() as unknown as Engine;
  const direct = (t: Tensor): Tensor => {
    const c = engine.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }, engine.backend);
    engine.backend.incRef(t.dataId);
    return c;
  };
  const on = () => engine.backendName === NATIVE_BACKEND && process.env.YOLOC_DIRECT_CLONES !== '0';
  const tfjs = engine.saveTensorsForBackwardMode.bind(engine);
  engine.saveTensorsForBackwardMode = (tensors: Tensor[]): Tensor[] => (on() ? tensors.map((t) => engine.keep(direct(t))) : tfjs(tensors));
  // tf.customGrad's save() calls engine.clone itself (our fused ops save through it: 260 Identity
  // kernels a StarNet-YOLOv5 step); tfjs calls engine.clone nowhere else, and tensor.clone() /
  // tf.clone() are the Identity op, not this.
  const tfjsClone = engine.clone.bind(engine);
  engine.clone = (x: Tensor): Tensor => (on() ? direct(x) : tfjsClone(x));
}

/** Kernel name -> addon implementation, for every kernel we override. */
export function nativeKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return { ...elementwiseKernels(addon), ...layoutKernels(addon), ...convKernels(addon), ...depthwiseKernels(addon), ...matmulKernels(addon), ...maxPoolKernels(addon), ...fusedKernels(addon), ...gatherKernels(), ...rtmdetKernels(addon), ...yolov5LossKernels(), ...adamwKernels(addon) };
}

/** Registers the `native` backend; false (saying why once on stderr) if the addon is not built. */
export async function registerNative(): Promise<boolean> {
  const addon = loadAddon();
  if (addon === null) {
    if (!warned) {
      warned = true;
      process.stderr.write(`yoloc: ${addonUnavailableReason()}; using wasm\n`);
    }
    return false;
  }
  if (registered) return true;
  registered = true;
  registerBackend(NATIVE_BACKEND, () => new NativeBackend(), 3);
  directSavedClones();
  const ours = nativeKernels(addon);
  for (const k of getKernelsForBackend('cpu')) {
    if (!(k.kernelName in ours)) registerKernel({ ...k, backendName: NATIVE_BACKEND, kernelFunc: guarded(k.kernelName, k.kernelFunc) });
  }
  for (const [kernelName, kernelFunc] of Object.entries(ours)) {
    registerKernel({ kernelName, backendName: NATIVE_BACKEND, kernelFunc: guarded(kernelName, kernelFunc as KernelFunc) } as KernelConfig);
  }
  return true;
}
