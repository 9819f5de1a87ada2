/* eslint-disable */
/**
 * AUTO-GENERATED from schema/config.schema.json by schema/generate.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate.
 */

/**
 * A registry dict: `type` picks the class, the other keys are its constructor arguments.
 * 
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "Module".
 */
export type Module = (AlbuBboxParams | AlbuBlur | AlbuCLAHE | AlbuMedianBlur | AlbuToGray | MmdetAlbu | MmdetBatchSyncRandomResize | MmdetBboxOverlaps2D | MmdetCocoDataset | MmdetCocoMetric | MmdetCrossEntropyLoss | MmdetCrowdHumanDataset | MmdetCrowdHumanMetric | MmdetDetDataPreprocessor | MmdetDetLocalVisualizer | MmdetDetTTAModel | MmdetDetVisualizationHook | MmdetDiceLoss | MmdetDistributionFocalLoss | MmdetExpMomentumEMA | MmdetExpand | MmdetFilterAnnotations | MmdetFixShapeResize | MmdetGIoULoss | MmdetIoULoss | MmdetL1Loss | MmdetLoadAnnotations | MmdetMlvlPointGenerator | MmdetPackDetInputs | MmdetPad | MmdetPipelineSwitchHook | MmdetQuadraticWarmupLR | MmdetQuadraticWarmupMomentum | MmdetQualityFocalLoss | MmdetRandomAffine | MmdetRandomCrop | MmdetRandomFlip | MmdetRandomResize | MmdetResize | MmdetSimOTAAssigner | MmdetSyncNormHook | MmdetVOCDataset | MmdetVOCMetric | MmdetVarifocalLoss | MmdetYOLOAnchorGenerator | MmdetYOLOXHSVRandomAug | Adam | AdamW | AimVisBackend | AmpOptimWrapper | ApexOptimWrapper | BN | BN1D | BN2D | BN3D | BaseDataPreprocessor | BaseTTAModel | BaseTransformerLayer | Caffe2Xavier | CenterCrop | CheckpointHook | Clamp | ClassBalancedDataset | ClearMLVisBackend | ColossalAIModelWrapper | ColossalAIOptimWrapper | Compose | ConcatDataset | Constant | ConstantLR | ConstantMomentum | ConstantParamScheduler | ContextBlock | Conv | Conv1D | Conv2D | Conv2DAdaptivePadding | Conv3D | ConvAWS | ConvModule | ConvTranspose2D | ConvTranspose3D | ConvWS | CosineAnnealingLR | CosineAnnealingMomentum | CosineAnnealingParamScheduler | CosineRestartLR | CosineRestartMomentum | CosineRestartParamScheduler | CrissCrossAttention | DCN | DCNv2 | DVCLiveVisBackend | DeepSpeedOptimWrapper | DefaultOptimWrapperConstructor | DefaultSampler | DistSamplerSeedHook | DropPath | Dropout | DumpResults | ELU | EMAHook | EarlyStoppingHook | EmptyCacheHook | EpochBasedTrainLoop | Evaluator | ExponentialLR | ExponentialMomentum | ExponentialMovingAverage | ExponentialParamScheduler | FFN | GELU | GN | GeneralizedAttention | HSigmoid | Hardsigmoid | Hardswish | IN | ImageToTensor | ImgDataPreprocessor | InfiniteSampler | IterBasedTrainLoop | IterTimerHook | Kaiming | KeyMapper | LN | LeakyReLU | LinearLR | LinearMomentum | LinearParamScheduler | LoadAnnotations | LoadImageFromFile | LocalVisBackend | LogProcessor | LoggerHook | MLflowVisBackend | MMDeepSpeedEngineWrapper | MMDistributedDataParallel | MMFullyShardedDataParallel | MMSeparateDistributedDataParallel | MMSyncBN | MomentumAnnealingEMA | MultiScaleDeformableAttention | MultiScaleFlipAug | MultiStepLR | MultiStepMomentum | MultiStepParamScheduler | MultiheadAttention | NPUProfilerHook | NaiveVisualizationHook | NeptuneVisBackend | NonLocal2D | Normal | Normalize | OneCycleLR | OneCycleParamScheduler | OptimWrapper | PReLU | Pad | ParamSchedulerHook | PixelShufflePack | PolyLR | PolyMomentum | PolyParamScheduler | PrepareTTAHook | Pretrained | ProfilerHook | RFSearchHook | RandomApply | RandomChoice | RandomChoiceResize | RandomFlip | RandomGrayscale | RandomResize | ReLU | ReLU6 | ReduceOnPlateauLR | ReduceOnPlateauMomentum | ReduceOnPlateauParamScheduler | RepeatDataset | Resize | RuntimeInfoHook | SAC | SGD | SiLU | Sigmoid | StepLR | StepMomentum | StepParamScheduler | StochasticWeightAverage | Swish | SyncBN | SyncBuffersHook | Tanh | TensorboardVisBackend | TestLoop | TestTimeAug | ToTensor | TransformBroadcaster | TransformerLayerSequence | TruncNormal | Uniform | ValLoop | Visualizer | WandbVisBackend | Xavier | ZeroRedundancyOptimizer | Bilinear | Carafe | Deconv | DefaultCollate | Nearest | Nms | NmsRotated | PseudoCollate | SoftNms | BaseBackbone | BaseYOLONeck | BatchATSSAssigner | BatchDynamicSoftLabelAssigner | BatchShapePolicy | BatchTaskAlignedAssigner | BepC3StageBlock | CBAM | CSPNeXt | CSPNeXtPAFPN | ConvWrapper | DistanceAnglePointCoder | DistancePointBBoxCoder | EELANBlock | ELANBlock | EffectiveSELayer | ExpMomentumEMA | FilterAnnotations | IoULoss | LetterResize | Mmyolo_LoadAnnotations | Mosaic | Mosaic9 | OksLoss | PPYOLOEBasicBlock | PPYOLOEBatchRandomResize | PPYOLOECSPPAFPN | PPYOLOECSPResNet | PPYOLOEDetDataPreprocessor | PPYOLOEHead | PPYOLOEHeadModule | PPYOLOEParamSchedulerHook | PPYOLOERandomCrop | PPYOLOERandomDistort | PackDetInputs | Polygon2Mask | PoseCocoDataset | PoseSimOTAAssigner | RTMDetHead | RTMDetInsSepBNHead | RTMDetInsSepBNHeadModule | RTMDetRotatedHead | RTMDetRotatedSepBNHeadModule | RTMDetSepBNHeadModule | RandomAffine | Mmyolo_RandomFlip | RegularizeRotatedBox | RemoveDataElement | RepStageBlock | RepVGGBlock | Mmyolo_Resize | SPPFCSPBlock | StarNet | SwitchToDeployHook | TinyDownSampleBlock | YOLODetector | YOLOXBBoxCoder | YOLOXBatchSyncRandomResize | YOLOXCSPDarknet | YOLOXHead | YOLOXHeadModule | YOLOXMixUp | YOLOXModeSwitchHook | YOLOXPAFPN | YOLOXPoseHead | YOLOXPoseHeadModule | YOLOv5BBoxCoder | YOLOv5CSPDarknet | YOLOv5CocoDataset | YOLOv5CopyPaste | YOLOv5CrowdHumanDataset | YOLOv5DOTADataset | YOLOv5DetDataPreprocessor | YOLOv5HSVRandomAug | YOLOv5Head | YOLOv5HeadModule | YOLOv5InsHead | YOLOv5InsHeadModule | YOLOv5KeepRatioResize | YOLOv5MixUp | YOLOv5OptimizerConstructor | YOLOv5PAFPN | YOLOv5ParamSchedulerHook | YOLOv5RandomAffine | YOLOv5VOCDataset | YOLOv6CSPBep | YOLOv6CSPRepBiPAFPN | YOLOv6CSPRepPAFPN | YOLOv6EfficientRep | YOLOv6Head | YOLOv6HeadModule | YOLOv6RepBiPAFPN | YOLOv6RepPAFPN | YOLOv7Backbone | YOLOv7Head | YOLOv7HeadModule | YOLOv7OptimWrapperConstructor | YOLOv7PAFPN | YOLOv7P6HeadModule | YOLOv8CSPDarknet | YOLOv8Head | YOLOv8HeadModule | YOLOv8PAFPN | Yolov5Collate)
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "DataLoader".
 */
export type DataLoader = ({
batch_size?: number
num_workers?: number
persistent_workers?: boolean
pin_memory?: boolean
shuffle?: boolean
drop_last?: boolean
sampler?: Module
batch_sampler?: (Module | null)
collate_fn?: Module
dataset?: Module
timeout?: number
worker_init_fn?: unknown
prefetch_factor?: (number | null)
pin_memory_device?: string
multiprocessing_context?: unknown
generator?: unknown
num_batch_per_epoch?: (number | null)
} | null)

/**
 * An MMYOLO-style config after _base_ resolution. Unknown top-level keys are user variables (MMEngine keeps every module-level name).
 */
export interface YolocConfig {
/**
 * path of this schema, for editor completion
 */
$schema?: string
_base_?: (string | string[])
model?: Module
tta_model?: (Module | null)
tta_pipeline?: readonly Module[]
data_preprocessor?: (Module | null)
train_dataloader?: DataLoader
val_dataloader?: DataLoader
test_dataloader?: DataLoader
train_cfg?: (Module | {
by_epoch?: boolean
max_epochs?: number
max_iters?: number
val_interval?: number
val_begin?: number
} | null)
val_cfg?: (Module | {
by_epoch?: boolean
max_epochs?: number
max_iters?: number
val_interval?: number
val_begin?: number
} | null)
test_cfg?: (Module | {
by_epoch?: boolean
max_epochs?: number
max_iters?: number
val_interval?: number
val_begin?: number
} | null)
optim_wrapper?: (Module | {

} | null)
param_scheduler?: (Module | readonly Module[] | null)
val_evaluator?: (Module | readonly Module[] | null)
test_evaluator?: (Module | readonly Module[] | null)
default_hooks?: {
[k: string]: Module | null
}
custom_hooks?: (readonly Module[] | null)
env_cfg?: {
cudnn_benchmark?: boolean
mp_cfg?: {
mp_start_method?: ("fork" | "spawn" | "forkserver")
opencv_num_threads?: number
}
dist_cfg?: {
backend?: string
}
resource_limit?: number
}
vis_backends?: (readonly Module[] | null)
visualizer?: (Module | null)
log_processor?: {
type?: string
window_size?: number
by_epoch?: boolean
num_digits?: number
custom_cfg?: (unknown[] | null)
}
log_level?: ("DEBUG" | "INFO" | "WARNING" | "WARN" | "ERROR" | "CRITICAL" | "debug" | "info" | "warning" | "error" | "critical")
load_from?: (string | null)
resume?: (boolean | string)
default_scope?: (string | null)
launcher?: ("none" | "pytorch" | "slurm" | "mpi")
work_dir?: string
experiment_name?: string
randomness?: {
seed?: (number | null)
deterministic?: boolean
diff_rank_seed?: boolean
}
file_client_args?: ({

} | null)
backend_args?: ({

} | null)
auto_scale_lr?: {
enable?: boolean
base_batch_size?: number
}
custom_imports?: {
imports?: (unknown[] | string)
allow_failed_imports?: boolean
}
model_wrapper_cfg?: (Module | null)
compile?: (boolean | {

})
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "albu.BboxParams".
 */
export interface AlbuBboxParams {
type: "BboxParams"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
format: ("pascal_voc" | "albumentations" | "coco" | "yolo")
label_fields?: unknown
min_area?: number
min_visibility?: number
min_width?: number
min_height?: number
check_each_transform?: boolean
clip?: boolean
filter_invalid_bboxes?: boolean
max_accept_ratio?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "albu.Blur".
 */
export interface AlbuBlur {
type: "Blur"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
blur_limit?: number
always_apply?: boolean
p?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "albu.CLAHE".
 */
export interface AlbuCLAHE {
type: "CLAHE"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
clip_limit?: number
tile_grid_size?: readonly unknown[]
always_apply?: boolean
p?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "albu.MedianBlur".
 */
export interface AlbuMedianBlur {
type: "MedianBlur"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
blur_limit?: number
always_apply?: boolean
p?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "albu.ToGray".
 */
export interface AlbuToGray {
type: "ToGray"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_output_channels?: number
method?: string
always_apply?: boolean
p?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.Albu".
 */
export interface MmdetAlbu {
type: "mmdet.Albu"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: unknown
bbox_params?: unknown
keymap?: unknown
skip_img_without_anno?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.BatchSyncRandomResize".
 */
export interface MmdetBatchSyncRandomResize {
type: "mmdet.BatchSyncRandomResize"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
random_size_range: unknown
interval?: number
size_divisor?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.BboxOverlaps2D".
 */
export interface MmdetBboxOverlaps2D {
type: "mmdet.BboxOverlaps2D"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale?: number
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.CocoDataset".
 */
export interface MmdetCocoDataset {
type: "mmdet.CocoDataset"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
ann_file?: (null | string)
metainfo?: (null | {

})
data_root?: (null | string)
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.CocoMetric".
 */
export interface MmdetCocoMetric {
type: "mmdet.CocoMetric"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
ann_file?: unknown
metric?: readonly unknown[] | string
classwise?: boolean
proposal_nums?: readonly unknown[]
iou_thrs?: readonly unknown[] | null | number
metric_items?: readonly unknown[] | null
format_only?: boolean
outfile_prefix?: unknown
file_client_args?: unknown
backend_args?: unknown
collect_device?: ("cpu" | "gpu")
prefix?: unknown
sort_categories?: boolean
use_mp_eval?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.CrossEntropyLoss".
 */
export interface MmdetCrossEntropyLoss {
type: "mmdet.CrossEntropyLoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_sigmoid?: boolean
use_mask?: boolean
reduction?: ("none" | "mean" | "sum")
class_weight?: unknown
ignore_index?: unknown
loss_weight?: number
avg_non_ignore?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.CrowdHumanDataset".
 */
export interface MmdetCrowdHumanDataset {
type: "mmdet.CrowdHumanDataset"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
data_root: unknown
ann_file: unknown
extra_ann_file?: unknown
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
metainfo?: (null | {

})
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.CrowdHumanMetric".
 */
export interface MmdetCrowdHumanMetric {
type: "mmdet.CrowdHumanMetric"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
ann_file: unknown
metric?: readonly unknown[] | string
format_only?: boolean
outfile_prefix?: unknown
file_client_args?: unknown
backend_args?: unknown
collect_device?: string
prefix?: unknown
eval_mode?: number
iou_thres?: number
compare_matching_method?: unknown
mr_ref?: string
num_ji_process?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.DetDataPreprocessor".
 */
export interface MmdetDetDataPreprocessor {
type: "mmdet.DetDataPreprocessor"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean?: unknown
std?: unknown
pad_size_divisor?: number
pad_value?: readonly unknown[] | number | { [k: string]: unknown }
pad_mask?: boolean
mask_pad_value?: readonly unknown[] | number | { [k: string]: unknown }
pad_seg?: boolean
seg_pad_value?: readonly unknown[] | number | { [k: string]: unknown }
bgr_to_rgb?: boolean
rgb_to_bgr?: boolean
boxtype2tensor?: boolean
non_blocking?: boolean
batch_augments?: readonly Module[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.DetLocalVisualizer".
 */
export interface MmdetDetLocalVisualizer {
type: "mmdet.DetLocalVisualizer"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
name?: string
image?: unknown
vis_backends?: readonly Module[]
save_dir?: unknown
bbox_color?: unknown
text_color?: readonly unknown[]
mask_color?: unknown
line_width?: number
alpha?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.DetTTAModel".
 */
export interface MmdetDetTTAModel {
type: "mmdet.DetTTAModel"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
tta_cfg?: unknown
data_preprocessor?: (Module | null)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.DetVisualizationHook".
 */
export interface MmdetDetVisualizationHook {
type: "mmdet.DetVisualizationHook"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
draw?: boolean
interval?: number
score_thr?: number
show?: boolean
wait_time?: number
test_out_dir?: unknown
file_client_args?: unknown
backend_args?: unknown
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.DiceLoss".
 */
export interface MmdetDiceLoss {
type: "mmdet.DiceLoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_sigmoid?: boolean
activate?: boolean
reduction?: ("none" | "mean" | "sum")
naive_dice?: boolean
loss_weight?: number
eps?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.DistributionFocalLoss".
 */
export interface MmdetDistributionFocalLoss {
type: "mmdet.DistributionFocalLoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.ExpMomentumEMA".
 */
export interface MmdetExpMomentumEMA {
type: "mmdet.ExpMomentumEMA"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
model: unknown
momentum?: number
gamma?: number
interval?: number
device?: unknown
update_buffers?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.Expand".
 */
export interface MmdetExpand {
type: "mmdet.Expand"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean?: readonly unknown[]
to_rgb?: boolean
ratio_range?: readonly unknown[]
seg_ignore_label?: unknown
prob?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.FilterAnnotations".
 */
export interface MmdetFilterAnnotations {
type: "mmdet.FilterAnnotations"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
min_gt_bbox_wh?: readonly unknown[]
min_gt_mask_area?: number
by_box?: boolean
by_mask?: boolean
keep_empty?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.FixShapeResize".
 */
export interface MmdetFixShapeResize {
type: "mmdet.FixShapeResize"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
width: unknown
height: unknown
pad_val?: {

}
keep_ratio?: boolean
clip_object_border?: boolean
backend?: string
interpolation?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.GIoULoss".
 */
export interface MmdetGIoULoss {
type: "mmdet.GIoULoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.IoULoss".
 */
export interface MmdetIoULoss {
type: "mmdet.IoULoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
linear?: boolean
eps?: number
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
mode?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.L1Loss".
 */
export interface MmdetL1Loss {
type: "mmdet.L1Loss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.LoadAnnotations".
 */
export interface MmdetLoadAnnotations {
type: "mmdet.LoadAnnotations"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
with_mask?: boolean
poly2mask?: boolean
box_type?: string
reduce_zero_label?: boolean
ignore_index?: number
with_bbox?: boolean
with_label?: boolean
with_seg?: boolean
with_keypoints?: boolean
imdecode_backend?: string
file_client_args?: (null | {

})
backend_args?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.MlvlPointGenerator".
 */
export interface MmdetMlvlPointGenerator {
type: "mmdet.MlvlPointGenerator"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
strides: unknown
offset?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.PackDetInputs".
 */
export interface MmdetPackDetInputs {
type: "mmdet.PackDetInputs"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
meta_keys?: readonly unknown[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.Pad".
 */
export interface MmdetPad {
type: "mmdet.Pad"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
size?: readonly unknown[] | null
size_divisor?: (null | number)
pad_to_square?: boolean
pad_val?: {

}
padding_mode?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.PipelineSwitchHook".
 */
export interface MmdetPipelineSwitchHook {
type: "mmdet.PipelineSwitchHook"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
switch_epoch: unknown
switch_pipeline: readonly Module[]
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.QuadraticWarmupLR".
 */
export interface MmdetQuadraticWarmupLR {
type: "mmdet.QuadraticWarmupLR"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
begin?: number
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.QuadraticWarmupMomentum".
 */
export interface MmdetQuadraticWarmupMomentum {
type: "mmdet.QuadraticWarmupMomentum"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
begin?: number
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.QualityFocalLoss".
 */
export interface MmdetQualityFocalLoss {
type: "mmdet.QualityFocalLoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_sigmoid?: boolean
beta?: number
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
activated?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.RandomAffine".
 */
export interface MmdetRandomAffine {
type: "mmdet.RandomAffine"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
max_rotate_degree?: number
max_translate_ratio?: number
scaling_ratio_range?: readonly unknown[]
max_shear_degree?: number
border?: readonly unknown[]
border_val?: readonly unknown[]
bbox_clip_border?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.RandomCrop".
 */
export interface MmdetRandomCrop {
type: "mmdet.RandomCrop"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
crop_size: unknown
crop_type?: string
allow_negative_crop?: boolean
recompute_bbox?: boolean
bbox_clip_border?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.RandomFlip".
 */
export interface MmdetRandomFlip {
type: "mmdet.RandomFlip"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
prob?: unknown
direction?: readonly unknown[] | string
swap_seg_labels?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.RandomResize".
 */
export interface MmdetRandomResize {
type: "mmdet.RandomResize"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale: readonly unknown[]
ratio_range?: readonly unknown[] | null
resize_type?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.Resize".
 */
export interface MmdetResize {
type: "mmdet.Resize"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale?: readonly unknown[] | null | number
scale_factor?: readonly unknown[] | null | number
keep_ratio?: boolean
clip_object_border?: boolean
backend?: string
interpolation?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.SimOTAAssigner".
 */
export interface MmdetSimOTAAssigner {
type: "mmdet.SimOTAAssigner"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
center_radius?: number
candidate_topk?: number
iou_weight?: number
cls_weight?: number
iou_calculator?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.SyncNormHook".
 */
export interface MmdetSyncNormHook {
type: "mmdet.SyncNormHook"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.VOCDataset".
 */
export interface MmdetVOCDataset {
type: "mmdet.VOCDataset"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
img_subdir?: string
ann_subdir?: string
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
ann_file?: (null | string)
metainfo?: (null | {

})
data_root?: (null | string)
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.VOCMetric".
 */
export interface MmdetVOCMetric {
type: "mmdet.VOCMetric"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
iou_thrs?: readonly unknown[] | number
scale_ranges?: readonly unknown[] | null
metric?: readonly unknown[] | string
proposal_nums?: readonly unknown[]
eval_mode?: string
collect_device?: string
prefix?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.VarifocalLoss".
 */
export interface MmdetVarifocalLoss {
type: "mmdet.VarifocalLoss"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_sigmoid?: boolean
alpha?: number
gamma?: number
iou_weighted?: boolean
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.YOLOAnchorGenerator".
 */
export interface MmdetYOLOAnchorGenerator {
type: "mmdet.YOLOAnchorGenerator"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
strides: unknown
base_sizes: unknown
use_box_type?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmdet.YOLOXHSVRandomAug".
 */
export interface MmdetYOLOXHSVRandomAug {
type: "mmdet.YOLOXHSVRandomAug"
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
hue_delta?: number
saturation_delta?: number
value_delta?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Adam".
 */
export interface Adam {
type: ("Adam" | "mmengine.Adam")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
lr?: number
betas?: readonly unknown[]
eps?: number
weight_decay?: number
amsgrad?: boolean
foreach?: unknown
maximize?: boolean
capturable?: boolean
differentiable?: boolean
fused?: unknown
/**
 * consumed by YOLOv5OptimizerConstructor
 */
batch_size_per_gpu?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.AdamW".
 */
export interface AdamW {
type: ("AdamW" | "mmengine.AdamW")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
lr?: number
betas?: readonly unknown[]
eps?: number
weight_decay?: number
amsgrad?: boolean
foreach?: unknown
maximize?: boolean
capturable?: boolean
differentiable?: boolean
fused?: unknown
/**
 * consumed by YOLOv5OptimizerConstructor
 */
batch_size_per_gpu?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.AimVisBackend".
 */
export interface AimVisBackend {
type: ("AimVisBackend" | "mmengine.AimVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
init_kwargs?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.AmpOptimWrapper".
 */
export interface AmpOptimWrapper {
type: ("AmpOptimWrapper" | "mmengine.AmpOptimWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
loss_scale?: string
dtype?: unknown
use_fsdp?: boolean
optimizer: Module
accumulative_counts?: number
clip_grad?: (null | {

})
/**
 * optimizer wrapper constructor (popped by the runner)
 */
constructor?: string
paramwise_cfg?: {

}
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ApexOptimWrapper".
 */
export interface ApexOptimWrapper {
type: ("ApexOptimWrapper" | "mmengine.ApexOptimWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
opt_level?: string
loss_scale?: (null | number | string)
enabled?: (boolean | null)
cast_model_type?: unknown
patch_torch_functions?: (boolean | null)
keep_batchnorm_fp32?: (boolean | null | string)
master_weights?: (boolean | null)
cast_model_outputs?: unknown
num_losses?: number
verbosity?: number
min_loss_scale?: (null | number)
/**
 * default: 2.0 ** 24
 */
max_loss_scale?: (null | number)
optimizer: Module
accumulative_counts?: number
clip_grad?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BN".
 */
export interface BN {
type: ("BN" | "mmengine.BN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
momentum?: number
affine?: boolean
track_running_stats?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BN1d".
 */
export interface BN1D {
type: ("BN1d" | "mmengine.BN1d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
momentum?: number
affine?: boolean
track_running_stats?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BN2d".
 */
export interface BN2D {
type: ("BN2d" | "mmengine.BN2d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
momentum?: number
affine?: boolean
track_running_stats?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BN3d".
 */
export interface BN3D {
type: ("BN3d" | "mmengine.BN3d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
momentum?: number
affine?: boolean
track_running_stats?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BaseDataPreprocessor".
 */
export interface BaseDataPreprocessor {
type: ("BaseDataPreprocessor" | "mmengine.BaseDataPreprocessor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
non_blocking?: (boolean | null)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BaseTTAModel".
 */
export interface BaseTTAModel {
type: ("BaseTTAModel" | "mmengine.BaseTTAModel")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
data_preprocessor?: (Module | null)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.BaseTransformerLayer".
 */
export interface BaseTransformerLayer {
type: ("BaseTransformerLayer" | "mmengine.BaseTransformerLayer")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
attn_cfgs?: unknown
/**
 * default: dict(type='FFN', embed_dims=256, feedforward_channels=1024, num_fcs=2, ffn_drop=0.0, act_cfg=dict(type='ReLU', inplace=True))
 */
ffn_cfgs?: unknown
operation_order?: unknown
norm_cfg?: Module
init_cfg?: unknown
batch_first?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Caffe2Xavier".
 */
export interface Caffe2Xavier {
type: ("Caffe2Xavier" | "mmengine.Caffe2Xavier")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
a?: number
mode?: string
nonlinearity?: string
distribution?: string
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CenterCrop".
 */
export interface CenterCrop {
type: ("CenterCrop" | "mmengine.CenterCrop")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
crop_size: readonly unknown[] | number
auto_pad?: boolean
pad_cfg?: Module
clip_object_border?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CheckpointHook".
 */
export interface CheckpointHook {
type: ("CheckpointHook" | "mmengine.CheckpointHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
interval?: number
by_epoch?: boolean
save_optimizer?: boolean
save_param_scheduler?: boolean
out_dir?: unknown
max_keep_ckpts?: number
save_last?: boolean
save_best?: readonly unknown[] | null | string
rule?: readonly unknown[] | null | string
greater_keys?: readonly unknown[] | null
less_keys?: readonly unknown[] | null
file_client_args?: (null | {

})
filename_tmpl?: (null | string)
backend_args?: (null | {

})
published_keys?: readonly unknown[] | null | string
save_begin?: number
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
/**
 * passed to runner.save_checkpoint
 */
meta?: { [k: string]: unknown } | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Clamp".
 */
export interface Clamp {
type: ("Clamp" | "mmengine.Clamp")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
min?: number
max?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ClassBalancedDataset".
 */
export interface ClassBalancedDataset {
type: ("ClassBalancedDataset" | "mmengine.ClassBalancedDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
dataset: Module
oversample_thr: number
lazy_init?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ClearMLVisBackend".
 */
export interface ClearMLVisBackend {
type: ("ClearMLVisBackend" | "mmengine.ClearMLVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
init_kwargs?: (null | {

})
artifact_suffix?: readonly unknown[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ColossalAIModelWrapper".
 */
export interface ColossalAIModelWrapper {
type: ("ColossalAIModelWrapper" | "mmengine.ColossalAIModelWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
model_wrapper: unknown
model: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ColossalAIOptimWrapper".
 */
export interface ColossalAIOptimWrapper {
type: ("ColossalAIOptimWrapper" | "mmengine.ColossalAIOptimWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
optimizer: Module
booster?: unknown
accumulative_counts?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Compose".
 */
export interface Compose {
type: ("Compose" | "mmengine.Compose")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConcatDataset".
 */
export interface ConcatDataset {
type: ("ConcatDataset" | "mmengine.ConcatDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
datasets: readonly unknown[]
lazy_init?: boolean
ignore_keys?: readonly unknown[] | null | string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Constant".
 */
export interface Constant {
type: ("Constant" | "mmengine.Constant")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
val: unknown
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConstantLR".
 */
export interface ConstantLR {
type: ("ConstantLR" | "mmengine.ConstantLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * default: 1.0 / 3
 */
factor?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConstantMomentum".
 */
export interface ConstantMomentum {
type: ("ConstantMomentum" | "mmengine.ConstantMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * default: 1.0 / 3
 */
factor?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConstantParamScheduler".
 */
export interface ConstantParamScheduler {
type: ("ConstantParamScheduler" | "mmengine.ConstantParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * default: 1.0 / 3
 */
factor?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ContextBlock".
 */
export interface ContextBlock {
type: ("ContextBlock" | "mmengine.ContextBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
ratio: number
pooling_type?: string
fusion_types?: readonly unknown[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Conv".
 */
export interface Conv {
type: ("Conv" | "mmengine.Conv")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Conv1d".
 */
export interface Conv1D {
type: ("Conv1d" | "mmengine.Conv1d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Conv2d".
 */
export interface Conv2D {
type: ("Conv2d" | "mmengine.Conv2d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Conv2dAdaptivePadding".
 */
export interface Conv2DAdaptivePadding {
type: ("Conv2dAdaptivePadding" | "mmengine.Conv2dAdaptivePadding")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size: readonly unknown[] | number
stride?: readonly unknown[] | number
padding?: readonly unknown[] | number
dilation?: readonly unknown[] | number
groups?: number
bias?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Conv3d".
 */
export interface Conv3D {
type: ("Conv3d" | "mmengine.Conv3d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConvAWS".
 */
export interface ConvAWS {
type: ("ConvAWS" | "mmengine.ConvAWS")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size: readonly unknown[] | number
stride?: readonly unknown[] | number
padding?: readonly unknown[] | number
dilation?: readonly unknown[] | number
groups?: number
bias?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConvModule".
 */
export interface ConvModule {
type: ("ConvModule" | "mmengine.ConvModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size: readonly unknown[] | number
stride?: readonly unknown[] | number
padding?: readonly unknown[] | number
dilation?: readonly unknown[] | number
groups?: number
bias?: (boolean | string)
conv_cfg?: (Module | null)
norm_cfg?: (Module | null)
act_cfg?: (Module | null)
inplace?: boolean
with_spectral_norm?: boolean
padding_mode?: string
order?: readonly unknown[]
efficient_conv_bn_eval?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConvTranspose2d".
 */
export interface ConvTranspose2D {
type: ("ConvTranspose2d" | "mmengine.ConvTranspose2d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConvTranspose3d".
 */
export interface ConvTranspose3D {
type: ("ConvTranspose3d" | "mmengine.ConvTranspose3d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ConvWS".
 */
export interface ConvWS {
type: ("ConvWS" | "mmengine.ConvWS")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size: readonly unknown[] | number
stride?: readonly unknown[] | number
padding?: readonly unknown[] | number
dilation?: readonly unknown[] | number
groups?: number
bias?: boolean
eps?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CosineAnnealingLR".
 */
export interface CosineAnnealingLR {
type: ("CosineAnnealingLR" | "mmengine.CosineAnnealingLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
T_max?: (null | number)
eta_min?: (null | number)
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
eta_min_ratio?: (null | number)
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CosineAnnealingMomentum".
 */
export interface CosineAnnealingMomentum {
type: ("CosineAnnealingMomentum" | "mmengine.CosineAnnealingMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
T_max?: (null | number)
eta_min?: (null | number)
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
eta_min_ratio?: (null | number)
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CosineAnnealingParamScheduler".
 */
export interface CosineAnnealingParamScheduler {
type: ("CosineAnnealingParamScheduler" | "mmengine.CosineAnnealingParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
T_max?: (null | number)
eta_min?: (null | number)
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
eta_min_ratio?: (null | number)
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CosineRestartLR".
 */
export interface CosineRestartLR {
type: ("CosineRestartLR" | "mmengine.CosineRestartLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
periods: readonly unknown[]
restart_weights?: readonly unknown[]
eta_min?: (null | number)
eta_min_ratio?: (null | number)
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CosineRestartMomentum".
 */
export interface CosineRestartMomentum {
type: ("CosineRestartMomentum" | "mmengine.CosineRestartMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
periods: readonly unknown[]
restart_weights?: readonly unknown[]
eta_min?: (null | number)
eta_min_ratio?: (null | number)
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CosineRestartParamScheduler".
 */
export interface CosineRestartParamScheduler {
type: ("CosineRestartParamScheduler" | "mmengine.CosineRestartParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
periods: readonly unknown[]
restart_weights?: readonly unknown[]
eta_min?: (null | number)
eta_min_ratio?: (null | number)
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.CrissCrossAttention".
 */
export interface CrissCrossAttention {
type: ("CrissCrossAttention" | "mmengine.CrissCrossAttention")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DCN".
 */
export interface DCN {
type: ("DCN" | "mmengine.DCN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size: readonly unknown[] | number
stride?: readonly unknown[] | number
padding?: readonly unknown[] | number
dilation?: readonly unknown[] | number
groups?: number
deform_groups?: number
bias?: boolean
im2col_step?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DCNv2".
 */
export interface DCNv2 {
type: ("DCNv2" | "mmengine.DCNv2")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size: readonly unknown[] | number
stride?: number
padding?: number
dilation?: number
groups?: number
deform_groups?: number
bias?: (boolean | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DVCLiveVisBackend".
 */
export interface DVCLiveVisBackend {
type: ("DVCLiveVisBackend" | "mmengine.DVCLiveVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
artifact_suffix?: readonly unknown[]
init_kwargs?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DeepSpeedOptimWrapper".
 */
export interface DeepSpeedOptimWrapper {
type: ("DeepSpeedOptimWrapper" | "mmengine.DeepSpeedOptimWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
optimizer: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DefaultOptimWrapperConstructor".
 */
export interface DefaultOptimWrapperConstructor {
type: ("DefaultOptimWrapperConstructor" | "mmengine.DefaultOptimWrapperConstructor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
paramwise_cfg?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DefaultSampler".
 */
export interface DefaultSampler {
type: ("DefaultSampler" | "mmengine.DefaultSampler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
shuffle?: boolean
seed?: (null | number)
round_up?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DistSamplerSeedHook".
 */
export interface DistSamplerSeedHook {
type: ("DistSamplerSeedHook" | "mmengine.DistSamplerSeedHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DropPath".
 */
export interface DropPath {
type: ("DropPath" | "mmengine.DropPath")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
drop_prob?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Dropout".
 */
export interface Dropout {
type: ("Dropout" | "mmengine.Dropout")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
drop_prob?: number
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.DumpResults".
 */
export interface DumpResults {
type: ("DumpResults" | "mmengine.DumpResults")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
out_file_path: string
collect_device?: string
collect_dir?: (null | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ELU".
 */
export interface ELU {
type: ("ELU" | "mmengine.ELU")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
alpha?: number
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.EMAHook".
 */
export interface EMAHook {
type: ("EMAHook" | "mmengine.EMAHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
ema_type?: string
strict_load?: boolean
begin_iter?: number
begin_epoch?: number
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.EarlyStoppingHook".
 */
export interface EarlyStoppingHook {
type: ("EarlyStoppingHook" | "mmengine.EarlyStoppingHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
monitor: string
rule?: (null | string)
min_delta?: number
strict?: boolean
check_finite?: boolean
patience?: number
stopping_threshold?: (null | number)
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.EmptyCacheHook".
 */
export interface EmptyCacheHook {
type: ("EmptyCacheHook" | "mmengine.EmptyCacheHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
before_epoch?: boolean
after_epoch?: boolean
after_iter?: boolean
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.EpochBasedTrainLoop".
 */
export interface EpochBasedTrainLoop {
type: ("EpochBasedTrainLoop" | "mmengine.EpochBasedTrainLoop")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
max_epochs: number
val_begin?: number
val_interval?: number
dynamic_intervals?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Evaluator".
 */
export interface Evaluator {
type: ("Evaluator" | "mmengine.Evaluator")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
metrics: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ExponentialLR".
 */
export interface ExponentialLR {
type: ("ExponentialLR" | "mmengine.ExponentialLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
gamma: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ExponentialMomentum".
 */
export interface ExponentialMomentum {
type: ("ExponentialMomentum" | "mmengine.ExponentialMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
gamma: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ExponentialMovingAverage".
 */
export interface ExponentialMovingAverage {
type: ("ExponentialMovingAverage" | "mmengine.ExponentialMovingAverage")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
momentum?: number
interval?: number
device?: unknown
update_buffers?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ExponentialParamScheduler".
 */
export interface ExponentialParamScheduler {
type: ("ExponentialParamScheduler" | "mmengine.ExponentialParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
gamma: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.FFN".
 */
export interface FFN {
type: ("FFN" | "mmengine.FFN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
embed_dims?: number
feedforward_channels?: number
num_fcs?: number
act_cfg?: Module
ffn_drop?: number
dropout_layer?: unknown
add_identity?: boolean
init_cfg?: unknown
layer_scale_init_value?: readonly unknown[] | number | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.GELU".
 */
export interface GELU {
type: ("GELU" | "mmengine.GELU")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.GN".
 */
export interface GN {
type: ("GN" | "mmengine.GN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_groups: unknown
eps?: number
affine?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.GeneralizedAttention".
 */
export interface GeneralizedAttention {
type: ("GeneralizedAttention" | "mmengine.GeneralizedAttention")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
spatial_range?: number
num_heads?: number
position_embedding_dim?: number
position_magnitude?: number
kv_stride?: number
q_stride?: number
attention_type?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.HSigmoid".
 */
export interface HSigmoid {
type: ("HSigmoid" | "mmengine.HSigmoid")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
bias?: number
divisor?: number
min_value?: readonly unknown[] | number | { [k: string]: unknown }
max_value?: readonly unknown[] | number | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Hardsigmoid".
 */
export interface Hardsigmoid {
type: ("Hardsigmoid" | "mmengine.Hardsigmoid")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Hardswish".
 */
export interface Hardswish {
type: ("Hardswish" | "mmengine.Hardswish")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.IN".
 */
export interface IN {
type: ("IN" | "mmengine.IN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
momentum?: number
affine?: boolean
track_running_stats?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ImageToTensor".
 */
export interface ImageToTensor {
type: ("ImageToTensor" | "mmengine.ImageToTensor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
keys: {

}
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ImgDataPreprocessor".
 */
export interface ImgDataPreprocessor {
type: ("ImgDataPreprocessor" | "mmengine.ImgDataPreprocessor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean?: readonly unknown[] | null
std?: readonly unknown[] | null
pad_size_divisor?: number
pad_value?: readonly unknown[] | number | { [k: string]: unknown }
bgr_to_rgb?: boolean
rgb_to_bgr?: boolean
non_blocking?: (boolean | null)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.InfiniteSampler".
 */
export interface InfiniteSampler {
type: ("InfiniteSampler" | "mmengine.InfiniteSampler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
shuffle?: boolean
seed?: (null | number)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.IterBasedTrainLoop".
 */
export interface IterBasedTrainLoop {
type: ("IterBasedTrainLoop" | "mmengine.IterBasedTrainLoop")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
max_iters: number
val_begin?: number
val_interval?: number
dynamic_intervals?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.IterTimerHook".
 */
export interface IterTimerHook {
type: ("IterTimerHook" | "mmengine.IterTimerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Kaiming".
 */
export interface Kaiming {
type: ("Kaiming" | "mmengine.Kaiming")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
a?: number
mode?: string
nonlinearity?: string
distribution?: string
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.KeyMapper".
 */
export interface KeyMapper {
type: ("KeyMapper" | "mmengine.KeyMapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms?: unknown
mapping?: (null | {

})
remapping?: (null | {

})
auto_remap?: (boolean | null)
allow_nonexist_keys?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LN".
 */
export interface LN {
type: ("LN" | "mmengine.LN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
elementwise_affine?: boolean
bias?: boolean
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LeakyReLU".
 */
export interface LeakyReLU {
type: ("LeakyReLU" | "mmengine.LeakyReLU")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
negative_slope?: number
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LinearLR".
 */
export interface LinearLR {
type: ("LinearLR" | "mmengine.LinearLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * default: 1.0 / 3
 */
start_factor?: number
end_factor?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LinearMomentum".
 */
export interface LinearMomentum {
type: ("LinearMomentum" | "mmengine.LinearMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * default: 1.0 / 3
 */
start_factor?: number
end_factor?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LinearParamScheduler".
 */
export interface LinearParamScheduler {
type: ("LinearParamScheduler" | "mmengine.LinearParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * default: 1.0 / 3
 */
start_factor?: number
end_factor?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LoadAnnotations".
 */
export interface LoadAnnotations {
type: ("LoadAnnotations" | "mmengine.LoadAnnotations")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
with_bbox?: boolean
with_label?: boolean
with_seg?: boolean
with_keypoints?: boolean
imdecode_backend?: string
file_client_args?: (null | {

})
backend_args?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LoadImageFromFile".
 */
export interface LoadImageFromFile {
type: ("LoadImageFromFile" | "mmengine.LoadImageFromFile")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
to_float32?: boolean
color_type?: ("color" | "grayscale" | "unchanged" | "color_ignore_orientation" | "grayscale_ignore_orientation")
imdecode_backend?: string
file_client_args?: (null | {

})
ignore_empty?: boolean
backend_args?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LocalVisBackend".
 */
export interface LocalVisBackend {
type: ("LocalVisBackend" | "mmengine.LocalVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
img_save_dir?: string
config_save_file?: string
scalar_save_file?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LogProcessor".
 */
export interface LogProcessor {
type: ("LogProcessor" | "mmengine.LogProcessor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
window_size?: number
by_epoch?: boolean
custom_cfg?: readonly unknown[] | null
num_digits?: number
log_with_hierarchy?: boolean
mean_pattern?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.LoggerHook".
 */
export interface LoggerHook {
type: ("LoggerHook" | "mmengine.LoggerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
interval?: number
ignore_last?: boolean
interval_exp_name?: number
out_dir?: unknown
out_suffix?: readonly unknown[]
keep_local?: boolean
file_client_args?: (null | {

})
log_metric_by_epoch?: boolean
backend_args?: (null | {

})
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MLflowVisBackend".
 */
export interface MLflowVisBackend {
type: ("MLflowVisBackend" | "mmengine.MLflowVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
exp_name?: (null | string)
run_name?: (null | string)
tags?: (null | {

})
params?: (null | {

})
tracking_uri?: (null | string)
artifact_suffix?: readonly unknown[]
tracked_config_keys?: (null | {

})
artifact_location?: (null | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MMDeepSpeedEngineWrapper".
 */
export interface MMDeepSpeedEngineWrapper {
type: ("MMDeepSpeedEngineWrapper" | "mmengine.MMDeepSpeedEngineWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
model: unknown
inputs_to_half?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MMDistributedDataParallel".
 */
export interface MMDistributedDataParallel {
type: ("MMDistributedDataParallel" | "mmengine.MMDistributedDataParallel")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
detect_anomalous_params?: boolean
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MMFullyShardedDataParallel".
 */
export interface MMFullyShardedDataParallel {
type: ("MMFullyShardedDataParallel" | "mmengine.MMFullyShardedDataParallel")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
process_group?: unknown
sharding_strategy?: unknown
cpu_offload?: unknown
auto_wrap_policy?: unknown
backward_prefetch?: unknown
mixed_precision?: unknown
param_init_fn?: unknown
use_orig_params?: boolean
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MMSeparateDistributedDataParallel".
 */
export interface MMSeparateDistributedDataParallel {
type: ("MMSeparateDistributedDataParallel" | "mmengine.MMSeparateDistributedDataParallel")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
broadcast_buffers?: boolean
find_unused_parameters?: boolean
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MMSyncBN".
 */
export interface MMSyncBN {
type: ("MMSyncBN" | "mmengine.MMSyncBN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MomentumAnnealingEMA".
 */
export interface MomentumAnnealingEMA {
type: ("MomentumAnnealingEMA" | "mmengine.MomentumAnnealingEMA")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
momentum?: number
gamma?: number
interval?: number
device?: unknown
update_buffers?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MultiScaleDeformableAttention".
 */
export interface MultiScaleDeformableAttention {
type: ("MultiScaleDeformableAttention" | "mmengine.MultiScaleDeformableAttention")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
embed_dims?: number
num_heads?: number
num_levels?: number
num_points?: number
im2col_step?: number
dropout?: number
batch_first?: boolean
norm_cfg?: (Module | null)
init_cfg?: unknown
value_proj_ratio?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MultiScaleFlipAug".
 */
export interface MultiScaleFlipAug {
type: ("MultiScaleFlipAug" | "mmengine.MultiScaleFlipAug")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: readonly unknown[]
scales?: readonly unknown[] | null
scale_factor?: readonly unknown[] | null | number
allow_flip?: boolean
flip_direction?: readonly unknown[] | string
resize_cfg?: Module
flip_cfg?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MultiStepLR".
 */
export interface MultiStepLR {
type: ("MultiStepLR" | "mmengine.MultiStepLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
milestones: readonly unknown[]
gamma?: number
last_step?: number
begin?: number
/**
 * default: INF
 */
end?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MultiStepMomentum".
 */
export interface MultiStepMomentum {
type: ("MultiStepMomentum" | "mmengine.MultiStepMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
milestones: readonly unknown[]
gamma?: number
last_step?: number
begin?: number
/**
 * default: INF
 */
end?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MultiStepParamScheduler".
 */
export interface MultiStepParamScheduler {
type: ("MultiStepParamScheduler" | "mmengine.MultiStepParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
milestones: readonly unknown[]
gamma?: number
last_step?: number
begin?: number
/**
 * default: INF
 */
end?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.MultiheadAttention".
 */
export interface MultiheadAttention {
type: ("MultiheadAttention" | "mmengine.MultiheadAttention")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
embed_dims: unknown
num_heads: unknown
attn_drop?: number
proj_drop?: number
dropout_layer?: Module
init_cfg?: unknown
batch_first?: boolean
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.NPUProfilerHook".
 */
export interface NPUProfilerHook {
type: ("NPUProfilerHook" | "mmengine.NPUProfilerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
begin?: number
end?: number
result_path?: string
exit_after_profiling?: boolean
use_e2e_profiler?: boolean
ge_profiling_to_std_out?: boolean
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.NaiveVisualizationHook".
 */
export interface NaiveVisualizationHook {
type: ("NaiveVisualizationHook" | "mmengine.NaiveVisualizationHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
interval?: number
draw_gt?: boolean
draw_pred?: boolean
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.NeptuneVisBackend".
 */
export interface NeptuneVisBackend {
type: ("NeptuneVisBackend" | "mmengine.NeptuneVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
init_kwargs?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.NonLocal2d".
 */
export interface NonLocal2D {
type: ("NonLocal2d" | "mmengine.NonLocal2d")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
sub_sample?: boolean
conv_cfg?: Module
reduction?: number
use_scale?: boolean
norm_cfg?: (Module | null)
mode?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Normal".
 */
export interface Normal {
type: ("Normal" | "mmengine.Normal")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean?: number
std?: number
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Normalize".
 */
export interface Normalize {
type: ("Normalize" | "mmengine.Normalize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean: readonly unknown[]
std: readonly unknown[]
to_rgb?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.OneCycleLR".
 */
export interface OneCycleLR {
type: ("OneCycleLR" | "mmengine.OneCycleLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eta_max?: number
total_steps?: (null | number)
pct_start?: number
anneal_strategy?: string
div_factor?: number
final_div_factor?: number
three_phase?: boolean
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.OneCycleParamScheduler".
 */
export interface OneCycleParamScheduler {
type: ("OneCycleParamScheduler" | "mmengine.OneCycleParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eta_max?: number
total_steps?: (null | number)
pct_start?: number
anneal_strategy?: string
div_factor?: number
final_div_factor?: number
three_phase?: boolean
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.OptimWrapper".
 */
export interface OptimWrapper {
type: ("OptimWrapper" | "mmengine.OptimWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
optimizer: Module
accumulative_counts?: number
clip_grad?: (null | {

})
/**
 * optimizer wrapper constructor (popped by the runner)
 */
constructor?: string
paramwise_cfg?: {

}
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.PReLU".
 */
export interface PReLU {
type: ("PReLU" | "mmengine.PReLU")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_parameters?: number
init?: number
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Pad".
 */
export interface Pad {
type: ("Pad" | "mmengine.Pad")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
size?: readonly unknown[] | null
size_divisor?: (null | number)
pad_to_square?: boolean
pad_val?: {

}
padding_mode?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ParamSchedulerHook".
 */
export interface ParamSchedulerHook {
type: ("ParamSchedulerHook" | "mmengine.ParamSchedulerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.PixelShufflePack".
 */
export interface PixelShufflePack {
type: ("PixelShufflePack" | "mmengine.PixelShufflePack")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
scale_factor: number
upsample_kernel: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.PolyLR".
 */
export interface PolyLR {
type: ("PolyLR" | "mmengine.PolyLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eta_min?: number
power?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.PolyMomentum".
 */
export interface PolyMomentum {
type: ("PolyMomentum" | "mmengine.PolyMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eta_min?: number
power?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.PolyParamScheduler".
 */
export interface PolyParamScheduler {
type: ("PolyParamScheduler" | "mmengine.PolyParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eta_min?: number
power?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.PrepareTTAHook".
 */
export interface PrepareTTAHook {
type: ("PrepareTTAHook" | "mmengine.PrepareTTAHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
tta_cfg: {

}
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Pretrained".
 */
export interface Pretrained {
type: ("Pretrained" | "mmengine.Pretrained")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
checkpoint: unknown
prefix?: unknown
map_location?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ProfilerHook".
 */
export interface ProfilerHook {
type: ("ProfilerHook" | "mmengine.ProfilerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
by_epoch?: boolean
profile_times?: number
activity_with_cpu?: boolean
activity_with_cuda?: boolean
schedule?: (null | {

})
on_trace_ready?: unknown
record_shapes?: boolean
profile_memory?: boolean
with_stack?: boolean
with_flops?: boolean
json_trace_path?: (null | string)
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RFSearchHook".
 */
export interface RFSearchHook {
type: ("RFSearchHook" | "mmengine.RFSearchHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mode?: string
config?: {

}
rfstructure_file?: (null | string)
by_epoch?: boolean
verbose?: boolean
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RandomApply".
 */
export interface RandomApply {
type: ("RandomApply" | "mmengine.RandomApply")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: unknown
prob?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RandomChoice".
 */
export interface RandomChoice {
type: ("RandomChoice" | "mmengine.RandomChoice")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: readonly unknown[]
prob?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RandomChoiceResize".
 */
export interface RandomChoiceResize {
type: ("RandomChoiceResize" | "mmengine.RandomChoiceResize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scales: readonly unknown[]
resize_type?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RandomFlip".
 */
export interface RandomFlip {
type: ("RandomFlip" | "mmengine.RandomFlip")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
prob?: unknown
direction?: readonly unknown[] | string
swap_seg_labels?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RandomGrayscale".
 */
export interface RandomGrayscale {
type: ("RandomGrayscale" | "mmengine.RandomGrayscale")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
prob?: number
keep_channels?: boolean
channel_weights?: readonly unknown[]
color_format?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RandomResize".
 */
export interface RandomResize {
type: ("RandomResize" | "mmengine.RandomResize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale: readonly unknown[]
ratio_range?: readonly unknown[] | null
resize_type?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ReLU".
 */
export interface ReLU {
type: ("ReLU" | "mmengine.ReLU")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ReLU6".
 */
export interface ReLU6 {
type: ("ReLU6" | "mmengine.ReLU6")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ReduceOnPlateauLR".
 */
export interface ReduceOnPlateauLR {
type: ("ReduceOnPlateauLR" | "mmengine.ReduceOnPlateauLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
monitor?: string
rule?: string
factor?: number
patience?: number
threshold?: number
threshold_rule?: string
cooldown?: number
min_value?: readonly unknown[] | number
eps?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ReduceOnPlateauMomentum".
 */
export interface ReduceOnPlateauMomentum {
type: ("ReduceOnPlateauMomentum" | "mmengine.ReduceOnPlateauMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
monitor?: string
rule?: string
factor?: number
patience?: number
threshold?: number
threshold_rule?: string
cooldown?: number
min_value?: readonly unknown[] | number
eps?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ReduceOnPlateauParamScheduler".
 */
export interface ReduceOnPlateauParamScheduler {
type: ("ReduceOnPlateauParamScheduler" | "mmengine.ReduceOnPlateauParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
monitor?: string
rule?: string
factor?: number
patience?: number
threshold?: number
threshold_rule?: string
cooldown?: number
min_value?: readonly unknown[] | number
eps?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RepeatDataset".
 */
export interface RepeatDataset {
type: ("RepeatDataset" | "mmengine.RepeatDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
dataset: Module
times: number
lazy_init?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Resize".
 */
export interface Resize {
type: ("Resize" | "mmengine.Resize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale?: readonly unknown[] | null | number
scale_factor?: readonly unknown[] | null | number
keep_ratio?: boolean
clip_object_border?: boolean
backend?: string
interpolation?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.RuntimeInfoHook".
 */
export interface RuntimeInfoHook {
type: ("RuntimeInfoHook" | "mmengine.RuntimeInfoHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.SAC".
 */
export interface SAC {
type: ("SAC" | "mmengine.SAC")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
in_channels: unknown
out_channels: unknown
kernel_size: unknown
stride?: number
padding?: number
dilation?: number
groups?: number
bias?: boolean
use_deform?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.SGD".
 */
export interface SGD {
type: ("SGD" | "mmengine.SGD")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
lr?: number
momentum?: number
dampening?: number
weight_decay?: number
nesterov?: boolean
maximize?: boolean
foreach?: unknown
differentiable?: boolean
fused?: unknown
/**
 * consumed by YOLOv5OptimizerConstructor
 */
batch_size_per_gpu?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.SiLU".
 */
export interface SiLU {
type: ("SiLU" | "mmengine.SiLU")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
inplace?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Sigmoid".
 */
export interface Sigmoid {
type: ("Sigmoid" | "mmengine.Sigmoid")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.StepLR".
 */
export interface StepLR {
type: ("StepLR" | "mmengine.StepLR")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
step_size: number
gamma?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.StepMomentum".
 */
export interface StepMomentum {
type: ("StepMomentum" | "mmengine.StepMomentum")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
step_size: number
gamma?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.StepParamScheduler".
 */
export interface StepParamScheduler {
type: ("StepParamScheduler" | "mmengine.StepParamScheduler")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
step_size: number
gamma?: number
begin?: number
/**
 * default: INF
 */
end?: number
last_step?: number
by_epoch?: boolean
verbose?: boolean
/**
 * popped by the runner: convert epoch units to iterations
 */
convert_to_iter_based?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.StochasticWeightAverage".
 */
export interface StochasticWeightAverage {
type: ("StochasticWeightAverage" | "mmengine.StochasticWeightAverage")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
interval?: number
device?: unknown
update_buffers?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Swish".
 */
export interface Swish {
type: ("Swish" | "mmengine.Swish")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.SyncBN".
 */
export interface SyncBN {
type: ("SyncBN" | "mmengine.SyncBN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
eps?: number
momentum?: number
affine?: boolean
track_running_stats?: boolean
process_group?: unknown
requires_grad?: boolean
device?: unknown
dtype?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.SyncBuffersHook".
 */
export interface SyncBuffersHook {
type: ("SyncBuffersHook" | "mmengine.SyncBuffersHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Tanh".
 */
export interface Tanh {
type: ("Tanh" | "mmengine.Tanh")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.TensorboardVisBackend".
 */
export interface TensorboardVisBackend {
type: ("TensorboardVisBackend" | "mmengine.TensorboardVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.TestLoop".
 */
export interface TestLoop {
type: ("TestLoop" | "mmengine.TestLoop")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
fp16?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.TestTimeAug".
 */
export interface TestTimeAug {
type: ("TestTimeAug" | "mmengine.TestTimeAug")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: readonly unknown[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ToTensor".
 */
export interface ToTensor {
type: ("ToTensor" | "mmengine.ToTensor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
keys: readonly unknown[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.TransformBroadcaster".
 */
export interface TransformBroadcaster {
type: ("TransformBroadcaster" | "mmengine.TransformBroadcaster")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transforms: readonly unknown[]
mapping?: (null | {

})
remapping?: (null | {

})
auto_remap?: (boolean | null)
allow_nonexist_keys?: boolean
share_random_params?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.TransformerLayerSequence".
 */
export interface TransformerLayerSequence {
type: ("TransformerLayerSequence" | "mmengine.TransformerLayerSequence")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
transformerlayers?: unknown
num_layers?: unknown
init_cfg?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.TruncNormal".
 */
export interface TruncNormal {
type: ("TruncNormal" | "mmengine.TruncNormal")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean?: number
std?: number
a?: number
b?: number
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Uniform".
 */
export interface Uniform {
type: ("Uniform" | "mmengine.Uniform")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
a?: number
b?: number
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ValLoop".
 */
export interface ValLoop {
type: ("ValLoop" | "mmengine.ValLoop")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
fp16?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Visualizer".
 */
export interface Visualizer {
type: ("Visualizer" | "mmengine.Visualizer")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
name?: string
image?: unknown
vis_backends?: readonly Module[]
save_dir?: (null | string)
fig_save_cfg?: {

}
fig_show_cfg?: {

}
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.WandbVisBackend".
 */
export interface WandbVisBackend {
type: ("WandbVisBackend" | "mmengine.WandbVisBackend")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
init_kwargs?: (null | {

})
define_metric_cfg?: readonly unknown[] | null | { [k: string]: unknown }
commit?: (boolean | null)
log_code_name?: (null | string)
watch_kwargs?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.Xavier".
 */
export interface Xavier {
type: ("Xavier" | "mmengine.Xavier")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
gain?: number
distribution?: string
bias?: number
bias_prob?: unknown
layer?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.ZeroRedundancyOptimizer".
 */
export interface ZeroRedundancyOptimizer {
type: ("ZeroRedundancyOptimizer" | "mmengine.ZeroRedundancyOptimizer")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
params: unknown
optimizer_type: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.bilinear".
 */
export interface Bilinear {
type: ("bilinear" | "mmengine.bilinear")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale_factor?: unknown
size?: unknown
mode?: string
align_corners?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.carafe".
 */
export interface Carafe {
type: ("carafe" | "mmengine.carafe")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
channels: number
scale_factor: number
up_kernel?: number
up_group?: number
encoder_kernel?: number
encoder_dilation?: number
compressed_channels?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.deconv".
 */
export interface Deconv {
type: ("deconv" | "mmengine.deconv")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.default_collate".
 */
export interface DefaultCollate {
type: ("default_collate" | "mmengine.default_collate")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.nearest".
 */
export interface Nearest {
type: ("nearest" | "mmengine.nearest")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale_factor?: unknown
size?: unknown
mode?: string
align_corners?: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.nms".
 */
export interface Nms {
type: ("nms" | "mmengine.nms")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
iou_threshold?: number
offset?: number
score_threshold?: number
max_num?: number
split_thr?: number
class_agnostic?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.nms_rotated".
 */
export interface NmsRotated {
type: ("nms_rotated" | "mmengine.nms_rotated")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
iou_threshold?: number
clockwise?: boolean
split_thr?: number
class_agnostic?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.pseudo_collate".
 */
export interface PseudoCollate {
type: ("pseudo_collate" | "mmengine.pseudo_collate")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmengine.soft_nms".
 */
export interface SoftNms {
type: ("soft_nms" | "mmengine.soft_nms")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
iou_threshold?: number
sigma?: number
min_score?: number
method?: string
offset?: number
split_thr?: number
class_agnostic?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BaseBackbone".
 */
export interface BaseBackbone {
type: ("BaseBackbone" | "mmyolo.BaseBackbone")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch_setting: readonly unknown[]
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
plugins?: readonly unknown[] | null | { [k: string]: unknown }
norm_cfg?: (Module | null)
act_cfg?: (Module | null)
norm_eval?: boolean
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BaseYOLONeck".
 */
export interface BaseYOLONeck {
type: ("BaseYOLONeck" | "mmyolo.BaseYOLONeck")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
upsample_feats_cat_first?: boolean
freeze_all?: boolean
norm_cfg?: (Module | null)
act_cfg?: (Module | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BatchATSSAssigner".
 */
export interface BatchATSSAssigner {
type: ("BatchATSSAssigner" | "mmyolo.BatchATSSAssigner")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
iou_calculator?: Module
topk?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BatchDynamicSoftLabelAssigner".
 */
export interface BatchDynamicSoftLabelAssigner {
type: ("BatchDynamicSoftLabelAssigner" | "mmyolo.BatchDynamicSoftLabelAssigner")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: unknown
soft_center_radius?: number
topk?: number
iou_weight?: number
iou_calculator?: Module
batch_iou?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BatchShapePolicy".
 */
export interface BatchShapePolicy {
type: ("BatchShapePolicy" | "mmyolo.BatchShapePolicy")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
batch_size?: number
img_size?: number
size_divisor?: number
extra_pad_ratio?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BatchTaskAlignedAssigner".
 */
export interface BatchTaskAlignedAssigner {
type: ("BatchTaskAlignedAssigner" | "mmyolo.BatchTaskAlignedAssigner")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
topk?: number
alpha?: number
beta?: number
eps?: number
use_ciou?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.BepC3StageBlock".
 */
export interface BepC3StageBlock {
type: ("BepC3StageBlock" | "mmyolo.BepC3StageBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
num_blocks?: number
hidden_ratio?: number
concat_all_layer?: boolean
block_cfg?: Module
norm_cfg?: Module
act_cfg?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.CBAM".
 */
export interface CBAM {
type: ("CBAM" | "mmyolo.CBAM")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
reduce_ratio?: number
kernel_size?: number
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.CSPNeXt".
 */
export interface CSPNeXt {
type: ("CSPNeXt" | "mmyolo.CSPNeXt")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
plugins?: readonly unknown[] | null | { [k: string]: unknown }
use_depthwise?: boolean
expand_ratio?: number
arch_ovewrite?: (null | {

})
channel_attention?: boolean
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
/**
 * default: dict(type='Kaiming', layer='Conv2d', a=math.sqrt(5), distribution='uniform', mode='fan_in', nonlinearity='leaky_relu')
 */
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.CSPNeXtPAFPN".
 */
export interface CSPNeXtPAFPN {
type: ("CSPNeXtPAFPN" | "mmyolo.CSPNeXtPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
num_csp_blocks?: number
freeze_all?: boolean
use_depthwise?: boolean
expand_ratio?: number
upsample_cfg?: {

}
conv_cfg?: (boolean | null)
norm_cfg?: Module
act_cfg?: Module
/**
 * default: dict(type='Kaiming', layer='Conv2d', a=math.sqrt(5), distribution='uniform', mode='fan_in', nonlinearity='leaky_relu')
 */
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.ConvWrapper".
 */
export interface ConvWrapper {
type: ("ConvWrapper" | "mmyolo.ConvWrapper")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size?: number
stride?: number
groups?: number
bias?: boolean
norm_cfg?: (Module | null)
act_cfg?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.DistanceAnglePointCoder".
 */
export interface DistanceAnglePointCoder {
type: ("DistanceAnglePointCoder" | "mmyolo.DistanceAnglePointCoder")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
clip_border?: boolean
angle_version?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.DistancePointBBoxCoder".
 */
export interface DistancePointBBoxCoder {
type: ("DistancePointBBoxCoder" | "mmyolo.DistancePointBBoxCoder")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
clip_border?: boolean
use_box_type?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.EELANBlock".
 */
export interface EELANBlock {
type: ("EELANBlock" | "mmyolo.EELANBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_elan_block: number
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.ELANBlock".
 */
export interface ELANBlock {
type: ("ELANBlock" | "mmyolo.ELANBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
middle_ratio: number
block_ratio: number
num_blocks?: number
num_convs_in_block?: number
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.EffectiveSELayer".
 */
export interface EffectiveSELayer {
type: ("EffectiveSELayer" | "mmyolo.EffectiveSELayer")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
channels: number
act_cfg?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.ExpMomentumEMA".
 */
export interface ExpMomentumEMA {
type: ("ExpMomentumEMA" | "mmyolo.ExpMomentumEMA")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
momentum?: number
gamma?: number
interval?: number
device?: unknown
update_buffers?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.FilterAnnotations".
 */
export interface FilterAnnotations {
type: ("FilterAnnotations" | "mmyolo.FilterAnnotations")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
by_keypoints?: boolean
min_gt_bbox_wh?: readonly unknown[]
min_gt_mask_area?: number
by_box?: boolean
by_mask?: boolean
keep_empty?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.IoULoss".
 */
export interface IoULoss {
type: ("IoULoss" | "mmyolo.IoULoss")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
iou_mode?: ("ciou" | "siou" | "giou")
bbox_format?: ("xywh" | "xyxy")
eps?: number
reduction?: ("none" | "mean" | "sum")
loss_weight?: number
return_iou?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.LetterResize".
 */
export interface LetterResize {
type: ("LetterResize" | "mmyolo.LetterResize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale: readonly unknown[] | number
pad_val?: {

}
use_mini_pad?: boolean
stretch_only?: boolean
allow_scale_up?: boolean
half_pad_param?: boolean
scale_factor?: readonly unknown[] | null | number
keep_ratio?: boolean
clip_object_border?: boolean
backend?: string
interpolation?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.LoadAnnotations".
 */
export interface Mmyolo_LoadAnnotations {
type: ("LoadAnnotations" | "mmyolo.LoadAnnotations")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mask2bbox?: boolean
poly2mask?: boolean
merge_polygons?: boolean
with_mask?: boolean
box_type?: string
reduce_zero_label?: boolean
ignore_index?: number
with_bbox?: boolean
with_label?: boolean
with_seg?: boolean
with_keypoints?: boolean
imdecode_backend?: string
file_client_args?: (null | {

})
backend_args?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.Mosaic".
 */
export interface Mosaic {
type: ("Mosaic" | "mmyolo.Mosaic")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
img_scale?: readonly unknown[]
center_ratio_range?: readonly unknown[]
bbox_clip_border?: boolean
pad_val?: readonly unknown[] | number | { [k: string]: unknown }
pre_transform?: readonly Module[]
prob?: number
use_cached?: boolean
max_cached_images?: number
random_pop?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.Mosaic9".
 */
export interface Mosaic9 {
type: ("Mosaic9" | "mmyolo.Mosaic9")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
img_scale?: readonly unknown[]
bbox_clip_border?: boolean
pad_val?: readonly unknown[] | number | { [k: string]: unknown }
pre_transform?: readonly Module[]
prob?: number
use_cached?: boolean
max_cached_images?: number
random_pop?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.OksLoss".
 */
export interface OksLoss {
type: ("OksLoss" | "mmyolo.OksLoss")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
metainfo?: (null | string)
loss_weight?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOEBasicBlock".
 */
export interface PPYOLOEBasicBlock {
type: ("PPYOLOEBasicBlock" | "mmyolo.PPYOLOEBasicBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
norm_cfg?: Module
act_cfg?: Module
shortcut?: boolean
use_alpha?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOEBatchRandomResize".
 */
export interface PPYOLOEBatchRandomResize {
type: ("PPYOLOEBatchRandomResize" | "mmyolo.PPYOLOEBatchRandomResize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
random_size_range: readonly unknown[]
interval?: number
size_divisor?: number
random_interp?: boolean
interp_mode?: readonly unknown[] | string
keep_ratio?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOECSPPAFPN".
 */
export interface PPYOLOECSPPAFPN {
type: ("PPYOLOECSPPAFPN" | "mmyolo.PPYOLOECSPPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels?: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels?: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
freeze_all?: boolean
num_csplayer?: number
num_blocks_per_layer?: number
block_cfg?: Module
norm_cfg?: Module
act_cfg?: Module
drop_block_cfg?: (null | {

})
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
use_spp?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOECSPResNet".
 */
export interface PPYOLOECSPResNet {
type: ("PPYOLOECSPResNet" | "mmyolo.PPYOLOECSPResNet")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
plugins?: readonly unknown[] | null | { [k: string]: unknown }
arch_ovewrite?: (null | {

})
block_cfg?: Module
norm_cfg?: Module
act_cfg?: Module
/**
 * default: dict(type='EffectiveSELayer', act_cfg=dict(type='HSigmoid'))
 */
attention_cfg?: {

}
norm_eval?: boolean
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
use_large_stem?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOEDetDataPreprocessor".
 */
export interface PPYOLOEDetDataPreprocessor {
type: ("PPYOLOEDetDataPreprocessor" | "mmyolo.PPYOLOEDetDataPreprocessor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mean?: unknown
std?: unknown
pad_size_divisor?: number
pad_value?: readonly unknown[] | number | { [k: string]: unknown }
pad_mask?: boolean
mask_pad_value?: readonly unknown[] | number | { [k: string]: unknown }
pad_seg?: boolean
seg_pad_value?: readonly unknown[] | number | { [k: string]: unknown }
bgr_to_rgb?: boolean
rgb_to_bgr?: boolean
boxtype2tensor?: boolean
non_blocking?: boolean
batch_augments?: readonly Module[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOEHead".
 */
export interface PPYOLOEHead {
type: ("PPYOLOEHead" | "mmyolo.PPYOLOEHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_dfl?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOEHeadModule".
 */
export interface PPYOLOEHeadModule {
type: ("PPYOLOEHeadModule" | "mmyolo.PPYOLOEHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
reg_max?: number
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOEParamSchedulerHook".
 */
export interface PPYOLOEParamSchedulerHook {
type: ("PPYOLOEParamSchedulerHook" | "mmyolo.PPYOLOEParamSchedulerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
warmup_min_iter?: number
start_factor?: number
warmup_epochs?: number
min_lr_ratio?: number
total_epochs?: number
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOERandomCrop".
 */
export interface PPYOLOERandomCrop {
type: ("PPYOLOERandomCrop" | "mmyolo.PPYOLOERandomCrop")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
aspect_ratio?: readonly unknown[]
thresholds?: readonly unknown[]
scaling?: readonly unknown[]
num_attempts?: number
allow_no_crop?: boolean
cover_all_box?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PPYOLOERandomDistort".
 */
export interface PPYOLOERandomDistort {
type: ("PPYOLOERandomDistort" | "mmyolo.PPYOLOERandomDistort")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
hue_cfg?: {

}
saturation_cfg?: {

}
contrast_cfg?: {

}
brightness_cfg?: {

}
num_distort_func?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PackDetInputs".
 */
export interface PackDetInputs {
type: ("PackDetInputs" | "mmyolo.PackDetInputs")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
meta_keys?: readonly unknown[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.Polygon2Mask".
 */
export interface Polygon2Mask {
type: ("Polygon2Mask" | "mmyolo.Polygon2Mask")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
downsample_ratio?: number
mask_overlap?: boolean
coco_style?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PoseCocoDataset".
 */
export interface PoseCocoDataset {
type: ("PoseCocoDataset" | "mmyolo.PoseCocoDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
[k: string]: unknown
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.PoseSimOTAAssigner".
 */
export interface PoseSimOTAAssigner {
type: ("PoseSimOTAAssigner" | "mmyolo.PoseSimOTAAssigner")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
center_radius?: number
candidate_topk?: number
iou_weight?: number
cls_weight?: number
oks_weight?: number
vis_weight?: number
iou_calculator?: Module
oks_calculator?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RTMDetHead".
 */
export interface RTMDetHead {
type: ("RTMDetHead" | "mmyolo.RTMDetHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RTMDetInsSepBNHead".
 */
export interface RTMDetInsSepBNHead {
type: ("RTMDetInsSepBNHead" | "mmyolo.RTMDetInsSepBNHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_mask?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RTMDetInsSepBNHeadModule".
 */
export interface RTMDetInsSepBNHeadModule {
type: ("RTMDetInsSepBNHeadModule" | "mmyolo.RTMDetInsSepBNHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
num_prototypes?: number
dyconv_channels?: number
num_dyconvs?: number
use_sigmoid_cls?: boolean
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
feat_channels?: number
stacked_convs?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
share_conv?: boolean
pred_kernel_size?: number
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RTMDetRotatedHead".
 */
export interface RTMDetRotatedHead {
type: ("RTMDetRotatedHead" | "mmyolo.RTMDetRotatedHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
angle_version?: string
use_hbbox_loss?: boolean
angle_coder?: Module
loss_angle?: ({

} | null)
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RTMDetRotatedSepBNHeadModule".
 */
export interface RTMDetRotatedSepBNHeadModule {
type: ("RTMDetRotatedSepBNHeadModule" | "mmyolo.RTMDetRotatedSepBNHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
feat_channels?: number
stacked_convs?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
share_conv?: boolean
pred_kernel_size?: number
angle_out_dim?: number
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RTMDetSepBNHeadModule".
 */
export interface RTMDetSepBNHeadModule {
type: ("RTMDetSepBNHeadModule" | "mmyolo.RTMDetSepBNHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
feat_channels?: number
stacked_convs?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
share_conv?: boolean
pred_kernel_size?: number
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RandomAffine".
 */
export interface RandomAffine {
type: ("RandomAffine" | "mmyolo.RandomAffine")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
max_rotate_degree?: number
max_translate_ratio?: number
scaling_ratio_range?: readonly unknown[]
max_shear_degree?: number
border?: readonly unknown[]
border_val?: readonly unknown[]
bbox_clip_border?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RandomFlip".
 */
export interface Mmyolo_RandomFlip {
type: ("RandomFlip" | "mmyolo.RandomFlip")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
prob?: unknown
direction?: readonly unknown[] | string
swap_seg_labels?: readonly unknown[] | null
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RegularizeRotatedBox".
 */
export interface RegularizeRotatedBox {
type: ("RegularizeRotatedBox" | "mmyolo.RegularizeRotatedBox")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
angle_version?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RemoveDataElement".
 */
export interface RemoveDataElement {
type: ("RemoveDataElement" | "mmyolo.RemoveDataElement")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
keys: readonly unknown[] | string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RepStageBlock".
 */
export interface RepStageBlock {
type: ("RepStageBlock" | "mmyolo.RepStageBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
num_blocks?: number
/**
 * default: RepVGGBlock
 */
bottle_block?: unknown
block_cfg?: Module
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.RepVGGBlock".
 */
export interface RepVGGBlock {
type: ("RepVGGBlock" | "mmyolo.RepVGGBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
kernel_size?: readonly unknown[] | number
stride?: readonly unknown[] | number
padding?: readonly unknown[] | number
dilation?: readonly unknown[] | number
groups?: (null | number)
padding_mode?: (null | string)
norm_cfg?: Module
act_cfg?: Module
use_se?: boolean
use_alpha?: boolean
use_bn_first?: boolean
deploy?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.Resize".
 */
export interface Mmyolo_Resize {
type: ("Resize" | "mmyolo.Resize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale?: readonly unknown[] | null | number
scale_factor?: readonly unknown[] | null | number
keep_ratio?: boolean
clip_object_border?: boolean
backend?: string
interpolation?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.SPPFCSPBlock".
 */
export interface SPPFCSPBlock {
type: ("SPPFCSPBlock" | "mmyolo.SPPFCSPBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
expand_ratio?: number
kernel_sizes?: readonly unknown[] | number
is_tiny_version?: boolean
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.StarNet".
 */
export interface StarNet {
type: ("StarNet" | "mmyolo.StarNet")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
base_dim?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
/**
 * @minItems 1
 */
depths?: readonly unknown[]
mlp_ratio?: number
drop_path_rate?: number
num_classes?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.SwitchToDeployHook".
 */
export interface SwitchToDeployHook {
type: ("SwitchToDeployHook" | "mmyolo.SwitchToDeployHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.TinyDownSampleBlock".
 */
export interface TinyDownSampleBlock {
type: ("TinyDownSampleBlock" | "mmyolo.TinyDownSampleBlock")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
middle_ratio?: number
kernel_sizes?: readonly unknown[] | number
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLODetector".
 */
export interface YOLODetector {
type: ("YOLODetector" | "mmyolo.YOLODetector")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
backbone: Module
neck: Module
bbox_head: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
data_preprocessor?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
use_syncbn?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXBBoxCoder".
 */
export interface YOLOXBBoxCoder {
type: ("YOLOXBBoxCoder" | "mmyolo.YOLOXBBoxCoder")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_box_type?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXBatchSyncRandomResize".
 */
export interface YOLOXBatchSyncRandomResize {
type: ("YOLOXBatchSyncRandomResize" | "mmyolo.YOLOXBatchSyncRandomResize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
random_size_range: unknown
interval?: number
size_divisor?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXCSPDarknet".
 */
export interface YOLOXCSPDarknet {
type: ("YOLOXCSPDarknet" | "mmyolo.YOLOXCSPDarknet")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
plugins?: readonly unknown[] | null | { [k: string]: unknown }
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
use_depthwise?: boolean
spp_kernal_sizes?: readonly unknown[]
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXHead".
 */
export interface YOLOXHead {
type: ("YOLOXHead" | "mmyolo.YOLOXHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_obj?: Module
loss_bbox_aux?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXHeadModule".
 */
export interface YOLOXHeadModule {
type: ("YOLOXHeadModule" | "mmyolo.YOLOXHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
feat_channels?: number
stacked_convs?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
use_depthwise?: boolean
dcn_on_last_conv?: boolean
conv_bias?: (boolean | string)
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXMixUp".
 */
export interface YOLOXMixUp {
type: ("YOLOXMixUp" | "mmyolo.YOLOXMixUp")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
img_scale?: readonly unknown[]
ratio_range?: readonly unknown[]
flip_ratio?: number
pad_val?: readonly unknown[] | number | { [k: string]: unknown }
bbox_clip_border?: boolean
pre_transform?: readonly Module[]
prob?: number
use_cached?: boolean
max_cached_images?: number
random_pop?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXModeSwitchHook".
 */
export interface YOLOXModeSwitchHook {
type: ("YOLOXModeSwitchHook" | "mmyolo.YOLOXModeSwitchHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_last_epochs?: number
new_train_pipeline?: readonly unknown[] | null
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXPAFPN".
 */
export interface YOLOXPAFPN {
type: ("YOLOXPAFPN" | "mmyolo.YOLOXPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
num_csp_blocks?: number
use_depthwise?: boolean
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXPoseHead".
 */
export interface YOLOXPoseHead {
type: ("YOLOXPoseHead" | "mmyolo.YOLOXPoseHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
loss_pose?: (Module | null)
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_obj?: Module
loss_bbox_aux?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOXPoseHeadModule".
 */
export interface YOLOXPoseHeadModule {
type: ("YOLOXPoseHeadModule" | "mmyolo.YOLOXPoseHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_keypoints: number
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
feat_channels?: number
stacked_convs?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
use_depthwise?: boolean
dcn_on_last_conv?: boolean
conv_bias?: (boolean | string)
conv_cfg?: ({

} | null)
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5BBoxCoder".
 */
export interface YOLOv5BBoxCoder {
type: ("YOLOv5BBoxCoder" | "mmyolo.YOLOv5BBoxCoder")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_box_type?: boolean
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5CSPDarknet".
 */
export interface YOLOv5CSPDarknet {
type: ("YOLOv5CSPDarknet" | "mmyolo.YOLOv5CSPDarknet")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
plugins?: readonly unknown[] | null | { [k: string]: unknown }
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5CocoDataset".
 */
export interface YOLOv5CocoDataset {
type: ("YOLOv5CocoDataset" | "mmyolo.YOLOv5CocoDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
batch_shapes_cfg?: (Module | null)
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
ann_file?: (null | string)
metainfo?: (null | {

})
data_root?: (null | string)
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5CopyPaste".
 */
export interface YOLOv5CopyPaste {
type: ("YOLOv5CopyPaste" | "mmyolo.YOLOv5CopyPaste")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
ioa_thresh?: number
prob?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5CrowdHumanDataset".
 */
export interface YOLOv5CrowdHumanDataset {
type: ("YOLOv5CrowdHumanDataset" | "mmyolo.YOLOv5CrowdHumanDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
batch_shapes_cfg?: (Module | null)
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
ann_file?: (null | string)
metainfo?: (null | {

})
data_root?: (null | string)
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5DOTADataset".
 */
export interface YOLOv5DOTADataset {
type: ("YOLOv5DOTADataset" | "mmyolo.YOLOv5DOTADataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
batch_shapes_cfg?: (Module | null)
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
ann_file?: (null | string)
metainfo?: (null | {

})
data_root?: (null | string)
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5DetDataPreprocessor".
 */
export interface YOLOv5DetDataPreprocessor {
type: ("YOLOv5DetDataPreprocessor" | "mmyolo.YOLOv5DetDataPreprocessor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
non_blocking?: (boolean | null)
mean?: unknown
std?: unknown
pad_size_divisor?: number
pad_value?: readonly unknown[] | number | { [k: string]: unknown }
pad_mask?: boolean
mask_pad_value?: readonly unknown[] | number | { [k: string]: unknown }
pad_seg?: boolean
seg_pad_value?: readonly unknown[] | number | { [k: string]: unknown }
bgr_to_rgb?: boolean
rgb_to_bgr?: boolean
boxtype2tensor?: boolean
batch_augments?: readonly Module[]
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5HSVRandomAug".
 */
export interface YOLOv5HSVRandomAug {
type: ("YOLOv5HSVRandomAug" | "mmyolo.YOLOv5HSVRandomAug")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
hue_delta?: number
saturation_delta?: number
value_delta?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5Head".
 */
export interface YOLOv5Head {
type: ("YOLOv5Head" | "mmyolo.YOLOv5Head")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_obj?: Module
prior_match_thr?: number
near_neighbor_thr?: number
ignore_iof_thr?: number
obj_level_weights?: readonly unknown[]
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5HeadModule".
 */
export interface YOLOv5HeadModule {
type: ("YOLOv5HeadModule" | "mmyolo.YOLOv5HeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5InsHead".
 */
export interface YOLOv5InsHead {
type: ("YOLOv5InsHead" | "mmyolo.YOLOv5InsHead")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
mask_overlap?: boolean
loss_mask?: Module
loss_mask_weight?: number
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_obj?: Module
prior_match_thr?: number
near_neighbor_thr?: number
ignore_iof_thr?: number
obj_level_weights?: readonly unknown[]
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5InsHeadModule".
 */
export interface YOLOv5InsHeadModule {
type: ("YOLOv5InsHeadModule" | "mmyolo.YOLOv5InsHeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
mask_channels?: number
proto_channels?: number
widen_factor?: number
norm_cfg?: Module
act_cfg?: Module
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
num_base_priors?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5KeepRatioResize".
 */
export interface YOLOv5KeepRatioResize {
type: ("YOLOv5KeepRatioResize" | "mmyolo.YOLOv5KeepRatioResize")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scale: readonly unknown[] | number
keep_ratio?: boolean
scale_factor?: readonly unknown[] | null | number
clip_object_border?: boolean
backend?: string
interpolation?: string
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5MixUp".
 */
export interface YOLOv5MixUp {
type: ("YOLOv5MixUp" | "mmyolo.YOLOv5MixUp")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
alpha?: number
beta?: number
pre_transform?: readonly Module[]
prob?: number
use_cached?: boolean
max_cached_images?: number
random_pop?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5OptimizerConstructor".
 */
export interface YOLOv5OptimizerConstructor {
type: ("YOLOv5OptimizerConstructor" | "mmyolo.YOLOv5OptimizerConstructor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
paramwise_cfg?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5PAFPN".
 */
export interface YOLOv5PAFPN {
type: ("YOLOv5PAFPN" | "mmyolo.YOLOv5PAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
num_csp_blocks?: number
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5ParamSchedulerHook".
 */
export interface YOLOv5ParamSchedulerHook {
type: ("YOLOv5ParamSchedulerHook" | "mmyolo.YOLOv5ParamSchedulerHook")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
scheduler_type?: ("linear" | "cosine")
lr_factor?: number
max_epochs?: number
warmup_epochs?: number
warmup_bias_lr?: number
warmup_momentum?: number
warmup_mim_iter?: number
/**
 * hook priority (popped by the runner)
 */
priority?: (number | string)
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5RandomAffine".
 */
export interface YOLOv5RandomAffine {
type: ("YOLOv5RandomAffine" | "mmyolo.YOLOv5RandomAffine")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
max_rotate_degree?: number
max_translate_ratio?: number
scaling_ratio_range?: readonly unknown[]
max_shear_degree?: number
border?: readonly unknown[]
border_val?: readonly unknown[]
bbox_clip_border?: boolean
min_bbox_size?: number
min_area_ratio?: number
use_mask_refine?: boolean
max_aspect_ratio?: number
resample_num?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv5VOCDataset".
 */
export interface YOLOv5VOCDataset {
type: ("YOLOv5VOCDataset" | "mmyolo.YOLOv5VOCDataset")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
batch_shapes_cfg?: (Module | null)
seg_map_suffix?: string
proposal_file?: unknown
file_client_args?: unknown
backend_args?: unknown
return_classes?: boolean
caption_prompt?: unknown
ann_file?: (null | string)
metainfo?: (null | {

})
data_root?: (null | string)
data_prefix?: {

}
filter_cfg?: (null | {

})
indices?: readonly unknown[] | null | number
serialize_data?: boolean
pipeline?: readonly Module[]
test_mode?: boolean
lazy_init?: boolean
max_refetch?: number
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6CSPBep".
 */
export interface YOLOv6CSPBep {
type: ("YOLOv6CSPBep" | "mmyolo.YOLOv6CSPBep")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
plugins?: readonly unknown[] | null | { [k: string]: unknown }
deepen_factor?: number
widen_factor?: number
input_channels?: number
hidden_ratio?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
use_cspsppf?: boolean
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
block_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6CSPRepBiPAFPN".
 */
export interface YOLOv6CSPRepBiPAFPN {
type: ("YOLOv6CSPRepBiPAFPN" | "mmyolo.YOLOv6CSPRepBiPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
hidden_ratio?: number
num_csp_blocks?: number
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
block_act_cfg?: Module
block_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6CSPRepPAFPN".
 */
export interface YOLOv6CSPRepPAFPN {
type: ("YOLOv6CSPRepPAFPN" | "mmyolo.YOLOv6CSPRepPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
hidden_ratio?: number
num_csp_blocks?: number
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
block_act_cfg?: Module
block_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6EfficientRep".
 */
export interface YOLOv6EfficientRep {
type: ("YOLOv6EfficientRep" | "mmyolo.YOLOv6EfficientRep")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
plugins?: readonly unknown[] | null | { [k: string]: unknown }
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
use_cspsppf?: boolean
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
block_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6Head".
 */
export interface YOLOv6Head {
type: ("YOLOv6Head" | "mmyolo.YOLOv6Head")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6HeadModule".
 */
export interface YOLOv6HeadModule {
type: ("YOLOv6HeadModule" | "mmyolo.YOLOv6HeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
reg_max?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6RepBiPAFPN".
 */
export interface YOLOv6RepBiPAFPN {
type: ("YOLOv6RepBiPAFPN" | "mmyolo.YOLOv6RepBiPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
num_csp_blocks?: number
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
block_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv6RepPAFPN".
 */
export interface YOLOv6RepPAFPN {
type: ("YOLOv6RepPAFPN" | "mmyolo.YOLOv6RepPAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
num_csp_blocks?: number
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
block_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv7Backbone".
 */
export interface YOLOv7Backbone {
type: ("YOLOv7Backbone" | "mmyolo.YOLOv7Backbone")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
plugins?: readonly unknown[] | null | { [k: string]: unknown }
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv7Head".
 */
export interface YOLOv7Head {
type: ("YOLOv7Head" | "mmyolo.YOLOv7Head")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
simota_candidate_topk?: number
simota_iou_weight?: number
simota_cls_weight?: number
aux_loss_weights?: number
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_obj?: Module
prior_match_thr?: number
near_neighbor_thr?: number
ignore_iof_thr?: number
obj_level_weights?: readonly unknown[]
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv7HeadModule".
 */
export interface YOLOv7HeadModule {
type: ("YOLOv7HeadModule" | "mmyolo.YOLOv7HeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv7OptimWrapperConstructor".
 */
export interface YOLOv7OptimWrapperConstructor {
type: ("YOLOv7OptimWrapperConstructor" | "mmyolo.YOLOv7OptimWrapperConstructor")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
paramwise_cfg?: (null | {

})
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv7PAFPN".
 */
export interface YOLOv7PAFPN {
type: ("YOLOv7PAFPN" | "mmyolo.YOLOv7PAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
block_cfg?: Module
deepen_factor?: number
widen_factor?: number
spp_expand_ratio?: number
is_tiny_version?: boolean
use_maxpool_in_downsample?: boolean
use_in_channels_in_downsample?: boolean
use_repconv_outs?: boolean
upsample_feats_cat_first?: boolean
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv7p6HeadModule".
 */
export interface YOLOv7P6HeadModule {
type: ("YOLOv7p6HeadModule" | "mmyolo.YOLOv7p6HeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
main_out_channels?: readonly unknown[]
aux_out_channels?: readonly unknown[]
use_aux?: boolean
norm_cfg?: Module
act_cfg?: Module
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv8CSPDarknet".
 */
export interface YOLOv8CSPDarknet {
type: ("YOLOv8CSPDarknet" | "mmyolo.YOLOv8CSPDarknet")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
arch?: string
last_stage_out_channels?: number
plugins?: readonly unknown[] | null | { [k: string]: unknown }
deepen_factor?: number
widen_factor?: number
input_channels?: number
/**
 * @minItems 1
 */
out_indices?: readonly unknown[]
frozen_stages?: number
norm_cfg?: Module
act_cfg?: Module
norm_eval?: boolean
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv8Head".
 */
export interface YOLOv8Head {
type: ("YOLOv8Head" | "mmyolo.YOLOv8Head")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
head_module: Module
prior_generator?: Module
bbox_coder?: Module
loss_cls?: Module
loss_bbox?: Module
loss_dfl?: Module
train_cfg?: ({

} | null)
test_cfg?: ({

} | null)
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv8HeadModule".
 */
export interface YOLOv8HeadModule {
type: ("YOLOv8HeadModule" | "mmyolo.YOLOv8HeadModule")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
num_classes: number
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
widen_factor?: number
num_base_priors?: number
/**
 * @minItems 1
 */
featmap_strides?: readonly unknown[]
reg_max?: number
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.YOLOv8PAFPN".
 */
export interface YOLOv8PAFPN {
type: ("YOLOv8PAFPN" | "mmyolo.YOLOv8PAFPN")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
/**
 * @minItems 1
 */
in_channels: readonly unknown[] | number
/**
 * @minItems 1
 */
out_channels: readonly unknown[] | number
deepen_factor?: number
widen_factor?: number
num_csp_blocks?: number
freeze_all?: boolean
norm_cfg?: Module
act_cfg?: Module
init_cfg?: readonly unknown[] | null | { [k: string]: unknown }
}
/**
 * This interface was referenced by `YolocConfig`'s JSON-Schema
 * via the `definition` "mmyolo.yolov5_collate".
 */
export interface Yolov5Collate {
type: ("yolov5_collate" | "mmyolo.yolov5_collate")
/**
 * MMEngine registry scope for this dict and its children
 */
_scope_?: string
use_ms_training?: boolean
}
