/**
 * tf.variableGrads with the memory of the backward pass freed as it goes. tfjs's own backward
 * keeps every intermediate gradient and every tensor saved for the backward until the whole
 * pass ends, so its peak is the saved activations plus a gradient for each of them. Here, once a
 * tape node has produced its inputs' gradients, its outputs' gradients and its saved tensors
 * (which only its own gradient function reads) are disposed, as PyTorch frees them. The same
 * kernels run in the same order as in tfjs's backward: results are bit-identical.
 * Only for first-order gradients (not inside another gradient computation).
 */
import * as tf from '@tensorflow/tfjs-core';

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  saved?: tf.Tensor[];
  gradient?: (dys: Array<tf.Tensor | null>) => Record<string, () => tf.Tensor>;
}

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
  tidy<T extends tf.TensorContainer>(f: () => T): T;
}

/** The nodes on a path from some x to y, inputs not depending on an x pruned (tfjs's tape.ts). */
function filterTape(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodesFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const t of Object.values(node.inputs)) toY.add(t.id);
      nodesToY.add(node.id);
    }
  }
  const out: TapeNode[] = [];
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !nodesToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(node.inputs)) if (fromX.has(t.id)) inputs[name] = t;
    out.push({ ...node, inputs });
  }
  return out;
}

/** Gradients of the scalar f() with respect to the trainable `vars`, as tf.variableGrads. */
export function variableGradsLowMemory(f: () => tf.Scalar, vars: tf.Variable[]): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.state.gradientDepth > 0) return tf.variableGrads(f, vars) as { value: tf.Scalar; grads: Record<string, tf.Tensor> };
  const xs = vars.filter((v) => v.trainable);
  const y = engine.scopedRun(() => engine.startTape(), () => engine.endTape(), () => engine.tidy('forward', f));
  return backwardOfTape(engine, y, xs);
}

/**
 * variableGradsLowMemory for a loss that must read predictions between the forward and the
 * loss (a prediction-aware assigner): `forward` runs on the tape, `prepare` runs with the tape
 * paused (whatever it computes is no part of the graph; it may await reads, e.g. t.data()),
 * then `loss` runs on the tape with what prepare returned. One forward, one backward.
 */
export async function variableGradsAsync<O extends tf.TensorContainer, P>(
  forward: () => O, prepare: (out: O) => Promise<P>, loss: (out: O, prepared: P) => tf.Scalar, vars: tf.Variable[],
): Promise<{ value: tf.Scalar; grads: Record<string, tf.Tensor> }> {
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.state.gradientDepth > 0) throw new Error('variableGradsAsync cannot run inside another gradient computation');
  const xs = vars.filter((v) => v.trainable);
  engine.startTape();
  const tape = engine.state.activeTape!;
  let out: O | undefined;
  let y: tf.Tensor;
  try {
    out = engine.tidy('forward', forward);
    // Paused: gradientDepth 0 stops recording; restored (with this tape) after the await.
    engine.state.gradientDepth--;
    let prepared: P;
    try {
      prepared = await prepare(out);
    } finally {
      engine.state.gradientDepth++;
      engine.state.activeTape = tape;
    }
    y = engine.tidy('loss', () => loss(out!, prepared));
  } catch (e) {
    engine.endTape();
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
    if (out !== undefined) tf.dispose(out);
    throw e;
  }
  engine.endTape();
  tf.dispose(out);
  return backwardOfTape(engine, y, xs);
}

/** Backward over the tape just recorded for y; frees every saved tensor, on success or error. */
function backwardOfTape(engine: EngineInternals, y: tf.Tensor, xs: tf.Variable[]): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const tape = engine.state.activeTape ?? [];
  try {
    if (!(y instanceof tf.Tensor) || y.rank !== 0) throw new Error('variableGradsLowMemory: f must return a scalar tensor');
    const path = filterTape(tape, xs, y);
    const keepIds = new Set(xs.map((x) => x.id));
    return { value: y as tf.Scalar, grads: backward(engine, path, y, xs, keepIds) };
  } finally {
    // Saved tensors of nodes off the path (and of all nodes, after an error) go here, as in tfjs.
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
  }
}

/** The backward pass over `path`, freeing each node's output gradients and saved tensors once used. */
function backward(engine: EngineInternals, path: TapeNode[], y: tf.Tensor, xs: tf.Variable[], keepIds: Set<number>): Record<string, tf.Tensor> {
  return engine.tidy('backward', () => {
    const acc = new Map<number, tf.Tensor>([[y.id, tf.ones(y.shape)]]);
    const held = new Set<tf.Tensor>(acc.values());
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i]!;
      if (node.gradient === undefined) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
      const dys = node.outputs.map((o) => acc.get(o.id) ?? null);
      const names = Object.keys(node.inputs);
      // One scope per node: temporaries of the gradient function (zeros for unused outputs
      // included) are freed here, not at the end of the pass.
      const dxs = engine.tidy(() => {
        const fns = node.gradient!(dys);
        return names.map((name) => {
          if (!(name in fns)) throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(fns)}.`);
          return engine.tidy(() => fns[name]!());
        });
      });
      // A gradient function may hand back a dy, a saved tensor, or one tensor for two inputs:
      // give each map entry its own tensor object (a clone shares the memory), so that
      // disposing one frees no other.
      const saved = node.saved ?? [];
      const own = dxs.map((d, k) => (held.has(d) || dxs.indexOf(d) !== k || saved.includes(d) ? tf.clone(d) : d));
      names.forEach((name, k) => {
        const x = node.inputs[name]!, dx = own[k]!;
        if (dx.dtype !== 'float32') throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input ${name} has dtype ${dx.dtype}`);
        if (!tf.util.arraysEqual(dx.shape, x.shape)) throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input '${name}' has shape '${dx.shape}', not '${x.shape}'`);
        const cur = acc.get(x.id);
        if (cur === undefined) {
          acc.set(x.id, dx);
          held.add(dx);
        } else {
          const sum = tf.add(cur, dx);
          acc.set(x.id, sum);
          held.delete(cur);
          held.add(sum);
          cur.dispose();
          dx.dispose();
        }
      });
      // Every consumer of this node's outputs came later on the tape, so their gradients are
      // complete and used; the saved tensors belong to this node alone.
      for (const o of node.outputs) {
        const g = acc.get(o.id);
        if (g !== undefined && !keepIds.has(o.id)) {
          acc.delete(o.id);
          held.delete(g);
          g.dispose();
        }
      }
      for (const t of saved) t.dispose();
    }
    const named: Record<string, tf.Tensor> = {};
    for (const x of xs) {
      const g = acc.get(x.id);
      if (g !== undefined) named[x.name] = g;
    }
    return named;
  });
}
