/**
 * Converters of mmyolo's YOLOv5HeadModule and YOLOv5Head (runtime/modules/yolov5_head/module.ts):
 * one 1x1 conv per level, outputs [B, A*(5+nc), H, W] anchor-major as PyTorch's. Splitting into
 * cls/bbox/obj maps, or decoding, is the detector's (export.ts, end2end.ts).
 */
import { YOLOv5Head, YOLOv5HeadModule } from './module.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(YOLOv5HeadModule, (ctx, m, path, feats) => {
  if (feats.length !== m.convsPred.length) throw new Error(`YOLOv5HeadModule: ${feats.length} inputs for ${m.convsPred.length} levels`);
  return feats.map((x, i) => ctx.lower(m.convsPred[i]!, `${path}.convs_pred.${i}`, [x])[0]!);
});

registerConverter(YOLOv5Head, (ctx, m, path, feats) => ctx.lower(m.headModule, `${path}.head_module`, feats));
