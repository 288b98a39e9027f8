// One mailer (a pooled transport) at a time. A new token needs new connections: `retire()` makes the
// next `use()` open a fresh mailer, and the old one closes once its in-flight sends finish.
import type { Mailer } from './mailer.js';

interface Entry {
  readonly mailer: Promise<Mailer>;
  inFlight: number;
  retired: boolean;
}

export class MailerPool {
  private current: Entry | undefined;
  constructor(private readonly open: () => Promise<Mailer>) {}

  async use<T>(fn: (mailer: Mailer) => Promise<T>): Promise<T> {
    this.current ??= { mailer: this.open(), inFlight: 0, retired: false };
    const entry = this.current;
    entry.inFlight++;
    try {
      return await fn(await entry.mailer);
    } finally {
      entry.inFlight--;
      if (entry.retired && entry.inFlight === 0) closeLater(entry);
    }
  }

  retire(): void {
    const entry = this.current;
    this.current = undefined;
    if (!entry) return;
    entry.retired = true;
    if (entry.inFlight === 0) closeLater(entry);
  }
}

function closeLater(entry: Entry): void {
  void entry.mailer.then(
    (m) => {
      m.close();
    },
    () => undefined,
  );
}

/** Runs `work` over `items` with at most `limit` in flight; starts nothing new after a failure. */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  // `items` may grow while the workers run (follow-up messages); each worker keeps taking the next one.
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejection) throw rejection.reason;
}
