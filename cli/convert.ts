/**
 * `yoloc convert IN OUT`: weights between PyTorch checkpoints (.pth/.pth.tar/.pt) and
 * safetensors, either direction; the output format follows OUT's extension.
 */
import { parseCommandArgs, UsageError, usageError } from './common.js';
import { helpText } from './commands.js';
import { readWeightsFile, starnetImagenetToBackbone } from '../runtime/io/weights-file.js';
import { writeSafetensors } from '../runtime/io/safetensors.js';
import { writePth } from '../runtime/io/pth.js';

const USAGE = helpText('convert', `usage: yoloc convert IN OUT [options]

Converts weights between .pth (.pth.tar, .pt) and .safetensors, either direction.
Reads a bare state_dict or an MMEngine checkpoint's 'state_dict' (EMA weights when EMAHook ran);
a 'module.' prefix on every key is removed.

options:
  --entry KEY          read this checkpoint entry instead (e.g. ema_state_dict)
  --starnet-imagenet   IN is an official StarNet ImageNet checkpoint: prefix 'backbone.',
                       drop the classifier (norm.*, head.*)
  --layout L           for a .pth OUT: 'mmengine' ({'state_dict': ...}, default; what
                       MMYOLO's load_from and EMAHook expect) or 'plain' (bare OrderedDict)
  --quiet              print nothing on success`);

/** Runs `yoloc convert`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    entry: { type: 'string' },
    'starnet-imagenet': { type: 'boolean' },
    layout: { type: 'string' },
    quiet: { type: 'boolean' },
  }, USAGE);
  if (!args) return 0;
  const [input, output, ...extra] = args.positionals;
  if (!input || !output || extra.length) throw usageError(`convert takes IN and OUT`, USAGE);
  const layout = args.values.layout ?? 'mmengine';
  if (layout !== 'mmengine' && layout !== 'plain') throw new UsageError(`--layout must be 'mmengine' or 'plain', not '${layout}'`);
  const toSafetensors = output.toLowerCase().endsWith('.safetensors');
  if (!toSafetensors && !/\.(pth|pt|pth\.tar)$/i.test(output)) {
    throw new UsageError(`OUT must end in .safetensors, .pth, .pth.tar or .pt: '${output}'`);
  }
  let tensors = readWeightsFile(input, { entry: args.values.entry });
  let note = '';
  if (args.values['starnet-imagenet']) {
    const r = starnetImagenetToBackbone(tensors);
    tensors = r.tensors;
    note = `, dropped ${r.dropped.length} classifier keys (${r.dropped.slice(0, 4).join(', ')}${r.dropped.length > 4 ? ', ...' : ''})`;
  }
  if (toSafetensors) writeSafetensors(output, tensors);
  else writePth(output, tensors, { layout });
  let params = 0;
  for (const t of tensors.values()) params += t.data.length;
  if (!args.values.quiet) console.log(`wrote ${tensors.size} tensors (${params} values) to ${output}${note}`);
  return 0;
}
