// Transient faults are survived within their bounds; permanent ones fail fast with a hint. Each case
// runs the bundled action against the sandbox with a fault queued, and checks what arrived, how many
// attempts it took, how long it took, and what the user saw.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { startSandbox } from '../sandbox/index.js';
import { runAction, type ActionResult } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const MESSAGE = { to: 'oncall@contoso.example', subject: 'Alert', body: 'Something happened.' };
const BUSY = '451 4.7.500 Server busy. Please try again later. [SANDBOX]';

function retries(result: ActionResult): string[] {
  return result.stdout.split('\n').filter((l) => /^Attempt \d+ of \d+ to /.test(l));
}

function errorText(result: ActionResult): string {
  assert.equal(result.code, 1, result.stdout);
  const errors = result.annotations.filter((a) => a.level === 'error');
  assert.equal(errors.length, 1);
  return errors[0]?.message ?? '';
}

describe('transient faults are retried within bounds', () => {
  const sandbox = useSandbox();
  const run = (extra: Record<string, string> = {}) =>
    runAction({ inputs: { ...sandbox.inputs(), ...MESSAGE, ...extra }, caPath: sandbox.caPath });

  test('token 429 with Retry-After, then success', async () => {
    sandbox.setTokenFaults([{ status: 429, retryAfterSeconds: 1 }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      sandbox.tokenRequests.map((r) => r.status),
      [429, 200],
    );
    assert.equal(sandbox.delivered.length, 1);
    const [line] = retries(result);
    assert.match(
      line ?? '',
      /^Attempt 1 of 3 to get an access token failed: Entra ID is busy or unavailable \(HTTP 429.*Retrying in 1\.0 s \(as the server asked\)\.$/,
    );
    const gap = (sandbox.tokenRequests[1]?.at ?? 0) - (sandbox.tokenRequests[0]?.at ?? 0);
    assert.ok(gap >= 950, `waited ${gap} ms, Retry-After said 1 s`);
    assert.ok(result.durationMs < 8000);
  });

  test('token 500 twice, then success (a fresh msal client each time)', async () => {
    sandbox.setTokenFaults([{ status: 500 }, { status: 500 }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      sandbox.tokenRequests.map((r) => r.status),
      [500, 500, 200],
    );
    assert.equal(retries(result).length, 2);
    assert.equal(sandbox.delivered.length, 1);
    assert.ok(result.durationMs < 10_000);
  });

  test('token endpoint that drops the connection, then success', async () => {
    sandbox.setTokenFaults([{ dropConnection: true }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.match(retries(result)[0] ?? '', /token request to 127\.0\.0\.1:\d+ failed/);
    assert.equal(sandbox.delivered.length, 1);
  });

  test('SMTP 451 on MAIL FROM, then success', async () => {
    sandbox.setSmtpFaults([{ on: 'mail', reply: BUSY }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.delivered.length, 1);
    assert.equal(sandbox.tokenRequests.length, 1, 'the token is reused');
    assert.match(retries(result)[0] ?? '', /^Attempt 1 of 3 to send the message failed: .*451 4\.7\.500/);
    assert.ok(result.durationMs < 8000);
  });

  test('421 with a disconnect, then success on a new connection', async () => {
    sandbox.setSmtpFaults([
      {
        on: 'mail',
        reply: '421 4.3.2 Service not available, closing transmission channel',
        disconnect: true,
      },
    ]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.delivered.length, 1);
    assert.equal(sandbox.connections.length, 2);
  });

  test('432 concurrent connections limit, then success', async () => {
    sandbox.setSmtpFaults([
      {
        on: 'connect',
        reply:
          '432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information. [Hostname=SANDBOX]',
      },
    ]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.delivered.length, 1);
    assert.match(retries(result)[0] ?? '', /432 4\.3\.2/);
  });

  test('connection lost after DATA: retried with the same Message-ID (at-least-once)', async () => {
    sandbox.setSmtpFaults([{ on: 'afterData', disconnect: true }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      sandbox.delivered.map((d) => d.acknowledged),
      [false, true],
    );
    const ids = await Promise.all(sandbox.delivered.map(async (d) => (await simpleParser(d.raw)).messageId));
    assert.equal(ids[0], ids[1], 'the retry reuses the Message-ID, so clients can drop the duplicate');
    assert.equal(result.outputs['message-id'], ids[1]);
  });

  test('a greeting slower than the timeout, then success', async () => {
    sandbox.setSmtpFaults([{ on: 'connect', delayMs: 6000 }]);
    // timeout-seconds 12 -> SMTP timeouts of 4 s: the first connection times out, the second is served.
    const result = await run({ 'timeout-seconds': '12' });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.delivered.length, 1);
    assert.match(retries(result)[0] ?? '', /failed/);
    assert.ok(result.durationMs < 12_000, `took ${result.durationMs} ms`);
  });

  test('every attempt throttled: gives up after max-attempts with the reason', async () => {
    sandbox.setSmtpFaults([
      { on: 'mail', reply: BUSY },
      { on: 'mail', reply: BUSY },
    ]);
    const result = await run({ 'max-attempts': '2' });
    const text = errorText(result);
    assert.match(text, /451 4\.7\.500/);
    assert.match(text, /Gave up after 2 attempts \(max-attempts\)/);
    assert.equal(sandbox.delivered.length, 0);
  });
});

describe('permanent failures fail on the first try', () => {
  const sandbox = useSandbox({ exchange: { maxRecipientsPerMessage: 3 } });

  test('452 too many recipients: the deferred recipients go out in a follow-up message', async () => {
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        ...MESSAGE,
        to: 'a@contoso.example, b@contoso.example, c@contoso.example, d@contoso.example',
      },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      sandbox.delivered.map((d) => d.envelope.to),
      [['a@contoso.example', 'b@contoso.example', 'c@contoso.example'], ['d@contoso.example']],
    );
    assert.match(result.stdout, /The server accepted 3 recipients in one message.*Set max-recipients to 3/);
    assert.equal(
      result.outputs.accepted,
      'a@contoso.example,b@contoso.example,c@contoso.example,d@contoso.example',
    );
    assert.equal(result.outputs.rejected, '');
    const ids = await Promise.all(sandbox.delivered.map(async (d) => (await simpleParser(d.raw)).messageId));
    assert.notEqual(ids[0], ids[1]);
    assert.equal(retries(result).length, 0);
  });

  test('the same list with max-recipients 3 is split and arrives', async () => {
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        ...MESSAGE,
        to: 'a@contoso.example, b@contoso.example, c@contoso.example, d@contoso.example',
        'max-recipients': '3',
      },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      sandbox.delivered.map((d) => d.envelope.to.length),
      [3, 1],
    );
    assert.equal(result.outputs['message-id']?.split(',').length, 2);
  });

  test('wrong secret fails at once, with no retry', async () => {
    const result = await runAction({
      inputs: { ...sandbox.inputs(), ...MESSAGE, 'client-secret': 'Q8~wrong-wrong-wrong-wrong-wrong-wrong' },
      caPath: sandbox.caPath,
    });
    errorText(result);
    assert.equal(sandbox.tokenRequests.length, 1);
    assert.equal(retries(result).length, 0);
  });
});

describe('rejected recipients', () => {
  const sandbox = useSandbox({ exchange: { rejectRecipients: ['gone@contoso.example'] } });
  const inputs = () => ({
    ...sandbox.inputs(),
    ...MESSAGE,
    to: 'oncall@contoso.example, gone@contoso.example',
  });

  test('the others receive it; the step fails and names the rejected address with the reply', async () => {
    const result = await runAction({ inputs: inputs(), caPath: sandbox.caPath });
    const text = errorText(result);
    assert.match(text, /1 recipient was rejected; the others received the message/);
    assert.match(text, /gone@contoso\.example \(550 5\.1\.10/);
    assert.match(text, /fail-on-rejected: false/);
    assert.equal(sandbox.delivered.length, 1);
    assert.deepEqual(sandbox.delivered[0]?.envelope.to, ['oncall@contoso.example']);
    assert.equal(result.outputs.accepted, 'oncall@contoso.example');
    assert.equal(result.outputs.rejected, 'gone@contoso.example');
    const details = JSON.parse(result.outputs['rejected-details'] ?? '[]') as {
      address: string;
      reply: string;
    }[];
    assert.equal(details[0]?.address, 'gone@contoso.example');
    assert.match(details[0].reply, /^550 5\.1\.10/);
  });

  test('fail-on-rejected: false reports a warning and succeeds', async () => {
    const result = await runAction({
      inputs: { ...inputs(), 'fail-on-rejected': 'false' },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.annotations.filter((a) => a.level === 'warning').length, 1);
    assert.equal(result.outputs.rejected, 'gone@contoso.example');
  });
});

describe('token renewal', () => {
  test('a token that expires while the connection is set up is renewed before it signs in', async () => {
    // 3-second tokens, and a greeting that takes longer: the first token is past due when the session is
    // ready to sign in, so the connection asks for (and gets) a fresh one instead of earning a 535.
    // (A 535 on a token that expired in flight gets one fresh token and one more try: test/unit/delivery.)
    const sandbox = await startSandbox({
      entra: { tokenLifetimeSeconds: 3 },
      exchange: { smtpFaults: [{ on: 'connect', delayMs: 3500 }] },
    });
    try {
      const result = await runAction({ inputs: { ...sandbox.inputs(), ...MESSAGE }, caPath: sandbox.caPath });
      assert.equal(result.code, 0, result.stdout);
      assert.equal(sandbox.tokenRequests.length, 2);
      assert.deepEqual(
        sandbox.authAttempts.map((a) => a.result),
        ['ok'],
      );
      assert.equal(sandbox.delivered.length, 1);
    } finally {
      await sandbox.stop();
    }
  });
});
