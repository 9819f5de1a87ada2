/**
 * `yoloc eval GT.json DETECTIONS.json [--format json]`: the COCO bbox metric with pycocotools'
 * exact rules; prints summarize()'s 12 lines, or `{"stats": [...]}` with --format json.
 */
import { UsageError, parseCommandArgs, usageError } from './common.js';
import { helpText } from './commands.js';
import { evaluateCocoFiles } from '../runtime/eval/coco.js';

const USAGE = helpText('eval', `usage: yoloc eval GT.json DETECTIONS.json [--format text|json]

Evaluates COCO results (a JSON list of {image_id, category_id, bbox: [x, y, w, h], score})
against COCO ground truth, as pycocotools' COCOeval(iouType='bbox') does, and prints the 12
numbers of its summarize() (AP, AP50, AP75, AP s/m/l, AR@1/10/100, AR s/m/l).`);

const LINES: [string, string, string, string, number][] = [
  ['Average Precision', '(AP)', '0.50:0.95', 'all', 100], ['Average Precision', '(AP)', '0.50', 'all', 100],
  ['Average Precision', '(AP)', '0.75', 'all', 100], ['Average Precision', '(AP)', '0.50:0.95', 'small', 100],
  ['Average Precision', '(AP)', '0.50:0.95', 'medium', 100], ['Average Precision', '(AP)', '0.50:0.95', 'large', 100],
  ['Average Recall', '(AR)', '0.50:0.95', 'all', 1], ['Average Recall', '(AR)', '0.50:0.95', 'all', 10],
  ['Average Recall', '(AR)', '0.50:0.95', 'all', 100], ['Average Recall', '(AR)', '0.50:0.95', 'small', 100],
  ['Average Recall', '(AR)', '0.50:0.95', 'medium', 100], ['Average Recall', '(AR)', '0.50:0.95', 'large', 100],
];

/** pycocotools' summary lines: ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.310'. */
export function formatStats(stats: number[]): string {
  return LINES.map(([title, kind, iou, area, maxDets], i) =>
    ` ${title.padEnd(18)} ${kind} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${stats[i]!.toFixed(3)}`,
  ).join('\n');
}

/** Runs `yoloc eval`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { format: { type: 'string', default: 'text' } }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 2) throw usageError(`expected GT.json and DETECTIONS.json, got ${positionals.length} arguments`, USAGE);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const stats = evaluateCocoFiles(positionals[0]!, positionals[1]!);
  console.log(values.format === 'json' ? JSON.stringify({ stats }) : formatStats(stats));
  return 0;
}
