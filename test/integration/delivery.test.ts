// Large recipient lists and the protocol log, through the bundled action.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { findLeaks, xoauth2 } from '../support/leaks.js';
import { runAction } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

describe('delivery at scale', () => {
  const sandbox = useSandbox();

  test('2,000 recipients arrive exactly once, in four messages of 500, with one token and one connection', async () => {
    const addresses = Array.from(
      { length: 2000 },
      (_, i) => `r${String(i).padStart(4, '0')}@contoso.example`,
    );
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        bcc: addresses.join('\n'),
        subject: 'Release 1.4.0',
        body: 'It is out.',
      },
      caPath: sandbox.caPath,
      timeoutMs: 60_000,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.tokenRequests.length, 1);
    assert.equal(sandbox.connections.length, 1);
    assert.deepEqual(
      sandbox.delivered.map((d) => d.envelope.to.length),
      [500, 500, 500, 500],
    );
    const received = sandbox.delivered.flatMap((d) => d.envelope.to);
    assert.equal(new Set(received).size, 2000);
    assert.deepEqual([...received].sort(), addresses);
    const parsed = await Promise.all(sandbox.delivered.map((d) => simpleParser(d.raw)));
    assert.equal(new Set(parsed.map((p) => p.messageId)).size, 4, 'each message has its own Message-ID');
    for (const p of parsed) assert.equal(p.headers.get('bcc'), undefined, 'no recipient sees the Bcc list');
    assert.equal(result.outputs['message-id']?.split(',').length, 4);
    assert.equal(result.outputs.accepted?.split(',').length, 2000);
    assert.match(result.summary, /4 messages/);
    assert.match(result.summary, /2000 hidden recipients/);
  });

  test('To recipients split across messages see only their own batch', async () => {
    const to = Array.from({ length: 5 }, (_, i) => `t${i}@contoso.example`);
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        to: to.join(','),
        cc: 'c@contoso.example',
        subject: 's',
        body: 'b',
        'max-recipients': '2',
      },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 0, result.stdout);
    const parsed = await Promise.all(sandbox.delivered.map((d) => simpleParser(d.raw)));
    const headerTo = parsed.map((p) =>
      p.to && !Array.isArray(p.to) ? p.to.value.map((v) => v.address) : [],
    );
    assert.deepEqual(headerTo, [
      ['t0@contoso.example', 't1@contoso.example'],
      ['t2@contoso.example', 't3@contoso.example'],
      ['t4@contoso.example'],
    ]);
    assert.deepEqual(
      sandbox.delivered.map((d) => d.envelope.to),
      [
        ['t0@contoso.example', 't1@contoso.example'],
        ['t2@contoso.example', 't3@contoso.example'],
        ['t4@contoso.example', 'c@contoso.example'],
      ],
    );
  });

  test('debug: true prints the SMTP transaction and msal log, never the body or a secret', async () => {
    const body = 'BODY-MARKER-7f3a: this text must not appear in the log';
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        subject: 'Debug run',
        body,
        debug: 'true',
      },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1' },
    });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /^smtp: .*C: EHLO /m);
    assert.match(result.stdout, /^smtp: .*C: STARTTLS/m);
    assert.match(result.stdout, /^smtp: .*C: AUTH XOAUTH2 \*\*\*$/m);
    assert.match(result.stdout, /^smtp: .*S: 235 /m);
    assert.match(result.stdout, /^smtp: .*C: MAIL FROM:<alerts@contoso\.example>/m);
    assert.match(result.stdout, /^msal: /m);
    assert.doesNotMatch(result.stdout, /BODY-MARKER-7f3a/);
    const tokens = sandbox.issuedTokens();
    assert.deepEqual(
      findLeaks(result, [sandbox.clientSecret, ...tokens, ...tokens.map((t) => xoauth2(sandbox.mailbox, t))]),
      [],
    );
  });
});
