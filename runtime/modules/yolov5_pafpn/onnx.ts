/** Converter of mmyolo's YOLOv5PAFPN (BaseYOLONeck.forward; runtime/modules/yolov5_pafpn/module.ts). */
import { YOLOv5PAFPN } from './module.js';
import { int } from '../../export/onnx/graph.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(YOLOv5PAFPN, (ctx, m, path, inputs) => {
  const n = m.inChannels.length;
  const cat = (name: string, xs: string[]) => ctx.g.op('Concat', name, xs, { axis: int(1) });
  const reduced = inputs.map((x, i) => ctx.lower(m.reduceLayers[i]!, `${path}.reduce_layers.${i}`, [x])[0]!);
  const inner: string[] = [reduced[n - 1]!];
  for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
    const [up] = ctx.lower(m.upsample, `${path}.upsample_layers.${j}`, [inner[0]!]);
    const x = cat(`${path}.top_down_layers.${j}.concat_in`, [up!, reduced[idx - 1]!]);
    inner.unshift(ctx.lower(m.topDownLayers[j]!, `${path}.top_down_layers.${j}`, [x])[0]!);
  }
  const outs: string[] = [inner[0]!];
  for (let i = 0; i < n - 1; i++) {
    const [down] = ctx.lower(m.downsampleLayers[i]!, `${path}.downsample_layers.${i}`, [outs[outs.length - 1]!]);
    const x = cat(`${path}.bottom_up_layers.${i}.concat_in`, [down!, inner[i + 1]!]);
    outs.push(ctx.lower(m.bottomUpLayers[i]!, `${path}.bottom_up_layers.${i}`, [x])[0]!);
  }
  return outs;
});
