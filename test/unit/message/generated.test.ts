// The precompiled built-in templates are committed (the action must not need the Handlebars compiler
// at run time). This fails when templates/**/*.hbs changed and `npm run templates` was not run.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { GENERATED, generateTemplatesModule } from '../../../scripts/precompile-templates.js';

test('src/message/builtin/templates.generated.ts is up to date with templates/', async () => {
  const committed = await readFile(GENERATED, 'utf8');
  assert.ok(
    committed === (await generateTemplatesModule()),
    'stale: run `npm run templates` and commit the result',
  );
});
