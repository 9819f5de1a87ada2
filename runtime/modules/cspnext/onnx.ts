/** Converter of mmyolo's CSPNeXt (runtime/modules/cspnext/module.ts). */
import { CSPNeXt } from './module.js';
import { lowerStages } from '../../export/onnx/modules/bricks.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(CSPNeXt, (ctx, m, path, [x]) => lowerStages(ctx, m, path, x!));
