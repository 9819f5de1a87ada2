/** Spelling suggestions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggest } from '../../compiler/validate/didyoumean.js';

test('edit distance counts a transposition as one edit', () => {
  assert.equal(editDistance('widen_factor', 'widen_factr'), 1);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('', 'abc'), 3);
});

test('suggest prefers a case-insensitive match, then the closest, and refuses far ones', () => {
  assert.equal(suggest('yolov5pafpn', ['YOLOv5PAFPN', 'YOLOv5PAFPNX']), 'YOLOv5PAFPN');
  assert.equal(suggest('widen_factr', ['deepen_factor', 'widen_factor']), 'widen_factor');
  assert.equal(suggest('focal', ['iou_mode', 'bbox_format', 'eps', 'reduction', 'loss_weight', 'return_iou']), undefined);
});
