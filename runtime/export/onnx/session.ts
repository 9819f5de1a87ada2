/**
 * The onnxruntime engine: runs an exported model through onnxruntime-node (an optional
 * dependency, loaded on first use; when it does not load, a YC7605 says how to install it).
 * Inputs and outputs are NCHW float32 TensorData, as `yoloc forward` reads and writes them.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { YolocError } from '../../errors.js';
import type { TensorData } from '../../io/safetensors.js';

type Ort = typeof import('onnxruntime-node');

let ortModule: Ort | null = null;

/** onnxruntime-node, or a YC7605 naming the fix (`specifier` is for tests of the failure). */
export async function loadOnnxRuntime(specifier = 'onnxruntime-node'): Promise<Ort> {
  if (ortModule && specifier === 'onnxruntime-node') return ortModule;
  try {
    const m = (await import(specifier)) as Ort;
    const ort = ((m as { default?: Ort }).default ?? m) as Ort;
    if (specifier === 'onnxruntime-node') ortModule = ort;
    return ort;
  } catch (e) {
    throw new YolocError('YC7605', `onnxruntime-node does not load here: ${(e as Error).message.split('\n')[0]}`, undefined,
      'install it: `npm install onnxruntime-node@1.30.0` (the CPU library is in the package; the project .npmrc sets onnxruntime-node-install-cuda=skip so no CUDA download is needed)');
  }
}

/** An onnxruntime session over exported model bytes. */
export class OnnxSession {
  private constructor(private readonly ort: Ort, private readonly session: import('onnxruntime-node').InferenceSession,
    private readonly profilePrefix?: string) {}

  /** Stops onnxruntime's profiler and returns its trace file (the newest with the prefix). */
  endProfiling(): string | undefined {
    if (!this.profilePrefix) return undefined;
    this.session.endProfiling();
    const dir = path.dirname(this.profilePrefix), base = path.basename(this.profilePrefix);
    return readdirSync(dir).filter((f) => f.startsWith(base) && f.endsWith('.json')).sort().map((f) => path.join(dir, f)).at(-1);
  }

  /** Opens a session on `bytes`; `threads` caps intra-op threads (default: onnxruntime's);
   * `profilePrefix` turns on onnxruntime's profiler (its trace file starts with that path). */
  static async create(bytes: Uint8Array, opts: { threads?: number; file?: string; profilePrefix?: string } = {}): Promise<OnnxSession> {
    const ort = await loadOnnxRuntime();
    try {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: ['cpu'], graphOptimizationLevel: 'all',
        ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
        ...(opts.profilePrefix ? { enableProfiling: true, profileFilePrefix: opts.profilePrefix } : {}),
      });
      return new OnnxSession(ort, session, opts.profilePrefix);
    } catch (e) {
      throw new YolocError('YC7606', `onnxruntime rejects the model: ${(e as Error).message.split('\n')[0]}`, opts.file);
    }
  }

  get inputNames(): readonly string[] { return this.session.inputNames; }
  get outputNames(): readonly string[] { return this.session.outputNames; }

  /** Runs the model on `images` [B, 3, H, W]; every output as TensorData (int outputs as int32). */
  async run(images: TensorData, outputs?: string[]): Promise<Map<string, TensorData>> {
    const x = new this.ort.Tensor('float32', images.data as Float32Array, images.shape);
    let res: Record<string, import('onnxruntime-node').Tensor>;
    try {
      res = outputs ? await this.session.run({ images: x }, outputs) : await this.session.run({ images: x });
    } catch (e) {
      throw new YolocError('YC7606', `onnxruntime failed to run the model: ${(e as Error).message.split('\n')[0]}`);
    }
    const out = new Map<string, TensorData>();
    for (const name of outputs ?? this.session.outputNames) {
      const t = res[name]!;
      const dims = t.dims.map(Number);
      if (t.type === 'float32') out.set(name, { dtype: 'float32', shape: dims, data: t.data as Float32Array });
      else out.set(name, { dtype: 'int32', shape: dims, data: Int32Array.from(t.data as ArrayLike<number | bigint>, Number) });
    }
    return out;
  }

  /** Frees the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
