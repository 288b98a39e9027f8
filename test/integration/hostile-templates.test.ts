// Hostile text through templates, run as the runner runs dist/index.js: an issue title pasted into the
// subject with ${{ }}, workflow commands hidden in every event field, expansion bombs, a template that
// fishes for the environment, and a secret that ended up in the subject. Nothing may act, hang or leak.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { escapeHtml } from '../../src/text.js';
import {
  assertNoForgedCommands,
  assertNothingContacted,
  failure,
  maskedByRunner,
} from '../support/hostile.js';
import { findLeaks, xoauth2 } from '../support/leaks.js';
import { runAction, type ActionResult, type RunActionOptions } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

/** A secret with every character HTML escapes: its summary form differs from the value. */
const SECRET = `Q8~s&<e>c"r'et-${'x'.repeat(24)}`;

/** Lines that would act if printed at the start of a line, behind every kind of line break. */
const COMMANDS = [
  '\n::stop-commands::pwned',
  '\r::set-output name=pwned::1',
  '\u2028::error::forged',
  '\u0085::warning::forged',
  '\r\n  ::add-mask::x',
  ' ##[add-mask]legacy',
  '\n::save-state name=x::y',
].join('');

function issueEvent(title: string): { name: string; payload: object } {
  return {
    name: 'issues',
    payload: {
      action: 'opened',
      issue: {
        number: 7,
        title,
        body: `Body ${title}`,
        html_url: 'https://github.com/o/r/issues/7',
        user: { login: 'mallory' },
      },
      repository: { full_name: 'octo-org/octo-repo', name: 'octo-repo', owner: { login: 'octo-org' } },
    },
  };
}

function pushEvent(text: string): { name: string; payload: object } {
  const commit = {
    id: 'a10867b14bb761a232cd80139fbd4c0d33264240',
    message: `Fix ${text}\n\nMore ${text}`,
    author: { name: `Mallory ${text}`, email: 'm@evil.example', username: `m${text}` },
    url: 'https://github.com/octo-org/octo-repo/commit/a10867b',
    timestamp: '2026-12-01T10:00:00Z',
  };
  return {
    name: 'push',
    payload: {
      ref: `refs/heads/x${text}`,
      after: commit.id,
      before: '0'.repeat(40),
      compare: 'https://github.com/octo-org/octo-repo/compare/x',
      pusher: { name: `p${text}` },
      head_commit: commit,
      commits: [commit],
    },
  };
}

describe('hostile text through templates (dist/index.js)', () => {
  const sandbox = useSandbox({ clientSecret: SECRET });
  const run = (
    options: Partial<RunActionOptions> & { inputs: Record<string, string> },
  ): Promise<ActionResult> =>
    runAction({
      ...options,
      inputs: { ...sandbox.inputs(), to: 'oncall@contoso.example', body: 'B', ...options.inputs },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1', ...options.env },
    });
  const secrets = (): string[] => {
    const tokens = sandbox.issuedTokens();
    return [SECRET, ...tokens, ...tokens.map((t) => xoauth2(sandbox.mailbox, t))];
  };

  test('a title pasted in with ${{ }} that calls {{log}}: sent as written, nothing printed, the token masked', async () => {
    const title = '{{log "::stop-commands::pwned"}} and {{#with (log "::error::x")}}{{/with}}';
    const result = await run({
      // What `subject: 'New issue: ${{ github.event.issue.title }}'` hands the action.
      inputs: { subject: `New issue: ${title}`, body: `Reported: ${title}`, debug: 'true' },
      event: issueEvent(title),
    });
    assert.equal(result.code, 0, result.stdout);
    assertNoForgedCommands(result);
    assert.doesNotMatch(result.stdout, /^::stop-commands::/m);
    assert.deepEqual(findLeaks(result, secrets()), []);
    for (const token of sandbox.issuedTokens()) {
      assert.ok(result.masks.includes(token), 'the access token is masked');
      const sasl = Buffer.from(xoauth2(sandbox.mailbox, token)).toString('base64');
      assert.ok(result.masks.includes(sasl), 'and the XOAUTH2 string built from it');
    }
    const parsed = await simpleParser(sandbox.delivered[0]?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.subject, `New issue: ${title}`);
    assert.ok(
      result.annotations.some(
        (a) => a.level === 'warning' && /'subject' input is not a valid template/.test(a.message),
      ),
    );
  });

  test('the same title as data ({{ event.issue.title }}) is shown, never run', async () => {
    const title = '{{log "::stop-commands::pwned"}}';
    const result = await run({
      inputs: { subject: 'New issue: {{ event.issue.title }}' },
      event: issueEvent(title),
    });
    assert.equal(result.code, 0, result.stdout);
    assertNoForgedCommands(result);
    const parsed = await simpleParser(sandbox.delivered[0]?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.subject, `New issue: ${title}`);
  });

  for (const template of ['status', 'release', 'plain']) {
    test(`workflow commands in every event field and input: template ${template}, debug on`, async () => {
      const result = await run({
        inputs: {
          template,
          status: 'failure',
          subject: `S${COMMANDS}`,
          body: `B${COMMANDS}\n\n{{ commit.message }} {{ vars.note }}`,
          vars: JSON.stringify({ note: `V${COMMANDS}` }),
          headers: JSON.stringify({ 'X-Note': '::error::forged ##[add-mask]x' }),
          debug: 'true',
        },
        event: pushEvent(COMMANDS),
      });
      assert.equal(result.code, 0, result.stdout);
      assertNoForgedCommands(result);
      assert.equal(sandbox.delivered.length, 1);
      assert.deepEqual(findLeaks(result, secrets()), []);
    });
  }

  test('a refused input quoting hostile text prints no command either', async () => {
    const result = await run({
      inputs: { to: `"x${COMMANDS}" <a@contoso.example>`, cc: `::error::f${COMMANDS}` },
    });
    assert.match(failure(result), /^Invalid 'to'/);
    assertNoForgedCommands(result);
    assertNothingContacted(sandbox);
  });

  test('the context holds no secret and no environment beyond the run fields; prototypes are out of reach', async () => {
    const result = await run({
      inputs: {
        body: [
          '{{json @root}}',
          '[{{constructor.name}}|{{lookup @root "constructor"}}|{{__proto__}}|{{#with "s"}}{{this.constructor}}{{/with}}]',
          '[{{lookup (lookup @root "constructor") "name"}}|{{@root.constructor.prototype}}]',
        ].join('\n'),
      },
      env: { FISHING_TOKEN: 'env-secret-value-1234', ACTIONS_RUNTIME_TOKEN: 'runtime-token-5678' },
    });
    assert.equal(result.code, 0, result.stdout);
    const text = String((await simpleParser(sandbox.delivered[0]?.raw ?? Buffer.alloc(0))).text);
    for (const secret of [
      SECRET,
      'env-secret-value-1234',
      'runtime-token-5678',
      'INPUT_',
      'FISHING',
      sandbox.clientId,
    ]) {
      assert.ok(!text.includes(secret), `the rendered context does not hold ${secret}`);
    }
    assert.match(text, /"repository": \{/, 'the public run data is there');
    assert.match(text, /\[\|\|\|\]/);
    assert.match(text, /\[\|\]/);
    assert.equal(result.stderr, '', 'Handlebars prints nothing about denied properties');
  });

  test('a secret that ended up in the subject is masked in the log and in the summary, escaped form included', async () => {
    const result = await run({ inputs: { subject: `Deploy ${SECRET}` } });
    assert.equal(result.code, 0, result.stdout);
    assert.ok(result.masks.includes(escapeHtml(SECRET)), 'the HTML-escaped form is masked');
    const summary = maskedByRunner(result.summary, result);
    assert.ok(result.summary.includes(escapeHtml(SECRET)), 'the summary shows the subject escaped');
    assert.ok(!summary.includes(escapeHtml(SECRET)) && !summary.includes(SECRET), 'and the runner masks it');
    assert.ok(!maskedByRunner(result.stdout.replace(/^::add-mask::.*$/gm, ''), result).includes(SECRET));
  });
});

describe('expansion bombs fail fast, name the input, and request no token', () => {
  const sandbox = useSandbox();
  const nested = (open: string, close: string, depth: number, inner: string): string =>
    `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
  const partials = (levels: number, fanout: number): string => {
    const defs = [`{{#*inline "p0"}}x{{/inline}}`];
    for (let i = 1; i <= levels; i++)
      defs.push(`{{#*inline "p${i}"}}${`{{> p${i - 1}}}`.repeat(fanout)}{{/inline}}`);
    return `${defs.join('')}{{> p${levels}}}`;
  };
  const bombs: [string, Record<string, string>, RegExp][] = [
    [
      'nested each over @root',
      { body: nested('{{#each @root}}', '{{/each}}', 12, 'x') },
      /'body' template did not finish/,
    ],
    [
      'each with with, in the subject',
      { subject: nested('{{#each @root}}{{#with @root}}', '{{/with}}{{/each}}', 10, 'x'), body: 'b' },
      /'subject' template/,
    ],
    ['partials fanning out', { 'html-body': partials(9, 10) }, /'html-body' template did not finish/],
    [
      'a partial that calls itself',
      { body: '{{#*inline "r"}}{{> r}}{{> r}}{{/inline}}{{> r}}' },
      /'body' template grew beyond/,
    ],
    [
      'output that outgrows the message',
      { body: nested('{{#each @root}}', '{{/each}}', 4, 'x'.repeat(50_000)), 'max-size-mb': '1' },
      /'body' template (rendered|grew|did not)/,
    ],
  ];
  for (const [name, inputs, pattern] of bombs) {
    test(name, async () => {
      const result = await runAction({
        inputs: { ...sandbox.inputs(), to: 'oncall@contoso.example', 'timeout-seconds': '10', ...inputs },
        caPath: sandbox.caPath,
        timeoutMs: 20_000,
      });
      assert.equal(result.timedOut, false);
      const message = failure(result);
      assert.match(message, pattern);
      assert.match(message, /nothing was sent/);
      assert.ok(result.durationMs < 9_000, `stopped within its budget (${result.durationMs} ms)`);
      assertNothingContacted(sandbox);
      assertNoForgedCommands(result);
    });
  }

  test('a bomb in a template file names the template input', async () => {
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        'timeout-seconds': '10',
        template: 'mail.html.hbs',
      },
      workspaceFiles: { 'mail.html.hbs': nested('{{#each @root}}', '{{/each}}', 12, 'x') },
      caPath: sandbox.caPath,
      timeoutMs: 20_000,
    });
    assert.match(failure(result), /'template' template did not finish/);
    assertNothingContacted(sandbox);
  });
});
