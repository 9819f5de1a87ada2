/**
 * Training on the user's own COCO folder (README, "Train on your own data"): the bundled
 * configs/starnet/yolov5_starnet_s050_own_data.py, which names only the data root, the class
 * names and their number over the demo config, trains 2 iterations on `yoloc synth` data moved
 * into the images/ + annotations/{trainval,test}.json layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { synthDataset } from '../../runtime/data/index.js';
import { train } from '../../runtime/engine/train.js';
import { ROOT } from '../helpers/paths.js';

await selectBackend(undefined, { quiet: true });

test('yoloc train on an own COCO folder with a config naming data_root, classes and num_classes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-own-'));
  const root = path.join(dir, 'shapes3');
  synthDataset({ out: root, train: 8, val: 4, classes: 3, size: 96, seed: 5 });
  mkdirSync(path.join(root, 'images'));
  for (const split of ['train', 'val']) {
    for (const f of readdirSync(path.join(root, split))) renameSync(path.join(root, split, f), path.join(root, 'images', f));
  }
  renameSync(path.join(root, 'annotations', 'instances_train.json'), path.join(root, 'annotations', 'trainval.json'));
  renameSync(path.join(root, 'annotations', 'instances_val.json'), path.join(root, 'annotations', 'test.json'));

  const bundled = path.join(ROOT, 'configs', 'starnet', 'yolov5_starnet_s050_own_data.py');
  const text = readFileSync(bundled, 'utf8')
    .replace("'./yolov5_starnet_s050_synth_320.py'", JSON.stringify(path.join(ROOT, 'configs', 'starnet', 'yolov5_starnet_s050_synth_320.py')))
    .replace("data_root = 'data/shapes3/'", `data_root = ${JSON.stringify(root + '/')}`);
  assert.notEqual(text, readFileSync(bundled, 'utf8'));
  const file = path.join(dir, 'shapes3.py');
  writeFileSync(file, text);
  const r = resolveConfig(file);
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('\n'));
  const cfg = r.value.data as { model: { bbox_head: { head_module: { num_classes: number } } }; train_dataloader: { dataset: { data_root: string } } };
  assert.equal(cfg.model.bbox_head.head_module.num_classes, 3);
  assert.equal(cfg.train_dataloader.dataset.data_root, root + '/');

  const out = await train({ config: r.value.data, workDir: path.join(dir, 'wd'), baseDir: dir, maxIters: 2, quiet: true });
  assert.equal(out.iters, 2);
  assert.ok(out.losses.every(Number.isFinite), `${out.losses}`);
});
