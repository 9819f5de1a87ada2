/**
 * The tfjs side of YOLOv8Head and RTMDetHead (runtime/modules/point_head.ts): the head module
 * under `head_module`, MlvlPointGenerator points and the model's test_cfg for predict.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Head, type Channels, type HeadOutputs, type PredictingHead, type PriorSpec } from '../model/contracts.js';
import type { TestCfg } from './contract.js';
import type { PointHeadCtorArgs } from './point_head.js';

/** A head module with per-level strides (YOLOv8HeadModule, RTMDetSepBNHeadModule). */
export interface PointHeadModule<In extends Channels> extends Head<In> {
  readonly featmapStrides: readonly number[];
  readonly numClasses: number;
}

/** The head: its module's forward, plus what predict_by_feat needs. */
export abstract class PointHead<In extends Channels = Channels> extends Head<In> implements PredictingHead {
  readonly inChannels: In;
  readonly testCfg: TestCfg;
  readonly priors: PriorSpec;

  constructor(readonly headModule: PointHeadModule<In>, o: PointHeadCtorArgs) {
    super();
    this.addModule('head_module', headModule);
    this.inChannels = headModule.inChannels;
    if (o.priorStrides.length !== headModule.featmapStrides.length) {
      throw new RangeError(`${this.constructor.name}: prior_generator has ${o.priorStrides.length} strides for ${headModule.featmapStrides.length} levels`);
    }
    this.testCfg = { ...o.testCfg };
    this.priors = { kind: 'points', strides: [...o.priorStrides], offset: o.priorOffset, featmapStrides: [...headModule.featmapStrides] };
  }

  forward(feats: tf.Tensor4D[], training: boolean): HeadOutputs {
    return this.headModule.forward(feats, training);
  }
}
