/**
 * The onnxruntime inference engine behind `yoloc infer --engine onnxruntime` and `yoloc bench
 * --engine onnxruntime`: the loaded detector is exported in memory (raw head maps, one graph per
 * input size, static batch), or an exported file is used as it is (`infer --onnx FILE`), and run
 * by onnxruntime-node; the head maps come back as the
 * runtime's HeadOutputs (NHWC tfjs tensors), so decoding and NMS are the tfjs path's own.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Channels, HeadOutputs } from '../../model/contracts.js';
import type { YOLODetector } from '../../model/detector.js';
import type { TensorData } from '../../io/safetensors.js';
import { exportOnnx } from './export.js';
import { OnnxSession } from './session.js';
import { YolocError } from '../../errors.js';
import { rawOutputNames } from './export.js';
import { PointHead } from '../../modules/point_head_module.js';

/** A detector run by onnxruntime. */
export class OnnxEngine {
  private readonly sessions = new Map<string, OnnxSession>();

  /** `model` gives the graphs (or, with `bytes`, only the number of levels to expect). */
  constructor(
    private readonly model: YOLODetector<Channels, Channels>,
    private readonly opts: { opset?: number; threads?: number; bytes?: Uint8Array; file?: string; profilePrefix?: string } = {},
  ) {}

  /** The session for input [b, 3, h, w] (exported on first use; the given file's for every shape). */
  async session(shape: readonly number[]): Promise<OnnxSession> {
    const key = this.opts.bytes ? 'file' : shape.join('x');
    let s = this.sessions.get(key);
    if (!s) {
      const bytes = this.opts.bytes ?? (await exportOnnx(this.model, { size: [shape[2]!, shape[3]!], batch: shape[0], opset: this.opts.opset })).bytes;
      s = await OnnxSession.create(bytes, { threads: this.opts.threads, file: this.opts.file, profilePrefix: this.opts.profilePrefix });
      const levels = this.model.bboxHead.inChannels.length;
      const want = rawOutputNames(levels, !(this.model.bboxHead instanceof PointHead));
      if (s.inputNames.join() !== 'images' || want.some((n) => !s!.outputNames.includes(n))) {
        await s.release();
        throw new YolocError('YC7607', `the model is not a raw-output export of this config: input [${s.inputNames}] (want images), outputs [${s.outputNames}] (want ${want.join(', ')})`,
          this.opts.file, 'export it with `yoloc export CONFIG --weights W --format onnx` (without --end2end; infer decodes and runs NMS itself)');
      }
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Raw NCHW outputs (`cls_scores.L`, ...) for an NCHW float32 input. */
  async runNCHW(input: TensorData): Promise<Map<string, TensorData>> {
    return (await this.session(input.shape)).run(input);
  }

  /** Head outputs as the tfjs path gives them (NHWC tensors the caller disposes). */
  async forwardNCHW(input: TensorData): Promise<HeadOutputs> {
    const outs = await this.runNCHW(input);
    const levels = [...outs.keys()].filter((k) => k.startsWith('cls_scores.')).length;
    const get = (name: string) => Array.from({ length: levels }, (_, l) => {
      const t = outs.get(`${name}.${l}`)!;
      return tf.tidy(() => tf.transpose(tf.tensor4d(t.data as Float32Array, t.shape as [number, number, number, number]), [0, 2, 3, 1]));
    });
    return { clsScores: get('cls_scores'), bboxPreds: get('bbox_preds'), objectnesses: outs.has('objectnesses.0') ? get('objectnesses') : [] };
  }

  /** Ends the profile of the session for `shape` (opened with profilePrefix): its trace file. */
  async endProfiling(shape: readonly number[]): Promise<string | undefined> {
    return (await this.session(shape)).endProfiling();
  }

  /** Frees every session. */
  async release(): Promise<void> {
    for (const s of this.sessions.values()) await s.release();
    this.sessions.clear();
  }
}
