/**
 * mmyolo BaseBackbone as a tfjs module: layers [stem, stage1, ...] (what out_indices index, 0 =
 * the stem), frozen_stages and norm_eval as _freeze_stages() and train() apply them. Subclasses
 * (YOLOv8CSPDarknet, CSPNeXt) build the stem and the stages.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../nn/module.js';
import { batchNormsToEval } from '../nn/batchnorm.js';
import { Backbone, type Channels } from '../model/contracts.js';
import type { StagedBackboneCtorArgs } from './contract.js';

/** A stem and stages; Out is the channel tuple of the selected layers. */
export abstract class StagedBackbone<Out extends Channels = Channels> extends Backbone<Out> {
  /** [stem, stage1, ...]: what out_indices index. */
  readonly layers: Layer[] = [];
  outIndices: readonly number[] = [];
  outChannels = [] as unknown as Out;
  outStrides: number[] = [];
  frozenStages = -1;
  normEval = false;

  /** Registers the stem and stages (in order, as `stem`, `stage1`...), then applies out_indices, freezing and norm_eval. */
  protected finish(type: string, stem: Layer, stages: Layer[], channels: number[], a: StagedBackboneCtorArgs): void {
    this.layers.push(this.addModule('stem', stem));
    stages.forEach((s, i) => this.layers.push(this.addModule(`stage${i + 1}`, s)));
    const n = stages.length;
    for (const i of a.outIndices) {
      if (!Number.isInteger(i) || i < 0 || i > n) throw new RangeError(`${type} out_indices: ${i} is not a layer (0..${n})`);
    }
    this.outIndices = a.outIndices;
    this.outChannels = a.outIndices.map((i) => channels[i]!) as unknown as Out;
    this.outStrides = a.outIndices.map((i) => 2 ** (i + 1));
    if (!Number.isInteger(a.frozenStages) || a.frozenStages < -1 || a.frozenStages > n) {
      throw new RangeError(`${type} frozen_stages: ${a.frozenStages} is not in -1..${n}`);
    }
    this.frozenStages = a.frozenStages;
    this.normEval = a.normEval;
    // mmyolo BaseBackbone._freeze_stages and train(): what PyTorch's model.train() leaves in eval.
    for (let i = 0; i <= this.frozenStages; i++) {
      this.layers[i]!.requiresGrad(false);
      batchNormsToEval(this.layers[i]!);
    }
    if (this.normEval) batchNormsToEval(this);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[] {
    const outs: tf.Tensor4D[] = [];
    let y = x;
    this.layers.forEach((l, i) => {
      y = l.forward(y, training);
      if (this.outIndices.includes(i)) outs.push(y);
    });
    return outs;
  }
}
