import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage, readImage } from '../../runtime/data/image.js';
import { decodeJpegExact } from '../../runtime/data/jpeg.js';

const FIX = path.join(import.meta.dirname, 'fixtures');

test('baseline JPEGs decode to exactly what cv2.imread (libjpeg-turbo) gives: 4:2:0, 4:2:2, 4:4:4, grey, restarts, odd sizes', () => {
  for (const name of ['q420', 'q420_rst', 'q422', 'q444', 'gray']) {
    const bytes = readFileSync(path.join(FIX, `${name}.jpg`));
    const ours = decodeJpegExact(bytes);
    assert.ok(ours, `${name} takes the exact path`);
    const ref = readImage(path.join(FIX, `${name}.cv2.png`));
    assert.deepEqual([ours.h, ours.w], [45, 61]);
    assert.deepEqual(ours, ref, name);
    assert.deepEqual(decodeImage(bytes, name), ref);
  }
});

test('a progressive JPEG falls back to jpeg-js: right size, close to cv2 on average (chroma edges differ)', () => {
  const bytes = readFileSync(path.join(FIX, 'progressive.jpg'));
  assert.equal(decodeJpegExact(bytes), null);
  const ours = decodeImage(bytes, 'progressive.jpg');
  const ref = readImage(path.join(FIX, 'progressive.cv2.png'));
  assert.deepEqual([ours.h, ours.w], [ref.h, ref.w]);
  let sum = 0;
  for (let i = 0; i < ref.data.length; i++) sum += Math.abs(ours.data[i]! - ref.data[i]!);
  assert.ok(sum / ref.data.length < 8, `mean difference ${sum / ref.data.length}`);
});

test('a corrupt JPEG scan is an error, not a crash', () => {
  const bytes = Buffer.from(readFileSync(path.join(FIX, 'q420.jpg')));
  const cut = bytes.subarray(0, 300);
  assert.throws(() => decodeImage(cut, 'cut.jpg'), (e: unknown) => (e as { code?: string }).code === 'YC7310');
});

test('mutated JPEG bytes decode to something or fail with YC7310, never crash or hang', () => {
  const src = readFileSync(path.join(FIX, 'q420_rst.jpg'));
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const b = Buffer.from(src);
    for (let k = 0; k < 1 + (i % 4); k++) b[next() % b.length] = next() % 256;
    try {
      const img = decodeImage(i % 7 === 0 ? b.subarray(0, next() % b.length) : b, 'm.jpg');
      assert.equal(img.data.length, img.w * img.h * 3);
    } catch (e) {
      assert.equal((e as { code?: string }).code, 'YC7310', `mutation ${i}: ${(e as Error).stack}`);
    }
  }
});
