// Untrusted event fields (a fork PR's title and branch) through the whole message stage, read back by
// mailparser: they change no header and no recipient, and appear escaped, once, in the HTML part.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { MessageSettings } from '../../../src/config.js';
import { collapseLineBreaks } from '../../../src/text.js';
import { composeMessages } from '../../../src/message/compose/batches.js';
import { runIdentity } from '../../../src/message/context/context.js';
import { readWorkflowRun } from '../../../src/message/context/toolkit.js';
import { buildContent, buildMime } from '../../../src/message/index.js';
import { envOf, fixture, FIXTURES, recordingIo, settingsWith, tempDir } from './support.js';

const TITLE = 'Fix <img src=x onerror=alert(1)> and\r\nBcc: attacker@evil.example';

/** The fork PR fixture with some fields replaced, written to a temporary event file. */
async function eventFile(change: (pr: Record<string, unknown>) => void): Promise<string> {
  const payload = JSON.parse(await readFile(path.join(FIXTURES, 'pull-request-fork.json'), 'utf8')) as {
    pull_request: Record<string, unknown>;
  };
  change(payload.pull_request);
  const file = path.join(await tempDir('event-'), 'event.json');
  await writeFile(file, JSON.stringify(payload));
  return file;
}

async function send(overrides: Partial<MessageSettings>, eventPath?: string) {
  const env = envOf(fixture('pull-request-fork'), eventPath ? { GITHUB_EVENT_PATH: eventPath } : {});
  const settings = settingsWith({
    template: { kind: 'builtin', name: 'status' },
    status: 'failure',
    ...overrides,
  });
  const content = await buildContent(settings, recordingIo(env));
  const [message] = composeMessages(
    settings,
    content,
    runIdentity(await readWorkflowRun(env, () => undefined)),
    500,
  );
  assert.ok(message);
  const raw = await buildMime(message);
  const headerBlock = raw.toString('utf8').split('\r\n\r\n')[0] ?? '';
  const headerNames = headerBlock
    .split('\r\n')
    .filter((line) => !/^[ \t]/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
  return { raw, headerBlock, headerNames, parsed: await simpleParser(raw), message };
}

const recipients = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((v: { value: { address?: string }[] }) =>
    v.value.map((a) => a.address ?? ''),
  );

describe('a fork PR titled with HTML and a Bcc line', () => {
  const cases: [string, Partial<MessageSettings>][] = [
    ['template variables', { subject: 'PR {{pull_request.title}}', body: 'Title: {{pull_request.title}}' }],
    // What `subject: ${{ github.event.pull_request.title }}` hands the action: the runner pastes the text in.
    ['${{ }} expressions', { subject: collapseLineBreaks(`PR ${TITLE}`), body: `Title: ${TITLE}` }],
    ['the built-in status template alone', {}],
  ];
  for (const [how, overrides] of cases) {
    test(`through ${how}: no header, no recipient, no live HTML`, async () => {
      const harmless = await send(overrides, await eventFile((pr) => (pr.title = 'Fix things')));
      const hostile = await send(overrides);

      assert.deepEqual(hostile.headerNames, harmless.headerNames, 'the same headers, in the same order');
      assert.ok(!hostile.headerNames.includes('bcc'));
      assert.doesNotMatch(hostile.headerBlock, /^Bcc:/im);
      assert.deepEqual(recipients(hostile.parsed.to), ['oncall@contoso.example']);
      assert.deepEqual(recipients(hostile.parsed.cc), []);
      assert.deepEqual(
        [...hostile.message.to, ...hostile.message.cc, ...hostile.message.bcc].map((a) => a.address),
        ['oncall@contoso.example'],
      );
      assert.doesNotMatch(hostile.parsed.subject ?? '', /[\r\n]/);
      if (overrides.subject)
        assert.equal(
          hostile.parsed.subject,
          'PR Fix <img src=x onerror=alert(1)> and Bcc: attacker@evil.example',
        );

      const html = String(hostile.parsed.html);
      assert.doesNotMatch(html, /<img|<script/i, 'no tag from the title');
      assert.doesNotMatch(html, /href="mailto:attacker/);
      assert.match(html, /Fix &lt;img src(=|&#x3D;)x onerror(=|&#x3D;)alert\(1\)&gt; and/);
    });
  }

  test('the status layout shows the title once, escaped', async () => {
    const { parsed } = await send({});
    const html = String(parsed.html);
    assert.equal(html.split('Fix &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; and').length - 1, 1);
    assert.match(
      String(parsed.text),
      /Pull request: +#1347 Fix <img src=x onerror=alert\(1\)> and Bcc: attacker@evil\.example/,
    );
  });

  test('a branch name with a line break stays on the subject line', async () => {
    const file = await eventFile((pr) => {
      (pr.head as Record<string, unknown>).ref = 'patch-1\r\nBcc: attacker@evil.example';
    });
    const { parsed, headerNames } = await send({}, file);
    assert.equal(
      parsed.subject,
      '[octo-org/octo-repo] CI #43 failed on patch-1 Bcc: attacker@evil.example (c33064a)',
    );
    assert.ok(!headerNames.includes('bcc'));
    assert.deepEqual(recipients(parsed.to), ['oncall@contoso.example']);
  });
});
