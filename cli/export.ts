/**
 * `yoloc export CONFIG --format onnx|mmyolo -o OUT`: the detector as an ONNX graph (eval mode,
 * BN folded; raw head maps, or with --end2end decoded detections after in-graph NMS), or as a
 * folder MMYOLO trains as it is (resolved config, our Python module for StarNet, weights.pth,
 * README). Outputs are written atomically; every failure is a YC diagnostic.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { UsageError, parseCommandArgs } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';
import { YolocError } from '../runtime/errors.js';
import type { TensorData } from '../runtime/io/safetensors.js';

const USAGE = helpText('export', `usage: yoloc export CONFIG --format onnx|mmyolo -o OUT [options]

onnx:   yoloc export CONFIG --weights W --format onnx -o model.onnx [--opset N] [--dynamic-batch]
          [--size H[,W]] [--end2end]
        Input 'images' [B,3,H,W] float32 (RGB in [0,1], after the data preprocessor). Outputs
        the raw head maps cls_scores.L, bbox_preds.L, objectnesses.L (as 'yoloc forward'), or with
        --end2end num_dets, boxes, scores, labels after decoding and NonMaxSuppression with the
        config's test_cfg.
mmyolo: yoloc export CONFIG --format mmyolo -o DIR [--weights W]
        DIR: the resolved config as one .py, our module for types MMYOLO lacks (StarNet),
        weights.pth (with --weights) and a README with the train commands.

options:
  --format onnx|mmyolo   what to write (required)
  -o, --out PATH         output file (onnx) or new folder (mmyolo), written atomically
  --weights FILE         .safetensors, .pth or a yoloc checkpoint (required for onnx); strict load
  --opset N              ONNX opset, 11..17 (default 13)
  --dynamic-batch        symbolic batch dimension 'batch' (default: static batch 1)
  --size H[,W]           input size (default 640; a multiple of the largest stride)
  --end2end              decode + NMS inside the graph (easydeploy's num_dets/boxes/scores/labels)
  --cfg-options K=V ...  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR       folder of a package's configs, for NAME::path bases (repeatable)`);

function parseSize(v: string | undefined): [number, number] {
  if (v === undefined) return [640, 640];
  const m = /^(\d+)(?:,(\d+))?$/.exec(v);
  if (!m) throw new UsageError(`--size takes H or H,W (positive integers), not '${v}'`);
  const h = Number(m[1]);
  return [h, m[2] === undefined ? h : Number(m[2])];
}

/** The model dict: a bare model-dict JSON (as `yoloc forward` takes) as is, else the checked config's. */
function modelDictOf(file: string, cfgOptions: string[] | undefined, scope: string[] | undefined): Record<string, unknown> {
  if (file.endsWith('.json') && !cfgOptions?.length) {
    let j: Record<string, unknown> | null = null;
    try { j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>; } catch { /* the checker reports it */ }
    if (j && j.type === 'YOLODetector') return j;
  }
  const cfg = loadCheckedConfig(file, { cfgOptions, scopes: parseScopes(scope) });
  const m = cfg.data.model;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new YolocError('YC7002', 'the config has no model dict', file);
  return m as Record<string, unknown>;
}

/** The model, built from the config and loaded strictly from `weights`. */
async function loadModel(model: Record<string, unknown>, weights: string, configFile: string) {
  const { selectBackend } = await import('../runtime/backend/index.js');
  // Folding BN into the convs runs on tfjs's plain CPU backend: the same bytes on every machine.
  await selectBackend('cpu', { quiet: true });
  const { buildDetector } = await import('../runtime/model/build.js');
  const { loadStateDict } = await import('../runtime/io/weights.js');
  const { readWeightsFile } = await import('../runtime/io/weights-file.js');
  let det;
  try {
    det = buildDetector(model);
  } catch (e) {
    if (e instanceof YolocError && !e.file) throw new YolocError(e.code, e.message, configFile, e.fix);
    throw e;
  }
  loadStateDict(det, readWeightsFile(weights), { strict: true, file: weights });
  return det;
}

function producerVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0';
  }
}

/** Runs `yoloc export`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    format: { type: 'string' }, out: { type: 'string', short: 'o' }, weights: { type: 'string' }, opset: { type: 'string' },
    'dynamic-batch': { type: 'boolean', default: false }, size: { type: 'string' }, end2end: { type: 'boolean', default: false },
    'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(`expected one CONFIG, got ${positionals.length}\n${USAGE}`);
  const format = values.format;
  if (format !== 'onnx' && format !== 'mmyolo') throw new UsageError(`--format must be onnx or mmyolo${format === undefined ? ' (required)' : `, not '${format}'`}`);
  if (!values.out) throw new UsageError(`-o/--out is required\n${USAGE}`);
  const configFile = positionals[0]!;
  const out = path.resolve(values.out);
  if (format === 'onnx') {
    if (!values.weights) throw new UsageError('--weights is required for --format onnx (the graph carries the checkpoint as initializers)');
    if (values.opset !== undefined && !/^\d+$/.test(values.opset)) throw new UsageError(`--opset takes an integer, not '${values.opset}'`);
    const size = parseSize(values.size);
    const { checkOpset } = await import('../runtime/export/onnx/export.js');
    checkOpset(values.opset === undefined ? undefined : Number(values.opset), values.end2end);
    const model = await loadModel(modelDictOf(configFile, values['cfg-options'], values.scope), values.weights, configFile);
    const { exportOnnx } = await import('../runtime/export/onnx/export.js');
    const { writeFileAtomic } = await import('../runtime/export/write.js');
    let r;
    try {
      r = await exportOnnx(model, {
        size, opset: values.opset === undefined ? undefined : Number(values.opset), dynamicBatch: values['dynamic-batch'], end2end: values.end2end,
        producerVersion: producerVersion(), meta: { config: path.basename(configFile), weights: path.basename(values.weights) },
      });
    } catch (e) {
      // A part the exporter cannot lower is about the config (its message names the model path).
      if (e instanceof YolocError && !e.file) throw new YolocError(e.code, e.message, configFile, e.fix);
      throw e;
    } finally {
      model.dispose();
    }
    writeFileAtomic(out, r.bytes);
    const outs = r.graph.outputs.map((o) => `${o.name} [${o.dims}]`).join(', ');
    console.log(`wrote ${values.out}: ${(r.bytes.length / 2 ** 20).toFixed(1)} MiB, opset ${r.graph.opset}, ${r.graph.nodes.length} nodes, ${r.graph.initializers.size} initializers; images [${r.graph.inputs[0]!.dims}] -> ${outs}`);
    return 0;
  }
  if (values.opset || values.end2end || values['dynamic-batch'] || values.size) throw new UsageError('--opset, --end2end, --dynamic-batch and --size are ONNX options');
  const { toPythonConfig } = await import('../compiler/inherit/print.js');
  const { PyDict, PyList } = await import('../compiler/frontend/values.js');
  const cfg = loadCheckedConfig(configFile, { cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope) });
  const { customImportsFor, writeMmyoloProject } = await import('../runtime/export/mmyolo/project.js');
  const modelDict = cfg.data.model as Record<string, unknown>;
  const modules = customImportsFor(modelDict);
  const weights = values.weights ? await (async () => {
    const m = await loadModel(modelDict, values.weights!, configFile);
    const { stateDictAsync } = await import('../runtime/io/weights.js');
    // PyTorch's state_dict order, with BatchNorm's num_batches_tracked after running_var, so that
    // load_state_dict(strict=True) matches every key (MMYOLO's BN momentum never reads it).
    const sd = new Map<string, TensorData>();
    for (const [k, t] of await stateDictAsync(m)) {
      sd.set(k, t);
      if (k.endsWith('.running_var')) sd.set(k.replace(/running_var$/, 'num_batches_tracked'), { dtype: 'int32', shape: [], data: new Int32Array([0]) });
    }
    m.dispose();
    return sd;
  })() : undefined;
  // The resolved config as Python, plus what the folder needs: custom_imports and load_from.
  const top = new PyDict();
  for (const [k, v] of cfg.value.map) top.set(k, v);
  if (modules.length) {
    const had = top.get('custom_imports');
    const imports = had instanceof PyDict && had.get('imports') instanceof PyList ? (had.get('imports') as InstanceType<typeof PyList>).items.filter((x) => !modules.includes(String(x))) : [];
    const ci = new PyDict();
    ci.set('imports', new PyList([...imports, ...modules]));
    ci.set('allow_failed_imports', false);
    top.set('custom_imports', ci);
  }
  if (weights) top.set('load_from', 'weights.pth');
  const py = toPythonConfig(top);
  if (py.badKeys.length) throw new YolocError('YC7607', `top-level keys ${py.badKeys.join(', ')} are not Python names, so the config cannot be written as .py`, configFile);
  const configName = path.basename(configFile).replace(/\.(py|json|ya?ml|ts)$/, '') + '.py';
  const header = `# Exported by yoloc from ${path.basename(configFile)}: resolved, without _base_ (MMEngine Config.fromfile loads it as is).\n`;
  const files = writeMmyoloProject({ dir: out, configName, configText: header + py.text, modules, weights, source: path.basename(configFile) });
  console.log(`wrote ${values.out}/: ${files.join(', ')}`);
  return 0;
}
