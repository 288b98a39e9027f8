// Time as a dependency: retries, pacing and deadlines take a Clock so tests can run them instantly.
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter source. */
  readonly random: () => number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => delay(ms),
  random: () => Math.random(),
};
