/**
 * Converters of mmdet's DarknetBottleneck, CSPNeXtBlock, ChannelAttention and CSPLayer, mmcv's
 * DepthwiseSeparableConvModule (runtime/modules/csp_layer.ts), and mmyolo's CSPLayerWithTwoConv
 * and its bottleneck (runtime/modules/csp_two_conv.ts).
 */
import {
  ChannelAttention, CSPLayer, CSPNeXtBlock, DarknetBottleneck, DepthwiseSeparableConvModule,
} from '../../../modules/csp_layer.js';
import { CSPLayerWithTwoConv, DarknetBottleneckV8 } from '../../../modules/csp_two_conv.js';
import { int } from '../graph.js';
import { registerConverter } from '../lower.js';
import { convNode } from './bricks.js';

registerConverter(DarknetBottleneck, (ctx, m, path, [x]) => {
  const [h] = ctx.lower(m.conv1, `${path}.conv1`, [x!]);
  const [y] = ctx.lower(m.conv2, `${path}.conv2`, [h!]);
  return [m.addIdentity ? ctx.g.op('Add', `${path}.add`, [y!, x!]) : y!];
});

registerConverter(CSPLayer, (ctx, m, path, [x]) => {
  const [short] = ctx.lower(m.shortConv, `${path}.short_conv`, [x!]);
  const [main0] = ctx.lower(m.mainConv, `${path}.main_conv`, [x!]);
  const [main] = ctx.lower(m.blocks, `${path}.blocks`, [main0!]);
  let cat = ctx.g.op('Concat', `${path}.concat`, [main!, short!], { axis: { kind: 'int', value: 1 } });
  if (m.attention) [cat] = ctx.lower(m.attention, `${path}.attention`, [cat]) as [string];
  return ctx.lower(m.finalConv, `${path}.final_conv`, [cat]);
});

registerConverter(DepthwiseSeparableConvModule, (ctx, m, path, [x]) => {
  const [d] = ctx.lower(m.depthwiseConv, `${path}.depthwise_conv`, [x!]);
  return ctx.lower(m.pointwiseConv, `${path}.pointwise_conv`, [d!]);
});

registerConverter(CSPNeXtBlock, (ctx, m, path, [x]) => {
  const [h] = ctx.lower(m.conv1, `${path}.conv1`, [x!]);
  const [y] = ctx.lower(m.conv2, `${path}.conv2`, [h!]);
  return [m.addIdentity ? ctx.g.op('Add', `${path}.add`, [y!, x!]) : y!];
});

// x * hardsigmoid(fc(avgpool(x))); nn.Hardsigmoid is HardSigmoid(alpha 1/6, beta 0.5).
registerConverter(ChannelAttention, (ctx, m, path, [x]) => {
  const g = ctx.g;
  const pooled = g.op('GlobalAveragePool', `${path}.global_avgpool`, [x!]);
  const fc = convNode(g, m.fc, null, `${path}.fc`, `${path}.fc`, pooled);
  const att = g.op('HardSigmoid', `${path}.act`, [fc], { alpha: { kind: 'float', value: 1 / 6 }, beta: { kind: 'float', value: 0.5 } });
  return [g.op('Mul', `${path}.mul`, [x!, att])];
});

registerConverter(DarknetBottleneckV8, (ctx, m, path, [x]) => {
  const [h] = ctx.lower(m.conv1, `${path}.conv1`, [x!]);
  const [y] = ctx.lower(m.conv2, `${path}.conv2`, [h!]);
  return [m.addIdentity ? ctx.g.op('Add', `${path}.add`, [y!, x!]) : y!];
});

// main_conv, split into two halves along the channels, each block on the last part, concat, final_conv.
registerConverter(CSPLayerWithTwoConv, (ctx, m, path, [x]) => {
  const g = ctx.g;
  const [main] = ctx.lower(m.mainConv, `${path}.main_conv`, [x!]);
  const half = (i: number) => g.op('Slice', `${path}.split.${i}`, [main!, g.i64([i * m.mid]), g.i64([(i + 1) * m.mid]), g.i64([1])]);
  const parts = [half(0), half(1)];
  m.blocks.forEach((b, i) => parts.push(ctx.lower(b, `${path}.blocks.${i}`, [parts[parts.length - 1]!])[0]!));
  const cat = g.op('Concat', `${path}.concat`, parts, { axis: int(1) });
  return ctx.lower(m.finalConv, `${path}.final_conv`, [cat]);
});
