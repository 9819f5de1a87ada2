/**
 * The verbs of `yoloc`, each with the one line that describes it: `yoloc --help` lists them and
 * every `yoloc <verb> --help` starts with its line, so the two cannot disagree.
 */

export interface Command {
  summary: string;
}

/** Verbs, in the order `yoloc --help` lists them (the order of the pipeline). */
export const COMMANDS: Record<string, Command> = {
  resolve: { summary: 'resolve a config\'s _base_ inheritance and overrides like MMEngine; print JSON or .py' },
  check: { summary: 'resolve, validate and shape-check configs (channels, strides, levels: backbone to head)' },
  summary: { summary: 'print the layer table of a config\'s model: C x H x W, stride, params, FLOPs (MACs)' },
  compile: { summary: 'emit a type-checked TypeScript module of a config: model, pipelines, train/test entries' },
  train: { summary: 'check a config, then train its detector with MMYOLO\'s YOLOv5 recipe (--resume continues)' },
  test: { summary: 'evaluate a checkpoint on the config\'s test set (COCO bbox mAP)' },
  infer: { summary: 'detect objects in images: COCO results JSON and a PNG per image with boxes drawn' },
  forward: { summary: 'run a config\'s detector on an input tensor, write raw head outputs' },
  loss: { summary: 'the YOLOv5 training loss of given head outputs and targets (parity tool)' },
  eval: { summary: 'COCO bbox mAP of a results file against COCO ground truth (pycocotools rules)' },
  export: { summary: 'export a detector: ONNX (raw maps, or --end2end with NMS) or a folder MMYOLO trains' },
  convert: { summary: 'convert weights between .pth and .safetensors (either direction)' },
  synth: { summary: 'write a synthetic COCO-format detection dataset' },
  bench: { summary: 'median time of forward or training steps on random input (--mode forward|train)' },
  lsp: { summary: 'a language server for configs (LSP on stdio): live diagnostics, hover, completion, fixes' },
  demo: { summary: 'the main job (npm start): synth data, check, compile, train, test, draw a StarNet-YOLOv5' },
};

/** A verb's help text: its description line (capitalised, as a sentence), a blank line, then `body`. */
export function helpText(verb: string, body: string): string {
  const s = COMMANDS[verb]?.summary;
  if (!s) throw new Error(`no command '${verb}'`);
  return `${s[0]!.toUpperCase()}${s.slice(1)}.\n\n${body}`;
}
