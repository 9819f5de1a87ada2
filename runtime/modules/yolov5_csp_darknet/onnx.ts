/** Converter of mmyolo's YOLOv5CSPDarknet (runtime/modules/yolov5_csp_darknet/module.ts). */
import { YOLOv5CSPDarknet } from './module.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(YOLOv5CSPDarknet, (ctx, m, path, [x]) => {
  const outs: string[] = [];
  let y = x!;
  m.layers.forEach((l, i) => {
    [y] = ctx.lower(l, `${path}.${i === 0 ? 'stem' : `stage${i}`}`, [y]) as [string];
    if (m.outIndices.includes(i)) outs.push(y);
  });
  return outs;
});
