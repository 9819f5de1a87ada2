/** `yoloc synth`: writes a synthetic COCO-format detection dataset (runtime/data/synth.ts). */
import { parseCommandArgs, UsageError, usageError } from './common.js';
import { helpText } from './commands.js';
import { synthDataset, SHAPE_CLASSES } from '../runtime/data/synth.js';

const USAGE = helpText('synth', `usage: yoloc synth -o DIR --train N --val M [options]

Writes DIR/{train,val}/*.png|jpg and DIR/annotations/instances_{train,val}.json (COCO format):
shapes on textured backgrounds. The same seed writes the same files.

options:
  -o, --out DIR          output folder (required)
  --train N, --val M     number of training and validation images (required)
  --classes K            shape classes, the first K of ${SHAPE_CLASSES.length} (default 5): ${SHAPE_CLASSES.slice(0, 3).join(', ')},
                         ${SHAPE_CLASSES.slice(3).join(', ')}
  --size S               long side of the images in pixels (default 320)
  --seed X               random seed (default 0)`);

function int(v: string | undefined, name: string, dflt?: number): number {
  if (v === undefined) {
    if (dflt === undefined) throw usageError(`--${name} is required`, USAGE);
    return dflt;
  }
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a non-negative integer, not '${v}'`);
  return Number(v);
}

/** Runs `yoloc synth`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' }, train: { type: 'string' }, val: { type: 'string' },
    classes: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' },
  }, USAGE, false);
  if (!args) return 0;
  const v = args.values;
  if (!v.out) throw usageError(`-o/--out is required`, USAGE);
  // the flags' ranges are usage errors (exit 2), said before anything is written
  const classes = int(v.classes, 'classes', 5);
  if (classes < 1 || classes > SHAPE_CLASSES.length) throw new UsageError(`--classes must be 1..${SHAPE_CLASSES.length} (the shapes yoloc draws), not ${classes}`);
  const size = int(v.size, 'size', 320);
  if (size < 32 || size > 4096) throw new UsageError(`--size must be 32..4096 pixels, not ${size}`);
  const t0 = Date.now();
  const s = synthDataset({
    out: v.out, train: int(v.train, 'train'), val: int(v.val, 'val'),
    classes, size, seed: int(v.seed, 'seed', 0),
  });
  console.log(`wrote ${s.train.images} train images (${s.train.boxes} boxes) and ${s.val.images} val images (${s.val.boxes} boxes) to ${v.out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
