/** Converters of StarNet's ConvBN, StarBlock and the backbone (runtime/modules/starnet/module.ts). */
import { ConvBN, StarBlock, StarNet } from './module.js';
import { convNode, relu6Node } from '../../export/onnx/modules/bricks.js';
import { registerConverter } from '../../export/onnx/lower.js';

// ConvBN: conv with bias, BN folded in, no activation (ReLU6 is a separate layer or the star).
registerConverter(ConvBN, (ctx, m, path, [x]) => [convNode(ctx.g, m.conv, m.bn, path, `${path}.conv`, x!)]);

// x + dwconv2(g(relu6(f1(dw)) * f2(dw))), dw = dwconv(x); drop_path is identity in eval.
registerConverter(StarBlock, (ctx, m, path, [x]) => {
  const g = ctx.g;
  const [dw] = ctx.lower(m.dwconv, `${path}.dwconv`, [x!]);
  const [f1] = ctx.lower(m.f1, `${path}.f1`, [dw!]);
  const [f2] = ctx.lower(m.f2, `${path}.f2`, [dw!]);
  const star = g.op('Mul', `${path}.star`, [relu6Node(g, `${path}.act`, f1!), f2!]);
  const [y1] = ctx.lower(m.g, `${path}.g`, [star]);
  const [y] = ctx.lower(m.dwconv2, `${path}.dwconv2`, [y1!]);
  return [g.op('Add', `${path}.add`, [x!, y!])];
});

registerConverter(StarNet, (ctx, m, path, [x]) => {
  let [y] = ctx.lower(m.stem, `${path}.stem`, [x!]);
  const outs: string[] = [];
  m.stages.layers.forEach((stage, i) => {
    [y] = ctx.lower(stage, `${path}.stages.${i}`, [y!]);
    if (m.outIndices.includes(i)) outs.push(y!);
  });
  return outs;
});
