/**
 * The runtime's one public entry: everything generated code and the CLI need to build,
 * load, run and train a detector. Tensors inside are NHWC; head outputs keep PyTorch's
 * channel order (anchor-major); forwardNCHW / toNCHW convert at the edges.
 */
export * as tf from '@tensorflow/tfjs-core';
export { YolocError, knownRuntimeError } from './errors.js';

// backends
export { selectBackend, BACKEND_ORDER, pickBackend, type BackendCandidate } from './backend/index.js';
export { registerMissingKernels, PROVIDED_KERNELS } from './backend/kernels/index.js';

// layers
export { Module, Layer, Sequential, Param, type ForwardOptions } from './nn/module.js';
export { Conv2d, type Conv2dArgs } from './nn/conv.js';
export { BatchNorm2d } from './nn/batchnorm.js';
export { SiLU, ReLU6, Identity, silu } from './nn/activation.js';
export { MaxPool2dSame, UpsampleNearest2x } from './nn/pool.js';
export { fromTorch, toTorch, tfShapeOf, type Layout } from './nn/layout.js';

// modules
export { makeDivisible, makeRound } from './modules/scaling.js';
export { ConvModule, YOLO_BN, type NormCfg } from './modules/conv_module.js';
export { CSPLayer, DarknetBottleneck } from './modules/csp_layer.js';
export { SPPFBottleneck } from './modules/sppf_bottleneck.js';
export { StarNet, StarBlock, ConvBN, STARNET_STEM_CHANNELS, type StarNetArgs } from './modules/starnet/module.js';
export { STARNET_PRESETS } from './modules/starnet/contract.js';
export { YOLOv5CSPDarknet, type YOLOv5CSPDarknetArgs } from './modules/yolov5_csp_darknet/module.js';
export { YOLOV5_ARCH_SETTINGS } from './modules/yolov5_csp_darknet/contract.js';
export { YOLOv5PAFPN, type YOLOv5PAFPNArgs } from './modules/yolov5_pafpn/module.js';
export { YOLOv5HeadModule, YOLOv5Head, type TestCfg, type YOLOv5HeadModuleArgs } from './modules/yolov5_head/module.js';
export { YOLOV5_DEFAULT_ANCHORS, YOLOV5_TEST_CFG } from './modules/yolov5_head/contract.js';
export { CSPLayerWithTwoConv, DarknetBottleneckV8 } from './modules/csp_two_conv.js';
export { CSPNeXtBlock, ChannelAttention, DepthwiseSeparableConvModule } from './modules/csp_layer.js';
export { StagedBackbone } from './modules/staged_backbone.js';
export { PointHead } from './modules/point_head_module.js';
export { YOLOv8CSPDarknet, type YOLOv8CSPDarknetArgs } from './modules/yolov8_csp_darknet/module.js';
export { YOLOv8PAFPN, type YOLOv8PAFPNArgs } from './modules/yolov8_pafpn/module.js';
export { YOLOv8HeadModule, YOLOv8Head, type YOLOv8HeadModuleArgs } from './modules/yolov8_head/module.js';
export { CSPNeXt, type CSPNeXtArgs } from './modules/cspnext/module.js';
export { CSPNeXtPAFPN, type CSPNeXtPAFPNArgs } from './modules/cspnext_pafpn/module.js';
export { RTMDetSepBNHeadModule, RTMDetHead, type RTMDetSepBNHeadModuleArgs } from './modules/rtmdet_head/module.js';
export { dflExpectation } from './nn/dfl.js';

// model
export { Backbone, Neck, Head, predictingHead, type Channels, type HeadOutputs, type PriorSpec, type PredictingHead } from './model/contracts.js';
export { YOLODetector, toNCHW, toNHWC, type DetectorFeatures } from './model/detector.js';
export { buildDetector, buildBackbone, buildNeck, buildHead, testCfgOf, SUPPORTED_TYPES } from './model/build.js';
export { forwardNCHW } from './model/run.js';
export { gridPriors, gridPoints, decodeOutputs, decodePoints, decodeHead, type Decoded, type PointDecoded } from './model/decode.js';
export { predictByFeat, type ImageMeta, type Detections } from './model/predict.js';
export { batchedNms } from './model/nms.js';
export { preprocess, preprocessCfgOf, type PreprocessCfg, type RawImage } from './model/preprocess.js';

// io
export { readSafetensors, writeSafetensors, type TensorData } from './io/safetensors.js';
export { loadStateDict, stateDict, stateDictAsync, copyState, STARNET_IMAGENET, type LoadOptions, type LoadReport } from './io/weights.js';

// data and engine (what generated modules' pipeline.ts / train.ts / test.ts use)
export { DataLoader, buildPipeline, synthDataset, TRANSFORM_TYPES, type LoaderOptions, type DatasetCfg, type TransformCfg } from './data/index.js';
export { train, type TrainOptions, type TrainResult } from './engine/train.js';
export { test, type TestOptions } from './engine/test.js';
export { infer, type InferOptions } from './engine/infer.js';
