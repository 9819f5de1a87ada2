/**
 * The module specs, for the compiler (shape checks, summary) and the tfjs runtime alike:
 * pure TypeScript, no tfjs. One file per module type holds its args, defaults, output
 * channel/stride rule, parameter names and layer table.
 */
export * from './scaling.js';
export * from './bricks.spec.js';
export * from './contract.spec.js';
export * from './starnet.spec.js';
export * from './yolov5-csp-darknet.spec.js';
export * from './yolov5-pafpn.spec.js';
export * from './yolov5-head.spec.js';
export * from './yolo-detector.spec.js';
