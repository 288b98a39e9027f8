// Golden files of every built-in template (subject, text and HTML parts) for every event fixture.
// A change to a template or the context shows up as a diff of test/golden/: read it, then accept it
// with `UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/unit/message/golden.test.ts`.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { BuiltinTemplate, JobStatus } from '../../../src/config.js';
import { buildContent } from '../../../src/message/index.js';
import { envOf, FIXTURE_LIST, recordingIo, ROOT, settingsWith } from './support.js';

const GOLDEN = path.join(ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** What `status: ${{ job.status }}` would plausibly be on each event. */
const STATUS: Readonly<Record<string, JobStatus>> = {
  'push-multi': 'success',
  'workflow-run-failure': 'failure',
  'pull-request-fork': 'failure',
  'release-published': 'success',
  'release-generated-notes': 'success',
  'workflow-dispatch': 'success',
  schedule: 'cancelled',
};

/** The plain template shows the body: one that uses Markdown and context variables. */
const PLAIN_BODY = `Build finished for **{{repository.full_name}}** on \`{{ref_name}}\`.

- commit: {{commit.short_sha}} {{commit.title}}
- triggered by: {{actor}} ({{event_name}})
`;

async function checkGolden(file: string, actual: string): Promise<void> {
  const target = path.join(GOLDEN, file);
  if (UPDATE) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, actual);
    return;
  }
  const expected = await readFile(target, 'utf8').catch(() => {
    throw new Error(`missing golden file test/golden/${file}: run with UPDATE_GOLDEN=1, then review it`);
  });
  assert.equal(actual, expected, `test/golden/${file} differs: review, then UPDATE_GOLDEN=1`);
}

/** What Outlook, Outlook on the web and Gmail need, and what none of them may get. */
function assertMailSafe(html: string): void {
  const outsideMso = html.replace(/<!--\[if mso\]>[^]*?<!\[endif\]-->/g, '');
  assert.doesNotMatch(
    html,
    /<script|<link|<iframe|<object|<embed|<form|@import|url\(/i,
    'no script or external resource',
  );
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no event handler attribute');
  // The inline styles are the design; <style> blocks in <head> only refine it where a client applies
  // media queries (small screens, dark mode).
  for (const style of outsideMso.match(/<style\b[^]*?<\/style>/gi) ?? []) {
    assert.match(
      style,
      /^<style>\n@media \([^)]+\)\{[^<]*\}\n<\/style>$/,
      'a <style> block holds one media query',
    );
  }
  assert.doesNotMatch(outsideMso.slice(outsideMso.indexOf('</head>')), /<style/i, 'no <style> in the body');
  assert.doesNotMatch(
    html,
    /<(div|section|header|footer|nav)\b[^>]*style="[^"]*(display:\s*flex|grid)/i,
    'table layout',
  );
  for (const table of html.match(/<table\b[^>]*>/g) ?? []) {
    assert.match(
      table,
      /role="presentation"|border-collapse:collapse;margin:0 0 12px 0;/,
      `layout tables are presentational: ${table}`,
    );
  }
  for (const href of html.match(/href="[^"]*"/g) ?? []) assert.match(href, /^href="https:\/\//, href);
}

for (const template of ['plain', 'status', 'release'] as const satisfies readonly BuiltinTemplate[]) {
  describe(`built-in template '${template}'`, () => {
    for (const f of FIXTURE_LIST) {
      test(`${f.file} (${f.event})`, async () => {
        const io = recordingIo(envOf(f));
        const content = await buildContent(
          settingsWith({
            template: { kind: 'builtin', name: template },
            status: STATUS[f.file],
            body: template === 'plain' ? PLAIN_BODY : '',
          }),
          io,
        );
        await checkGolden(`${template}/${f.file}.subject.txt`, `${content.subject}\n`);
        await checkGolden(`${template}/${f.file}.text.txt`, content.text);
        await checkGolden(`${template}/${f.file}.html`, content.html);
        assertMailSafe(content.html);
      });
    }
  });
}
