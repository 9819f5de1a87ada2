/** `yoloc test CONFIG --checkpoint C`: the test loop and MMDetection's COCO bbox metrics. */
import { UsageError, oneOf, parseCommandArgs, requireFile, usageError, backendFlag } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';

const USAGE = helpText('test', `usage: yoloc test CONFIG --checkpoint C [options]

Runs the config's test_dataloader through the model and prints test_evaluator's metrics
(coco/bbox_mAP, coco/bbox_mAP_50, ...), as MMEngine's tools/test.py does.

options:
  --checkpoint C         weights: a yoloc checkpoint, .safetensors or .pth (required)
  -o, --out FILE         also write the detections as COCO results JSON
  --backend NAME         tensorflow | webgpu | native | wasm | cpu (default: the best that loads)
  --format text|json     how to print the metrics (default text)
  --cfg-options K=V ...  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR       folder of a package's configs, for NAME::path bases (repeatable)`);

/** Runs `yoloc test`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    checkpoint: { type: 'string' }, out: { type: 'string', short: 'o' }, backend: { type: 'string' }, format: { type: 'string', default: 'text' },
    'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  backendFlag(values.backend);
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  if (!values.checkpoint) throw usageError(`--checkpoint is required`, USAGE);
  oneOf('--format', values.format, ['text', 'json']);
  const cfg = loadCheckedConfig(positionals[0]!, { cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope), needs: { command: 'test', keys: ['model', 'test_dataloader', 'test_evaluator'] } });
  requireFile(values.checkpoint, '--checkpoint');
  const { selectBackend } = await import('../runtime/backend/index.js');
  await selectBackend(values.backend);
  const { test } = await import('../runtime/engine/test.js');
  const { metrics } = await test({ config: cfg.data, checkpoint: values.checkpoint, outFile: values.out });
  if (values.format === 'json') console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k}: ${v.toFixed(3)}`);
  return 0;
}
