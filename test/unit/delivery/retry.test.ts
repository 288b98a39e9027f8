import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActionError } from '../../../src/errors.js';
import { backoffMs, withRetry } from '../../../src/retry.js';
import { FakeClock } from './fake-clock.js';

const transient = (msg = 'busy', retryAfterMs?: number) =>
  new ActionError(msg, { code: 'SMTP 451 4.7.500', stage: 'smtp', transient: true, retryAfterMs });
const permanent = () => new ActionError('bad', { code: 'SMTP 535 5.7.3', stage: 'smtp' });

describe('withRetry', () => {
  test('retries transient failures with exponential backoff and logs each retry', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    let calls = 0;
    const result = await withRetry(
      'send the message',
      () => (++calls < 3 ? Promise.reject(transient()) : Promise.resolve('ok')),
      { maxAttempts: 3, deadline: clock.now() + 300_000 },
      clock,
      (m) => log.push(m),
    );
    assert.equal(result, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(clock.sleeps, [750, 1500]); // equal jitter at random()=0.5: half fixed + half random
    assert.equal(log.length, 2);
    assert.match(log[0] ?? '', /^Attempt 1 of 3 to send the message failed: busy\. Retrying in 0\.8 s\.$/);
  });

  test('a permanent failure is thrown at once', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await assert.rejects(
      withRetry(
        'x',
        () => (calls++, Promise.reject(permanent())),
        { maxAttempts: 5, deadline: clock.now() + 1e6 },
        clock,
        () => undefined,
      ),
      /bad/,
    );
    assert.equal(calls, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('a non-ActionError is never retried', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await assert.rejects(
      withRetry(
        'x',
        () => (calls++, Promise.reject(new Error('bug'))),
        { maxAttempts: 5, deadline: Infinity },
        clock,
        () => undefined,
      ),
    );
    assert.equal(calls, 1);
  });

  test('stops after max-attempts and says so', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const err = await withRetry(
      'x',
      () => (calls++, Promise.reject(transient())),
      { maxAttempts: 3, deadline: clock.now() + 1e6 },
      clock,
      () => undefined,
    ).catch((e: unknown) => e);
    assert.ok(err instanceof ActionError);
    assert.equal(calls, 3);
    assert.equal(err.transient, false);
    assert.match(err.message, /Gave up after 3 attempts \(max-attempts\)/);
  });

  test('honours Retry-After', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await withRetry(
      'x',
      () => (++calls === 1 ? Promise.reject(transient('throttled', 7000)) : Promise.resolve(1)),
      { maxAttempts: 3, deadline: clock.now() + 1e6 },
      clock,
      () => undefined,
    );
    assert.deepEqual(clock.sleeps, [7000]);
  });

  test('never waits past the deadline', async () => {
    const clock = new FakeClock();
    const started = clock.now();
    const err = await withRetry(
      'x',
      () => Promise.reject(transient('throttled', 60_000)),
      { maxAttempts: 10, deadline: started + 30_000 },
      clock,
      () => undefined,
    ).catch((e: unknown) => e);
    assert.ok(err instanceof ActionError);
    assert.match(err.message, /waiting 60 s more would pass timeout-seconds/);
    assert.deepEqual(clock.sleeps, []);
  });

  test('total time stays within the deadline however many attempts are allowed', async () => {
    const clock = new FakeClock(1_800_000_000_000, 0.999);
    const started = clock.now();
    await assert.rejects(
      withRetry(
        'x',
        () => Promise.reject(transient()),
        { maxAttempts: 10, deadline: started + 20_000 },
        clock,
        () => undefined,
      ),
    );
    assert.ok(clock.now() - started <= 20_000);
  });
});

test('backoffMs doubles and is capped', () => {
  const budget = { maxAttempts: 10, deadline: 0, baseDelayMs: 1000, maxDelayMs: 8000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => backoffMs(n, budget, 1)),
    [1000, 2000, 4000, 8000, 8000],
  );
  assert.deepEqual(
    [1, 2, 3].map((n) => backoffMs(n, budget, 0)),
    [500, 1000, 2000],
  );
});
