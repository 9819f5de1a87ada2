/**
 * The module contracts, for the compiler (shape checks, summary, emit) and the tfjs runtime
 * alike: pure TypeScript, no tfjs. Each module type's folder holds its contract (args with
 * MMYOLO's defaults, honoured keys, output channel/stride rule, parameter names, layer table,
 * runtime call); registry.ts lists them.
 */
export * from './scaling.js';
export * from './symbolic.js';
export * from './contract.js';
export * from './registry.js';
export * from './starnet/contract.js';
export * from './yolov5_csp_darknet/contract.js';
export * from './yolov5_pafpn/contract.js';
export * from './yolov5_head/contract.js';
export * from './yolo_detector/contract.js';
export * from './point_head.js';
export * from './yolov8_csp_darknet/contract.js';
export * from './yolov8_pafpn/contract.js';
export * from './yolov8_head/contract.js';
export * from './cspnext/contract.js';
export * from './cspnext_pafpn/contract.js';
export * from './rtmdet_head/contract.js';
