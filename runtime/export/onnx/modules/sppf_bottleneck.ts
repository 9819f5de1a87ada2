/** Converter of mmyolo's SPPFBottleneck (runtime/modules/sppf_bottleneck.ts). */
import { SPPFBottleneck } from '../../../modules/sppf_bottleneck.js';
import { int } from '../graph.js';
import { registerConverter } from '../lower.js';

registerConverter(SPPFBottleneck, (ctx, m, path, [x]) => {
  const [y0] = ctx.lower(m.conv1, `${path}.conv1`, [x!]);
  const [y1] = ctx.lower(m.pool, `${path}.poolings.0`, [y0!]);
  const [y2] = ctx.lower(m.pool, `${path}.poolings.1`, [y1!]);
  const [y3] = ctx.lower(m.pool, `${path}.poolings.2`, [y2!]);
  const cat = ctx.g.op('Concat', `${path}.concat`, [y0!, y1!, y2!, y3!], { axis: int(1) });
  return ctx.lower(m.conv2, `${path}.conv2`, [cat]);
});
