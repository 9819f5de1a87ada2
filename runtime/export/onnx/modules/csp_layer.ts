/** Converters of mmdet's DarknetBottleneck and CSPLayer (runtime/modules/csp_layer.ts). */
import { CSPLayer, DarknetBottleneck } from '../../../modules/csp_layer.js';
import { registerConverter } from '../lower.js';

registerConverter(DarknetBottleneck, (ctx, m, path, [x]) => {
  const [h] = ctx.lower(m.conv1, `${path}.conv1`, [x!]);
  const [y] = ctx.lower(m.conv2, `${path}.conv2`, [h!]);
  return [m.addIdentity ? ctx.g.op('Add', `${path}.add`, [y!, x!]) : y!];
});

registerConverter(CSPLayer, (ctx, m, path, [x]) => {
  const [short] = ctx.lower(m.shortConv, `${path}.short_conv`, [x!]);
  const [main0] = ctx.lower(m.mainConv, `${path}.main_conv`, [x!]);
  const [main] = ctx.lower(m.blocks, `${path}.blocks`, [main0!]);
  const cat = ctx.g.op('Concat', `${path}.concat`, [main!, short!], { axis: { kind: 'int', value: 1 } });
  return ctx.lower(m.finalConv, `${path}.final_conv`, [cat]);
});
