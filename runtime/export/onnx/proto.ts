/**
 * The exporter's graph IR as onnx-proto messages (ONNX's protobuf schema, protobufjs code) and
 * bytes. Every value gets a value_info entry from shapes.ts; tensors are little-endian raw_data.
 * Nothing here depends on time or on map order beyond insertion, so the bytes are a function of
 * the graph.
 */
import onnxProto from 'onnx-proto';
import type { Attr, Dim, DType, Graph } from './graph.js';
import type { ValueType } from './shapes.js';

const { onnx } = onnxProto;

/** ONNX TensorProto.DataType of our element types. */
export const ONNX_DTYPE: Record<DType, number> = { float32: 1, int32: 6, int64: 7, bool: 9 };

/** The IR version that goes with an opset (ONNX's release table). */
export function irVersionFor(opset: number): number {
  return opset <= 11 ? 6 : opset <= 14 ? 7 : 8;
}

function rawBytes(dtype: DType, data: ArrayLike<number>): Uint8Array {
  const n = data.length;
  if (dtype === 'float32') {
    const b = Buffer.alloc(n * 4);
    for (let i = 0; i < n; i++) b.writeFloatLE(data[i]!, i * 4);
    return b;
  }
  if (dtype === 'int64') {
    const b = Buffer.alloc(n * 8);
    for (let i = 0; i < n; i++) b.writeBigInt64LE(BigInt(data[i]!), i * 8);
    return b;
  }
  if (dtype === 'int32') {
    const b = Buffer.alloc(n * 4);
    for (let i = 0; i < n; i++) b.writeInt32LE(data[i]!, i * 4);
    return b;
  }
  return Uint8Array.from(data, (v) => (v ? 1 : 0));
}

function tensor(name: string, dtype: DType, dims: number[], data: ArrayLike<number>, doc?: string): onnxProto.onnx.ITensorProto {
  return { name, dataType: ONNX_DTYPE[dtype], dims, rawData: rawBytes(dtype, data), ...(doc ? { docString: doc } : {}) };
}

function attribute(name: string, a: Attr): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int': return { name, type: T.INT, i: a.value };
    case 'ints': return { name, type: T.INTS, ints: a.value };
    case 'float': return { name, type: T.FLOAT, f: a.value };
    case 'string': return { name, type: T.STRING, s: Buffer.from(a.value, 'utf8') };
    case 'tensor': return { name, type: T.TENSOR, t: tensor('', a.dtype, a.dims, a.data) };
  }
}

function valueInfo(name: string, dtype: DType, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ONNX_DTYPE[dtype],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Metadata written into the model (model_version, doc string, metadata_props). */
export interface ModelMeta {
  producerVersion: string;
  doc: string;
  props: Record<string, string>;
}

/** The ModelProto of `g`, with `types` (from inferShapes) as value_info of every intermediate. */
export function toModelProto(g: Graph, types: Map<string, ValueType>, meta: ModelMeta): onnxProto.onnx.ModelProto {
  const io = new Set([...g.inputs.map((i) => i.name), ...g.outputs.map((o) => o.name), ...g.initializers.keys()]);
  const inter = g.nodes.flatMap((n) => n.outputs).filter((o) => !io.has(o));
  return onnx.ModelProto.create({
    irVersion: irVersionFor(g.opset),
    opsetImport: [{ domain: '', version: g.opset }],
    producerName: 'yoloc',
    producerVersion: meta.producerVersion,
    docString: meta.doc,
    metadataProps: Object.entries(meta.props).map(([key, value]) => ({ key, value })),
    graph: {
      name: g.name,
      node: g.nodes.map((n) => ({
        name: n.name, opType: n.opType, input: n.inputs, output: n.outputs,
        attribute: Object.entries(n.attrs).map(([k, a]) => attribute(k, a)),
      })),
      initializer: [...g.initializers.values()].map((t) => tensor(t.name, t.dtype, t.dims, t.data, t.doc)),
      input: g.inputs.map((i) => valueInfo(i.name, i.dtype, i.dims)),
      output: g.outputs.map((o) => valueInfo(o.name, o.dtype, o.dims)),
      valueInfo: inter.map((name) => {
        const t = types.get(name)!;
        return valueInfo(name, t.dtype, t.dims);
      }),
    },
  });
}

/** Serialized bytes of a ModelProto. */
export function encodeModel(m: onnxProto.onnx.ModelProto): Uint8Array {
  return onnx.ModelProto.encode(m).finish();
}

/** Parses ONNX bytes (for checks and `infer --onnx`). */
export function decodeModel(bytes: Uint8Array): onnxProto.onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
