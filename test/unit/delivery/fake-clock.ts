// A clock for tests: sleeping advances time instantly and is recorded.
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
    this.time += ms;
    return Promise.resolve();
  };
  random = (): number => this.randomValue;
  advance(ms: number): void {
    this.time += ms;
  }
}
