// The Graph stand-in's limits, throttling, injected faults, other routes and what its records keep.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphError, graphToken, mimeBody, sendMail } from '../support/graph-client.js';
import type { GraphResponse } from '../support/graph-client.js';
import { useSandbox } from '../support/use-sandbox.js';

const LIMIT = 4 * 1024 * 1024;
const sb = useSandbox();

const message = (to = 'a@contoso.example'): string =>
  `From: ${sb.mailbox}\r\nTo: ${to}\r\nSubject: limits\r\n\r\nx\r\n`;

/** Unwrapped base64 of a message padded to exactly `bytes` characters of body. */
function bodyOfLength(bytes: number): string {
  const head = `From: ${sb.mailbox}\r\nTo: a@contoso.example\r\nSubject: big\r\n\r\n`;
  const rawLength = (bytes / 4) * 3;
  return Buffer.from(head + 'x'.repeat(rawLength - head.length)).toString('base64');
}

function codeOf(res: GraphResponse): unknown {
  return graphError(res).code;
}

describe('Graph request limits', () => {
  it('accepts a body of exactly 4 MB and refuses one byte-group more with 413', async () => {
    const token = await graphToken(sb);
    const exact = bodyOfLength(LIMIT);
    assert.equal(exact.length, LIMIT);
    assert.equal((await sendMail(sb, { token, body: exact })).status, 202);
    const over = await sendMail(sb, { token, body: bodyOfLength(LIMIT + 4) });
    assert.equal(over.status, 413, over.text);
    assert.deepEqual(graphError(over), {
      code: 'BadRequest',
      message: 'The maximum request length supported is 4MB.',
    });
    assert.deepEqual(
      sb.graphRequests.map((r) => [r.status, r.bodyBytes]),
      [
        [202, LIMIT],
        [413, LIMIT + 4],
      ],
    );
    assert.equal(sb.graphDelivered.length, 1);
  });

  it('does not read a body declared far over the limit', async () => {
    const token = await graphToken(sb);
    // The client may see the 413 or a reset while it is still writing; the record is what counts.
    await sendMail(sb, { token, body: Buffer.alloc(8 * 1024 * 1024, 0x41) }).catch(() => undefined);
    assert.deepEqual([sb.graphRequests[0]?.status, sb.graphRequests[0]?.bodyBytes], [413, 0]);
  });
});

describe('Graph throttling and faults', () => {
  it('answers 429 ApplicationThrottled with Retry-After to a fifth concurrent request for one mailbox', async () => {
    const token = await graphToken(sb);
    // Long enough for all five TLS handshakes to land while the first four are held.
    sb.setGraphFaults(Array.from({ length: 4 }, () => ({ delayMs: 800 })));
    const body = mimeBody(message());
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => sendMail(sb, { token, body })));
    const throttled = results.filter((r) => r.status === 429);
    assert.equal(throttled.length, 1);
    assert.equal(throttled[0]?.headers['retry-after'], '1');
    assert.deepEqual(graphError(throttled[0]), {
      code: 'ApplicationThrottled',
      message: 'Application is over its MailboxConcurrency limit.',
    });
    assert.equal(results.filter((r) => r.status === 202).length, 4);
  });

  it('plays 429, 503 and 504 faults in order, then answers normally', async () => {
    const token = await graphToken(sb);
    sb.setGraphFaults([
      { status: 429, retryAfterSeconds: 7, code: 'ApplicationThrottled' },
      { status: 503 },
      { status: 504 },
    ]);
    const body = mimeBody(message());
    const first = await sendMail(sb, { token, body });
    assert.deepEqual(
      [first.status, first.headers['retry-after'], codeOf(first)],
      [429, '7', 'ApplicationThrottled'],
    );
    assert.equal(graphError(first).message, 'Application is over its MailboxConcurrency limit.');
    const second = await sendMail(sb, { token, body });
    assert.deepEqual([second.status, codeOf(second)], [503, 'serviceNotAvailable']);
    assert.equal((await sendMail(sb, { token, body })).status, 504);
    assert.equal((await sendMail(sb, { token, body })).status, 202);
    assert.deepEqual(
      sb.graphRequests.map((r) => [r.status, r.errorCode]),
      [
        [429, 'ApplicationThrottled'],
        [503, 'serviceNotAvailable'],
        [504, 'UnknownError'],
        [202, undefined],
      ],
    );
  });

  it('delays, drops before storing, and drops after storing (a lost 202)', async () => {
    const token = await graphToken(sb);
    sb.setGraphFaults([{ delayMs: 300 }, { dropConnection: true }, { dropAfterAccept: true }]);
    const started = Date.now();
    assert.equal((await sendMail(sb, { token, body: mimeBody(message('one@contoso.example')) })).status, 202);
    assert.ok(Date.now() - started >= 290, 'the first answer was delayed');
    const hangUp = /socket hang up|ECONNRESET/;
    await assert.rejects(sendMail(sb, { token, body: mimeBody(message('two@contoso.example')) }), hangUp);
    await assert.rejects(sendMail(sb, { token, body: mimeBody(message('three@contoso.example')) }), hangUp);
    assert.deepEqual(
      sb.graphDelivered.map((d) => [d.to[0], d.acknowledged]),
      [
        ['one@contoso.example', true],
        ['three@contoso.example', false],
      ],
    );
    assert.deepEqual(
      sb.graphRequests.map((r) => r.status),
      [202, 0, 0],
    );
  });
});

describe('Graph routes and records', () => {
  it('refuses /me with an app token, other methods and unknown paths', async () => {
    const token = await graphToken(sb);
    const body = mimeBody(message());
    const me = await sendMail(sb, { token, body, path: '/v1.0/me/sendMail' });
    assert.deepEqual(
      [me.status, graphError(me).message],
      [400, '/me request is only valid with delegated authentication flow.'],
    );
    assert.equal((await sendMail(sb, { token, body: '', method: 'GET' })).status, 405);
    const unknown = await sendMail(sb, { token, body, path: '/v1.0/users/x/sendMails' });
    assert.deepEqual([unknown.status, codeOf(unknown)], [400, 'BadRequest']);
    assert.equal(sb.graphDelivered.length, 0);
  });

  it('records claims but never the token, and graphInputs() points the action at Graph', async () => {
    const token = await graphToken(sb);
    await sendMail(sb, { token, body: mimeBody(message()) });
    await sendMail(sb, { token, body: 'bad base64!' });
    const recorded = JSON.stringify([sb.graphRequests, sb.graphDelivered.map((d) => [d, d.raw.toString()])]);
    assert.equal(recorded.includes(token), false);
    assert.equal(recorded.includes(token.split('.')[2] ?? token), false, 'not even the signature');
    assert.ok(sb.graphRequests.every((r) => r.tokenAudience === 'https://graph.microsoft.com'));
    assert.deepEqual(sb.graphInputs(), {
      ...sb.inputs(),
      transport: 'graph',
      'graph-host': sb.graphHost,
      scope: 'https://graph.microsoft.com/.default',
    });
    assert.match(sb.graphHost, /^https:\/\/127\.0\.0\.1:\d+$/);
  });
});
