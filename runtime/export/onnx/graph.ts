/**
 * The exporter's graph IR: ONNX nodes, initializers, inputs and outputs as plain values, before
 * any protobuf. Converters (runtime/export/onnx/modules/*) append to it; shapes.ts infers every
 * value's type and shape from it; proto.ts turns it into onnx-proto messages. Names are chosen by
 * the caller (module paths), so the same model always gives the same graph.
 */

/** Element types the exporter uses. */
export type DType = 'float32' | 'int64' | 'int32' | 'bool';

/** A dimension: a number, or a symbolic name such as 'batch'. */
export type Dim = number | string;

/** An attribute value: ints and floats are told apart by `kind`. */
export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; dtype: DType; dims: number[]; data: number[] };

/** One ONNX node (default domain). */
export interface Node {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
}

/** Something whose values can be read asynchronously (a tfjs tensor on any backend, GPU included). */
export interface Readable {
  readonly size: number;
  data(): Promise<ArrayLike<number>>;
  dispose(): void;
}

/** A constant tensor; float32 data in a Float32Array, integer data as numbers; `pending` until resolved. */
export interface Initializer {
  name: string;
  dtype: DType;
  dims: number[];
  data: Float32Array | number[];
  /** Values still on the backend (folded weights): read by Graph.resolve(). */
  pending?: Readable;
  /** Where it came from (state_dict keys, "BN folded"), kept as the tensor's doc string. */
  doc?: string;
}

/** A graph input or output. */
export interface ValueSpec {
  name: string;
  dtype: DType;
  dims: Dim[];
}

/** Attribute helpers. */
export const int = (value: number): Attr => ({ kind: 'int', value });
export const ints = (value: number[]): Attr => ({ kind: 'ints', value });
export const float = (value: number): Attr => ({ kind: 'float', value });
export const str = (value: string): Attr => ({ kind: 'string', value });

/** An ONNX graph under construction. */
export class Graph {
  readonly nodes: Node[] = [];
  readonly initializers = new Map<string, Initializer>();
  readonly inputs: ValueSpec[] = [];
  readonly outputs: ValueSpec[] = [];
  private readonly used = new Set<string>();

  constructor(readonly name: string, readonly opset: number) {}

  /** Adds a node whose single output is named like the node; returns that name. */
  op(opType: string, name: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.opN(opType, name, inputs, 1, attrs)[0]!;
  }

  /** Adds a node with `n` outputs (`name`, `name:1`, ...); returns their names. */
  opN(opType: string, name: string, inputs: string[], n: number, attrs: Record<string, Attr> = {}): string[] {
    this.claim(name);
    const outputs = Array.from({ length: n }, (_, i) => (i === 0 ? name : `${name}:${i}`));
    for (const o of outputs.slice(1)) this.claim(o);
    this.nodes.push({ name, opType, inputs, outputs, attrs });
    return outputs;
  }

  /** Adds a constant; a second constant of the same name and content is the same value. */
  constant(name: string, dtype: DType, dims: number[], data: Float32Array | number[], doc?: string): string {
    const had = this.initializers.get(name);
    if (had) {
      const same = had.dtype === dtype && had.dims.join() === dims.join() && had.data.length === data.length
        && Array.from(had.data).every((v, i) => Object.is(v, data[i]));
      if (!same) throw new Error(`ONNX graph: initializer '${name}' defined twice with different values`);
      return name;
    }
    this.claim(name);
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`ONNX graph: initializer '${name}' has ${data.length} values for [${dims}]`);
    this.initializers.set(name, { name, dtype, dims, data, doc });
    return name;
  }

  /** A float32 constant whose values are still on the backend (the graph owns and disposes `t`). */
  deferred(name: string, dims: number[], t: Readable, doc?: string): string {
    if (dims.reduce((a, b) => a * b, 1) !== t.size) throw new Error(`ONNX graph: initializer '${name}' has ${t.size} values for [${dims}]`);
    this.claim(name);
    this.initializers.set(name, { name, dtype: 'float32', dims, data: new Float32Array(0), pending: t, doc });
    return name;
  }

  /** Reads every deferred initializer (asynchronously: the only read a GPU backend has) and frees it. */
  async resolve(): Promise<void> {
    const pending = [...this.initializers.values()].filter((t) => t.pending);
    try {
      const datas = await Promise.all(pending.map((t) => t.pending!.data()));
      pending.forEach((t, i) => { t.data = Float32Array.from(datas[i]!); });
    } finally {
      for (const t of pending) { t.pending!.dispose(); delete t.pending; }
    }
  }

  /** Frees deferred initializers of a graph that will not be written (a failed export). */
  dispose(): void {
    for (const t of this.initializers.values()) if (t.pending) { t.pending.dispose(); delete t.pending; }
  }

  /** A 1-D int64 constant (shapes, axes, starts), named by its content so it is shared. */
  i64(values: number[]): string {
    return this.constant(`const.i64.${values.join('_').replace(/-/g, 'm')}`, 'int64', [values.length], values);
  }

  /** A scalar int64 constant. */
  i64Scalar(value: number): string {
    return this.constant(`const.i64s.${String(value).replace(/-/g, 'm')}`, 'int64', [], [value]);
  }

  /** A float32 constant of any shape, named by the caller. */
  f32(name: string, dims: number[], data: ArrayLike<number>): string {
    return this.constant(name, 'float32', dims, Float32Array.from(data));
  }

  /** A float32 scalar constant, named by its value so it is shared. */
  f32Scalar(value: number): string {
    return this.constant(`const.f32.${String(value).replace(/-/g, 'm')}`, 'float32', [], [value]);
  }

  private claim(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX graph: value name '${name}' used twice`);
    this.used.add(name);
  }
}
