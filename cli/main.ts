/**
 * The `yoloc` command: dispatches to one module per verb (cli/<verb>.ts), each exporting
 * `run(argv): Promise<number>`. Every failure ends in a diagnostic and an exit code
 * (0 ok, 1 errors in the input, 2 usage), never a stack trace.
 */
import { UsageError, printError } from './common.js';

interface Command {
  summary: string;
}

/** Loads cli/<verb>.ts; each exports `run(argv): Promise<number>`. */
async function load(verb: string): Promise<{ run: (argv: string[]) => Promise<number> }> {
  return import(`./${verb}.js`);
}

/** Verbs, in the order `yoloc --help` lists them. */
export const COMMANDS: Record<string, Command> = {
  // One file per verb, cli/<verb>.ts; listed in the order of the pipeline.
  resolve: { summary: 'resolve a config\'s _base_ inheritance and overrides like MMEngine; print JSON or .py' },
  check: { summary: 'resolve, validate and shape-check configs (channels, strides, levels: backbone to head)' },
  summary: { summary: 'print the layer table of a config\'s model: C x H x W, stride, params, FLOPs (MACs)' },
  compile: { summary: 'emit a typed TypeScript module of a config (model, pipelines, train/test entrypoints), type-checked' },
  train: { summary: 'check a config, then train its detector (MMYOLO YOLOv5 recipe; --resume continues exactly)' },
  test: { summary: 'evaluate a checkpoint on the config\'s test set (COCO bbox mAP)' },
  infer: { summary: 'detect objects in images: COCO results JSON and a PNG per image with boxes drawn' },
  forward: { summary: 'run a config\'s detector on an input tensor, write raw head outputs' },
  loss: { summary: 'the YOLOv5 training loss of given head outputs and targets (parity tool)' },
  eval: { summary: 'COCO bbox mAP of a results file against COCO ground truth (pycocotools rules)' },
  export: { summary: 'export a detector: ONNX (raw head maps or --end2end with NMS), or a folder MMYOLO trains (--format mmyolo)' },
  convert: { summary: 'convert weights between .pth and .safetensors (either direction)' },
  synth: { summary: 'write a synthetic COCO-format detection dataset' },
  bench: { summary: 'median time of forward or training steps on random input (--mode forward|train)' },
  demo: { summary: 'the main job (npm start): synth data, check, compile, train, test and draw a StarNet-YOLOv5' },
};

function help(): string {
  const lines = ['usage: yoloc <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(9)} ${c.summary}`);
  lines.push('', 'Run `yoloc <command> --help` for its options.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    console.log(help());
    return verb ? 0 : 2;
  }
  const command = COMMANDS[verb];
  if (!command) {
    printError(new UsageError(`unknown command '${verb}'`, 'YC8001'));
    console.error(help());
    return 2;
  }
  try {
    const mod = await load(verb);
    return await mod.run(rest);
  } catch (err) {
    return printError(err);
  }
}
