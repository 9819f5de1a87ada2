/**
 * Converters of mmyolo's RTMDetSepBNHeadModule and RTMDetHead (runtime/modules/rtmdet_head/module.ts):
 * outputs [cls_scores.0.., bbox_preds.0..] per level, NCHW. A shared conv is folded with each
 * level's own BatchNorm, so every level gets its own initializer.
 */
import { RTMDetHead, RTMDetSepBNHeadModule } from './module.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(RTMDetSepBNHeadModule, (ctx, m, path, feats) => {
  if (feats.length !== m.rtmCls.length) throw new Error(`RTMDetSepBNHeadModule: ${feats.length} inputs for ${m.rtmCls.length} levels`);
  const branch = (x: string, l: number, convs: 'cls_convs' | 'reg_convs', pred: 'rtm_cls' | 'rtm_reg') => {
    let y = x;
    (convs === 'cls_convs' ? m.clsConvs : m.regConvs)[l]!.forEach((c, i) => { [y] = ctx.lower(c, `${path}.${convs}.${l}.${i}`, [y]) as [string]; });
    return ctx.lower((pred === 'rtm_cls' ? m.rtmCls : m.rtmReg)[l]!, `${path}.${pred}.${l}`, [y])[0]!;
  };
  return [...feats.map((x, l) => branch(x, l, 'cls_convs', 'rtm_cls')), ...feats.map((x, l) => branch(x, l, 'reg_convs', 'rtm_reg'))];
});

registerConverter(RTMDetHead, (ctx, m, path, feats) => ctx.lower(m.headModule, `${path}.head_module`, feats));
