/** Converter of mmyolo's YOLOv8CSPDarknet (runtime/modules/yolov8_csp_darknet/module.ts). */
import { YOLOv8CSPDarknet } from './module.js';
import { lowerStages } from '../../export/onnx/modules/bricks.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(YOLOv8CSPDarknet, (ctx, m, path, [x]) => lowerStages(ctx, m, path, x!));
