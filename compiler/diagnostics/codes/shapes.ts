/** Diagnostic codes owned by the shapes phase (compiler/check/, over the module contracts in runtime/modules/<type>/contract.ts). */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  YC5001: { title: "neck in_channels (after widen_factor) do not match the backbone's output channels" },
  YC5002: { title: "head in_channels (after widen_factor) do not match the neck's output channels" },
  YC5003: { title: "head featmap_strides do not match the backbone's real output strides" },
  YC5004: { title: "prior_generator strides do not match the feature map strides" },
  YC5005: { title: 'the number of feature levels differs between backbone, neck and head' },
  YC5006: { title: 'num_base_priors does not match the anchors per level' },
  YC5007: { title: "head num_classes does not match the dataset's classes" },
  YC5008: { title: 'img_scale is not divisible by the largest feature stride' },
  YC5009: { title: 'out_indices refers to a layer the backbone does not have' },
  YC5010: { title: 'neck concat channels differ from what its CSP layer was built for' },
  YC5011: { title: 'out_indices repeats an index' },
  YC5012: { title: 'a shape-relevant argument is malformed: shape check skipped' },
  YC5013: { title: "backbone levels are not at successive x2 strides, as the neck's upsampling needs" },
  YC5020: { title: 'parts of the model have no shape rules in yoloc: their channels and strides were not checked' },
};
