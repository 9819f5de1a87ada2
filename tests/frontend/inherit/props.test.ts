/** Property tests: the readers and the cfg-options parser never throw on arbitrary input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJsonConfig } from '../../../compiler/frontend/json.js';
import { parseYamlConfig } from '../../../compiler/frontend/yaml.js';
import { OptionSyntaxError, parseOptionValue, buildOptionDict } from '../../../compiler/inherit/options.js';
import { toJson } from '../../../compiler/frontend/values.js';
import { toPythonJson } from '../../../compiler/inherit/print.js';

const configish = fc.stringMatching(/^[{}[\]():,"'a-z0-9 \n.!&*<|>~-]{0,60}$/);

test('JSON and YAML readers answer every input with a value or a diagnostic', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), configish), (s) => {
      for (const r of [parseJsonConfig(s, 'x.json'), parseYamlConfig(s, 'x.yaml')]) {
        assert.ok(r.value !== null || r.diagnostics.length > 0);
        for (const d of r.diagnostics) assert.match(d.code, /^YC30(15|16)$/);
      }
    }),
    { numRuns: 300 },
  );
});

test('JSON reader agrees with JSON.parse on objects, and prints back as Python json does', () => {
  const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string());
  const obj = fc.dictionary(fc.string(), fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.string(), leaf, { maxKeys: 3 })), { maxKeys: 5 });
  fc.assert(
    fc.property(obj, (o) => {
      const text = JSON.stringify(o);
      const r = parseJsonConfig(text, 'x.json');
      assert.deepEqual(toJson(r.value!), JSON.parse(text));
      assert.deepEqual(JSON.parse(toPythonJson(r.value!)), JSON.parse(text));
    }),
    { numRuns: 200 },
  );
});

test('cfg-options values parse or fail with OptionSyntaxError only', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[[\]()a-z0-9,.'" _-]{0,30}$/), (s) => {
      try {
        parseOptionValue(s);
      } catch (e) {
        assert.ok(e instanceof OptionSyntaxError);
      }
      const r = buildOptionDict([`a.b=${s}`]);
      assert.ok(r.value !== null || r.diagnostics[0]?.code === 'YC3012');
    }),
    { numRuns: 300 },
  );
});
