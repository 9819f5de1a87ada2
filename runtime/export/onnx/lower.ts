/**
 * Lowering the runtime's module tree to the ONNX graph IR: one converter per module class
 * (runtime/export/onnx/modules/<module>.ts, mirroring runtime/modules/), looked up by the
 * module's constructor. A module reaches ONNX only through its converter, so adding a module
 * type is its tfjs file plus one converter file; a type without one is a YC7601 naming its path.
 */
import type { Module } from '../../nn/module.js';
import { YolocError } from '../../errors.js';
import type { Graph } from './graph.js';

/** What a converter gets: the graph and a way to lower its children. */
export interface LowerContext {
  readonly g: Graph;
  /** [H, W] of the graph's input (spatial sizes of a level are H / stride, W / stride). */
  readonly size?: [number, number];
  /** Lowers `m` (at state_dict path `path`, e.g. `backbone.stages.0`) on graph values `inputs`. */
  lower(m: Module, path: string, inputs: string[]): string[];
}

/** A converter: module at `path`, NCHW input value names -> output value names. */
export type Converter<M extends Module> = (ctx: LowerContext, m: M, path: string, inputs: string[]) => string[];

type Ctor<M> = abstract new (...args: never[]) => M;

const CONVERTERS = new Map<Ctor<Module>, Converter<Module>>();

/** Registers the converter of module class `cls` (each modules/*.ts file calls this once). */
export function registerConverter<M extends Module>(cls: Ctor<M>, fn: Converter<M>): void {
  if (CONVERTERS.has(cls)) throw new Error(`ONNX converter for ${cls.name} registered twice`);
  CONVERTERS.set(cls, fn as Converter<Module>);
}

/** Module class names that have a converter. */
export function convertibleTypes(): string[] {
  return [...CONVERTERS.keys()].map((c) => c.name).sort();
}

/** The config path of a state_dict path: `backbone.stages.1` -> `model.backbone`. */
function configPathOf(path: string): string {
  const top = path.split('.')[0] ?? '';
  return top ? `model.${top}` : 'model';
}

/** A lowering context over graph `g`. */
export function lowerContext(g: Graph, size?: [number, number]): LowerContext {
  const ctx: LowerContext = {
    g,
    size,
    lower(m, path, inputs) {
      const fn = CONVERTERS.get(m.constructor as Ctor<Module>);
      if (!fn) {
        throw new YolocError('YC7601', `${configPathOf(path)}: module ${m.constructor.name} at '${path}' has no ONNX converter`, undefined,
          `types the ONNX exporter supports: ${convertibleTypes().join(', ')}`);
      }
      return fn(ctx, m, path, inputs);
    },
  };
  return ctx;
}
