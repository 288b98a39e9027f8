// A counting semaphore for requests in flight: the delivery stage hands every message over at once,
// and the transport keeps to max-connections itself (as nodemailer's pool does for SMTP).
import { SendWithdrawn } from '../transport/port.js';

export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  /** Waits for a free slot and returns its release; rejects with SendWithdrawn when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new SendWithdrawn());
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', withdraw);
        resolve(this.releaser());
      };
      const withdraw = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new SendWithdrawn());
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', withdraw, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; it is free only when nobody waits.
      if (next) next();
      else this.free++;
    };
  }
}
