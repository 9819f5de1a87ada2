/**
 * The CLI as a newcomer meets it, in-process: `--version`, `yoloc help CMD`, did-you-mean for
 * commands and flags, a description line atop every command's help, one `-o/--out` spelling
 * (old spellings still accepted), infer's SOURCE expansion and the per-run work dir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COMMANDS, main } from '../../cli/main.js';
import { expandImages, globFiles } from '../../cli/images.js';
import { runTimestamp, startRun } from '../../cli/workdir.js';
import { resolveConfig } from '../../compiler/resolve.js';
import { YolocError } from '../../runtime/errors.js';
import { ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-cli-usage-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const V5S = path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py');

/** Runs main() with stdout and stderr captured. */
async function yoloc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, error: console.error, write: process.stdout.write, ewrite: process.stderr.write };
  console.log = (...a: unknown[]) => void out.push(a.join(' ') + '\n');
  console.error = (...a: unknown[]) => void err.push(a.join(' ') + '\n');
  // strings only: the test runner talks to its parent through stdout in Buffers
  const grab = (into: string[], orig: typeof process.stdout.write, stream: NodeJS.WriteStream) => ((c: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof c !== 'string') return (orig as (...a: unknown[]) => boolean).call(stream, c, ...rest);
    into.push(c);
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = grab(out, saved.write, process.stdout);
  process.stderr.write = grab(err, saved.ewrite, process.stderr);
  try {
    return { code: await main(args), out: out.join(''), err: err.join('') };
  } finally {
    Object.assign(console, { log: saved.log, error: saved.error });
    process.stdout.write = saved.write;
    process.stderr.write = saved.ewrite;
  }
}

test('--version; yoloc help CMD is CMD --help; every help starts with its one description line', async () => {
  const v = await yoloc('--version');
  assert.equal(v.code, 0);
  const [first, engine, end] = v.out.split('\n');
  assert.equal(first, `yoloc ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}`);
  // The native engine's SIMD level (or why it is unavailable) on the second line.
  assert.match(engine!, process.env.YOLOC_NO_NATIVE === '1' ? /^native engine unavailable: / : /^native engine: (generic|avx2|avx512) kernels \(this CPU: generic(, avx2)?(, avx512)?\), \d+ threads?$/);
  assert.equal(end, '');
  for (const verb of Object.keys(COMMANDS)) {
    const h = await yoloc(verb, '--help');
    assert.equal(h.code, 0, verb);
    const [first, blank, usage] = h.out.split('\n');
    assert.match(first!, /^[A-Z].*\.$/, `${verb} --help starts with a description line`);
    assert.equal(first!.toLowerCase(), `${COMMANDS[verb]!.summary}.`.toLowerCase());
    assert.equal(blank, '');
    assert.match(usage!, new RegExp(`^usage: yoloc ${verb} `));
    assert.deepEqual(h.out.split('\n').filter((l) => l.length > 100), [], `${verb} --help fits 100 columns`);
    if (verb === 'train' || verb === 'test' || verb === 'infer') {
      assert.deepEqual(await yoloc('help', verb), h);
      assert.deepEqual(await yoloc('--help', verb), h);
    }
  }
  const top = (await yoloc('--help')).out;
  assert.match(top, /yoloc help <command>/);
  assert.ok(top.split('\n').every((l) => l.length <= 100), 'yoloc --help fits 100 columns');
});

test('did-you-mean for commands and flags; exit 2 with a fix, no usage dump', async () => {
  const t = await yoloc('trian');
  assert.equal(t.code, 2);
  assert.equal(t.err, "error YC8001: unknown command 'trian'\n  fix: did you mean 'train'? (yoloc train --help)\n");
  const c = await yoloc('yolov5_s.py');
  assert.equal(c.code, 2);
  assert.match(c.err, /fix: name a command first, e.g. yoloc check yolov5_s\.py/);
  assert.match((await yoloc('constructor')).err, /unknown command 'constructor'\n {2}fix: the commands are resolve, check/);
  const f = await yoloc('train', V5S, '--max-iter', '2');
  assert.equal(f.code, 2);
  assert.equal(f.err, "error YC8002: unknown option '--max-iter'\n  fix: did you mean '--max-iters'? (yoloc train --help lists the options)\n");
  const none = await yoloc('train');
  assert.equal(none.err, 'error YC8002: expected one CONFIG, got 0\n  fix: yoloc train CONFIG [options]   (yoloc train --help lists the options)\n');
  assert.match((await yoloc('infer', V5S, '--checkpoint', 'x.pth', 'img.png')).err, /^error YC8002: -o\/--out is required\n/);
  const fmt = await yoloc('test', V5S, '--checkpoint', 'x.pth', '--format', 'xml');
  assert.equal(fmt.code, 2);
  assert.match(fmt.err, /--format must be text or json, not 'xml'/);
});

test('one output flag: -o/--out everywhere, --output still accepted; two different paths are a usage error', async () => {
  const files = ['a.py', 'b.py', 'c.py'].map((n) => path.join(dir, n));
  assert.equal((await yoloc('resolve', V5S, '--format', 'py', '-o', files[0]!)).code, 0);
  assert.equal((await yoloc('resolve', V5S, '--format', 'py', '--out', files[1]!)).code, 0);
  assert.equal((await yoloc('resolve', V5S, '--format', 'py', '--output', files[2]!)).code, 0);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  assert.ok(texts[0]!.startsWith("default_scope = 'mmyolo'") && texts.every((t) => t === texts[0]));
  const both = await yoloc('resolve', V5S, '--out', files[0]!, '--output', path.join(dir, 'other.py'));
  assert.equal(both.code, 2);
  assert.match(both.err, /--out and --output \(its old spelling\) name different paths/);
  const s = await yoloc('synth', '-o', path.join(dir, 'synth'), '--train', '1', '--val', '1', '--size', '32');
  assert.equal(s.code, 0, s.err);
  assert.ok(existsSync(path.join(dir, 'synth/annotations/instances_val.json')));
});

test('infer SOURCE: a folder is its images (sorted, not recursing), globs match, a miss is YC8003', async () => {
  const imgs = path.join(dir, 'imgs');
  mkdirSync(path.join(imgs, 'sub'), { recursive: true });
  for (const n of ['b.jpg', 'a.png', 'notes.txt', 'C.JPEG', 'sub/d.png']) writeFileSync(path.join(imgs, n), '');
  const rel = (xs: string[]) => xs.map((x) => path.relative(imgs, x));
  const skipped: string[] = [];
  assert.deepEqual(rel(expandImages([imgs], (_, names) => skipped.push(...names))), ['C.JPEG', 'a.png', 'b.jpg']);
  assert.deepEqual(skipped, ['notes.txt']);
  assert.deepEqual(rel(expandImages([path.join(imgs, '*.png'), path.join(imgs, 'b.jpg')])), ['a.png', 'b.jpg']);
  assert.deepEqual(rel(globFiles(path.join(imgs, '**/*.png'))), ['a.png', 'sub/d.png']);
  assert.deepEqual(rel(globFiles(path.join(imgs, '[ab].*'))), ['a.png', 'b.jpg']);
  assert.deepEqual(rel(globFiles(path.join(imgs, '?.jpg'))), ['b.jpg']);
  const code = (f: () => unknown) => { try { f(); } catch (e) { return e instanceof YolocError ? `${e.code} ${e.message}` : String(e); } return 'no error'; };
  assert.equal(code(() => expandImages([path.join(imgs, 'nope.png')])), 'YC8003 cannot find this image');
  assert.equal(code(() => expandImages([path.join(imgs, '*.gif')])), 'YC8003 no image matches this pattern');
  assert.equal(code(() => expandImages([path.join(imgs, 'sub', '..', 'sub', 'x*')])), 'YC8003 no image matches this pattern');
  // through the command: before the checkpoint is read or a backend loads, one diagnostic naming the image
  const r = await yoloc('infer', V5S, '--checkpoint', path.join(ROOT, 'package.json'), path.join(imgs, 'nope.png'), '-o', path.join(dir, 'never-out'));
  assert.equal(r.code, 1);
  assert.equal(r.err, `${path.join(imgs, 'nope.png')} - error YC8003: cannot find this image\n  fix: give an image file, a folder of images or a quoted glob ('imgs/*.jpg')\n`);
  mkdirSync(path.join(dir, 'empty'));
  assert.equal(code(() => expandImages([path.join(dir, 'empty')])), 'YC8003 the folder holds no images');
});

test('a run folder per start, MMEngine-named; two starts in the same second do not share one', () => {
  const cfg = resolveConfig(V5S).value!;
  const now = new Date(2026, 0, 2, 3, 4, 5);
  assert.equal(runTimestamp(now), '20260102_030405');
  const work = path.join(dir, 'work');
  const a = startRun(work, V5S, cfg, now);
  const b = startRun(work, V5S, cfg, now, ['train', 'x.py', '--max-epochs', '3', 'a b']);
  assert.deepEqual(readdirSync(work).sort(), ['20260102_030405', '20260102_030405_1']);
  assert.equal(a.logFile, path.join(work, '20260102_030405', '20260102_030405.log'));
  assert.equal(path.basename(b.configFile), 'yolov5_s-v61_syncbn_8xb16-300e_coco.py');
  assert.deepEqual(resolveConfig(a.configFile).value!.data, cfg.data);
  const head = readFileSync(b.configFile, 'utf8').split('\n').slice(0, 3);
  assert.deepEqual(head, [`# resolved by yoloc from ${V5S}`, '# yoloc train x.py --max-epochs 3 "a b"', "default_scope = 'mmyolo'"]);
});

test('before anything slow: a partial config (YC8005), a missing --checkpoint or --load-from (YC7100), a bad --size (YC5008)', async () => {
  const partial = await yoloc('train', path.join(ROOT, 'configs/_base_/default_runtime.py'));
  assert.equal(partial.code, 1);
  assert.match(partial.err, /default_runtime\.py - error YC8005: yoloc train needs model, train_dataloader, train_cfg, optim_wrapper; this config has no model, train_dataloader, train_cfg, optim_wrapper\n {2}fix: name a full detector config/);
  const nock = await yoloc('test', V5S, '--checkpoint', path.join(dir, 'nope.safetensors'));
  assert.equal(nock.code, 1);
  assert.match(nock.err, /nope\.safetensors - error YC7100: --checkpoint: no such file\n/);
  assert.doesNotMatch(nock.err, /backend/, 'no backend was loaded');
  const folder = await yoloc('train', V5S, '--load-from', dir, '--work-dir', path.join(dir, 'never'));
  assert.match(folder.err, /error YC7100: --load-from: a folder, not a weights file/);
  assert.ok(!existsSync(path.join(dir, 'never')), 'no run folder for a run that cannot start');
  const size = await yoloc('bench', V5S, '--size', '330');
  assert.equal(size.code, 2);
  assert.match(size.err, /error YC5008: --size 330: the input must be a multiple of the model's largest stride 32[^\n]*\n {2}fix: use --size 320 or 352\n/);
});

test('--cfg-options without KEY=VALUE is a usage error, not a second CONFIG named like the value', async () => {
  const r = await yoloc('check', V5S, '--cfg-options', 'widen_factor');
  assert.equal(r.code, 2);
  assert.match(r.err, /--cfg-options takes KEY=VALUE pairs \(e\.g\. model\.backbone\.widen_factor=0\.25\), not 'widen_factor'/);
  assert.equal((await yoloc('check', V5S, '--cfg-options', 'model.backbone.widen_factor=0.5', V5S)).out, 'No problems in 2 configs.\n');
});

test('an output folder that is a file: YC8006 naming the path, not an internal error', async () => {
  const file = path.join(dir, 'a-file');
  writeFileSync(file, '');
  const r = await yoloc('synth', '-o', file, '--train', '1', '--val', '1', '--size', '32');
  assert.equal(r.code, 1);
  assert.match(r.err, /a-file\/\w+ - error YC8006: cannot create the folder: a part of the path is a file, not a folder \(ENOTDIR\)\n {2}fix: /);
  assert.doesNotMatch(r.err, /YC8004/);
});
