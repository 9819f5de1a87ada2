/**
 * Converters of mmyolo's YOLOv8HeadModule and YOLOv8Head (runtime/modules/yolov8_head/module.ts):
 * outputs [cls_scores.0.., bbox_preds.0..] per level, NCHW; the DFL expectation in the graph as
 * Reshape [B, 4, R, h*w] -> Transpose [B, 4, h*w, R] -> Softmax (last axis, so opsets below 13
 * mean the same) -> MatMul [0 .. R-1] -> Reshape [B, 4, h, w].
 */
import { YOLOv8Head, YOLOv8HeadModule } from './module.js';
import { ints } from '../../export/onnx/graph.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(YOLOv8HeadModule, (ctx, m, path, feats) => {
  const g = ctx.g;
  if (feats.length !== m.clsPreds.length) throw new Error(`YOLOv8HeadModule: ${feats.length} inputs for ${m.clsPreds.length} levels`);
  if (!ctx.size) throw new Error('YOLOv8HeadModule: the export did not say the input size');
  const R = m.regMax;
  const proj = g.f32(`${path}.proj`, [R, 1], Array.from({ length: R }, (_, i) => i));
  const cls = feats.map((x, i) => ctx.lower(m.clsPreds[i]!, `${path}.cls_preds.${i}`, [x])[0]!);
  const box = feats.map((x, i) => {
    const [dist] = ctx.lower(m.regPreds[i]!, `${path}.reg_preds.${i}`, [x]);
    if (R === 1) return dist!;
    const [h, w] = [ctx.size![0] / m.featmapStrides[i]!, ctx.size![1] / m.featmapStrides[i]!];
    const p = `${path}.dfl.${i}`;
    const r = g.op('Reshape', `${p}.reshape`, [dist!, g.i64([0, 4, R, h * w])]);
    const t = g.op('Transpose', `${p}.transpose`, [r], { perm: ints([0, 1, 3, 2]) });
    const s = g.op('Softmax', `${p}.softmax`, [t], { axis: { kind: 'int', value: 3 } });
    const e = g.op('MatMul', `${p}.expectation`, [s, proj]);
    return g.op('Reshape', p, [e, g.i64([0, 4, h, w])]);
  });
  return [...cls, ...box];
});

registerConverter(YOLOv8Head, (ctx, m, path, feats) => ctx.lower(m.headModule, `${path}.head_module`, feats));
