/**
 * A small PyTorch-style module tree: named children and parameters, so that a parameter's
 * dotted path is its state_dict key (`backbone.stages.0.1.dwconv.conv.weight`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { tfShapeOf, type Layout } from './layout.js';

/** One state_dict entry: a tfjs variable in tfjs layout plus what it looks like in PyTorch. */
export class Param {
  constructor(
    readonly variable: tf.Variable,
    /** The PyTorch shape (the state_dict's), e.g. OIHW for a conv weight. */
    readonly torchShape: readonly number[],
    readonly layout: Layout,
    /** False for BatchNorm running statistics (buffers in PyTorch). */
    readonly trainable: boolean,
  ) {
    this.requiresGrad = trainable;
  }

  /** PyTorch's requires_grad: false for buffers and for parameters of frozen stages. */
  requiresGrad: boolean;
}

/** Options of a forward pass. `training` switches BatchNorm to batch statistics. */
export interface ForwardOptions {
  training?: boolean;
}

/** Base class: children and parameters registered in PyTorch's order. */
export abstract class Module {
  private readonly children = new Map<string, Module>();
  private readonly own = new Map<string, Param>();

  /** Registers a child under `name` (its key segment) and returns it. */
  protected addModule<M extends Module>(name: string | number, m: M): M {
    this.children.set(String(name), m);
    return m;
  }

  /** Creates a parameter of PyTorch shape `torchShape`, filled by `init` (tfjs shape). */
  protected addParam(
    name: string, torchShape: readonly number[], layout: Layout, trainable: boolean,
    init: (shape: number[]) => tf.Tensor,
  ): tf.Variable {
    const value = tf.tidy(() => init(tfShapeOf(torchShape, layout)));
    const v = tf.variable(value, trainable);
    value.dispose();
    this.own.set(name, new Param(v, torchShape, layout, trainable));
    return v;
  }

  /**
   * Every state_dict entry below this module: own entries first, then children, recursively. A
   * module registered under two names (RTMDet's shared convs) appears under both, as PyTorch's
   * state_dict lists it; the methods below count such a parameter once, under its first name,
   * as named_parameters() does.
   */
  namedParams(prefix = ''): [string, Param][] {
    const out: [string, Param][] = [];
    for (const [n, p] of this.own) out.push([prefix + n, p]);
    for (const [n, c] of this.children) out.push(...c.namedParams(`${prefix}${n}.`));
    return out;
  }

  /** namedParams() with each parameter once, under its first name (PyTorch's named_parameters()). */
  uniqueParams(): [string, Param][] {
    const seen = new Set<Param>();
    return this.namedParams().filter(([, p]) => {
      if (seen.has(p)) return false;
      seen.add(p);
      return true;
    });
  }

  /** Every module below this one (itself first), for walks like BatchNorm updates. */
  modules(): Module[] {
    const out: Module[] = [this];
    for (const c of this.children.values()) out.push(...c.modules());
    return out;
  }

  /** A child by dotted path (`backbone.stages.0`), or undefined. */
  child(path: string): Module | undefined {
    let m: Module | undefined = this;
    for (const seg of path.split('.').filter(Boolean)) m = m?.children.get(seg);
    return m;
  }

  /** Trainable parameters by state_dict key: what optimizers and tf.variableGrads take. */
  parameters(): Map<string, tf.Variable> {
    return new Map(this.uniqueParams().filter(([, p]) => p.trainable).map(([n, p]) => [n, p.variable]));
  }

  /** Parameters that get gradients (requires_grad): what the training step differentiates. */
  gradParameters(): Map<string, tf.Variable> {
    return new Map(this.uniqueParams().filter(([, p]) => p.trainable && p.requiresGrad).map(([n, p]) => [n, p.variable]));
  }

  /** Sets requires_grad on every parameter below this module (buffers stay without). */
  requiresGrad(on: boolean): this {
    for (const [, p] of this.namedParams()) if (p.trainable) p.requiresGrad = on;
    return this;
  }

  /** Non-trainable state (BatchNorm running statistics) by state_dict key. */
  buffers(): Map<string, tf.Variable> {
    return new Map(this.uniqueParams().filter(([, p]) => !p.trainable).map(([n, p]) => [n, p.variable]));
  }

  /** Number of trainable scalars, as PyTorch's sum(p.numel() for p in parameters()). */
  countParams(): number {
    let n = 0;
    for (const v of this.parameters().values()) n += v.size;
    return n;
  }

  /** Frees every variable of this subtree (a shared one once). */
  dispose(): void {
    for (const [, p] of this.uniqueParams()) p.variable.dispose();
  }
}

/** A module mapping one NHWC feature map to another. */
export abstract class Layer extends Module {
  /** NHWC in, NHWC out. */
  abstract forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
}

/** nn.Sequential: children named 0, 1, 2... applied in order. */
export class Sequential extends Layer {
  readonly layers: Layer[];
  constructor(layers: Layer[]) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.addModule(i, l));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    let y = x;
    for (const l of this.layers) y = l.forward(y, training);
    return y;
  }
}
