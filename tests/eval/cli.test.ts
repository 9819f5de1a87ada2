import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../cli/eval.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/fixtures/coco');

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
  try {
    return { code: await run(argv), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test('yoloc eval prints the 12 stats (json) and pycocotools-style lines (text)', async () => {
  const want = (JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, number[]>).random_ties!;
  const files = [path.join(DIR, 'random_ties.gt.json'), path.join(DIR, 'random_ties.dt.json')];
  const json = await capture([...files, '--format', 'json']);
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.out), { stats: want });
  const text = await capture(files);
  const lines = text.out.split('\n');
  assert.equal(lines.length, 12);
  assert.equal(lines[0], ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ${want[0]!.toFixed(3)}`);
  assert.equal(lines[6], ` Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = ${want[6]!.toFixed(3)}`);
  await assert.rejects(capture([files[0]!]), (e: unknown) => (e as { code?: string }).code === 'YC8002');
});

test('yoloc eval with its two files swapped says so', async () => {
  const files = [path.join(DIR, 'random_ties.dt.json'), path.join(DIR, 'random_ties.gt.json')];
  await assert.rejects(capture(files), (e: unknown) => {
    const err = e as { code?: string; message: string; fix?: string };
    return err.code === 'YC7210' && /not a list \(a results file\?\)/.test(err.message) && err.fix === 'give the COCO annotation file first, then the results: yoloc eval GT.json DETECTIONS.json';
  });
});
