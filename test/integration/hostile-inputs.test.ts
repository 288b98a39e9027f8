// Hostile or mistaken inputs, run as the runner runs dist/index.js: paths that leave the workspace
// (absolute, `..`, file and directory symlinks, /proc, a pipe), address lists that would make the
// action guess, and control characters in every header input. Each is refused with an error naming
// the input, before any request, and nothing secret appears anywhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { assertNoForgedCommands, assertNothingContacted, failure } from '../support/hostile.js';
import { findLeaks } from '../support/leaks.js';
import { runAction, type ActionResult, type RunActionOptions } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

describe('hostile inputs are refused before anything is contacted (dist/index.js)', () => {
  const sandbox = useSandbox();
  const run = (
    options: Partial<RunActionOptions> & { inputs: Record<string, string> },
  ): Promise<ActionResult> =>
    runAction({
      ...options,
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        subject: 'S',
        body: 'B',
        ...options.inputs,
      },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1' },
    });
  const refused = async (
    options: Partial<RunActionOptions> & { inputs: Record<string, string> },
    input: string,
    pattern: RegExp,
  ): Promise<void> => {
    const result = await run(options);
    const message = failure(result);
    assert.ok(message.startsWith(`Invalid '${input}'`), message);
    assert.match(message, pattern);
    assertNothingContacted(sandbox);
    assertNoForgedCommands(result);
    assert.deepEqual(findLeaks(result, [sandbox.clientSecret]), []);
  };

  describe('files outside the workspace', () => {
    const outside = path.join(os.tmpdir(), `hostile-outside-${process.pid}`);
    const prepare = async (workspace: string): Promise<void> => {
      await mkdir(path.join(outside, 'dir'), { recursive: true });
      await writeFile(path.join(outside, 'secret.txt'), 'outside the workspace');
      await writeFile(path.join(outside, 'dir', 'mail.html.hbs'), '<p>outside</p>');
      await symlink('/proc/self/environ', path.join(workspace, 'environ.log'));
      await symlink(path.join(outside, 'secret.txt'), path.join(workspace, 'notes.txt'));
      await symlink(path.join(outside, 'secret.txt'), path.join(workspace, 'mail.html.hbs'));
      await symlink(path.join(outside, 'dir'), path.join(workspace, 'templates'));
      await symlink('/proc/self', path.join(workspace, 'proc'));
      execFileSync('mkfifo', [path.join(workspace, 'pipe.log')]);
    };
    const cases: [string, Record<string, string>, string, RegExp][] = [
      [
        '/proc/self/environ as an attachment',
        { attachments: '/proc/self/environ' },
        'attachments',
        /outside the workspace/,
      ],
      ['.. out of the workspace', { attachments: '../../*' }, 'attachments', /outside the workspace/],
      [
        'a file symlink to /proc/self/environ',
        { attachments: '*.log' },
        'attachments',
        /leads outside the workspace|not a regular file/,
      ],
      [
        'a file symlink to a file outside',
        { attachments: 'notes.txt' },
        'attachments',
        /leads outside the workspace/,
      ],
      [
        'a directory symlink to /proc/self',
        { attachments: 'proc/environ' },
        'attachments',
        /leads outside the workspace/,
      ],
      ['a named pipe', { attachments: 'pipe.log' }, 'attachments', /not a regular file/],
      ['an absolute template path', { template: '/etc/passwd' }, 'template', /relative to the workspace/],
      [
        'a template path with ..',
        { template: '../../etc/passwd.hbs' },
        'template',
        /relative to the workspace/,
      ],
      [
        'a template file symlink to outside',
        { template: 'mail.html.hbs' },
        'template',
        /leads outside the workspace/,
      ],
      [
        'a template in a directory symlink to outside',
        { template: 'templates/mail.html.hbs' },
        'template',
        /leads outside the workspace/,
      ],
    ];
    for (const [name, inputs, input, pattern] of cases) {
      test(name, () => refused({ inputs, prepareWorkspace: prepare }, input, pattern));
    }

    test('nothing from outside reaches a dry run either', async () => {
      const result = await run({
        inputs: { attachments: 'notes.txt', 'dry-run': 'true' },
        prepareWorkspace: prepare,
      });
      assert.match(failure(result), /^Invalid 'attachments'/);
      assert.deepEqual(result.emlFiles, []);
      assert.doesNotMatch(result.summary, /outside the workspace<|outside the workspace$/m);
    });
  });

  test('YAML that makes the parser complain prints no command (the warning would quote it on stderr)', async () => {
    const yaml = '%BAD directive\n::stop-commands::pwned\n---\nkey: "::error::forged"';
    const result = await run({ inputs: { vars: yaml, headers: yaml, 'dry-run': 'true' } });
    assertNoForgedCommands(result);
    assert.doesNotMatch(result.stderr, /stop-commands/);
  });

  describe('address lists that would make the action guess', () => {
    const cases: [string, string, RegExp][] = [
      [
        'to',
        'Ops <ops@example.com> <other@example.net>',
        /'Ops <ops@example\.com> <other@example\.net>' is not one valid address/,
      ],
      ['to', 'a@contoso.example b@contoso.example', /not one valid address/],
      ['cc', 'Team: a@contoso.example, b@contoso.example', /does not end with ';'/],
      ['bcc', '"unclosed <a@contoso.example>', /quote/],
      ['reply-to', 'a@[127.0.0.1]', /not an address Exchange delivers to/],
      ['from', 'Ops <ops@contoso.example>, other@contoso.example', /not exactly one address/],
      ['mailbox', 'a@contoso.example\u0085', /control character|not exactly one address/],
    ];
    for (const [input, value, pattern] of cases) {
      test(`${input}: ${JSON.stringify(value)}`, () =>
        refused({ inputs: { [input]: value } }, input, pattern));
    }
  });

  describe('control characters in every header input', () => {
    const cases: [string, string, RegExp][] = [
      ['in-reply-to', '<a\u0085b@contoso.example>', /expected one Message-ID/],
      ['in-reply-to', '<a@contoso.example>\u2028References: <x@y.z>', /expected one Message-ID/],
      ['headers', '{"X-A": "1\\u2028Bcc: spy@evil.example"}', /line break or a control character/],
      ['headers', '{"X-A": "1\\u0085Bcc: spy@evil.example"}', /line break or a control character/],
      ['from', '"Bot\u2028Bcc: spy@evil.example" <alerts@contoso.example>', /control character/],
      ['to', '"A\u0001" <a@contoso.example>', /control character/],
      ['reply-to', 'r@contoso.example\r\nBcc: spy@evil.example', /'Bcc: spy@evil\.example'/],
    ];
    for (const [input, value, pattern] of cases) {
      test(`${input}: ${JSON.stringify(value)}`, () =>
        refused({ inputs: { [input]: value } }, input, pattern));
    }

    test('a subject with control characters is sent on one clean line', async () => {
      const result = await run({ inputs: { subject: 'A\u0085B\u2028C\r\nBcc: spy@evil.example\u0007D' } });
      assert.equal(result.code, 0, result.stdout);
      const raw = sandbox.delivered[0]?.raw.toString('utf8') ?? '';
      const lines = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n');
      const unclean = lines.filter((line) => /[\u2028\u2029]/.test(line) || /[^\P{Cc}\t]/u.test(line));
      assert.deepEqual(unclean, [], 'no header line holds a control character or a line separator');
      const headers = lines.join('\r\n');
      assert.doesNotMatch(headers, /^Bcc:/im);
      assert.deepEqual(sandbox.delivered[0]?.envelope.to, ['oncall@contoso.example']);
    });
  });
});
