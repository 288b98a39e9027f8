import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pacer } from '../../../src/delivery/pacer.js';
import { ActionError, failureTitle } from '../../../src/errors.js';
import { FakeClock } from './fake-clock.js';

test('at most `limit` starts in any window', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(3, 60_000, clock);
  const starts: number[] = [];
  for (let i = 0; i < 7; i++) {
    await pacer.wait();
    starts.push(clock.now());
  }
  const t0 = starts[0] ?? 0;
  assert.deepEqual(
    starts.map((t) => t - t0),
    [0, 0, 0, 60_000, 60_000, 60_000, 120_000],
  );
  for (let i = 3; i < starts.length; i++) assert.ok((starts[i] ?? 0) - (starts[i - 3] ?? 0) >= 60_000);
});

test('no waiting under the limit', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(30, 60_000, clock);
  for (let i = 0; i < 4; i++) await pacer.wait();
  assert.deepEqual(clock.sleeps, []);
});

test('past the deadline with Graph: the failure names Graph, not Exchange SMTP', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(1, 60_000, clock, 'graph');
  await pacer.wait(clock.now() + 10_000);
  const err = await pacer.wait(clock.now() + 10_000).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ActionError);
  assert.equal(err.stage, 'graph');
  assert.equal(failureTitle(err), 'Sending through Microsoft Graph failed');
});

test('refuses to wait past the deadline', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(1, 60_000, clock);
  await pacer.wait(clock.now() + 10_000);
  await assert.rejects(pacer.wait(clock.now() + 10_000), /would run past timeout-seconds/);
});
