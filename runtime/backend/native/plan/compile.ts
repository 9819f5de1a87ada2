/**
 * A trace (trace.ts) -> the native plan's program (native/src/plan.cc). Steps:
 *  1. lower each call to a plan node (conv, depthwise, max pool, element-wise, activation,
 *     concat, slice, tile; Reshape and Identity are aliases), or refuse the plan;
 *  2. fuse: an activation into the conv that produces its input, a residual add into the
 *     epilogue of the conv that produces one operand (the other computed earlier), StarNet's
 *     relu6(f1(x)) * f2(x) into one conv over both branches;
 *  3. place concatenation inputs in the concatenation's memory (a channel slice: the producer
 *     writes there with a pixel stride), where every reader of that input takes strided tensors;
 *     the others are copied;
 *  4. give every remaining tensor memory: the outputs their own arrays, the input its own, the rest
 *     one arena, where tensors whose lifetimes do not overlap share space (first fit, largest first).
 * Results are bitwise those of the tfjs path on the same backend: the same kernels (the convs'
 * GEMMs sum every element in the same order whatever the tile or fusion) and the same epilogue
 * arithmetic, in the same order.
 */
import { backend_util, util, type DataId } from '@tensorflow/tfjs-core';
import type { TracedCall, TracedTensor } from './trace.js';
import { activationCode, type Pad } from '../shared.js';

type Pair = number | [number, number];
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** A use of a tensor: its id and the shape this use sees (a Reshape changes only the latter). */
interface Use { id: DataId; shape: number[] }

/** Output columns [col, col + len) of a conv written into channels [0, len) of `to` (a 4D tensor
 * of len channels, or a channel slice of one: `toOff` channels in). */
interface SplitOut { col: number; len: number; to: Use; toOff: number }

interface ConvNode {
  kind: 'conv' | 'dw';
  x: Use; out: Use; res?: Use;
  kh: number; kw: number; sh: number; sw: number; dh: number; dw: number; pt: number; pl: number;
  act: number; alpha: number; w: Float32Array; b?: Float32Array; star?: boolean;
  /** The output never materialised: its column ranges go straight to these tensors. */
  split?: SplitOut[];
}
interface PoolNode { kind: 'pool'; x: Use; out: Use; kh: number; kw: number; sh: number; sw: number; pt: number; pl: number }
/** a (op) b; with `scalar`, b is that constant (`scalarFirst`: scalar (op) a); `bcast`: b is
 * [n,1,1,c], one value per image and channel. */
interface BinNode { kind: 'bin'; op: number; a: Use; b: Use | null; out: Use; scalar?: number; scalarFirst?: boolean; bcast?: boolean }
interface ActNode { kind: 'act'; act: number; alpha: number; x: Use; out: Use }
/** copies: the inputs not placed in its memory (channel offset each), copied at its position. */
interface ConcatNode { kind: 'concat'; ins: Use[]; out: Use; copies?: { x: Use; off: number }[] }
interface SliceNode { kind: 'slice'; x: Use; out: Use; begin: number[]; size: number[] }
interface TileNode { kind: 'tile'; x: Use; out: Use; reps: number[] }
/** Nearest-neighbour 2x upsampling (reshape + two tiles in the tfjs forward). */
interface UpNode { kind: 'up'; x: Use; out: Use }
/** Channel ranges of x (YOLOv8's C2f split): views of x, nothing to run. */
interface SplitNode { kind: 'split'; x: Use; outs: Use[]; offs: number[]; out: Use }
/** Mean over height and width (RTMDet's channel attention): [n,h,w,c] -> [n,1,1,c]. */
interface GapNode { kind: 'gap'; x: Use; out: Use }
/** YOLOv8's DFL integral over rows of reg values. */
interface DflNode { kind: 'dfl'; x: Use; out: Use; reg: number }
type Node = ConvNode | PoolNode | BinNode | ActNode | ConcatNode | SliceNode | TileNode | UpNode | SplitNode | GapNode | DflNode;

/** The program and what running it needs. */
export interface Compiled {
  program: Int32Array;
  consts: Float32Array[];
  arenaFloats: number;
  inputFloats: number;
  /** Per output: its size (the caller's arrays). */
  outputSizes: number[];
  /** Nodes by kind after fusion (for tests and profiles). */
  counts: Record<string, number>;
  /** One line per op of the program, in order (profiles). */
  opNames: string[];
}

/** Why a trace cannot become a plan. */
export class Unplannable extends Error {}

const OP = { conv: 1, dw: 2, pool: 3, bin: 4, act: 5, copy: 6, slice: 7, tile: 8, up: 9, gap: 10, dfl: 11 } as const;
const BIN = { Add: 0, Multiply: 1, Sub: 2, YolocStar: 3, RealDiv: 4 } as const;
const ACT_RELU6 = 2;

const use = (t: TracedTensor): Use => ({ id: t.id, shape: t.shape });
const is4 = (s: number[]): boolean => s.length === 4;
const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** One traced call as a node (or null for an alias), or Unplannable. */
function lower(c: TracedCall): Node | null {
  const a = c.attrs;
  const only = (...names: string[]): void => {
    for (const k of Object.keys(c.inputs)) if (!names.includes(k)) throw new Unplannable(`${c.kernel}: input ${k} is computed, not a weight`);
  };
  for (const t of [...Object.values(c.inputs), ...c.outputs]) {
    if (t.dtype !== 'float32') throw new Unplannable(`${c.kernel}: ${t.dtype} tensor`);
  }
  const x = c.inputs.x;
  const out = c.outputs[0]!;
  switch (c.kernel) {
    case 'Reshape':
    case 'Identity':
      only('x');
      if (c.outputs.length !== 1 || out.id !== x?.id) throw new Unplannable(`${c.kernel} made a copy`);
      return null;
    case 'Conv2D':
    case 'FusedConv2D':
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2D': {
      only('x');
      const dw = c.kernel.includes('Depthwise');
      const f = c.consts.filter;
      if (!x || !f || !is4(x.shape) || (a.dataFormat !== undefined && a.dataFormat !== 'NHWC')) throw new Unplannable(`${c.kernel}: not an NHWC conv of a weight`);
      if (c.consts.preluActivationWeights) throw new Unplannable(`${c.kernel}: prelu`);
      const act = activationCode(a.activation as string | undefined);
      if (act < 0) throw new Unplannable(`${c.kernel}: activation ${String(a.activation)}`);
      const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], f.shape as [number, number, number, number],
        a.strides as Pair, (a.dilations ?? 1) as Pair, a.pad as Pad, a.dimRoundingMode as Rounding, dw, 'channelsLast');
      if (dw && f.shape[3] !== 1) throw new Unplannable('depthwise channel multiplier > 1');
      if (!sameShape(info.outShape, out.shape)) throw new Unplannable(`${c.kernel}: output shape`);
      const bias = c.consts.bias;
      if (bias && bias.values.length !== info.outChannels) throw new Unplannable(`${c.kernel}: bias of ${bias.values.length}`);
      return {
        kind: dw ? 'dw' : 'conv', x: use(x), out: use(out), kh: info.filterHeight, kw: info.filterWidth,
        sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
        pt: info.padInfo.top, pl: info.padInfo.left, act, alpha: Number(a.leakyreluAlpha ?? 0.2), w: f.values, b: bias?.values,
      };
    }
    case 'MaxPool': {
      only('x');
      if (!x || !is4(x.shape)) throw new Unplannable('MaxPool: not 4D');
      const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize as Pair,
        a.strides as Pair, 1, a.pad as Pad, a.dimRoundingMode as Rounding);
      if (!sameShape(info.outShape, out.shape)) throw new Unplannable('MaxPool: output shape');
      return { kind: 'pool', x: use(x), out: use(out), kh: info.filterHeight, kw: info.filterWidth, sh: info.strideHeight,
        sw: info.strideWidth, pt: info.padInfo.top, pl: info.padInfo.left };
    }
    case 'Add':
    case 'Multiply':
    case 'Sub':
    case 'RealDiv':
    case 'YolocStar': {
      const p = c.inputs.a, q = c.inputs.b;
      const op = BIN[c.kernel];
      // One operand a scalar constant (x + 3, x / 6: hardsigmoid).
      const k = c.consts.a ?? c.consts.b;
      if (k && c.kernel !== 'YolocStar') {
        const d = p ?? q;
        if (!d || k.values.length !== 1 || !sameShape(d.shape, out.shape)) throw new Unplannable(`${c.kernel} with a constant tensor`);
        return { kind: 'bin', op, a: use(d), b: null, out: use(out), scalar: k.values[0]!, scalarFirst: !p };
      }
      if (!p || !q) throw new Unplannable(`${c.kernel}: operands`);
      if (sameShape(p.shape, q.shape) && sameShape(p.shape, out.shape)) return { kind: 'bin', op, a: use(p), b: use(q), out: use(out) };
      // x * attention with attention [n,1,1,c] (RTMDet's channel attention); a commutative op only.
      const bc = (big: TracedTensor, small: TracedTensor): boolean => is4(big.shape) && is4(small.shape) && sameShape(big.shape, out.shape)
        && small.shape[0] === big.shape[0] && small.shape[1] === 1 && small.shape[2] === 1 && small.shape[3] === big.shape[3];
      if ((op === BIN.Add || op === BIN.Multiply) && bc(p, q)) return { kind: 'bin', op, a: use(p), b: use(q), out: use(out), bcast: true };
      if ((op === BIN.Add || op === BIN.Multiply) && bc(q, p)) return { kind: 'bin', op, a: use(q), b: use(p), out: use(out), bcast: true };
      throw new Unplannable(`${c.kernel} broadcasts`);
    }
    case 'SplitV': {
      only('x');
      if (!x || !is4(x.shape)) throw new Unplannable('SplitV: not 4D');
      const axis = Number(a.axis) < 0 ? Number(a.axis) + 4 : Number(a.axis);
      if (axis !== 3) throw new Unplannable(`SplitV on axis ${axis}`);
      const offs: number[] = [];
      let off = 0;
      for (const o of c.outputs) {
        if (!is4(o.shape) || !sameShape(o.shape.slice(0, 3), x.shape.slice(0, 3))) throw new Unplannable('SplitV shapes');
        offs.push(off);
        off += o.shape[3]!;
      }
      if (off !== x.shape[3]) throw new Unplannable('SplitV sizes');
      return { kind: 'split', x: use(x), outs: c.outputs.map(use), offs, out: use(c.outputs[0]!) };
    }
    case 'Mean': {
      only('x');
      if (!x || !is4(x.shape)) throw new Unplannable('Mean: not 4D');
      const axes = util.parseAxisParam(a.axis as number | number[], x.shape).sort();
      if (!sameShape(axes, [1, 2]) || util.sizeFromShape(out.shape) !== x.shape[0]! * x.shape[3]!) throw new Unplannable(`Mean over [${axes}]`);
      return { kind: 'gap', x: use(x), out: use(out) };
    }
    case 'YolocDfl': {
      only('x');
      const reg = Number(a.regMax);
      if (!x || !(reg > 0) || x.shape.at(-1)! % reg !== 0) throw new Unplannable('YolocDfl: shape');
      return { kind: 'dfl', x: use(x), out: use(out), reg };
    }
    case 'YolocActivation':
    case 'Relu':
    case 'Relu6':
    case 'Sigmoid': {
      only('x');
      if (!x) throw new Unplannable(`${c.kernel}: no input`);
      const act = c.kernel === 'YolocActivation' ? Number(a.act) : activationCode(c.kernel.toLowerCase());
      if (![1, 2, 3, 5].includes(act)) throw new Unplannable(`${c.kernel}: activation ${act}`);
      return { kind: 'act', act, alpha: 0, x: use(x), out: use(out) };
    }
    case 'Concat': {
      const ins = Object.keys(c.inputs).sort((p, q) => Number(p) - Number(q)).map((k) => use(c.inputs[k]!));
      if (Object.keys(c.consts).length > 0 || ins.length === 0) throw new Unplannable('Concat of a constant');
      const rank = out.shape.length;
      const axis = Number(a.axis) < 0 ? Number(a.axis) + rank : Number(a.axis);
      if (rank !== 4 || axis !== 3) throw new Unplannable(`Concat on axis ${axis} of rank ${rank}`);
      if (ins.some((u) => !is4(u.shape) || !sameShape(u.shape.slice(0, 3), out.shape.slice(0, 3)))) throw new Unplannable('Concat shapes');
      return { kind: 'concat', ins, out: use(out) };
    }
    case 'Slice': {
      only('x');
      if (!x) throw new Unplannable('Slice: no input');
      const begin = (a.begin as number[]).map(Number), size = (a.size as number[]).map(Number);
      const sz = size.map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
      if (begin.length !== x.shape.length || !sameShape(sz, out.shape)) throw new Unplannable('Slice shapes');
      return { kind: 'slice', x: use(x), out: use(out), begin, size: sz };
    }
    case 'Tile': {
      only('x');
      if (!x) throw new Unplannable('Tile: no input');
      const reps = (a.reps as number[]).map(Number);
      if (reps.length !== x.shape.length || !sameShape(x.shape.map((s, i) => s * reps[i]!), out.shape)) throw new Unplannable('Tile shapes');
      return { kind: 'tile', x: use(x), out: use(out), reps };
    }
    default:
      throw new Unplannable(`kernel ${c.kernel} has no plan op`);
  }
}

/** The tensors a node reads (with the shapes it reads them as). */
function reads(n: Node): Use[] {
  switch (n.kind) {
    case 'conv': case 'dw': return n.res ? [n.x, n.res] : [n.x];
    case 'up': return [n.x];
    case 'bin': return n.b ? [n.a, n.b] : [n.a];
    case 'concat': return n.ins;
    default: return [n.x];
  }
}

/** Whether a node reads input u through a strided 4D view (so u may be a concat slice). */
function readsStrided(n: Node, u: Use): boolean {
  return n.kind !== 'slice' && n.kind !== 'tile' && n.kind !== 'dfl' && is4(u.shape);
}

/** Whether a node writes its output through a strided 4D view (a split writes nothing). */
function writesStrided(n: Node): boolean {
  return n.kind !== 'slice' && n.kind !== 'tile' && n.kind !== 'dfl' && n.kind !== 'split' && is4(n.out.shape);
}

/**
 * Compiles a trace into a program. `input` is the traced input's id, `outputs` the ids and shapes
 * of the tensors the forward returned (in order).
 */
export function compileTrace(calls: TracedCall[], input: TracedTensor, outputs: TracedTensor[]): Compiled {
  let nodes: (Node | null)[] = calls.map(lower).filter((n): n is Node => n !== null);
  const producer = new Map<DataId, Node>();
  const outIds = new Set(outputs.map((o) => o.id));
  if (outIds.size !== outputs.length) throw new Unplannable('two outputs share memory');
  if (outIds.has(input.id)) throw new Unplannable('an output is the input');
  const rebuild = (): void => {
    nodes = nodes.filter((n) => n !== null);
    producer.clear();
    for (const n of nodes) {
      if (n!.kind === 'split') for (const o of n!.outs) producer.set(o.id, n!);
      else producer.set(n!.out.id, n!);
    }
  };
  rebuild();
  for (const o of outputs) if (!producer.has(o.id)) throw new Unplannable('an output is not computed by the forward');
  const usesOf = (): Map<DataId, Node[]> => {
    const m = new Map<DataId, Node[]>();
    for (const n of nodes) for (const u of reads(n!)) { const l = m.get(u.id) ?? []; l.push(n!); m.set(u.id, l); }
    return m;
  };
  const index = (n: Node): number => nodes.indexOf(n);
  /** A split target must be a tensor of its own (not later placed in a concat): the outputs are. */
  const placedLater = (id: DataId): boolean => !outIds.has(id);
  const soleUse = (uses: Map<DataId, Node[]>, id: DataId, by: Node): boolean =>
    !outIds.has(id) && (uses.get(id) ?? []).length === 1 && uses.get(id)![0] === by;

  // 2a. Activation into its producer conv.
  let uses = usesOf();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!n || n.kind !== 'act') continue;
    const p = producer.get(n.x.id);
    if (!p || (p.kind !== 'conv' && p.kind !== 'dw') || p.act !== 0 || p.res || p.star || !soleUse(uses, n.x.id, n)) continue;
    if (!sameShape(p.out.shape, n.x.shape)) continue;
    p.act = n.act;
    p.out = n.out;
    nodes[i] = null;
  }
  rebuild();
  // 2b. StarNet's star: two pointwise convs of the same input into relu6(a) * b.
  uses = usesOf();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!n || n.kind !== 'bin' || n.op !== BIN.YolocStar || !n.b) continue;
    const pa = producer.get(n.a.id), pb = producer.get(n.b.id);
    const pointwise = (p: Node | undefined): p is ConvNode => !!p && p.kind === 'conv' && p.kh === 1 && p.kw === 1 && p.sh === 1 && p.sw === 1
      && p.pt === 0 && p.pl === 0 && p.act === 0 && !p.res && !p.star;
    if (!pointwise(pa) || !pointwise(pb) || pa === pb || pa.x.id !== pb.x.id || !sameShape(pa.x.shape, pb.x.shape)) continue;
    if (!sameShape(pa.out.shape, pb.out.shape) || !soleUse(uses, n.a.id, n) || !soleUse(uses, n.b!.id, n)) continue;
    const k = pa.x.shape[3]!, co = pa.out.shape[3]!;
    const w = new Float32Array(k * 2 * co);
    for (let p = 0; p < k; p++) {
      w.set(pa.w.subarray(p * co, (p + 1) * co), p * 2 * co);
      w.set(pb.w.subarray(p * co, (p + 1) * co), p * 2 * co + co);
    }
    let b: Float32Array | undefined;
    if (pa.b || pb.b) {
      b = new Float32Array(2 * co);
      if (pa.b) b.set(pa.b, 0);
      if (pb.b) b.set(pb.b, co);
    }
    const fused: ConvNode = { ...pa, w, b, star: true, out: n.out };
    nodes[index(pa)] = fused;
    nodes[index(pb)] = null;
    nodes[i] = null;
  }
  rebuild();
  // 2c. Residual add into the epilogue of the conv producing one operand.
  uses = usesOf();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!n || n.kind !== 'bin' || n.op !== BIN.Add || !n.b || n.bcast || !is4(n.out.shape)) continue;
    for (const [cand, other] of [[n.a, n.b], [n.b, n.a]] as const) {
      const p = producer.get(cand.id);
      if (!p || (p.kind !== 'conv' && p.kind !== 'dw') || p.res || p.star || cand.id === other.id) continue;
      if (!soleUse(uses, cand.id, n) || !sameShape(p.out.shape, cand.shape)) continue;
      const q = producer.get(other.id);
      if (q && index(q) >= index(p)) continue; // the residual must exist when the conv runs
      p.res = other;
      p.out = n.out;
      nodes[i] = null;
      break;
    }
  }
  rebuild();

  // 2d. Nearest 2x upsampling: x [n,h,w,c] -> reshape [n*h,w,1,c] -> tile [1,1,2,1] -> reshape
  // [n*h,1,2wc] -> tile [1,2,1] -> (read as) [n,2h,2w,c]: one op that can write a concat slice.
  uses = usesOf();
  for (let i = 0; i < nodes.length; i++) {
    const t2 = nodes[i];
    if (!t2 || t2.kind !== 'tile' || t2.reps.length !== 3 || t2.reps[0] !== 1 || t2.reps[1] !== 2 || t2.reps[2] !== 1) continue;
    const t1 = producer.get(t2.x.id);
    if (!t1 || t1.kind !== 'tile' || !sameShape(t1.reps, [1, 1, 2, 1]) || !soleUse(uses, t1.out.id, t2)) continue;
    const [a, w, one, c] = t1.x.shape as [number, number, number, number];
    if (one !== 1 || !sameShape(t2.x.shape, [a, 1, 2 * w * c])) continue;
    const readers = uses.get(t2.out.id) ?? [];
    const shapes = readers.flatMap((r) => reads(r).filter((u) => u.id === t2.out.id).map((u) => u.shape));
    if (outIds.has(t2.out.id) || shapes.length === 0 || !shapes.every((sh) => is4(sh) && sameShape(sh, shapes[0]!))) continue;
    const [n, h2, w2, c2] = shapes[0] as [number, number, number, number];
    const src = producer.get(t1.x.id);
    const srcShape = src ? src.out.shape : t1.x.id === input.id ? input.shape : undefined;
    if (!srcShape || !sameShape(srcShape, [n, h2 / 2, w, c]) || w2 !== 2 * w || c2 !== c || n * (h2 / 2) !== a) continue;
    nodes[index(t1)] = null;
    nodes[i] = { kind: 'up', x: { id: t1.x.id, shape: srcShape }, out: { id: t2.out.id, shape: shapes[0]! } };
  }
  rebuild();
  // 2e. A conv whose output is only cut into channel ranges (YOLO heads: [p, anchors, 5 + classes]
  // sliced into boxes, objectness and classes) writes each range straight into its tensor.
  uses = usesOf();
  for (const n of nodes) {
    if (!n || n.kind !== 'conv' || n.star || n.res || outIds.has(n.out.id) || !is4(n.out.shape)) continue;
    const readers = uses.get(n.out.id) ?? [];
    const [nb, oh, ow, co] = n.out.shape as [number, number, number, number];
    const p = nb * oh * ow;
    if (readers.length === 0 || !readers.every((r) => r.kind === 'slice' && r.x.shape.length === 3 && r.x.shape[0] === p
      && r.x.shape[1]! * r.x.shape[2]! === co && r.begin[0] === 0 && r.begin[1] === 0 && r.size[0] === p && r.size[1] === r.x.shape[1]
      && !placedLater(r.out.id))) continue;
    const split: SplitOut[] = [];
    for (const r of readers as SliceNode[]) {
      const anchors = r.x.shape[1]!, per = r.x.shape[2]!, len = r.size[2]!;
      // The slice's output as a 4D [nb, oh, ow, anchors*len] tensor: its readers' shape or the output's.
      const to: Use = { id: r.out.id, shape: [nb, oh, ow, anchors * len] };
      for (let a = 0; a < anchors; a++) split.push({ col: a * per + r.begin[2]!, len, to, toOff: a * len });
      nodes[index(r)] = null;
    }
    n.split = split;
  }
  rebuild();

  // 2f. Channel splits as views of their input, where every reader takes strided tensors of
  // that shape and the part is not an output; otherwise the part is copied out.
  uses = usesOf();
  const placed = new Map<DataId, { into: DataId; off: number }>();
  const splitCopies = new Map<Node, { x: Use; off: number; out: Use }[]>();
  for (const n of nodes) {
    if (!n || n.kind !== 'split') continue;
    const copies: { x: Use; off: number; out: Use }[] = [];
    n.outs.forEach((o, k) => {
      const ok = !outIds.has(o.id) && (uses.get(o.id) ?? []).every((r) => reads(r).every((u) => u.id !== o.id || (readsStrided(r, u) && sameShape(u.shape, o.shape))));
      if (ok) placed.set(o.id, { into: n.x.id, off: n.offs[k]! });
      else copies.push({ x: n.x, off: n.offs[k]!, out: o });
    });
    splitCopies.set(n, copies);
  }

  // 3. Concatenation in place: an input goes into its concat's memory (a channel slice) when its
  // producer and every reader take strided 4D tensors of its shape, it is not an output and not
  // already in another concat; concat outputs themselves may go into a later concat (nesting).
  uses = usesOf();
  const shapeOf = new Map<DataId, number[]>();
  for (const n of nodes) {
    if (n!.kind === 'split') for (const o of n!.outs) shapeOf.set(o.id, o.shape);
    else shapeOf.set(n!.out.id, n!.out.shape);
  }
  shapeOf.set(input.id, input.shape);
  const canPlace = (u: Use): boolean => {
    const p = producer.get(u.id);
    return p !== undefined && writesStrided(p) && !outIds.has(u.id) && !placed.has(u.id) && sameShape(p.out.shape, u.shape)
      && (uses.get(u.id) ?? []).every((r) => reads(r).every((x) => x.id !== u.id || (readsStrided(r, x) && sameShape(x.shape, u.shape))));
  };
  for (const n of nodes) {
    if (!n || n.kind !== 'concat') continue;
    let off = 0;
    n.copies = [];
    const seen = new Set<DataId>();
    for (let i = 0; i < n.ins.length; i++) {
      const u = n.ins[i]!;
      // All the parts of a split, in order, as consecutive inputs (YOLOv8's C2f): the split's input
      // goes into the concat; its parts are views of it already.
      const sp = producer.get(u.id);
      if (sp && sp.kind === 'split' && sp.outs[0]!.id === u.id && sp.outs.every((o, k) => n.ins[i + k]?.id === o.id
        && placed.get(o.id)?.into === sp.x.id) && !seen.has(sp.x.id) && canPlace(sp.x)) {
        placed.set(sp.x.id, { into: n.out.id, off });
        for (const o of sp.outs) seen.add(o.id);
        seen.add(sp.x.id);
        off += sp.x.shape[3]!;
        i += sp.outs.length - 1;
        continue;
      }
      if (!seen.has(u.id) && canPlace(u)) placed.set(u.id, { into: n.out.id, off });
      else n.copies.push({ x: u, off });
      seen.add(u.id);
      off += u.shape[3]!;
    }
  }

  // 4. Memory. Roots: the input, the outputs, and arena tensors; a placed tensor lives in its
  // concat's root at a channel offset.
  const rootOf = (id: DataId): { id: DataId; off: number } => {
    let off = 0;
    let cur = id;
    for (let p = placed.get(cur); p; p = placed.get(cur)) { off += p.off; cur = p.into; }
    return { id: cur, off };
  };
  const order: Node[] = nodes as Node[];
  const life = new Map<DataId, { start: number; end: number; size: number }>();
  const touch = (id: DataId, at: number): void => {
    const r = rootOf(id).id;
    if (r === input.id || outIds.has(r)) return;
    const shape = shapeOf.get(r);
    if (!shape) throw new Unplannable('a tensor without a producer');
    const e = life.get(r) ?? { start: at, end: at, size: util.sizeFromShape(shape) };
    e.start = Math.min(e.start, at);
    e.end = Math.max(e.end, at);
    life.set(r, e);
  };
  order.forEach((n, i) => {
    if (n.kind === 'conv' && n.split) for (const sp of n.split) touch(sp.to.id, i);
    else if (n.kind === 'split') for (const o of n.outs) touch(o.id, i);
    else touch(n.out.id, i);
    for (const u of reads(n)) touch(u.id, i);
  });
  // First fit, largest first; 16-float (64-byte) alignment.
  const roots = [...life.entries()].sort((p, q) => q[1].size - p[1].size);
  const offsetOf = new Map<DataId, number>();
  const placedRoots: { off: number; size: number; start: number; end: number }[] = [];
  let arena = 0;
  for (const [id, l] of roots) {
    const clash = placedRoots.filter((p) => p.start <= l.end && l.start <= p.end).sort((p, q) => p.off - q.off);
    let off = 0;
    for (const p of clash) {
      if (off + l.size <= p.off) break;
      off = Math.max(off, Math.ceil((p.off + p.size) / 16) * 16);
    }
    offsetOf.set(id, off);
    placedRoots.push({ off, size: l.size, start: l.start, end: l.end });
    arena = Math.max(arena, off + l.size);
  }
  const outIndex = new Map(outputs.map((o, k) => [o.id, k]));
  /** A view [buf, off, n, h, w, c, ps] of tensor u as a 4D (or contiguous) tensor. */
  const view = (u: Use, contiguous = false): number[] => {
    const r = rootOf(u.id);
    const buf = r.id === input.id ? 1 : outIndex.has(r.id) ? 2 + outIndex.get(r.id)! : 0;
    const base = buf === 0 ? offsetOf.get(r.id)! : 0;
    if (contiguous || !is4(u.shape)) {
      if (r.off !== 0) throw new Unplannable('a contiguous read of a concat slice');
      return [buf, base, 1, 1, util.sizeFromShape(u.shape), 1, 1];
    }
    const rootShape = r.id === input.id ? input.shape : shapeOf.get(r.id)!;
    const ps = placed.has(u.id) ? rootShape[3]! : u.shape[3]!;
    const [n, h, w, c] = u.shape as [number, number, number, number];
    return [buf, base + r.off, n, h, w, c, ps];
  };
  const NONE = [-1, 0, 0, 0, 0, 0, 0];
  const consts: Float32Array[] = [];
  const constId = (v: Float32Array | undefined): number => {
    if (!v) return -1;
    consts.push(v);
    return consts.length - 1;
  };
  const f32bits = (f: number): number => new Int32Array(Float32Array.of(f).buffer)[0]!;
  const prog: number[] = [];
  const emit = (code: number, payload: number[]): void => { prog.push(code, payload.length, ...payload); };
  const counts: Record<string, number> = {};
  const count = (k: string): void => { counts[k] = (counts[k] ?? 0) + 1; };
  const opNames: string[] = [];
  const ACTS = ['', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'silu'];
  const hw = (u: Use): string => (is4(u.shape) ? `${u.shape[1]}x${u.shape[2]}` : `${util.sizeFromShape(u.shape)}`);
  for (const n of order) {
    switch (n.kind) {
      case 'conv':
      case 'dw': {
        const geo = [n.kh, n.kw, n.sh, n.sw, n.dh, n.dw, n.pt, n.pl, n.act, f32bits(n.alpha), constId(n.w), constId(n.b)];
        // A split conv's own output exists only as a shape (buffer -1).
        const outView = n.split ? [-1, 0, ...n.out.shape, n.out.shape[3]!] : view(n.out);
        const payload = [...view(n.x), ...outView, ...(n.res ? view(n.res) : NONE), ...geo];
        if (n.kind === 'conv') {
          payload.push(n.star ? 1 : 0, n.split?.length ?? 0);
          for (const sp of n.split ?? []) {
            const v = view(sp.to);
            v[1]! += sp.toOff;
            v[5] = sp.len;
            payload.push(sp.col, ...v);
          }
        }
        emit(n.kind === 'conv' ? OP.conv : OP.dw, payload);
        opNames.push(`${n.kind === 'conv' ? 'conv' : 'depthwise'} ${n.kh}x${n.kw}${n.sh > 1 ? ` s${n.sh}` : ''} ${n.x.shape[3]}->${n.out.shape[3]}`
          + `${n.star ? ' star' : ''}${n.act ? ` ${ACTS[n.act] ?? n.act}` : ''}${n.res ? ' +residual' : ''}${n.split ? ` split ${n.split.length}` : ''} at ${hw(n.out)}`);
        count(n.star ? 'conv+star' : `${n.kind}${n.act ? '+act' : ''}${n.res ? '+residual' : ''}${n.split ? '+split' : ''}`);
        break;
      }
      case 'pool':
        emit(OP.pool, [...view(n.x), ...view(n.out), n.kh, n.kw, n.sh, n.sw, n.pt, n.pl]);
        opNames.push(`maxpool ${n.kh}x${n.kw} ${n.x.shape[3]} at ${hw(n.out)}`);
        count('maxpool');
        break;
      case 'bin': {
        const flags = (n.b ? 0 : 1) | (n.bcast ? 2 : 0) | (n.scalarFirst ? 4 : 0);
        emit(OP.bin, [n.op, flags, f32bits(n.scalar ?? 0), ...view(n.a), ...(n.b ? view(n.b) : NONE), ...view(n.out)]);
        opNames.push(`${['add', 'mul', 'sub', 'star', 'div'][n.op]}${n.b ? (n.bcast ? ' broadcast' : '') : ' scalar'} at ${hw(n.out)}x${n.out.shape.at(-1)}`);
        count('binary');
        break;
      }
      case 'split':
        for (const cp of splitCopies.get(n) ?? []) {
          const src = view(n.x);
          src[1]! += cp.off;
          src[5] = cp.out.shape[3]!;
          emit(OP.copy, [...src, ...view(cp.out)]);
          opNames.push(`split copy ${cp.out.shape[3]} of ${n.x.shape[3]} at ${hw(cp.out)}`);
          count('copy');
        }
        count('split');
        break;
      case 'gap':
        emit(OP.gap, [...view(n.x), ...view({ id: n.out.id, shape: [n.x.shape[0]!, 1, 1, n.x.shape[3]!] })]);
        opNames.push(`mean over ${hw(n.x)}x${n.x.shape[3]}`);
        count('mean');
        break;
      case 'dfl':
        emit(OP.dfl, [...view(n.x, true), ...view(n.out, true), n.reg]);
        opNames.push(`dfl ${n.reg} at ${hw(n.x)}`);
        count('dfl');
        break;
      case 'act':
        emit(OP.act, [n.act, f32bits(n.alpha), ...view(n.x), ...view(n.out)]);
        opNames.push(`${ACTS[n.act] ?? 'activation'} at ${hw(n.out)}x${n.out.shape.at(-1)}`);
        count('activation');
        break;
      case 'concat':
        for (const cp of n.copies ?? []) {
          const dst = view(n.out);
          dst[1]! += cp.off;
          dst[5] = cp.x.shape[3]!;
          emit(OP.copy, [...view(cp.x), ...dst]);
          opNames.push(`concat copy ${cp.x.shape[3]} of ${n.out.shape[3]} at ${hw(n.out)}`);
          count('copy');
        }
        count('concat');
        break;
      case 'slice':
        emit(OP.slice, [...view(n.x, true), ...view(n.out, true), n.x.shape.length, ...n.x.shape, ...n.begin, ...n.size]);
        opNames.push(`slice [${n.size}] of [${n.x.shape}]`);
        count('slice');
        break;
      case 'up':
        emit(OP.up, [...view(n.x), ...view(n.out)]);
        opNames.push(`upsample 2x ${n.x.shape[3]} to ${hw(n.out)}`);
        count('upsample');
        break;
      case 'tile':
        emit(OP.tile, [...view(n.x, true), ...view(n.out, true), n.x.shape.length, ...n.x.shape, ...n.reps]);
        opNames.push(`tile [${n.x.shape}] x [${n.reps}]`);
        count('tile');
        break;
    }
  }
  if (prog.some((v) => !Number.isInteger(v) || v > 2 ** 31 - 1)) throw new Unplannable('a tensor too large for the plan');
  return {
    program: Int32Array.from(prog), consts, arenaFloats: arena, inputFloats: util.sizeFromShape(input.shape),
    outputSizes: outputs.map((o) => util.sizeFromShape(o.shape)), counts, opNames,
  };
}
