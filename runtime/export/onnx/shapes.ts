/**
 * Our own shape inference over the exporter's graph: visits the nodes in order and gives every
 * value an element type and a shape (numbers, or symbols such as 'batch'; NonMaxSuppression's
 * data-dependent count is 'num_selected'). Small int64 tensors also carry their values when
 * they are known (constants, Shape -> Gather -> Concat chains), so Reshape, Range and ConstantOfShape get
 * exact output shapes. An op we do not know, an input nobody produced, or shapes that cannot
 * meet is an error: a graph that infers is a graph whose every node was checked.
 */
import type { Attr, Dim, DType, Graph, Node } from './graph.js';

/** What inference knows about one value. */
export interface ValueType {
  dtype: DType;
  dims: Dim[];
  /** Elements of a small int64 tensor, when known (a symbol stands for a dimension's value). */
  values?: Dim[];
}

/** A graph that does not infer: the node and why. */
export class ShapeError extends Error {}

const numel = (dims: Dim[]): number | null => (dims.every((d) => typeof d === 'number') ? (dims as number[]).reduce((a, b) => a * b, 1) : null);

function attrInt(n: Node, k: string, d: number): number {
  const a = n.attrs[k];
  return a?.kind === 'int' ? a.value : d;
}

function attrInts(n: Node, k: string): number[] | undefined {
  const a = n.attrs[k];
  return a?.kind === 'ints' ? a.value : undefined;
}

/** numpy broadcasting of two shapes. */
function broadcast(node: Node, a: Dim[], b: Dim[]): Dim[] {
  const r = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else throw new ShapeError(`${node.opType} '${node.name}': cannot broadcast [${a}] with [${b}]`);
  }
  return out;
}

function axisOf(node: Node, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new ShapeError(`${node.opType} '${node.name}': axis ${axis} outside rank ${rank}`);
  return a;
}

function addDims(x: Dim, y: Dim): Dim {
  return typeof x === 'number' && typeof y === 'number' ? x + y : `${x}+${y}`;
}

/** Conv / MaxPool spatial output size. */
function window(node: Node, x: Dim[], k: number[]): Dim[] {
  const s = attrInts(node, 'strides') ?? k.map(() => 1);
  const p = attrInts(node, 'pads') ?? [...k.map(() => 0), ...k.map(() => 0)];
  const d = attrInts(node, 'dilations') ?? k.map(() => 1);
  return k.map((kk, i) => {
    const h = x[2 + i];
    if (typeof h !== 'number') throw new ShapeError(`${node.opType} '${node.name}': spatial size must be static, got ${String(h)}`);
    const o = Math.floor((h + p[i]! + p[i + k.length]! - d[i]! * (kk - 1) - 1) / s[i]!) + 1;
    if (o < 1) throw new ShapeError(`${node.opType} '${node.name}': input ${h} too small for kernel ${kk}`);
    return o;
  });
}

type Rule = (node: Node, ins: ValueType[], consts: (name: number) => Dim[] | undefined) => ValueType[];

const same: Rule = (_n, [x]) => [{ dtype: x!.dtype, dims: [...x!.dims] }];
const binary = (dtype?: DType): Rule => (n, [a, b]) => {
  if (a!.dtype !== b!.dtype) throw new ShapeError(`${n.opType} '${n.name}': ${a!.dtype} with ${b!.dtype}`);
  return [{ dtype: dtype ?? a!.dtype, dims: broadcast(n, a!.dims, b!.dims) }];
};

const RULES: Record<string, Rule> = {
  Conv(n, [x, w, b]) {
    if (x!.dims.length !== 4 || w!.dims.length !== 4) throw new ShapeError(`Conv '${n.name}': needs 4-D input and weight`);
    const g = attrInt(n, 'group', 1);
    const [o, ci, kh, kw] = w!.dims as number[];
    if (x!.dims[1] !== ci! * g) throw new ShapeError(`Conv '${n.name}': input has ${x!.dims[1]} channels, weight expects ${ci! * g}`);
    const ks = attrInts(n, 'kernel_shape');
    if (ks && (ks[0] !== kh || ks[1] !== kw)) throw new ShapeError(`Conv '${n.name}': kernel_shape [${ks}] vs weight [${kh}, ${kw}]`);
    if (b && (b.dims.length !== 1 || b.dims[0] !== o)) throw new ShapeError(`Conv '${n.name}': bias [${b.dims}] for ${o} outputs`);
    return [{ dtype: 'float32', dims: [x!.dims[0]!, o!, ...window(n, x!.dims, [kh!, kw!])] }];
  },
  MaxPool(n, [x]) {
    const k = attrInts(n, 'kernel_shape');
    if (!k) throw new ShapeError(`MaxPool '${n.name}': no kernel_shape`);
    return [{ dtype: x!.dtype, dims: [x!.dims[0]!, x!.dims[1]!, ...window(n, x!.dims, k)] }];
  },
  Sigmoid: same, Relu: same, Identity: same, HardSigmoid: same, Softmax: same,
  GlobalAveragePool(n, [x]) {
    if (x!.dims.length !== 4) throw new ShapeError(`GlobalAveragePool '${n.name}': needs a 4-D input`);
    return [{ dtype: x!.dtype, dims: [x!.dims[0]!, x!.dims[1]!, 1, 1] }];
  },
  Clip(n, [x, lo, hi]) {
    for (const t of [lo, hi]) if (t && (t.dims.length !== 0 || t.dtype !== x!.dtype)) throw new ShapeError(`Clip '${n.name}': min/max must be ${x!.dtype} scalars`);
    return [{ dtype: x!.dtype, dims: [...x!.dims] }];
  },
  Add: binary(), Sub: binary(), Mul: binary(), Div: binary(), Max: binary(), Min: binary(),
  Equal: binary('bool'), Greater: binary('bool'), Less: binary('bool'),
  Where(n, [c, a, b]) {
    if (c!.dtype !== 'bool') throw new ShapeError(`Where '${n.name}': condition is ${c!.dtype}`);
    if (a!.dtype !== b!.dtype) throw new ShapeError(`Where '${n.name}': ${a!.dtype} with ${b!.dtype}`);
    return [{ dtype: a!.dtype, dims: broadcast(n, c!.dims, broadcast(n, a!.dims, b!.dims)) }];
  },
  Cast(n, [x]) {
    const to = ({ 1: 'float32', 6: 'int32', 7: 'int64', 9: 'bool' } as Record<number, DType>)[attrInt(n, 'to', 0)];
    if (!to) throw new ShapeError(`Cast '${n.name}': unsupported target type`);
    return [{ dtype: to, dims: [...x!.dims], values: x!.values }];
  },
  Concat(n, ins) {
    const r = ins[0]!.dims.length;
    const ax = axisOf(n, attrInt(n, 'axis', 0), r);
    const dims = [...ins[0]!.dims];
    for (const t of ins.slice(1)) {
      if (t.dtype !== ins[0]!.dtype || t.dims.length !== r) throw new ShapeError(`Concat '${n.name}': inputs differ in type or rank`);
      t.dims.forEach((d, i) => {
        if (i !== ax && d !== dims[i]) throw new ShapeError(`Concat '${n.name}': [${t.dims}] does not fit [${dims}] off axis ${ax}`);
      });
      dims[ax] = addDims(dims[ax]!, t.dims[ax]!);
    }
    const values = r === 1 && ins.every((t) => t.values) ? ins.flatMap((t) => t.values!) : undefined;
    return [{ dtype: ins[0]!.dtype, dims, values }];
  },
  Reshape(n, [x], c) {
    const target = c(1);
    if (!target) throw new ShapeError(`Reshape '${n.name}': shape is not a known constant`);
    const dims = target.map((d, i) => (d === 0 ? x!.dims[i]! : d));
    const minus = dims.indexOf(-1);
    if (minus >= 0) {
      const others = dims.filter((_, i) => i !== minus);
      const total = numel(x!.dims);
      const rest = numel(others);
      if (total !== null && rest !== null) dims[minus] = total / rest;
      else {
        // One symbol on each side that cancels: [batch, 12] -> [-1, 4] is not allowed, [batch] -> [-1, 1] is.
        const sx = x!.dims.filter((d) => typeof d === 'string');
        const so = others.filter((d) => typeof d === 'string');
        const px = numel(x!.dims.filter((d) => typeof d === 'number'));
        const po = numel(others.filter((d) => typeof d === 'number'));
        if (sx.length === 1 && so.length === 0 && px === po) dims[minus] = sx[0]!;
        else throw new ShapeError(`Reshape '${n.name}': cannot infer -1 in [${target}] from [${x!.dims}]`);
      }
    }
    const a = numel(x!.dims);
    const b = numel(dims);
    if (a !== null && b !== null && a !== b) throw new ShapeError(`Reshape '${n.name}': [${x!.dims}] (${a}) to [${dims}] (${b})`);
    return [{ dtype: x!.dtype, dims, values: x!.values }];
  },
  Transpose(n, [x]) {
    const perm = attrInts(n, 'perm') ?? x!.dims.map((_, i) => x!.dims.length - 1 - i);
    if (perm.length !== x!.dims.length) throw new ShapeError(`Transpose '${n.name}': perm [${perm}] for rank ${x!.dims.length}`);
    return [{ dtype: x!.dtype, dims: perm.map((p) => x!.dims[p]!) }];
  },
  Slice(n, [x], c) {
    const [starts, ends, axes, steps] = [c(1), c(2), c(3), c(4)];
    if (!starts || !ends || starts.some((v) => typeof v !== 'number') || ends.some((v) => typeof v !== 'number')) throw new ShapeError(`Slice '${n.name}': starts/ends must be constants`);
    const dims = [...x!.dims];
    (starts as number[]).forEach((s0, i) => {
      const ax = axisOf(n, Number(axes?.[i] ?? i), dims.length);
      const step = Number(steps?.[i] ?? 1);
      if (step !== 1) throw new ShapeError(`Slice '${n.name}': only step 1`);
      const d = dims[ax]!;
      if (typeof d !== 'number') throw new ShapeError(`Slice '${n.name}': axis ${ax} is symbolic (${d})`);
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
      dims[ax] = Math.max(clamp(Number(ends[i])) - clamp(s0), 0);
    });
    let values: Dim[] | undefined;
    if (x!.values && x!.dims.length === 1) {
      const d = x!.dims[0] as number;
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
      values = x!.values.slice(clamp(starts[0] as number), clamp(ends[0] as number));
    }
    return [{ dtype: x!.dtype, dims, values }];
  },
  Gather(n, [x, idx], c) {
    const ax = axisOf(n, attrInt(n, 'axis', 0), x!.dims.length);
    if (idx!.dtype !== 'int64' && idx!.dtype !== 'int32') throw new ShapeError(`Gather '${n.name}': indices are ${idx!.dtype}`);
    const dims = [...x!.dims.slice(0, ax), ...idx!.dims, ...x!.dims.slice(ax + 1)];
    const iv = c(1);
    const values = x!.values && x!.dims.length === 1 && iv ? iv.map((i) => x!.values![Number(i)]!) : undefined;
    return [{ dtype: x!.dtype, dims, values }];
  },
  GatherND(n, [x, idx]) {
    if (attrInt(n, 'batch_dims', 0) !== 0) throw new ShapeError(`GatherND '${n.name}': batch_dims must be 0`);
    const k = idx!.dims[idx!.dims.length - 1];
    if (typeof k !== 'number' || k > x!.dims.length) throw new ShapeError(`GatherND '${n.name}': index depth ${String(k)} for rank ${x!.dims.length}`);
    return [{ dtype: x!.dtype, dims: [...idx!.dims.slice(0, -1), ...x!.dims.slice(k)] }];
  },
  Resize(n, [x], c) {
    const scales = c(2);
    if (!scales || scales.length !== x!.dims.length) throw new ShapeError(`Resize '${n.name}': scales must be a constant of rank ${x!.dims.length}`);
    return [{ dtype: x!.dtype, dims: x!.dims.map((d, i) => (scales[i] === 1 ? d : typeof d === 'number' ? Math.floor(d * Number(scales[i])) : `${d}*${scales[i]}`)) }];
  },
  TopK(n, [x], c) {
    const k = c(1);
    if (!k || k.length !== 1 || typeof k[0] !== 'number') throw new ShapeError(`TopK '${n.name}': K must be a constant [1] tensor`);
    const ax = axisOf(n, attrInt(n, 'axis', -1), x!.dims.length);
    const d = x!.dims[ax]!;
    if (typeof d === 'number' && d < k[0]) throw new ShapeError(`TopK '${n.name}': K ${k[0]} > axis size ${d}`);
    const dims = x!.dims.map((v, i) => (i === ax ? k[0]! : v));
    return [{ dtype: x!.dtype, dims }, { dtype: 'int64', dims: [...dims] }];
  },
  NonMaxSuppression(n, [boxes, scores]) {
    const [b, nb, four] = boxes!.dims;
    const [b2, , ns] = scores!.dims;
    if (boxes!.dims.length !== 3 || four !== 4 || scores!.dims.length !== 3 || b !== b2 || nb !== ns) {
      throw new ShapeError(`NonMaxSuppression '${n.name}': boxes [${boxes!.dims}] and scores [${scores!.dims}] do not match ([B, N, 4], [B, C, N])`);
    }
    return [{ dtype: 'int64', dims: ['num_selected', 3] }];
  },
  MatMul(n, [a, b]) {
    const ra = a!.dims.length;
    if (b!.dims.length !== 2 || a!.dims[ra - 1] !== b!.dims[0]) throw new ShapeError(`MatMul '${n.name}': [${a!.dims}] x [${b!.dims}]`);
    return [{ dtype: a!.dtype, dims: [...a!.dims.slice(0, -1), b!.dims[1]!] }];
  },
  ReduceMax(n, [x]) {
    const axes = (attrInts(n, 'axes') ?? x!.dims.map((_, i) => i)).map((a) => axisOf(n, a, x!.dims.length));
    const keep = attrInt(n, 'keepdims', 1) === 1;
    return [{ dtype: x!.dtype, dims: x!.dims.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d])) }];
  },
  Shape(_n, [x]) {
    return [{ dtype: 'int64', dims: [x!.dims.length], values: [...x!.dims] }];
  },
  ConstantOfShape(n, [s]) {
    if (!s!.values) throw new ShapeError(`ConstantOfShape '${n.name}': shape values unknown`);
    const v = n.attrs.value as Extract<Attr, { kind: 'tensor' }> | undefined;
    return [{ dtype: v?.dtype ?? 'float32', dims: [...s!.values] }];
  },
  Range(n, [start, limit, delta]) {
    const [s, l, d] = [start!.values?.[0], limit!.values?.[0], delta!.values?.[0]];
    if (s === 0 && d === 1 && l !== undefined) return [{ dtype: start!.dtype, dims: [l] }];
    if (typeof s === 'number' && typeof l === 'number' && typeof d === 'number') return [{ dtype: start!.dtype, dims: [Math.max(Math.ceil((l - s) / d), 0)] }];
    throw new ShapeError(`Range '${n.name}': start 0 / delta 1 with a known limit only`);
  },
};

/** Op types shapes.ts can infer: the exporter may emit only these. */
export const KNOWN_OPS = Object.keys(RULES);

/** Types and shapes of every value of `g` (inputs, initializers, node outputs). */
export function inferShapes(g: Graph): Map<string, ValueType> {
  const types = new Map<string, ValueType>();
  for (const i of g.inputs) types.set(i.name, { dtype: i.dtype, dims: [...i.dims] });
  for (const t of g.initializers.values()) {
    const small = t.data.length <= 16;
    types.set(t.name, { dtype: t.dtype, dims: [...t.dims], values: small ? Array.from(t.data) : undefined });
  }
  for (const node of g.nodes) {
    const rule = RULES[node.opType];
    if (!rule) throw new ShapeError(`node '${node.name}': op ${node.opType} is not one shape inference knows`);
    const ins = node.inputs.map((name) => {
      if (name === '') return undefined;
      const t = types.get(name);
      if (!t) throw new ShapeError(`node '${node.name}' (${node.opType}): input '${name}' is produced by no earlier node`);
      return t;
    });
    const consts = (i: number) => ins[i]?.values;
    const outs = rule(node, ins as ValueType[], consts);
    node.outputs.forEach((o, i) => {
      if (!outs[i]) throw new ShapeError(`node '${node.name}': no type for output ${i}`);
      types.set(o, outs[i]!);
    });
  }
  for (const o of g.outputs) {
    const t = types.get(o.name);
    if (!t) throw new ShapeError(`graph output '${o.name}' is produced by no node`);
    if (t.dtype !== o.dtype || t.dims.join() !== o.dims.join()) {
      throw new ShapeError(`graph output '${o.name}': declared ${o.dtype} [${o.dims}], inferred ${t.dtype} [${t.dims}]`);
    }
  }
  return types;
}
