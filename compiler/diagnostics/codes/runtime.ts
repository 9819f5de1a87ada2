/**
 * Runtime codes (7xxx). The runtime never imports the compiler: it throws
 * runtime/errors.ts YolocError with these codes, and the CLI prints them.
 * Blocks: 70xx modules/forward, 71xx weights io, 72xx loss/eval, 73xx data, 74xx training,
 * 75xx backends/native.
 */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  YC7000: { title: 'runtime error' },
  YC7001: { title: 'a model type in the config has no runtime implementation' },
  YC7002: { title: 'bad module arguments in the model config' },
  YC7003: { title: 'state dict size mismatch: the checkpoint was made for another model' },
  YC7004: { title: 'state dict keys do not match the model (missing or unexpected keys)' },
  YC7005: { title: 'bad input tensor for forward (missing, wrong rank or channels)' },
  YC7100: { title: 'cannot open a weights or tensor file' },
  YC7101: { title: 'malformed safetensors file' },
  YC7102: { title: 'cannot write a file' },
  YC7110: { title: 'not a PyTorch zip checkpoint, or a damaged one (truncated, CRC mismatch)' },
  YC7111: { title: 'legacy (pre-1.6, non-zip) torch.save format: not supported' },
  YC7112: { title: 'malformed pickle in a checkpoint' },
  YC7113: { title: 'a checkpoint pickle refers to a global outside the allow-list (refused, never executed)' },
  YC7114: { title: 'a checkpoint tensor or storage is missing, out of range or of an unsupported type' },
  YC7115: { title: 'no state_dict of tensors in the checkpoint' },
  YC7116: { title: 'unknown weights file type' },
  YC7300: { title: 'annotation file missing or not JSON' },
  YC7301: { title: 'annotation file lacks images/annotations/categories, or an image entry is malformed' },
  YC7302: { title: 'an annotation is malformed (bbox, image_id, category_id, area, duplicate id)' },
  YC7303: { title: 'a class of metainfo.classes is not among the annotation categories' },
  YC7304: { title: 'unsupported dataset type or missing ann_file' },
  YC7305: { title: 'dataset is empty after filtering, or an index is outside it' },
  YC7306: { title: 'the pipeline dropped a sample it may not drop' },
  YC7307: { title: 'bad synthetic dataset options' },
  YC7308: { title: 'bad data loader options' },
  YC7309: { title: 'a data worker thread failed' },
  YC7310: { title: 'an image file is missing or cannot be decoded (PNG, JPEG)' },
  YC7311: { title: 'an image does not match its annotation (size)' },
  YC7320: { title: 'an image operation got impossible geometry' },
  YC7330: { title: 'unknown transform type or bad transform argument' },
  YC7331: { title: 'a transform option the runtime does not support' },
  YC7332: { title: 'Mosaic cannot draw partner images' },
  YC7333: { title: 'an Albu (albumentations) transform the runtime does not support' },
  YC7500: { title: 'unknown backend name' },
  YC7501: { title: 'the requested backend cannot be loaded here' },
  YC7401: { title: 'not a training checkpoint, or a damaged one' },
  YC7402: { title: 'training cannot start or resume' },
};
