/**
 * The end2end tail of an exported detector: YOLOv5Head.predict_by_feat inside the graph, laid
 * out as MMYOLO's projects/easydeploy (ORT NMS): `num_dets` [B, 1] int32, `boxes` [B, K, 4]
 * (xyxy, input pixels, clamped to the input), `scores` [B, K], `labels` [B, K] int32, K =
 * test_cfg.max_per_img, rows past num_dets zero (labels -1). The same steps as
 * runtime/model/predict.ts with rescale off: sigmoid, YOLOv5BBoxCoder decode (same float32
 * order of operations as decode.ts), score = cls * obj (multi_label: every class; else the best
 * class only), nms_pre as a top-k cut, per-class NonMaxSuppression (suppress IoU > iou_threshold,
 * keep score > score_thr), then the best K of the image by score.
 */
import { gridPriors } from '../../model/decode.js';
import type { TestCfg } from '../../modules/yolov5_head/module.js';
import { int, ints, type Dim, type Graph, type ValueSpec } from './graph.js';

export interface End2endSpec {
  batch: Dim;
  size: [number, number];
  /** [h, w] of each level. */
  sizes: [number, number][];
  numClasses: number;
  anchors: readonly (readonly number[])[][];
  strides: readonly number[];
  testCfg: TestCfg;
}

/** Prior centres, sizes and strides per row (level, y, x, anchor), rounded as decode.ts's float32 ops. */
function priorTables(s: End2endSpec): { center: Float32Array; wh: Float32Array; stride: Float32Array; total: number } {
  const pri = gridPriors(s.sizes, s.strides, s.anchors);
  const total = pri.reduce((n, p) => n + p.length / 4, 0);
  const f = Math.fround;
  const center = new Float32Array(total * 2);
  const wh = new Float32Array(total * 2);
  const stride = new Float32Array(total);
  let r = 0;
  pri.forEach((p, l) => {
    for (let i = 0; i < p.length / 4; i++, r++) {
      const [x1, y1, x2, y2] = [p[i * 4]!, p[i * 4 + 1]!, p[i * 4 + 2]!, p[i * 4 + 3]!];
      center[r * 2] = f(f(x1 + x2) * 0.5);
      center[r * 2 + 1] = f(f(y1 + y2) * 0.5);
      wh[r * 2] = f(x2 - x1);
      wh[r * 2 + 1] = f(y2 - y1);
      stride[r] = s.strides[l]!;
    }
  });
  return { center, wh, stride, total };
}

/** Appends the decode + NMS tail on the head's per-level conv outputs; returns the graph outputs. */
export function end2endOutputs(g: Graph, maps: string[], s: End2endSpec): ValueSpec[] {
  const A = s.anchors[0]!.length;
  const nc = s.numClasses;
  const K = s.testCfg.maxPerImg;
  const { center, wh, stride, total: T } = priorTables(s);
  const P = 'postprocess';
  // [B, A*(5+nc), h, w] -> [B, h*w*A, 5+nc] rows (y, x, anchor), levels concatenated.
  const flat = maps.map((m, l) => {
    const [h, w] = s.sizes[l]!;
    const r = g.op('Reshape', `${P}.flatten.${l}.reshape`, [m, g.i64([0, A, 5 + nc, h * w])]);
    const t = g.op('Transpose', `${P}.flatten.${l}.transpose`, [r], { perm: ints([0, 3, 1, 2]) });
    return g.op('Reshape', `${P}.flatten.${l}`, [t, g.i64([0, h * w * A, 5 + nc])]);
  });
  const pred = g.op('Sigmoid', `${P}.sigmoid`, [g.op('Concat', `${P}.concat`, flat, { axis: int(1) })]);
  const cut = (name: string, from: number, to: number) => g.op('Slice', `${P}.${name}`, [pred, g.i64([from]), g.i64([to]), g.i64([2])]);
  const sxy = cut('xy', 0, 2);
  const swh = cut('wh', 2, 4);
  const obj = cut('obj', 4, 5);
  const cls = cut('cls', 5, 5 + nc);
  // YOLOv5BBoxCoder.decode in decode.ts's order: xy = ((s - 0.5) * 2) * stride + centre, wh = (s * 2)^2 * prior wh.
  const half = g.f32Scalar(0.5);
  const two = g.f32Scalar(2);
  const xy = g.op('Add', `${P}.decode.xy`, [
    g.op('Mul', `${P}.decode.xy_stride`, [g.op('Mul', `${P}.decode.xy_2`, [g.op('Sub', `${P}.decode.xy_c`, [sxy, half]), two]), g.f32(`${P}.priors.stride`, [T, 1], stride)]),
    g.f32(`${P}.priors.center`, [T, 2], center)]);
  const w2 = g.op('Mul', `${P}.decode.wh_2`, [swh, two]);
  const whv = g.op('Mul', `${P}.decode.wh`, [g.op('Mul', `${P}.decode.wh_sq`, [w2, w2]), g.f32(`${P}.priors.wh`, [T, 2], wh)]);
  const hw = g.op('Div', `${P}.decode.half_wh`, [whv, two]);
  const boxes = g.op('Concat', `${P}.decode.boxes`, [g.op('Sub', `${P}.decode.x1y1`, [xy, hw]), g.op('Add', `${P}.decode.x2y2`, [xy, hw])], { axis: int(2) });
  const zero = g.f32Scalar(0);
  let scores = g.op('Mul', `${P}.scores`, [cls, obj]);
  if (!(s.testCfg.multiLabel && nc > 1)) {
    // Best label only: the class whose probability is the row's largest.
    const best = g.op('Equal', `${P}.best_label`, [cls, g.op('ReduceMax', `${P}.cls_max`, [cls], { axes: ints([2]), keepdims: int(1) })]);
    scores = g.op('Where', `${P}.scores_best`, [best, scores, zero]);
  }
  if (T * nc > s.testCfg.nmsPre) {
    // nms_pre: keep the nms_pre best (row, class) scores of each image.
    const k = s.testCfg.nmsPre;
    const [vals] = g.opN('TopK', `${P}.nms_pre.topk`, [g.op('Reshape', `${P}.nms_pre.flat`, [scores, g.i64([0, T * nc])]), g.i64([k])], 2, { axis: int(1) });
    const kth = g.op('Reshape', `${P}.nms_pre.kth`, [g.op('Slice', `${P}.nms_pre.kth_col`, [vals!, g.i64([k - 1]), g.i64([k]), g.i64([1])]), g.i64([0, 1, 1])]);
    scores = g.op('Where', `${P}.nms_pre`, [g.op('Less', `${P}.nms_pre.below`, [scores, kth]), zero, scores]);
  }
  const scoresT = g.op('Transpose', `${P}.scores_t`, [scores], { perm: ints([0, 2, 1]) });
  const sel = g.op('NonMaxSuppression', `${P}.nms`, [boxes, scoresT, g.i64([K]),
    g.f32(`${P}.nms.iou_threshold`, [1], [s.testCfg.iouThreshold]), g.f32(`${P}.nms.score_threshold`, [1], [s.testCfg.scoreThr])],
  { center_point_box: int(0) });
  // Selected rows (batch, class, box) -> per image the best K, padded (easydeploy's select_nms_index).
  const selBatch = g.op('Gather', `${P}.sel.batch`, [sel, g.i64Scalar(0)], { axis: int(1) });
  const selLabel = g.op('Gather', `${P}.sel.label`, [sel, g.i64Scalar(1)], { axis: int(1) });
  const bb = g.op('Concat', `${P}.sel.batch_box`, [
    g.op('Slice', `${P}.sel.batch_col`, [sel, g.i64([0]), g.i64([1]), g.i64([1])]),
    g.op('Slice', `${P}.sel.box_col`, [sel, g.i64([2]), g.i64([3]), g.i64([1])])], { axis: int(1) });
  const selBoxes = g.op('GatherND', `${P}.sel.boxes`, [boxes, bb]);
  const selScores = g.op('GatherND', `${P}.sel.scores`, [scoresT, sel]);
  const shape = g.op('Shape', `${P}.input_shape`, ['images']);
  const bsz = g.op('Gather', `${P}.batch_size`, [shape, g.i64Scalar(0)], { axis: int(0) });
  const col = g.op('Reshape', `${P}.batch_ids`, [g.op('Range', `${P}.batch_range`, [g.i64Scalar(0), bsz, g.i64Scalar(1)]), g.i64([-1, 1])]);
  const mine = g.op('Equal', `${P}.sel.mine`, [selBatch, col]);
  const perImage = g.op('Where', `${P}.sel.per_image`, [mine, selScores, zero]);
  const padShape = g.op('Concat', `${P}.pad.shape`, [g.op('Slice', `${P}.pad.batch`, [shape, g.i64([0]), g.i64([1]), g.i64([0])]), g.i64([K])], { axis: int(0) });
  const pad = g.op('ConstantOfShape', `${P}.pad.zeros`, [padShape], { value: { kind: 'tensor', dtype: 'float32', dims: [1], data: [0] } });
  const [top, idx] = g.opN('TopK', `${P}.topk`, [g.op('Concat', `${P}.pad.scores`, [perImage, pad], { axis: int(1) }), g.i64([K])], 2, { axis: int(1) });
  const allBoxes = g.op('Concat', `${P}.pad.boxes`, [selBoxes, g.f32(`${P}.pad.zero_boxes`, [K, 4], new Float32Array(K * 4))], { axis: int(0) });
  const allLabels = g.op('Concat', `${P}.pad.labels`, [selLabel, g.constant(`${P}.pad.no_labels`, 'int64', [K], new Array<number>(K).fill(-1))], { axis: int(0) });
  const valid = g.op('Greater', `${P}.valid`, [top!, zero]);
  const validF = g.op('Cast', `${P}.valid_f`, [valid], { to: int(1) });
  const [H, W] = s.size;
  const clamped = g.op('Min', `${P}.clamp_max`, [g.op('Max', `${P}.clamp_min`, [g.op('Gather', `${P}.top_boxes`, [allBoxes, idx!], { axis: int(0) }), zero]),
    g.f32(`${P}.clamp.limits`, [4], [W, H, W, H])]);
  g.op('Mul', 'boxes', [clamped, g.op('Reshape', `${P}.valid_f3`, [validF, g.i64([0, K, 1])])]);
  g.op('Identity', 'scores', [top!]);
  const labels64 = g.op('Where', `${P}.labels_masked`, [valid, g.op('Gather', `${P}.top_labels`, [allLabels, idx!], { axis: int(0) }), g.i64Scalar(-1)]);
  g.op('Cast', 'labels', [labels64], { to: int(6) });
  g.op('Cast', 'num_dets', [g.op('MatMul', `${P}.count`, [validF, g.f32(`${P}.count.ones`, [K, 1], new Float32Array(K).fill(1))])], { to: int(6) });
  return [
    { name: 'num_dets', dtype: 'int32', dims: [s.batch, 1] },
    { name: 'boxes', dtype: 'float32', dims: [s.batch, K, 4] },
    { name: 'scores', dtype: 'float32', dims: [s.batch, K] },
    { name: 'labels', dtype: 'int32', dims: [s.batch, K] },
  ];
}
