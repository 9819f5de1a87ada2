/**
 * pipeline.ts and config.ts. Pipelines are typed by the schema (`satisfies Module[]`: each
 * transform is checked against the type its `type` names); loaders are the DataLoader options
 * the engine derives from train/val/test_dataloader (runtime/engine/setup.ts loaderOptions),
 * with every value spelled out.
 */
import { Project, StructureKind, type SourceFile, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { Json } from '../frontend/values.js';
import { exportConst, identifier, literal, ref } from './literal.js';

type Dict = { [k: string]: Json };
const isDict = (v: Json | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys runtime/data's DatasetCfg reads; others are ignored by the runtime and left out. */
const DATASET_KEYS = ['type', 'data_root', 'ann_file', 'data_prefix', 'metainfo', 'filter_cfg', 'test_mode', 'batch_shapes_cfg', 'max_refetch'];
/** The keys runtime/data's PreprocessCfg reads from model.data_preprocessor. */
const PREPROCESS_KEYS = ['mean', 'std', 'bgr_to_rgb', 'pad_size_divisor', 'pad_value'];

const pick = (d: Dict, keys: readonly string[]): Dict => Object.fromEntries(keys.filter((k) => d[k] !== undefined).map((k) => [k, d[k]!]));

const SPLITS = [['train', 'train_dataloader'], ['val', 'val_dataloader'], ['test', 'test_dataloader']] as const;

/** Writes pipeline.ts. */
export function emitPipeline(project: Project, fileName: string, data: Dict, imports: { runtime: string; schema: string }, banner: string): SourceFile {
  const statements: (StatementStructures | WriterFunction)[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: imports.runtime, namedImports: ['DataLoader', 'type LoaderOptions'] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: imports.schema, namedImports: ['Module'] },
  ];
  const model = isDict(data.model) ? data.model : {};
  const pre = isDict(model.data_preprocessor) ? pick(model.data_preprocessor, PREPROCESS_KEYS) : {};
  for (const [split, key] of SPLITS) {
    const dl = data[key];
    if (!isDict(dl) || !isDict(dl.dataset)) continue;
    const ds = dl.dataset;
    const pipeName = identifier(`${split}Pipeline`);
    statements.push(exportConst(pipeName, `${key}.dataset.pipeline, each transform checked against the schema type its \`type\` names.`,
      `${literal(Array.isArray(ds.pipeline) ? ds.pipeline : [])} satisfies Module[]`));
    const sampler = isDict(dl.sampler) ? dl.sampler : {};
    const num = (v: Json | undefined, d: number) => (typeof v === 'number' ? v : d);
    const dataset = { ...pick(ds, DATASET_KEYS) };
    // The runtime reads metainfo.classes only (palette and the like are for visualisers).
    if (isDict(dataset.metainfo)) dataset.metainfo = pick(dataset.metainfo, ['classes']);
    const optsName = identifier(`${split}LoaderOptions`);
    statements.push({
      kind: StructureKind.Function, isExported: true, name: optsName, returnType: 'LoaderOptions',
      docs: [`${key} as DataLoader options (batch size, sampler shuffle, workers, the model's data_preprocessor).`],
      parameters: [{ name: 'baseDir', type: 'string', initializer: 'process.cwd()' }, { name: 'seed', initializer: '0' }],
      statements: (w) => {
        w.writeLine('return {');
        w.writeLine(`  dataset: ${literal({ ...dataset, pipeline: ref(pipeName) }, { indent: '  ' })},`);
        w.writeLine('  baseDir,');
        w.writeLine(`  batchSize: ${literal(num(dl.batch_size, 1))},`);
        w.writeLine(`  shuffle: ${literal(sampler.shuffle === undefined ? split === 'train' : Boolean(sampler.shuffle))},`);
        w.writeLine(`  dropLast: ${literal(Boolean(dl.drop_last ?? false))},`);
        w.writeLine(`  numWorkers: ${literal(num(dl.num_workers, 0))},`);
        w.writeLine('  seed,');
        w.writeLine(`  preprocess: ${literal(pre, { indent: '  ' })},`);
        w.writeLine('};');
      },
    });
    statements.push({
      kind: StructureKind.Function, isExported: true, name: identifier(`${split}Loader`), returnType: 'DataLoader',
      docs: [`A DataLoader over ${key} (close() it when done: it may own worker threads).`],
      parameters: [{ name: 'baseDir', type: 'string', initializer: 'process.cwd()' }, { name: 'seed', initializer: '0' }],
      statements: `return new DataLoader(${optsName}(baseDir, seed));`,
    });
  }
  const sf = project.createSourceFile(fileName, { statements }, { overwrite: true });
  sf.insertText(0, banner);
  return sf;
}

/** Writes config.ts: the resolved config as a typed const. */
export function emitConfig(project: Project, fileName: string, data: Dict, meta: { name: string; source: string; schema: string }, banner: string): SourceFile {
  const sf = project.createSourceFile(fileName, {
    statements: [
      { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: meta.schema, namedImports: ['YolocConfig'] },
      exportConst('CONFIG_NAME', 'The config name (work_dirs/<name> by default).', literal(meta.name)),
      exportConst('SOURCE', 'The source config, relative to the repository root.', literal(meta.source)),
      exportConst('config', 'The resolved config (json.dumps(cfg.to_dict()) as MMEngine gives it), checked against the schema types.',
        `${literal(data)} satisfies YolocConfig`),
    ],
  }, { overwrite: true });
  sf.insertText(0, banner);
  return sf;
}
