import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../cli/main.js';

test('yoloc synth writes the split folders and annotation files; bad options are usage errors', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-cli-')), 'ds');
  const log = console.log, err = console.error;
  const said: string[] = [];
  console.log = (m: string) => said.push(m);
  console.error = (m: string) => said.push(m);
  try {
    assert.equal(await main(['synth', '--out', out, '--train', '2', '--val', '1', '--size', '48', '--classes', '3']), 0);
    assert.deepEqual(readdirSync(out).sort(), ['annotations', 'train', 'val']);
    assert.deepEqual(readdirSync(path.join(out, 'annotations')).sort(), ['instances_train.json', 'instances_val.json']);
    assert.equal(await main(['synth', '--out', out, '--train', 'many', '--val', '1']), 2);
    assert.equal(await main(['synth', '--train', '1', '--val', '1']), 2);
    assert.equal(await main(['synth', '--out', out, '--train', '1', '--val', '1', '--classes', '99']), 2); // a flag out of range is usage
    assert.equal(await main(['convert', 'only-one-arg.pth']), 2);
    assert.equal(await main(['convert', 'missing.pth', path.join(out, 'x.safetensors')]), 1);
  } finally {
    console.log = log;
    console.error = err;
  }
  assert.ok(said.some((m) => /YC8002: --classes must be 1\.\.10/.test(m)) && said.some((m) => /YC7100/.test(m)), said.join('\n'));
});
