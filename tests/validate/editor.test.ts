/** JSON and YAML configs can name the schema for editor completion; that key is accepted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SCHEMA_PATH, validateConfig } from '../../compiler/validate/index.js';
import { resolveJson } from './helpers.js';

test('a JSON config with "$schema" validates; its mistakes are still found', () => {
  const cfg = {
    $schema: '../../schema/config.schema.json',
    model: { type: 'YOLOv5PAFPN', in_channels: [96, 192, 384], out_channels: [96, 192, 384], widen_factor: 0.5 },
  };
  assert.deepEqual(validateConfig(resolveJson({ 'cfg.json': cfg })).diagnostics, []);
  const bad = validateConfig(resolveJson({ 'cfg.json': { ...cfg, model: { ...cfg.model, widen_factor: 'half' } } })).diagnostics;
  assert.deepEqual(bad.map((d) => d.code), ['YC4004']);
  assert.ok(existsSync(SCHEMA_PATH));
});

test('a YAML config with a yaml-language-server modeline validates, spans point into the YAML', () => {
  const yaml = [
    '# yaml-language-server: $schema=../../schema/config.schema.json',
    'model:',
    '  type: YOLOv5PAFPN',
    '  in_channels: [96, 192, 384]',
    '  out_channels: [96, 192, 384]',
    '  widen_factr: 0.5',
    '',
  ].join('\n');
  const ds = validateConfig(resolveJson({ 'cfg.yaml': yaml }, 'cfg.yaml')).diagnostics;
  assert.deepEqual(ds.map((d) => d.code), ['YC4002']);
  assert.equal(ds[0]!.span?.line, 6);
  assert.match(ds[0]!.message, /did you mean 'widen_factor'\?/);
});
