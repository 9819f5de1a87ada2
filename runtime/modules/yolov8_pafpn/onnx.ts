/** Converter of mmyolo's YOLOv8PAFPN (BaseYOLONeck.forward; runtime/modules/yolov8_pafpn/module.ts). */
import { YOLOv8PAFPN } from './module.js';
import { lowerYoloNeck } from '../../export/onnx/modules/bricks.js';
import { registerConverter } from '../../export/onnx/lower.js';

registerConverter(YOLOv8PAFPN, (ctx, m, path, inputs) => lowerYoloNeck(ctx, m, path, inputs));
