/**
 * Corrupt and hostile files, property-based: every damaged safetensors, checkpoint, image and
 * COCO file ends in a load or a YolocError with its code naming the file, never another
 * exception. (tests/io/pth-read.test.ts covers refused pickle globals, CRC flips and mutated
 * data.pkl; tests/data/dataset.test.ts the COCO skips MMYOLO makes.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readSafetensors, writeSafetensors } from '../../runtime/io/safetensors.js';
import { readWeightsFile } from '../../runtime/io/weights-file.js';
import { decodeImage, encodeJpeg, encodePng, fullImage, readImage } from '../../runtime/data/image.js';
import { loadCoco } from '../../runtime/data/coco.js';
import { YolocError } from '../../runtime/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-corrupt-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Runs fn; a YolocError must carry one of the codes and name `file`; anything else fails. */
function loadsOrFails<T>(fn: () => T, codes: RegExp, file: string): T | YolocError {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof YolocError, `not a YolocError: ${(e as Error)?.stack ?? String(e)}`);
    assert.match(e.code, codes);
    assert.equal(e.file, file);
    assert.ok(e.message.length > 5);
    return e;
  }
}

const tensors = new Map([
  ['a.weight', { dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
  ['b.num_batches_tracked', { dtype: 'int32' as const, shape: [], data: Int32Array.from([7]) }],
]);
const good = path.join(dir, 'good.safetensors');
writeSafetensors(good, tensors);
const goodBytes = readFileSync(good);

test('safetensors: every truncation and random byte flips load faithfully or are YC7101', () => {
  const f = path.join(dir, 'bad.safetensors');
  for (let n = 0; n < goodBytes.length; n++) {
    writeFileSync(f, goodBytes.subarray(0, n));
    const r = loadsOrFails(() => readSafetensors(f), /^YC7101$/, f);
    assert.ok(r instanceof YolocError, `truncated to ${n} bytes loaded`);
  }
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(goodBytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), (flips) => {
    const b = Buffer.from(goodBytes);
    for (const [i, x] of flips) b[i]! ^= x;
    writeFileSync(f, b);
    const r = loadsOrFails(() => readSafetensors(f), /^YC7101$/, f);
    // A flip in the data section loads (safetensors has no checksum); shapes stay as declared.
    if (!(r instanceof YolocError)) for (const [, t] of r) assert.equal(t.data.length, t.shape.reduce((a, d) => a * d, 1));
  }), { numRuns: 300, seed: 11 });
});

test('safetensors: hostile headers (huge lengths, offsets, shapes, dtypes) are YC7101', () => {
  const f = path.join(dir, 'hostile.safetensors');
  const withHeader = (h: unknown, data = Buffer.alloc(24), len?: bigint): void => {
    const hb = Buffer.from(typeof h === 'string' ? h : JSON.stringify(h));
    const lb = Buffer.alloc(8);
    lb.writeBigUInt64LE(len ?? BigInt(hb.length));
    writeFileSync(f, Buffer.concat([lb, hb, data]));
  };
  const cases: [unknown, bigint?][] = [
    [{}, 2n ** 63n], [{}, 2n ** 64n - 1n], ['[1,2]'], ['"x"'], ['null'], ['{"a": 1}'], ['{' + '"a":{'.repeat(10_000) + '}'.repeat(10_001)],
    [{ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 24] } }], [{ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }],
    [{ a: { dtype: 'F32', shape: [1], data_offsets: [0, 2 ** 60] } }], [{ a: { dtype: 'F32', shape: [1], data_offsets: [8, 4] } }],
    [{ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }], [{ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }],
    [{ a: { dtype: 'F32', shape: '2', data_offsets: [0, 8] } }], [{ a: { dtype: 'F32', shape: [6], data_offsets: [0, 25] } }],
    [{ a: { dtype: 'F32', shape: [1], data_offsets: ['0', '4'] } }], [{ a: null }], [{ a: { dtype: 'F32', shape: [7], data_offsets: [0, 24] } }],
  ];
  for (const [h, len] of cases) {
    withHeader(h, undefined, len);
    const t0 = performance.now();
    const r = loadsOrFails(() => readSafetensors(f), /^YC7101$/, f);
    assert.ok(r instanceof YolocError, `loaded: ${JSON.stringify(h).slice(0, 80)}`);
    assert.ok(performance.now() - t0 < 2000);
  }
});

test('checkpoints: zero bytes, random bytes, a safetensors truncated behind a .pth name are YC71xx', () => {
  const f = path.join(dir, 'w.pth');
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.nat(goodBytes.length - 1).map((n) => goodBytes.subarray(0, n)),
    fc.constant(Buffer.from('PK\u0003\u0004' + 'x'.repeat(100)))), (bytes) => {
    writeFileSync(f, bytes);
    assert.ok(loadsOrFails(() => readWeightsFile(f), /^YC71\d\d$/, f) instanceof YolocError);
  }), { numRuns: 200, seed: 5 });
});

test('images: mislabelled files decode by content (as cv2.imread); empty, text and truncated ones are YC7310', () => {
  const img = fullImage(6, 5, 3, [10, 20, 30]);
  const png = encodePng(img);
  const jpg = encodeJpeg(img, 95);
  const asPng = path.join(dir, 'really-a-jpeg.png');
  writeFileSync(asPng, jpg);
  const a = readImage(asPng);
  assert.deepEqual([a.w, a.h], [5, 6]);
  const asJpg = path.join(dir, 'really-a-png.jpg');
  writeFileSync(asJpg, png);
  assert.deepEqual(readImage(asJpg).data, img.data);
  for (const [name, bytes] of [['empty.jpg', Buffer.alloc(0)], ['text.jpg', Buffer.from('hello, I am text\n')], ['empty.png', Buffer.alloc(0)]] as const) {
    const f = path.join(dir, name);
    writeFileSync(f, bytes);
    assert.ok(loadsOrFails(() => readImage(f), /^YC7310$/, f) instanceof YolocError, name);
  }
  assert.ok(loadsOrFails(() => readImage(path.join(dir, 'missing.png')), /^YC7310$/, path.join(dir, 'missing.png')) instanceof YolocError);
  fc.assert(fc.property(fc.boolean(), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }), (isPng, cut, flips) => {
    const src = Buffer.from(isPng ? png : jpg);
    for (const [i, x] of flips) src[i % src.length]! ^= x;
    const bytes = src.subarray(0, flips.length ? src.length : cut % src.length);
    const r = loadsOrFails(() => decodeImage(bytes, 'x.img'), /^YC7310$/, 'x.img');
    if (!(r instanceof YolocError)) assert.equal(r.data.length, r.w * r.h * 3);
  }), { numRuns: 300, seed: 3 });
});

test('COCO JSON: missing fields and wrong types anywhere are YC730x naming the file', () => {
  const doc = {
    images: [{ id: 1, file_name: 'a.png', width: 40, height: 30 }, { id: 2, file_name: 'b.png', width: 40, height: 30 }],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, bbox: [1, 2, 10, 10], area: 100, iscrowd: 0 },
      { id: 2, image_id: 2, category_id: 2, bbox: [35, 25, 20, 20], area: 400, iscrowd: 0 },
    ],
    categories: [{ id: 1, name: 'circle' }, { id: 2, name: 'square' }],
  };
  const f = path.join(dir, 'ann.json');
  const odd = fc.oneof(fc.constant(null), fc.constant('x'), fc.constant(-1), fc.constant(1e308), fc.constant(NaN), fc.constant([]), fc.constant({}),
    fc.constant([1, 2]), fc.constant(true), fc.string({ maxLength: 5 }), fc.double());
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), odd, fc.boolean()), { minLength: 1, maxLength: 3 }), (edits) => {
    const d = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
    for (const [a, b, v, del] of edits) {
      // Walk to a random object or list inside the document and replace or delete one entry.
      let node: unknown = d;
      for (const step of [a, b, a + b]) {
        const keys = node && typeof node === 'object' ? Object.keys(node) : [];
        if (!keys.length) break;
        const k = keys[step % keys.length]!;
        const child = (node as Record<string, unknown>)[k];
        if (step === a + b || !child || typeof child !== 'object') {
          if (del) delete (node as Record<string, unknown>)[k];
          else (node as Record<string, unknown>)[k] = v;
          break;
        }
        node = child;
      }
    }
    writeFileSync(f, JSON.stringify(d));
    const r = loadsOrFails(() => loadCoco(f, dir), /^YC730\d$/, f);
    if (!(r instanceof YolocError)) for (const info of r.infos) assert.ok(info.instances.every((i) => i.bbox.every(Number.isFinite)));
  }), { numRuns: 400, seed: 9 });
  // Not JSON, not an object, empty: YC7300.
  for (const text of ['', '{', '[]', 'null', '"x"', '\u0000']) {
    writeFileSync(f, text);
    assert.ok(loadsOrFails(() => loadCoco(f, dir), /^YC7300$/, f) instanceof YolocError, JSON.stringify(text));
  }
});
