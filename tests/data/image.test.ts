import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { decodeImage, encodeJpeg, type Image } from '../../runtime/data/image.js';
import { decodePngFast } from '../../runtime/data/png.js';
import { Rng } from '../../runtime/data/rng.js';
import { YolocError } from '../../runtime/errors.js';

function viaPngjs(buf: Buffer): Image {
  const p = PNG.sync.read(buf);
  const data = new Uint8Array(p.width * p.height * 3);
  for (let i = 0; i < p.width * p.height; i++) {
    data[i * 3] = p.data[i * 4 + 2]!; data[i * 3 + 1] = p.data[i * 4 + 1]!; data[i * 3 + 2] = p.data[i * 4]!;
  }
  return { h: p.height, w: p.width, c: 3, data };
}

test('the fast PNG path equals pngjs for RGB, RGBA and grey images, every row filter', () => {
  const rng = new Rng(4);
  const w = 37, h = 23;
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h * 4; i++) png.data[i] = i % 4 === 3 ? 200 : (i * 7 + rng.int(0, 40)) & 0xff;
  for (const colorType of [2, 6, 0] as const) {
    for (const filterType of [0, 1, 2, 3, 4]) {
      const buf = PNG.sync.write(png, { colorType, filterType, inputHasAlpha: true });
      const fast = decodePngFast(buf);
      assert.ok(fast, `colorType ${colorType} takes the fast path`);
      assert.deepEqual(fast, viaPngjs(buf), `colorType ${colorType} filter ${filterType}`);
    }
  }
});

test('truncated or foreign image bytes are YC7310 naming the file', () => {
  const png = new PNG({ width: 8, height: 8 });
  const buf = PNG.sync.write(png, { colorType: 2 });
  for (const bytes of [buf.subarray(0, buf.length - 20), buf.subarray(0, 40), Buffer.from('GIF89a....')]) {
    assert.throws(() => decodeImage(bytes, 'a.png'), (e: unknown) => e instanceof YolocError && e.code === 'YC7310' && e.file === 'a.png');
  }
  const jpg = encodeJpeg({ h: 8, w: 8, c: 3, data: new Uint8Array(192).fill(90) });
  assert.equal(decodeImage(jpg, 'a.jpg').data[0], 90);
  assert.throws(() => decodeImage(jpg.subarray(0, 30), 'a.jpg'), (e: unknown) => e instanceof YolocError && e.code === 'YC7310');
});
