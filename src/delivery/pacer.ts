// Client-side pacing: at most `limit` sends start in any window of `windowMs` (Exchange accepts 30
// messages a minute per mailbox, through SMTP or Graph, and delays or rejects the rest).
import type { Clock } from '../clock.js';
import { ActionError } from '../errors.js';

export class Pacer {
  private readonly starts: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    /** Names the road in the failure's title: the limit is the same for SMTP and Graph. */
    private readonly stage: 'smtp' | 'graph' = 'smtp',
  ) {}

  /** Waits for a free slot; fails rather than wait past `deadline`. */
  async wait(deadline = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.starts.length > 0 && now - (this.starts[0] ?? 0) >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      const wait = this.windowMs - (now - (this.starts[0] ?? now));
      if (now + wait > deadline) {
        throw new ActionError(`Pacing at ${this.limit} messages a minute would run past timeout-seconds`, {
          code: 'RATE_LIMIT',
          stage: this.stage,
          hint: 'Raise timeout-seconds, or send to fewer recipients per run (max-recipients per message, rate-limit per minute).',
        });
      }
      await this.clock.sleep(wait);
    }
  }
}
