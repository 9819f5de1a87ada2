/** `yoloc infer CONFIG --checkpoint C SOURCE... -o DIR`: detections as COCO JSON and drawn PNGs. */
import { UsageError, aliased, parseCommandArgs, requireFile, usageError, backendFlag } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';
import { expandImages, IMAGE_EXTENSIONS } from './images.js';

const USAGE = helpText('infer', `usage: yoloc infer CONFIG --checkpoint C SOURCE... -o DIR [options]

SOURCE is an image file (${IMAGE_EXTENSIONS.join(', ')}), a folder (the images in it) or a quoted glob
('imgs/*.jpg', 'data/**/*.png'), as yolo predict source=... takes them; several may be given.
Writes DIR/results.json (COCO results; image_id = position in the list of images, listed in
DIR/images.json) and DIR/<image>.png with the boxes and class names drawn.

options:
  --checkpoint C         weights: a yoloc checkpoint, .safetensors or .pth (required unless --onnx)
  -o, --out DIR          output folder (required; --out-dir: the older spelling, still accepted)
  --draw-thr S           draw boxes scoring at least S (default 0.3; all go to results.json)
  --backend NAME         tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --engine tfjs|onnxruntime  onnxruntime: the model exported to ONNX in memory and run by
                         onnxruntime-node (optional dependency); decode + NMS as tfjs (default tfjs)
  --onnx FILE            run this raw-output export (yoloc export --format onnx, not --end2end)
                         with onnxruntime instead of exporting the checkpoint (implies
                         --engine onnxruntime)
  --cfg-options K=V ...  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR       folder of a package's configs, for NAME::path bases (repeatable)`);

const DEFAULT_DRAW_THR = 0.3; // runtime/vis/draw.ts's default

/** Runs `yoloc infer`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    checkpoint: { type: 'string' }, out: { type: 'string', short: 'o' }, 'out-dir': { type: 'string' }, 'draw-thr': { type: 'string' },
    backend: { type: 'string' }, engine: { type: 'string', default: 'tfjs' }, onnx: { type: 'string' }, 'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  backendFlag(values.backend);
  const out = aliased(values, 'out', 'out-dir');
  if (positionals.length < 2) throw usageError(`expected CONFIG and at least one SOURCE (image, folder or glob)`, USAGE);
  const missing = [values.checkpoint || values.onnx ? '' : '--checkpoint (or --onnx)', out ? '' : '-o/--out'].filter(Boolean);
  if (missing.length) throw usageError(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required`, USAGE);
  if (values.engine !== 'tfjs' && values.engine !== 'onnxruntime') throw usageError(`--engine must be tfjs or onnxruntime, not '${values.engine}'`, USAGE);
  const checkpoint = values.checkpoint;
  const outDir = out!;
  const drawThr = values['draw-thr'] === undefined ? DEFAULT_DRAW_THR : Number(values['draw-thr']);
  if (!(drawThr >= 0 && drawThr <= 1)) throw new UsageError(`--draw-thr takes a number in [0, 1], not '${values['draw-thr']}'`);
  const [configFile, ...sources] = positionals;
  const cfg = loadCheckedConfig(configFile!, { cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope), needs: { command: 'infer', keys: ['model', 'test_pipeline|test_dataloader'] } });
  // every input is there before a backend loads or a model is built
  const images = expandImages(sources, (folder, names) => {
    console.error(`yoloc: skipped ${names.length} file${names.length === 1 ? '' : 's'} in ${folder} that ${names.length === 1 ? 'is' : 'are'} not ${IMAGE_EXTENSIONS.join('/')}: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}`);
  });
  requireFile(checkpoint, '--checkpoint');
  requireFile(values.onnx, '--onnx');
  const { selectBackend } = await import('../runtime/backend/index.js');
  await selectBackend(values.backend);
  const { infer } = await import('../runtime/engine/infer.js');
  const r = await infer({ config: cfg.data, checkpoint, images, outDir, drawThr, engine: values.onnx ? 'onnxruntime' : values.engine, onnx: values.onnx });
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  const drawn = r.detections.reduce((s, d) => s + d.scores.filter((x) => x >= drawThr).length, 0);
  console.log(`${n(r.results.length, 'detection')} in ${n(images.length, 'image')} (${drawn} drawn, scoring at least ${drawThr}); wrote ${outDir}/results.json and ${n(r.pictures.length, 'PNG')}`);
  if (drawn === 0) {
    const best = r.results.reduce((m, d) => Math.max(m, d.score), 0);
    const digits = best > 0 ? Math.max(2, 1 - Math.floor(Math.log10(best))) : 2;
    const lower = Math.floor(best * 10 ** digits) / 10 ** digits; // at most the best score, so that box shows
    console.log(r.results.length
      ? `nothing drawn: the best score is ${best.toPrecision(3)}, under --draw-thr ${drawThr}; lower it (e.g. --draw-thr ${lower}) to see these boxes`
      : `nothing drawn: the model detected nothing above model.test_cfg.score_thr (is the checkpoint trained for this config?)`);
  }
  return 0;
}
