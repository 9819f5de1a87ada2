import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImage, resizeImage, warpAffine, type Image } from '../../runtime/data/image.js';
import { bgrToHsv, hsvToBgr, boxBlur, medianBlur, grayOf, clahePlane } from '../../runtime/data/color.js';
import { tinyDataset } from './helpers.js';

const HERE = import.meta.dirname;

function cv2Available(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import cv2'], { stdio: 'ignore' }).status === 0;
}

test('pixel kernels equal OpenCV 4.6 on a PNG (HSV2BGR within 1 grey level on under 0.1%)', (t) => {
  if (!cv2Available()) {
    t.skip('OpenCV not importable by /usr/bin/python3 (apt-get install python3-opencv); geometry tests still run');
    return;
  }
  const root = tinyDataset(2, 0, 120, 21);
  const src = path.join(root, 'train', readdirSync(path.join(root, 'train')).find((f) => f.endsWith('.png'))!);
  const out = mkdtempSync(path.join(tmpdir(), 'yoloc-cv2-'));
  const r = spawnSync('/usr/bin/python3', [path.join(HERE, 'cv2_ref.py'), src, out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const img = readImage(src);
  const { h, w } = img;
  const g3 = (p: Uint8Array): Image => {
    const d = new Uint8Array(p.length * 3);
    p.forEach((v, i) => { d[i * 3] = d[i * 3 + 1] = d[i * 3 + 2] = v; });
    return { h, w, c: 3, data: d };
  };
  // [ours, max abs difference allowed, fraction of values allowed to differ]
  const cases: Record<string, [Image, number, number]> = {
    decoded: [img, 0, 0],
    linear_down: [resizeImage(img, Math.floor((w * 5) / 8), Math.floor((h * 5) / 8)), 0, 0],
    linear_up: [resizeImage(img, Math.floor((w * 3) / 2), Math.floor((h * 3) / 2)), 0, 0],
    area_down: [resizeImage(img, Math.floor((w * 3) / 5), Math.floor((h * 3) / 5), 'area'), 0, 0],
    warp: [warpAffine(img, [1.3, 0.05, -20, -0.04, 1.25, 7.5].map(Math.fround), w, h, [114, 114, 114]), 0, 0],
    hsv: [{ h, w, c: 3, data: bgrToHsv(img) }, 0, 0],
    hsv_back: [hsvToBgr(bgrToHsv(img), h, w), 1, 0.001], // float32 edge cases of cv2's SIMD store
    blur5: [boxBlur(img, 5), 0, 0],
    median5: [medianBlur(img, 5), 0, 0],
    gray: [g3(grayOf(img)), 0, 0],
    clahe_gray: [g3(clahePlane(grayOf(img), w, h, 2.0)), 0, 0],
  };
  for (const [name, [ours, maxDiff, frac]] of Object.entries(cases)) {
    const ref = readImage(path.join(out, `${name}.png`));
    assert.deepEqual([ours.h, ours.w], [ref.h, ref.w], name);
    let worst = 0, differ = 0;
    for (let i = 0; i < ref.data.length; i++) {
      const d = Math.abs(ours.data[i]! - ref.data[i]!);
      if (d) differ++;
      worst = Math.max(worst, d);
    }
    assert.ok(worst <= maxDiff && differ <= frac * ref.data.length, `${name}: max ${worst}, ${differ} of ${ref.data.length} differ`);
  }
});
