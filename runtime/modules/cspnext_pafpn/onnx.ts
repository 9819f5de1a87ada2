/** Converter of mmyolo's CSPNeXtPAFPN (BaseYOLONeck.forward; runtime/modules/cspnext_pafpn/module.ts). */
import { CSPNeXtPAFPN } from './module.js';
import { lowerYoloNeck } from '../../export/onnx/modules/bricks.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(CSPNeXtPAFPN, (ctx, m, path, inputs) => lowerYoloNeck(ctx, m, path, inputs));
