/** `yoloc infer CONFIG --checkpoint C IMAGE... --out-dir D`: detections as COCO JSON and drawn PNGs. */
import { UsageError, parseCommandArgs } from './common.js';
import { expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';

const USAGE = `usage: yoloc infer CONFIG --checkpoint C IMAGE... --out-dir D [options]

Writes D/results.json (COCO results; image_id = position in IMAGE..., listed in D/images.json)
and D/<image>.png with the boxes and class names drawn.

options:
  --checkpoint C         weights: a yoloc checkpoint, .safetensors or .pth (required unless --onnx)
  --out-dir D            output folder (required)
  --draw-thr S           draw boxes scoring at least S (default 0.3)
  --backend NAME         tensorflow | webgpu | native | wasm | cpu
  --engine tfjs|onnxruntime  onnxruntime: the model exported to ONNX in memory and run by
                         onnxruntime-node (optional dependency); decode + NMS as tfjs (default tfjs)
  --onnx FILE            run this raw-output export ('yoloc export --format onnx', not --end2end) with
                         onnxruntime instead of exporting the checkpoint (implies --engine onnxruntime)
  --cfg-options K=V ...  MMEngine-style overrides
  --scope NAME=DIR       configs folder of a package, for NAME::path bases`;

/** Runs `yoloc infer`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    checkpoint: { type: 'string' }, 'out-dir': { type: 'string' }, 'draw-thr': { type: 'string' }, backend: { type: 'string' }, engine: { type: 'string', default: 'tfjs' }, onnx: { type: 'string' },
    'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length < 2) throw new UsageError(`expected CONFIG and at least one IMAGE\n${USAGE}`);
  if ((!values.checkpoint && !values.onnx) || !values['out-dir']) throw new UsageError(`--checkpoint (or --onnx) and --out-dir are required\n${USAGE}`);
  const drawThr = values['draw-thr'] === undefined ? undefined : Number(values['draw-thr']);
  if (drawThr !== undefined && !(drawThr >= 0 && drawThr <= 1)) throw new UsageError('--draw-thr takes a number in [0, 1]');
  if (values.engine !== 'tfjs' && values.engine !== 'onnxruntime') throw new UsageError(`--engine must be tfjs or onnxruntime, not '${values.engine}'`);
  const [configFile, ...images] = positionals;
  const cfg = loadCheckedConfig(configFile!, { cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope) });
  const { selectBackend } = await import('../runtime/backend/index.js');
  await selectBackend(values.backend);
  const { infer } = await import('../runtime/engine/infer.js');
  const r = await infer({ config: cfg.data, checkpoint: values.checkpoint, images, outDir: values['out-dir'], drawThr, engine: values.onnx ? 'onnxruntime' : values.engine, onnx: values.onnx });
  console.log(`${r.results.length} detections in ${images.length} image${images.length === 1 ? '' : 's'}; wrote ${values['out-dir']}/results.json and ${r.pictures.length} PNG${r.pictures.length === 1 ? '' : 's'}`);
  return 0;
}
