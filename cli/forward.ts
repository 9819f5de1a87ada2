/**
 * `yoloc forward CONFIG --weights W --input I.safetensors -o O.safetensors`: builds the
 * config's model, loads the weights (strict), runs it in eval mode on the tensor `input`
 * (NCHW, RGB in [0,1), i.e. after the data preprocessor) and writes the raw head outputs
 * `cls_scores.L`, `bbox_preds.L`, `objectnesses.L` as NCHW float32.
 */
import { UsageError, aliased, parseCommandArgs, usageError, backendFlag, requireFile } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions } from './config.js';
import { readFileSync } from 'node:fs';
import { renderText } from '../compiler/diagnostics/render.js';
import { hasErrors } from '../compiler/diagnostics/types.js';
import { YolocError } from '../runtime/errors.js';
import { buildDetector, forwardNCHW, loadStateDict, readSafetensors, selectBackend, writeSafetensors } from '../runtime/index.js';
import { readWeightsFile } from '../runtime/io/weights-file.js';

const USAGE = helpText('forward', `usage: yoloc forward CONFIG --weights W --input I.safetensors -o O.safetensors [options]

Runs the detector of CONFIG (a .py/.json/.yaml config, or a JSON file holding just the model
dict) on the tensor 'input' of I ([B,3,H,W] float32 NCHW, RGB in [0,1)) and writes the raw
head outputs cls_scores.L, bbox_preds.L, objectnesses.L (NCHW float32) to O.

options:
  --weights FILE       .safetensors or .pth state_dict (MMYOLO key names), loaded strictly
  --input FILE         safetensors with a tensor named 'input'
  -o, --out FILE       where to write the outputs (atomically; --output: the older spelling)
  --features           also write backbone.L and neck.L
  --backend NAME       tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --cfg-options K=V    overrides, MMEngine syntax: a.b=1 a.b=[1,2] (several after one flag)`);

/** The `model` dict of a resolved config (or the whole file when it is a bare model dict). */
function modelDictOf(data: Record<string, unknown>, file: string): Record<string, unknown> {
  if (data.type === 'YOLODetector' || (typeof data.type === 'string' && data.backbone)) return data;
  const m = data.model;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new YolocError('YC7002', 'the config has no model dict', file);
  return m as Record<string, unknown>;
}

/** A bare model-dict JSON as is; anything else through the compiler's resolver (null: diagnostics printed). */
async function loadConfig(file: string, cfgOptions: string[]): Promise<Record<string, unknown> | null> {
  if (file.endsWith('.json') && cfgOptions.length === 0) {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (j && j.type === 'YOLODetector') return j;
    } catch { /* not plain JSON: let the resolver report it */ }
  }
  // Loaded lazily: the model-dict path above needs none of the compiler.
  const { resolveConfig } = await import('../compiler/resolve.js');
  const { canonicalConfig } = await import('../compiler/validate/index.js');
  const r = resolveConfig(file, { cfgOptions });
  if (r.diagnostics.length) process.stderr.write(renderText(r.diagnostics) + '\n');
  if (!r.value || hasErrors(r.diagnostics)) return null;
  // A pure-Python config's imported types, as registered names.
  return canonicalConfig(r.value).data;
}

/** Runs `yoloc forward`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    weights: { type: 'string' },
    input: { type: 'string' },
    out: { type: 'string', short: 'o' },
    output: { type: 'string' },
    features: { type: 'boolean', default: false },
    backend: { type: 'string' },
    'cfg-options': { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  backendFlag(values.backend);
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  const out = aliased(values, 'out', 'output');
  for (const k of ['weights', 'input', 'out'] as const) if (!(k === 'out' ? out : values[k])) throw usageError(`--${k} is required`, USAGE);
  const config = positionals[0]!;
  requireFile(values.weights, '--weights');
  requireFile(values.input, '--input');
  const data = await loadConfig(config, values['cfg-options'] ?? []);
  if (!data) return 1;
  await selectBackend(values.backend);
  let model;
  try {
    model = buildDetector(modelDictOf(data, config));
  } catch (e) {
    if (e instanceof YolocError && !e.file) throw new YolocError(e.code, e.message, config, e.fix);
    throw e;
  }
  loadStateDict(model, readWeightsFile(values.weights!), { strict: true, file: values.weights });
  const input = readSafetensors(values.input!).get('input');
  if (!input) throw new YolocError('YC7005', "no tensor named 'input'", values.input);
  const t0 = performance.now();
  const outs = await forwardNCHW(model, input, { features: values.features, file: values.input });
  const ms = performance.now() - t0;
  writeSafetensors(out!, outs, { model: config, input: values.input! });
  process.stderr.write(`yoloc: forward [${input.shape}] in ${ms.toFixed(0)} ms -> ${out} (${outs.size} tensors)\n`);
  model.dispose();
  return 0;
}
