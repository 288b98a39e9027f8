// action.yml is the public contract: the parser reads exactly the inputs it declares, and the README
// tables are generated from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, generatedReadme, readActionYaml } from '../../scripts/readme-inputs.js';
import { INPUT_NAMES } from '../../src/inputs/index.js';

const action = readActionYaml();

test('every input the parser reads is declared in action.yml, and vice versa', () => {
  assert.deepEqual([...INPUT_NAMES].sort(), Object.keys(action.inputs ?? {}).sort());
});

test('every declared input and output has a description', () => {
  for (const [name, spec] of [
    ...Object.entries(action.inputs ?? {}),
    ...Object.entries(action.outputs ?? {}),
  ]) {
    assert.ok((spec.description ?? '').length > 10, `${name} needs a description`);
  }
});

test('README tables are generated from action.yml (run `npm run docs`)', async () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.equal(readme, await generatedReadme(readme, action));
});

test('action.yml runs the bundle on node24', () => {
  const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  assert.match(text, /using: 'node24'/);
  assert.match(text, /main: 'dist\/index\.js'/);
});
