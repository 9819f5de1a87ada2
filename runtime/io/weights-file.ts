/**
 * One entry for weights on disk, whatever the container: safetensors, or a PyTorch checkpoint
 * (.pth, .pth.tar, .pt) holding a bare state_dict or MMEngine's `{meta, state_dict, optimizer,
 * message_hub, ...}`. With MMEngine's EMAHook the saved `state_dict` already holds the EMA
 * weights (the hook swaps them in before saving; `ema_state_dict` then holds the raw ones).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { YolocError, fsReason } from '../errors.js';
import { readSafetensorsFile, readSafetensors, type TensorData } from './safetensors.js';
import { readPth, TensorRef } from './pth.js';
import type { PyValue } from './pickle.js';

/** Container formats readWeightsFile knows. */
export type WeightsFormat = 'safetensors' | 'pth';

/** Options for readWeightsFile. */
export interface ReadWeightsOptions {
  /** Which checkpoint entry holds the weights; default: `state_dict`, else the root itself. */
  entry?: string;
}

function sniff(file: string): WeightsFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.safetensors')) return 'safetensors';
  if (/\.(pth|pt|pth\.tar|ckpt|bin)$/.test(lower)) return 'pth';
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new YolocError('YC7100', `cannot open: ${fsReason(e)}`, file);
  }
  const head = Buffer.alloc(8);
  try { readSync(fd, head, 0, 8, 0); } finally { closeSync(fd); }
  if (head.readUInt32LE(0) === 0x04034b50 || (head[0] === 0x80 && head[1] === 0x02)) return 'pth';
  if (head.readBigUInt64LE(0) < 100_000_000n) return 'safetensors';
  throw new YolocError('YC7116', 'unknown weights file type (expected .safetensors, .pth, .pth.tar or .pt)', file);
}

/** The format readWeightsFile would use for a path (by extension, then by magic bytes). */
export function weightsFormat(file: string): WeightsFormat {
  return sniff(file);
}

function tensorsOf(file: string, dict: Map<PyValue, PyValue>, where: string): Map<string, TensorRef> {
  const out = new Map<string, TensorRef>();
  for (const [k, v] of dict) {
    if (typeof k !== 'string') throw new YolocError('YC7115', `${where} has a key that is not a string`, file);
    if (!(v instanceof TensorRef)) throw new YolocError('YC7115', `${where}['${k}'] is not a tensor`, file);
    out.set(k, v);
  }
  return out;
}

function isTensorDict(v: PyValue): v is Map<PyValue, PyValue> {
  return v instanceof Map && v.size > 0 && [...v.values()].every((x) => x instanceof TensorRef);
}

/** Reads a checkpoint's weights, with the `module.` prefix of wrapped models removed. */
export function readWeightsFile(file: string, opts: ReadWeightsOptions = {}): Map<string, TensorData> {
  if (sniff(file) === 'safetensors') {
    // A yoloc training checkpoint (runtime/engine/checkpoint.ts) keeps its weights under
    // `state_dict.` (the deploy weights, EMA-averaged when EMAHook is on), beside optimizer state.
    const { tensors, metadata } = readSafetensorsFile(file);
    if (metadata.format !== 'yoloc-checkpoint-1') return tensors;
    const prefix = `${opts.entry ?? 'state_dict'}.`;
    return new Map([...tensors].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }
  const pth = readPth(file);
  const root = pth.root;
  let dict: Map<PyValue, PyValue>;
  let where: string;
  if (opts.entry !== undefined) {
    const v = root instanceof Map ? root.get(opts.entry) : undefined;
    if (!(v instanceof Map)) throw new YolocError('YC7115', `the checkpoint has no '${opts.entry}' dict`, file);
    dict = v;
    where = opts.entry;
  } else if (root instanceof Map && root.get('state_dict') instanceof Map) {
    dict = root.get('state_dict') as Map<PyValue, PyValue>;
    where = 'state_dict';
  } else if (root instanceof Map && (root.size === 0 || isTensorDict(root))) {
    dict = root;
    where = 'the checkpoint';
  } else if (root instanceof Map && isTensorDict(root.get('model') ?? null)) {
    dict = root.get('model') as Map<PyValue, PyValue>;
    where = 'model';
  } else {
    const keys = root instanceof Map ? [...root.keys()].map(String).join(', ') : typeof root;
    throw new YolocError('YC7115', `no state_dict in the checkpoint (top level: ${keys})`, file,
      "save `model.state_dict()` or MMEngine's {'state_dict': ...}; pickled whole models are not read");
  }
  const refs = tensorsOf(file, dict, where);
  const keys = [...refs.keys()];
  const strip = keys.length > 0 && keys.every((k) => k.startsWith('module.'));
  const out = new Map<string, TensorData>();
  for (const [k, ref] of refs) out.set(strip ? k.slice('module.'.length) : k, pth.tensor(ref));
  return out;
}

/** The result of starnetImagenetToBackbone: renamed weights and the keys left out. */
export interface BackboneWeights {
  tensors: Map<string, TensorData>;
  /** Classifier keys (`norm.*`, `head.*`) and anything else not in the backbone. */
  dropped: string[];
}

/**
 * Maps an official StarNet ImageNet checkpoint (keys `stem.*`, `stages.*`, `norm.*`, `head.*`)
 * to a detector's backbone: keeps stem and stages under `backbone.`, drops the classifier.
 */
export function starnetImagenetToBackbone(weights: Map<string, TensorData>): BackboneWeights {
  const tensors = new Map<string, TensorData>();
  const dropped: string[] = [];
  for (const [k, v] of weights) {
    const key = k.startsWith('module.') ? k.slice(7) : k;
    if (key.startsWith('stem.') || key.startsWith('stages.')) tensors.set(`backbone.${key}`, v);
    else dropped.push(k);
  }
  return { tensors, dropped };
}
