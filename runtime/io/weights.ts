/**
 * state_dict in and out, like PyTorch's load_state_dict / state_dict: names are the
 * state_dict keys, data in PyTorch layouts (runtime/nn/layout.ts converts). A load either
 * applies completely or not at all: a shape mismatch is an error (unless skipMismatched), and
 * with `strict` missing or unexpected keys are too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { YolocError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { fromTorch, toTorch, toTorchTensor } from '../nn/layout.js';
import type { TensorData } from './safetensors.js';

/** How checkpoint keys map onto the model. */
export interface LoadOptions {
  /** Missing or unexpected keys are errors (PyTorch's strict=True). Default true. */
  strict?: boolean;
  /**
   * Model-side prefix of the checkpoint's keys: 'backbone.' loads an ImageNet StarNet
   * checkpoint (keys `stem.0.conv.weight`) into `backbone.stem.0.conv.weight`. Model keys
   * outside the prefix are left alone and not reported missing.
   */
  prefix?: string;
  /** Checkpoint keys to drop before matching (e.g. a classifier's `norm.*`, `head.*`). */
  ignore?: (key: string) => boolean;
  /** The file the tensors came from, for error messages. */
  file?: string;
  /** Skip (and report) tensors whose shape differs instead of refusing the load: MMEngine's
   * load_checkpoint(strict=False), e.g. a COCO checkpoint's 80-class head into a 1-class model. */
  skipMismatched?: boolean;
}

/** What a load found, like PyTorch's _IncompatibleKeys. */
export interface LoadReport {
  missingKeys: string[];
  unexpectedKeys: string[];
  /** Keys skipped for a shape or dtype mismatch (only with skipMismatched). */
  mismatchedKeys: string[];
  loaded: number;
}

/** Options for the official StarNet ImageNet checkpoints loaded into a detector's backbone. */
export const STARNET_IMAGENET: LoadOptions = {
  strict: false,
  prefix: 'backbone.',
  ignore: (k) => /^(norm|head)\./.test(k),
};

/** Loads `tensors` into `model`; throws YC7003 on shape mismatches, YC7004 when strict and keys differ. */
export function loadStateDict(model: Module, tensors: Map<string, TensorData>, opts: LoadOptions = {}): LoadReport {
  const strict = opts.strict ?? true;
  const prefix = opts.prefix ?? '';
  const params = new Map(model.namedParams().filter(([k]) => k.startsWith(prefix)));
  const unexpectedKeys: string[] = [];
  const mismatches: string[] = [];
  const mismatchedKeys: string[] = [];
  const matched: [string, TensorData][] = [];
  for (const [ckKey, t] of tensors) {
    if (opts.ignore?.(ckKey) || ckKey.endsWith('num_batches_tracked')) continue;
    const key = prefix + ckKey;
    const p = params.get(key);
    if (!p) { unexpectedKeys.push(ckKey); continue; }
    const want = p.torchShape;
    const before = mismatches.length;
    if (t.dtype !== 'float32') mismatches.push(`${ckKey}: dtype ${t.dtype}, expected float32`);
    else if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
      mismatches.push(`${ckKey}: checkpoint shape [${t.shape}], model shape [${want}]`);
    } else matched.push([key, t]);
    if (mismatches.length > before) mismatchedKeys.push(ckKey);
  }
  // Keys present with the wrong shape are reported as mismatches, not as missing.
  const present = new Set([...tensors.keys()].filter((k) => !opts.ignore?.(k)).map((k) => prefix + k));
  const missingKeys = [...params.keys()].filter((k) => !present.has(k)).map((k) => k.slice(prefix.length));
  const list = (xs: string[]) => xs.slice(0, 8).join(', ') + (xs.length > 8 ? `, ... (${xs.length} in all)` : '');
  if (mismatches.length && !opts.skipMismatched) {
    throw new YolocError('YC7003', `size mismatch for ${mismatches.length} tensor(s): ${list(mismatches)}`, opts.file,
      'the checkpoint was made for a different model configuration');
  }
  if (strict && (missingKeys.length || unexpectedKeys.length)) {
    const parts: string[] = [];
    if (missingKeys.length) parts.push(`missing keys: ${list(missingKeys)}`);
    if (unexpectedKeys.length) parts.push(`unexpected keys: ${list(unexpectedKeys)}`);
    throw new YolocError('YC7004', `state dict does not match the model; ${parts.join('; ')}`, opts.file,
      'check the config against the checkpoint, or load with strict=false');
  }
  for (const [key, t] of matched) {
    const p = params.get(key)!;
    const v = fromTorch(t.data as Float32Array, t.shape, p.layout);
    p.variable.assign(v);
    v.dispose();
  }
  return { missingKeys, unexpectedKeys, mismatchedKeys, loaded: matched.length };
}

/** The model's state_dict in PyTorch layouts (what a .safetensors checkpoint holds). */
export function stateDict(model: Module): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  for (const [k, p] of model.namedParams()) {
    const { shape, data } = toTorch(p.variable, p.layout);
    out.set(k, { dtype: 'float32', shape, data });
  }
  return out;
}

/** stateDict() read asynchronously: every tensor at once, the only way on a GPU backend. */
export async function stateDictAsync(model: Module): Promise<Map<string, TensorData>> {
  const entries = [...model.namedParams()];
  const outs = entries.map(([, p]) => toTorchTensor(p.variable, p.layout));
  try {
    const datas = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    return new Map(entries.map(([k], i) => [k, { dtype: 'float32' as const, shape: [...outs[i]!.shape], data: datas[i]! }]));
  } finally {
    entries.forEach(([, p], i) => { if (outs[i] !== p.variable) outs[i]!.dispose(); });
  }
}

/** Copies every parameter and buffer of `src` into `dst` (same architecture): for EMA or evaluation copies. */
export function copyState(dst: Module, src: Module): void {
  const s = new Map(src.namedParams());
  for (const [k, p] of dst.namedParams()) {
    const q = s.get(k);
    if (!q) throw new YolocError('YC7004', `copyState: '${k}' is not in the source model`);
    tf.tidy(() => p.variable.assign(q.variable));
  }
}
