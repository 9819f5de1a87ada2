/**
 * What YOLOv8Head and RTMDetHead share (pure, no tfjs): YOLOv5Head's predict_by_feat over
 * mmdet MlvlPointGenerator points ((x + offset) * stride, (y + offset) * stride) and mmyolo's
 * DistancePointBBoxCoder (distances * featmap stride), sigmoid class scores and no objectness;
 * their prior_generator, bbox_coder and test_cfg arguments.
 */
import {
  dictArg, intListArg, nested, numArg, RANGES, testCfgArg, type HonouredKeys, type PartContract, type RawArgs, type TestCfg,
} from './contract.js';

/** Parsed arguments of a point-prior head (its head_module's separately). */
export interface PointHeadArgs<M> {
  head_module: M;
  /** prior_generator.offset */
  prior_offset: number;
  /** prior_generator.strides */
  prior_strides: number[];
  /** The detector's test_cfg (SingleStageDetector hands it to the head). */
  test_cfg: TestCfg;
}

/** The tfjs head's second constructor argument (its head module comes first). */
export interface PointHeadCtorArgs {
  priorOffset: number;
  priorStrides: readonly number[];
  testCfg: TestCfg;
}

/** Parses a YOLOv8Head / RTMDetHead dict with `parseModule` for its head_module. */
export function parsePointHead<M>(raw: RawArgs, parseModule: (raw: RawArgs) => M, d: { offset: number; testCfg: TestCfg }): PointHeadArgs<M> {
  const hm = dictArg(raw, 'head_module');
  const pg = dictArg(raw, 'prior_generator');
  const module = nested('head_module', () => parseModule(hm));
  return {
    head_module: module,
    prior_offset: nested('prior_generator', () => numArg(pg, 'offset', d.offset, [0, 1])),
    prior_strides: nested('prior_generator', () => intListArg(pg, 'strides', [8, 16, 32], RANGES.stride)),
    test_cfg: testCfgArg(raw, 'test_cfg', d.testCfg),
  };
}

/** Parsed point-head args as the tfjs class's options. */
export function pointHeadCtorArgs<M>(a: PointHeadArgs<M>): PointHeadCtorArgs {
  return { priorOffset: a.prior_offset, priorStrides: [...a.prior_strides], testCfg: { ...a.test_cfg } };
}

/** The keys of YOLOv8Head and RTMDetHead besides their losses: the detector replaces train_cfg/test_cfg. */
export function pointHeadHonoured(losses: readonly string[]): HonouredKeys {
  return {
    reads: ['head_module', 'prior_generator', 'bbox_coder', ...losses],
    inert: ['type', '_scope_', 'init_cfg', 'train_cfg', 'test_cfg'],
    onlyDefault: {},
  };
}

/** prior_generator (MlvlPointGenerator) and bbox_coder (DistancePointBBoxCoder) of the point heads. */
export const POINT_HEAD_PARTS: Readonly<Record<string, PartContract>> = {
  prior_generator: {
    type: 'mmdet.MlvlPointGenerator',
    honoured: { reads: ['offset', 'strides'], inert: ['type', '_scope_'], onlyDefault: {} },
  },
  // decode(points, pred, stride) never gets a max_shape in predict_by_feat, so clip_border changes nothing.
  bbox_coder: { type: 'mmyolo.DistancePointBBoxCoder', honoured: { reads: [], inert: ['type', '_scope_', 'clip_border'], onlyDefault: { use_box_type: false } } },
};
