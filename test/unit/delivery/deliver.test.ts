// deliverAll with a fake token provider and transport: batching, retries, renewal, partial failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessToken, TokenProvider } from '../../../src/auth/token.js';
import { TokenSource } from '../../../src/auth/token-source.js';
import type { DeliverySettings } from '../../../src/config.js';
import { deliverAll, PartialDeliveryError } from '../../../src/delivery/deliver.js';
import { ActionError } from '../../../src/errors.js';
import type { OutgoingMessage } from '../../../src/message/compose/types.js';
import { SendWithdrawn, type Transport } from '../../../src/transport/port.js';
import { FakeClock } from './fake-clock.js';

const DELIVERY: DeliverySettings = {
  maxAttempts: 3,
  timeoutSeconds: 300,
  maxRecipients: 500,
  maxConnections: 1,
  rateLimit: 30,
  failOnRejected: true,
  debug: false,
};

function message(i: number): OutgoingMessage {
  return {
    messageId: `<m${i}@contoso.com>`,
    from: { name: '', address: 'bot@contoso.com' },
    replyTo: [],
    to: [{ name: '', address: `r${i}@contoso.com` }],
    cc: [],
    bcc: [],
    subject: 's',
    text: 't',
    html: '',
    attachments: [],
    priority: 'normal',
    headers: {},
    inReplyTo: '',
  };
}

type Outcome = 'ok' | ActionError;

function world(
  clock: FakeClock,
  script: Outcome[],
  tokenLifetimeMs = 3_600_000,
  afterToken: () => void = () => undefined,
) {
  const calls = { tokens: 0, signIns: [] as string[], signInAgain: 0, closed: 0, sends: [] as string[] };
  let n = 0;
  const provider: TokenProvider = {
    getToken: () => {
      calls.tokens++;
      const now = clock.now();
      const t: AccessToken = {
        token: `tok${calls.tokens}`,
        expiresOnMs: now + tokenLifetimeMs,
        obtainedAtMs: now,
      };
      return Promise.resolve(t);
    },
  };
  const transport = (tokens: TokenSource): Transport => {
    let session: { token: string; renewAt: number } | undefined;
    // Like nodemailer's pool with one connection: queued messages go one at a time, in order, and a
    // message withdrawn (aborted) before its turn is never sent.
    let line: Promise<unknown> = Promise.resolve();
    return {
      send: (m, signal) => {
        const turn = line.then(async () => {
          // The pool hands out the next message on a later turn of the event loop.
          await new Promise((resolve) => setImmediate(resolve));
          if (signal?.aborted) throw new SendWithdrawn();
          // Like nodemailer's provisionCallback: ask for the token when signing in, and again once the
          // one held reaches the time the token source gave.
          if (session === undefined || clock.now() >= session.renewAt) {
            const t = await tokens.get();
            session = { token: t.token, renewAt: tokens.renewAt(t) };
            calls.signIns.push(t.token);
          }
          afterToken();
          calls.sends.push(`${m.messageId}:${session.token}`);
          const outcome = script[n++] ?? 'ok';
          if (outcome !== 'ok') throw outcome;
          return {
            messageId: m.messageId,
            accepted: m.to.map((a) => a.address),
            rejected: [],
            deferred: [],
            response: '250 OK',
          };
        });
        line = turn.catch(() => undefined);
        return turn;
      },
      signInAgain: () => {
        calls.signInAgain++;
        session = undefined;
      },
      close: () => {
        calls.closed++;
      },
    };
  };
  const options = (overrides: Partial<DeliverySettings> = {}, deadline = clock.now() + 300_000) => {
    const delivery = { ...DELIVERY, ...overrides };
    const tokens = new TokenSource(provider, {
      clock,
      budget: { maxAttempts: delivery.maxAttempts, deadline },
      log: () => undefined,
    });
    return { transport: transport(tokens), tokens, delivery, clock, deadline, log: () => undefined };
  };
  return { calls, options };
}

const busy = () => new ActionError('451 busy', { code: 'SMTP 451 4.7.500', stage: 'smtp', transient: true });
const rejected535 = () =>
  new ActionError('535', { code: 'SMTP 535 5.7.3', stage: 'smtp', tokenRejected: true });
const tooBig = () => new ActionError('552', { code: 'SMTP 552 5.3.4', stage: 'smtp' });

describe('deliverAll', () => {
  test('four batches: one token, one mailer, each message once, in order', async () => {
    const clock = new FakeClock();
    const w = world(clock, []);
    const sent = await deliverAll([0, 1, 2, 3].map(message), w.options());
    assert.deepEqual(
      sent.map((s) => s.message.messageId),
      ['<m0@contoso.com>', '<m1@contoso.com>', '<m2@contoso.com>', '<m3@contoso.com>'],
    );
    assert.equal(w.calls.tokens, 1);
    assert.deepEqual(w.calls.signIns, ['tok1']);
    assert.equal(w.calls.sends.length, 4);
    assert.equal(w.calls.closed, 1);
  });

  test('a transient failure retries only that batch, with the same Message-ID', async () => {
    const clock = new FakeClock();
    const w = world(clock, ['ok', busy(), 'ok', 'ok']);
    const sent = await deliverAll([0, 1, 2].map(message), w.options());
    assert.equal(sent.length, 3);
    // m1 goes back into the queue behind m2 and is sent again; nothing else is sent twice.
    assert.deepEqual(
      w.calls.sends.map((s) => s.split(':')[0]),
      ['<m0@contoso.com>', '<m1@contoso.com>', '<m2@contoso.com>', '<m1@contoso.com>'],
    );
    assert.equal(clock.sleeps.length, 1);
  });

  test('a permanent failure after some batches reports what went out and starts nothing new', async () => {
    const clock = new FakeClock();
    const w = world(clock, ['ok', tooBig()]);
    const err = await deliverAll([0, 1, 2, 3, 4].map(message), w.options()).catch((e: unknown) => e);
    assert.ok(err instanceof PartialDeliveryError);
    const sentIds = err.sent.map((s) => s.message.messageId);
    assert.ok(sentIds.includes('<m0@contoso.com>'));
    assert.ok(!sentIds.includes('<m1@contoso.com>'));
    // With one connection, one message more than there are connections may already be with the pool.
    assert.ok(w.calls.sends.length <= 3, `${w.calls.sends.length} sends started`);
    assert.equal(w.calls.closed, 1);
  });

  test('a failure of the only batch is the plain error', async () => {
    const clock = new FakeClock();
    const w = world(clock, [tooBig()]);
    const err = await deliverAll([message(0)], w.options()).catch((e: unknown) => e);
    assert.ok(err instanceof ActionError && !(err instanceof PartialDeliveryError));
  });

  test('a 535 with an expired token gets one fresh token and one more try', async () => {
    const clock = new FakeClock();
    // The token is valid when the connection takes it, and has expired by the time it signs in.
    const w = world(clock, [rejected535(), 'ok'], 1000, () => {
      clock.advance(1500);
    });
    const sent = await deliverAll([message(0)], w.options());
    assert.equal(sent.length, 1);
    assert.equal(w.calls.tokens, 2);
    assert.deepEqual(w.calls.signIns, ['tok1', 'tok2']);
    assert.equal(w.calls.signInAgain, 1);
  });

  // Exchange allows five minutes of clock skew: a token with less left is refused or not, depending on
  // the server. Whatever the token's lifetime (a tenth of a 20-minute token is only 2 minutes).
  for (const [lifetime, leftAtRejection] of [
    [20 * 60_000, 4 * 60_000],
    [60 * 60_000, 299_000],
    [6 * 60_000, 3 * 60_000],
  ] as const) {
    test(`a 535 with ${leftAtRejection / 1000} s of a ${lifetime / 60_000}-minute token left: one fresh token`, async () => {
      const clock = new FakeClock();
      const w = world(clock, [rejected535(), 'ok'], lifetime, () => {
        if (w.calls.sends.length === 0) clock.advance(lifetime - leftAtRejection);
      });
      const sent = await deliverAll([message(0)], w.options({}, clock.now() + 3_600_000));
      assert.equal(sent.length, 1);
      assert.equal(w.calls.tokens, 2);
    });
  }

  test('a 535 with a token that has more than the skew left is not retried, and the claims hook runs', async () => {
    const clock = new FakeClock();
    const w = world(clock, [rejected535()]);
    const seen: string[] = [];
    await assert.rejects(
      deliverAll([message(0)], { ...w.options(), onTokenRejected: (t) => seen.push(t.token) }),
      /535/,
    );
    assert.equal(w.calls.tokens, 1);
    assert.deepEqual(seen, ['tok1']);
  });

  test('a Graph 403 (explainToken): the claims hook runs, but no fresh token is asked for, even near expiry', async () => {
    const clock = new FakeClock();
    const denied = new ActionError('403', {
      code: 'Graph 403 ErrorAccessDenied',
      stage: 'graph',
      explainToken: true,
    });
    const w = world(clock, [denied], 1000);
    const seen: string[] = [];
    await assert.rejects(
      deliverAll([message(0)], { ...w.options(), onTokenRejected: (t) => seen.push(t.token) }),
      /403/,
    );
    assert.deepEqual(seen, ['tok1']);
    assert.equal(w.calls.tokens, 1);
    assert.equal(w.calls.sends.length, 1);
  });

  test('only one fresh token per run, however many refusals', async () => {
    const clock = new FakeClock();
    const w = world(clock, [rejected535(), rejected535()], 1000, () => {
      clock.advance(1500);
    });
    await assert.rejects(deliverAll([message(0)], w.options()), /535/);
    assert.equal(w.calls.tokens, 2);
  });

  test('a long run renews the token before it is due, for the connections that follow', async () => {
    const clock = new FakeClock();
    // 10-minute tokens are renewed when a minute is left; one message a minute makes the run 12 minutes long.
    const w = world(clock, [], 600_000);
    await deliverAll(
      Array.from({ length: 12 }, (_, i) => message(i)),
      w.options({ rateLimit: 1 }, clock.now() + 3_600_000),
    );
    // One renewal, shared; the earlier messages went with the first token, the later ones with the new.
    assert.equal(w.calls.tokens, 2);
    const used = w.calls.sends.map((s) => s.split(':')[1]);
    const firstNew = used.indexOf('tok2');
    assert.ok(firstNew > 0, used.join());
    assert.ok(
      used.slice(firstNew).every((t) => t === 'tok2'),
      used.join(),
    );
    assert.deepEqual(w.calls.signIns, ['tok1', 'tok2']);
  });

  test('pacing: 35 messages at 30 a minute: the last five wait for the window, once', async () => {
    const clock = new FakeClock();
    const started = clock.now();
    const w = world(clock, []);
    await deliverAll(
      Array.from({ length: 35 }, (_, i) => message(i)),
      w.options(),
    );
    assert.equal(w.calls.sends.length, 35);
    assert.equal(clock.now() - started, 60_000, 'the five over the limit wait for the window, together');
    assert.ok(clock.sleeps.length >= 1 && clock.sleeps.every((ms) => ms <= 60_000));
  });

  test('every batch is handed to the transport at once (it keeps to max-connections itself)', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let peak = 0;
    const w = world(clock, []);
    const options = w.options({ maxConnections: 3 });
    const transport: Transport = {
      send: async (m) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return { messageId: m.messageId, accepted: [], rejected: [], deferred: [], response: '250' };
      },
      signInAgain: () => undefined,
      close: () => undefined,
    };
    await deliverAll(
      Array.from({ length: 9 }, (_, i) => message(i)),
      { ...options, transport },
    );
    assert.equal(peak, 9);
  });
});
