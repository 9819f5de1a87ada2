import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage, readImage } from '../../runtime/data/image.js';
import { decodeJpegExact } from '../../runtime/data/jpeg.js';

const FIX = path.join(import.meta.dirname, 'fixtures');

test('JPEGs decode to exactly what cv2.imread (libjpeg-turbo) gives: 4:2:0, 4:2:2, 4:4:4, grey, restarts, progressive, odd sizes', () => {
  for (const name of ['q420', 'q420_rst', 'q422', 'q444', 'gray', 'progressive', 'progressive_rst', 'progressive_422']) {
    const bytes = readFileSync(path.join(FIX, `${name}.jpg`));
    const ours = decodeJpegExact(bytes);
    assert.ok(ours, `${name} takes the exact path`);
    const ref = readImage(path.join(FIX, `${name}.cv2.png`));
    assert.deepEqual([ours.h, ours.w], [45, 61]);
    assert.deepEqual(ours, ref, name);
    assert.deepEqual(decodeImage(bytes, name), ref);
  }
});

test('a CMYK (Adobe) JPEG falls back to jpeg-js and still decodes to the right size', () => {
  const bytes = readFileSync(path.join(FIX, 'cmyk.jpg'));
  assert.equal(decodeJpegExact(bytes), null);
  const ours = decodeImage(bytes, 'cmyk.jpg');
  const ref = readImage(path.join(FIX, 'cmyk.cv2.png'));
  assert.deepEqual([ours.h, ours.w], [ref.h, ref.w]);
});

test('a corrupt JPEG scan is an error, not a crash', () => {
  const bytes = Buffer.from(readFileSync(path.join(FIX, 'q420.jpg')));
  const cut = bytes.subarray(0, 300);
  assert.throws(() => decodeImage(cut, 'cut.jpg'), (e: unknown) => (e as { code?: string }).code === 'YC7310');
});

test('mutated JPEG bytes decode to something or fail with YC7310, never crash or hang', () => {
  const srcs = ['q420_rst.jpg', 'progressive_rst.jpg'].map((f) => readFileSync(path.join(FIX, f)));
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const b = Buffer.from(srcs[i % 2]!);
    for (let k = 0; k < 1 + (i % 4); k++) b[next() % b.length] = next() % 256;
    try {
      const img = decodeImage(i % 7 === 0 ? b.subarray(0, next() % b.length) : b, 'm.jpg');
      assert.equal(img.data.length, img.w * img.h * 3);
    } catch (e) {
      assert.equal((e as { code?: string }).code, 'YC7310', `mutation ${i}: ${(e as Error).stack}`);
    }
  }
});
