/** `yoloc test CONFIG --checkpoint C`: the test loop and MMDetection's COCO bbox metrics. */
import { UsageError, parseCommandArgs } from './common.js';
import { expandCfgOptions, loadCheckedConfig, parseScopes } from './config.js';

const USAGE = `usage: yoloc test CONFIG --checkpoint C [options]

options:
  --checkpoint C         weights: a yoloc checkpoint, .safetensors or .pth (required)
  --out FILE             also write the detections as COCO results JSON
  --backend NAME         tensorflow | webgpu | native | wasm | cpu
  --format text|json     how to print the metrics (default text)
  --cfg-options K=V ...  MMEngine-style overrides
  --scope NAME=DIR       configs folder of a package, for NAME::path bases`;

/** Runs `yoloc test`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    checkpoint: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, format: { type: 'string', default: 'text' },
    'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(`expected one CONFIG\n${USAGE}`);
  if (!values.checkpoint) throw new UsageError(`--checkpoint is required\n${USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json`);
  const cfg = loadCheckedConfig(positionals[0]!, { cfgOptions: values['cfg-options'], scopes: parseScopes(values.scope) });
  const { selectBackend } = await import('../runtime/backend/index.js');
  await selectBackend(values.backend);
  const { test } = await import('../runtime/engine/test.js');
  const { metrics } = await test({ config: cfg.data, checkpoint: values.checkpoint, outFile: values.out });
  if (values.format === 'json') console.log(JSON.stringify(metrics));
  else for (const [k, v] of Object.entries(metrics)) console.log(`${k}: ${v.toFixed(3)}`);
  return 0;
}
