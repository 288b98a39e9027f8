// A clock for tests: sleeping advances time instantly and is recorded. Sleepers that start together
// wake together, as they would on a real clock: time moves to the latest wake-up, it does not add up.
import type { Clock } from '../../../src/clock.js';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(
    private time = 1_800_000_000_000,
    private readonly randomValue = 0.5,
  ) {}
  now = (): number => this.time;
  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    const wake = this.time + ms;
    // A later turn of the event loop, like a real timer: other work queued meanwhile runs first.
    return new Promise((resolve) =>
      setImmediate(() => {
        this.time = Math.max(this.time, wake);
        resolve();
      }),
    );
  };
  random = (): number => this.randomValue;
  advance(ms: number): void {
    this.time += ms;
  }
}
