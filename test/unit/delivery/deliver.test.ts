// deliverAll with a fake token provider and mailer: batching, retries, renewal, partial failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessToken, TokenProvider } from '../../../src/auth/token.js';
import type { DeliverySettings } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';
import type { OutgoingMessage } from '../../../src/message/types.js';
import { deliverAll, PartialDeliveryError } from '../../../src/smtp/deliver.js';
import type { Mailer, MailerFactory } from '../../../src/smtp/mailer.js';
import { DEFAULT_TIMEOUTS } from '../../../src/smtp/options.js';
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
const SMTP = { host: 'smtp.example', port: 587, mailbox: 'bot@contoso.com' };

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

function world(clock: FakeClock, script: Outcome[], tokenLifetimeMs = 3_600_000) {
  const calls = { tokens: [] as boolean[], mailersOpened: [] as string[], closed: 0, sends: [] as string[] };
  let n = 0;
  const tokens: TokenProvider = {
    getToken: (options) => {
      calls.tokens.push(Boolean(options?.fresh));
      const now = clock.now();
      const t: AccessToken = {
        token: `tok${calls.tokens.length}`,
        expiresOnMs: now + tokenLifetimeMs,
        obtainedAtMs: now,
      };
      return Promise.resolve(t);
    },
  };
  const mailers: MailerFactory = (_s, accessToken) => {
    calls.mailersOpened.push(accessToken);
    const mailer: Mailer = {
      send: (m) => {
        calls.sends.push(`${m.messageId}:${accessToken}`);
        const outcome = script[n++] ?? 'ok';
        if (outcome !== 'ok') return Promise.reject(outcome);
        return Promise.resolve({
          messageId: m.messageId,
          accepted: m.to.map((a) => a.address),
          rejected: [],
          response: '250 OK',
        });
      },
      close: () => {
        calls.closed++;
      },
    };
    return Promise.resolve(mailer);
  };
  const options = (overrides: Partial<DeliverySettings> = {}) => ({
    smtp: SMTP,
    delivery: { ...DELIVERY, ...overrides },
    tokens,
    mailers,
    clock,
    deadline: clock.now() + 300_000,
    timeouts: DEFAULT_TIMEOUTS,
    log: () => undefined,
  });
  return { calls, options };
}

const busy = () => new ActionError('451 busy', { code: 'SMTP 451 4.7.500', stage: 'smtp', transient: true });
const rejected535 = () => new ActionError('535', { code: 'SMTP 535 5.7.3', stage: 'smtp' });
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
    assert.deepEqual(w.calls.tokens, [false]);
    assert.deepEqual(w.calls.mailersOpened, ['tok1']);
    assert.equal(w.calls.sends.length, 4);
    assert.equal(w.calls.closed, 1);
  });

  test('a transient failure retries only that batch, with the same Message-ID', async () => {
    const clock = new FakeClock();
    const w = world(clock, ['ok', busy(), 'ok', 'ok']);
    const sent = await deliverAll([0, 1, 2].map(message), w.options());
    assert.equal(sent.length, 3);
    assert.deepEqual(
      w.calls.sends.map((s) => s.split(':')[0]),
      ['<m0@contoso.com>', '<m1@contoso.com>', '<m1@contoso.com>', '<m2@contoso.com>'],
    );
    assert.equal(clock.sleeps.length, 1);
  });

  test('a permanent failure after some batches reports what went out', async () => {
    const clock = new FakeClock();
    const w = world(clock, ['ok', tooBig()]);
    const err = await deliverAll([0, 1, 2].map(message), w.options()).catch((e: unknown) => e);
    assert.ok(err instanceof PartialDeliveryError);
    assert.deepEqual(
      err.sent.map((s) => s.message.messageId),
      ['<m0@contoso.com>'],
    );
    assert.equal(w.calls.sends.length, 2, 'the third batch is not attempted');
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
    const w = world(clock, [rejected535(), 'ok'], 1000);
    const o = w.options();
    // The token expires while the first send is on its way.
    const original = o.mailers;
    const sent = await deliverAll([message(0)], {
      ...o,
      mailers: (s, t, opts) => {
        clock.advance(1500);
        return original(s, t, opts);
      },
    });
    assert.equal(sent.length, 1);
    assert.deepEqual(w.calls.tokens, [false, true]);
    assert.deepEqual(w.calls.mailersOpened, ['tok1', 'tok2']);
  });

  test('a 535 with a fresh token is not retried, and the claims hook runs', async () => {
    const clock = new FakeClock();
    const w = world(clock, [rejected535()]);
    const seen: string[] = [];
    await assert.rejects(
      deliverAll([message(0)], { ...w.options(), onAuthRejected: (t) => seen.push(t.token) }),
      /535/,
    );
    assert.deepEqual(w.calls.tokens, [false]);
    assert.deepEqual(seen, ['tok1']);
  });

  test('a token due for renewal is renewed before the next batch opens a connection', async () => {
    const clock = new FakeClock();
    const w = world(clock, [], 600_000); // 10-minute tokens: renewed when 1 minute is left
    const o = w.options();
    const original = o.mailers;
    await deliverAll([0, 1].map(message), {
      ...o,
      mailers: (s, t, opts) =>
        original(s, t, opts).then((m) => ({
          ...m,
          send: async (msg: OutgoingMessage) => {
            const r = await m.send(msg);
            clock.advance(9.5 * 60_000);
            return r;
          },
        })),
    });
    assert.deepEqual(w.calls.tokens, [false, true]);
    assert.deepEqual(
      w.calls.sends.map((s) => s.split(':')[1]),
      ['tok1', 'tok2'],
    );
  });

  test('pacing: 35 messages at 30 a minute wait once for the window', async () => {
    const clock = new FakeClock();
    const w = world(clock, []);
    await deliverAll(
      Array.from({ length: 35 }, (_, i) => message(i)),
      w.options(),
    );
    assert.equal(w.calls.sends.length, 35);
    assert.deepEqual(clock.sleeps, [60_000]);
  });

  test('max-connections sends concurrently but never more than asked', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let peak = 0;
    const mailers: MailerFactory = () =>
      Promise.resolve({
        send: async (m) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setImmediate(r));
          inFlight--;
          return { messageId: m.messageId, accepted: [], rejected: [], response: '250' };
        },
        close: () => undefined,
      });
    const w = world(clock, []);
    await deliverAll(
      Array.from({ length: 9 }, (_, i) => message(i)),
      { ...w.options({ maxConnections: 3 }), mailers },
    );
    assert.equal(peak, 3);
  });
});
