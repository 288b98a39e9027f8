// The Graph adapter with a fake HTTPS client: what one request carries, what a 202 means, and that
// it keeps to max-connections and withdraws queued sends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GraphSettings } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';
import { GraphTransport } from '../../../src/graph/transport.js';
import type { OutgoingMessage } from '../../../src/message/compose/types.js';
import type { HttpRequest, HttpResponse } from '../../../src/net/https.js';
import { SendWithdrawn, type TransportIo } from '../../../src/transport/port.js';

const SETTINGS: GraphSettings = {
  kind: 'graph',
  host: 'https://graph.microsoft.com',
  mailbox: 'a/b@contoso.com',
};

const message = (n: number): OutgoingMessage => ({
  messageId: `<gh-1.1.m${n}@contoso.com>`,
  from: { name: '', address: 'a/b@contoso.com' },
  replyTo: [],
  to: [{ name: '', address: 'to@contoso.com' }],
  cc: [{ name: '', address: 'cc@contoso.com' }],
  bcc: [{ name: '', address: 'hidden@contoso.com' }],
  subject: `Message ${n}`,
  text: 'Hi',
  html: '',
  attachments: [],
  priority: 'normal',
  headers: {},
  inReplyTo: '',
});

function world(respond: (req: HttpRequest) => Promise<HttpResponse> | HttpResponse, maxConnections = 1) {
  const requests: HttpRequest[] = [];
  const log: string[] = [];
  let tokens = 0;
  let ids = 0;
  const io: TransportIo = {
    tokens: {
      get: () => {
        tokens++;
        return Promise.resolve({
          token: `tok${tokens}`,
          expiresOnMs: Date.now() + 3_600_000,
          obtainedAtMs: Date.now(),
        });
      },
      renewAt: (t) => t.expiresOnMs,
    },
    timeouts: { connectionMs: 1000, greetingMs: 1000, socketMs: 5000 },
    maxConnections,
    protocolLog: (line) => log.push(line),
    mask: () => undefined,
    debug: (line) => log.push(`debug: ${line}`),
  };
  const transport = new GraphTransport(SETTINGS, io, {
    request: async (req) => {
      requests.push(req);
      return respond(req);
    },
    newRequestId: () => `id-${++ids}`,
    now: () => 0,
  });
  return { transport, requests, log, tokenCount: () => tokens };
}

const accepted = (): HttpResponse => ({ status: 202, headers: { 'request-id': 'r-1', date: 'D' }, body: '' });

describe('GraphTransport', () => {
  test('one POST per message: token, MIME in base64 with the Bcc header, a fresh client-request-id', async () => {
    const w = world(accepted);
    const first = await w.transport.send(message(1));
    await w.transport.send(message(2));
    const [req, second] = w.requests;
    assert.ok(req && second);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, 'https://graph.microsoft.com/v1.0/users/a%2Fb@contoso.com/sendMail');
    assert.deepEqual(req.headers, {
      authorization: 'Bearer tok1',
      'content-type': 'text/plain',
      'client-request-id': 'id-1',
    });
    assert.equal(second.headers?.['client-request-id'], 'id-2');
    assert.equal(
      second.headers.authorization,
      'Bearer tok2',
      'a token from the token source for every request',
    );
    assert.equal(req.timeoutMs, 5000);
    const mime = Buffer.from((req.body ?? '').replace(/\r\n/g, ''), 'base64').toString('utf8');
    assert.match(mime, /^Message-ID: <gh-1\.1\.m1@contoso\.com>\r$/m);
    assert.match(mime, /^Bcc: hidden@contoso\.com\r$/m);
    assert.deepEqual(first, {
      messageId: '<gh-1.1.m1@contoso.com>',
      accepted: ['to@contoso.com', 'cc@contoso.com', 'hidden@contoso.com'],
      rejected: [],
      deferred: [],
      response: '202 Accepted (request-id r-1, client-request-id id-1)',
    });
    assert.ok(
      w.log.every((line) => !line.includes('tok1') && !line.includes('tok2')),
      'no token in the log',
    );
    assert.match(
      w.log[0] ?? '',
      /^graph: POST https:\/\/graph\.microsoft\.com\/v1\.0\/users\/a%2Fb@contoso\.com\/sendMail \(\d+ bytes, client-request-id id-1\)$/,
    );
  });

  test('an error answer is classified; a network failure too', async () => {
    const w = world(() => ({
      status: 404,
      headers: {},
      body: JSON.stringify({
        error: { code: 'ErrorInvalidUser', message: 'The requested user is invalid.' },
      }),
    }));
    await assert.rejects(w.transport.send(message(1)), (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'Graph 404 ErrorInvalidUser');
      assert.match(err.message, /client-request-id id-1/);
      return true;
    });
    const lost = world(() =>
      Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    );
    await assert.rejects(
      lost.transport.send(message(1)),
      (err: unknown) => err instanceof ActionError && err.transient,
    );
  });

  test('keeps to max-connections, and the queue moves on as requests finish', async () => {
    let inFlight = 0;
    let most = 0;
    const w = world(async () => {
      most = Math.max(most, ++inFlight);
      // Held until the slots are full (or the last requests are out), whatever the machine's speed.
      while (inFlight < 4 && w.requests.length < 10) await new Promise((resolve) => setTimeout(resolve, 1));
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return accepted();
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => w.transport.send(message(i))));
    assert.equal(most, 4);
    assert.equal(w.requests.length, 10);
  });

  test('a queued send is withdrawn when the signal aborts; the one in flight finishes', async () => {
    let finish: (r: HttpResponse) => void = () => undefined;
    const w = world(() => new Promise<HttpResponse>((resolve) => (finish = resolve)));
    const withdraw = new AbortController();
    const first = w.transport.send(message(1), withdraw.signal);
    const second = w.transport.send(message(2), withdraw.signal);
    // The first holds the only slot once its request is out.
    while (w.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    withdraw.abort();
    await assert.rejects(second, SendWithdrawn);
    finish(accepted());
    assert.equal((await first).messageId, '<gh-1.1.m1@contoso.com>');
    assert.equal(w.requests.length, 1);
    await assert.rejects(w.transport.send(message(3), withdraw.signal), SendWithdrawn);
  });
});
