// run() with small fakes for the two remote services: checks the order of the stages and that
// nothing reaches the network after a validation error.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { AccessToken, TokenProviderFactory } from '../../src/auth/token.js';
import { ActionError } from '../../src/errors.js';
import { systemClock } from '../../src/clock.js';
import { run } from '../../src/main.js';
import type { OutgoingMessage } from '../../src/message/compose/types.js';
import { createRunner } from '../../src/runner/index.js';
import { recordingBackend } from '../support/recording-runner.js';
import { RENDER_WORKER } from './message/support.js';
import { NASTY, Random } from './fuzz/random.js';
import type { TransportFactory } from '../../src/transport/port.js';
import type { TransportSettings } from '../../src/config.js';

const INPUTS: Record<string, string> = {
  'tenant-id': '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  'client-id': '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4',
  'client-secret': 'Q8~a-secret-value-0123456789',
  from: 'bot@contoso.com',
  to: 'a@contoso.com, b@contoso.com',
  subject: 'Hello',
  body: 'Body',
};

function harness(
  inputs: Record<string, string>,
  behaviour: { tokenError?: unknown; sendError?: unknown } = {},
) {
  // A dry run writes its .eml to RUNNER_TEMP: give each harness its own.
  const env: Record<string, string> = { RUNNER_TEMP: mkdtempSync(path.join(os.tmpdir(), 'main-test-')) };
  const backend = recordingBackend(inputs);
  const calls = {
    token: 0,
    mailer: 0,
    sent: [] as OutgoingMessage[],
    closed: 0,
    accessTokens: [] as string[],
    settings: [] as TransportSettings[],
  };
  const token: AccessToken = {
    token: 'eyJ.fake.token',
    expiresOnMs: Date.now() + 3_600_000,
    obtainedAtMs: Date.now(),
  };
  const tokenProvider: TokenProviderFactory = (_settings, _credential, options) => {
    calls.token++;
    return Promise.resolve({
      getToken: async () => {
        await Promise.resolve();
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (behaviour.tokenError !== undefined) throw behaviour.tokenError;
        options.mask(token.token);
        return token;
      },
    });
  };
  const transport: TransportFactory = (settings, io) => {
    calls.mailer++;
    calls.settings.push(settings);
    return Promise.resolve({
      send: async (message) => {
        // Like a real connection: it may be set up early, but it signs in (and sends) only with a token.
        calls.accessTokens.push((await io.tokens.get()).token);
        calls.sent.push(message);
        // The fakes throw whatever the test hands them, strings included: run() must cope.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (behaviour.sendError !== undefined) throw behaviour.sendError;
        return {
          messageId: message.messageId,
          accepted: message.to.map((a) => a.address),
          rejected: [],
          deferred: [],
          response: '250 OK',
        };
      },
      signInAgain: () => undefined,
      close: () => {
        calls.closed++;
      },
    });
  };
  const runner = createRunner(backend);
  return {
    go: () => run({ runner, env, tokenProvider, transport, clock: systemClock, renderWorker: RENDER_WORKER }),
    lines: backend.lines,
    outputs: backend.outputs,
    calls,
    exitCode: () => (backend.failed() ? 1 : undefined),
  };
}

describe('run', () => {
  test('a valid send gets one token, sends once, closes the mailer and sets outputs', async () => {
    const h = harness(INPUTS);
    await h.go();
    assert.equal(h.exitCode(), undefined);
    assert.deepEqual([h.calls.token, h.calls.mailer, h.calls.sent.length, h.calls.closed], [1, 1, 1, 1]);
    assert.deepEqual(h.calls.accessTokens, ['eyJ.fake.token']);
    assert.ok(h.lines.includes(`::add-mask::${INPUTS['client-secret']}`));
    assert.ok(h.lines.indexOf('::add-mask::eyJ.fake.token') >= 0);
    assert.equal(h.outputs.accepted, 'a@contoso.com,b@contoso.com');
  });

  test('bad input fails before any token request or connection', async () => {
    const h = harness({ ...INPUTS, to: 'not-an-address' });
    await h.go();
    assert.equal(h.exitCode(), 1);
    assert.deepEqual([h.calls.token, h.calls.mailer, h.calls.sent.length], [0, 0, 0]);
    const errors = h.lines.filter((l) => l.startsWith('::error'));
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /Invalid 'to'/);
  });

  test('a dry run needs no credentials and touches neither service', async () => {
    const h = harness({
      from: 'bot@contoso.com',
      to: 'a@contoso.com',
      subject: 'S',
      body: 'B',
      'dry-run': 'true',
    });
    await h.go();
    assert.equal(h.exitCode(), undefined);
    assert.deepEqual([h.calls.token, h.calls.mailer], [0, 0]);
    assert.match(h.lines.join('\n'), /Dry run/);
  });

  test('a dry run with transport: graph loads no transport either', async () => {
    const h = harness({
      from: 'bot@contoso.com',
      to: 'a@contoso.com',
      transport: 'graph',
      body: 'Body',
      'dry-run': 'true',
    });
    await h.go();
    assert.equal(h.exitCode(), undefined);
    assert.deepEqual([h.calls.token, h.calls.mailer], [0, 0]);
  });

  test('transport: graph hands the Graph settings to the transport and names it in the summary', async () => {
    const h = harness({ ...INPUTS, transport: 'graph' });
    await h.go();
    assert.equal(h.exitCode(), undefined);
    assert.deepEqual(h.calls.settings, [
      { kind: 'graph', host: 'https://graph.microsoft.com', mailbox: 'bot@contoso.com' },
    ]);
    assert.match(h.lines.join('\n'), /through Microsoft Graph \(graph\.microsoft\.com\) as bot@contoso\.com/);
  });

  test('a token failure sends nothing and prints one annotation with the hint', async () => {
    const h = harness(INPUTS, {
      tokenError: new ActionError('Entra ID refused', {
        code: 'AADSTS7000215',
        stage: 'token',
        hint: 'Use the VALUE',
      }),
    });
    await h.go();
    assert.equal(h.exitCode(), 1);
    assert.equal(h.calls.sent.length, 0, 'the connection may be set up early, but nothing is sent');
    assert.ok(h.calls.closed <= h.calls.mailer, 'whatever was opened is closed');
    const errors = h.lines.filter((l) => l.startsWith('::error'));
    assert.deepEqual(errors, [
      '::error title=Could not get an access token from Microsoft Entra ID%3A nothing was sent::Entra ID refused%0AUse the VALUE',
    ]);
  });

  test('a thrown non-Error still fails the step', async () => {
    const h = harness(INPUTS, { sendError: 'a string' });
    await h.go();
    assert.equal(h.exitCode(), 1);
    assert.equal(h.calls.closed, 1);
    assert.ok(h.lines.some((l) => l.startsWith('::error') && l.includes('a string')));
  });
});

test('never a token request or a send after a validation error (200 random bad inputs)', async () => {
  const random = new Random(4242);
  let failures = 0;
  for (let i = 0; i < 200; i++) {
    const field = random.pick([
      'to',
      'from',
      'headers',
      'smtp-port',
      'in-reply-to',
      'vars',
      'priority',
      'tenant-id',
    ]);
    const h = harness({ ...INPUTS, [field]: random.string(NASTY, 8) });
    await h.go();
    if (h.exitCode() === 1) {
      failures++;
      assert.deepEqual(
        [h.calls.token, h.calls.mailer, h.calls.sent.length],
        [0, 0, 0],
        `case ${i}: ${field}`,
      );
    }
  }
  assert.ok(failures > 50, `only ${failures} of the random inputs were refused`);
});
