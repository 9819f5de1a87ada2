/**
 * What the shape phase could not check: parts of the model whose type has no spec (YOLOv8,
 * RTMDet, YOLOX, YOLOv6, YOLOv7, PPYOLOE...). One YC5020 warning per config names them, so a
 * clean `check` never hides that nothing was verified; `--strict` fails on it.
 */
import { bareType, BACKBONE_SPECS, HEAD_SPECS, NECK_SPECS } from '../../runtime/modules/contracts.js';
import type { CheckContext } from './context.js';

/** Parts with shape rules, for the message. */
const CHECKED = ['YOLODetector', ...Object.keys(BACKBONE_SPECS).filter((t) => !t.startsWith('starnet_')), ...Object.keys(NECK_SPECS), ...Object.keys(HEAD_SPECS)];

/** Reports (once) every model part whose channels and strides were not checked. */
export function reportUnchecked(ctx: CheckContext): void {
  const model = ctx.dict('/model');
  if (!model) return;
  const missing: { ptr: string; type: string; role: string }[] = [];
  const look = (ptr: string, role: string, known: (t: string) => boolean) => {
    const t = ctx.get(`${ptr}/type`);
    const bare = bareType(t);
    if (typeof t === 'string' && bare && !known(bare)) missing.push({ ptr: `${ptr}/type`, type: t, role });
  };
  look('/model', 'detector', (t) => t === 'YOLODetector');
  look('/model/backbone', 'backbone', (t) => t in BACKBONE_SPECS);
  look('/model/neck', 'neck', (t) => t in NECK_SPECS);
  look('/model/bbox_head', 'head', (t) => t in HEAD_SPECS);
  // A head checks its head_module's channels only when that module is the one it builds with.
  const own = HEAD_SPECS[bareType(ctx.get('/model/bbox_head/type')) ?? '']?.headModule;
  if (own) look('/model/bbox_head/head_module', 'head module', (t) => t === own);
  if (!missing.length) return;
  const first = missing[0]!;
  ctx.report('YC5020', 'warning', first.ptr,
    `shapes not checked for ${missing.map((m) => `${m.type} (${m.role})`).join(', ')}: yoloc has no shape rules for ${missing.length === 1 ? 'this type, so its' : 'these types, so their'} channels and strides were not verified`,
    `none needed for the config itself; shape rules exist for ${CHECKED.join(', ')}`,
    missing.slice(1).map((m) => ctx.related(m.ptr, `${m.type} (${m.role}) set here`)));
}
