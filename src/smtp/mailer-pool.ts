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

/**
 * Runs `work` over `items` with at most `limit` in flight. After the first failure it starts nothing
 * new, calls `onFailure` (to withdraw what is queued), and rethrows that first failure once the work
 * in flight has settled; failures of withdrawn work do not replace it.
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  onFailure: () => void = () => undefined,
): Promise<void> {
  // `items` may grow while the workers run (follow-up messages); each worker keeps taking the next one.
  const state: { next: number; failure?: { error: unknown } } = { next: 0 };
  // A function, not a narrowed read: another worker may record a failure while this one awaits.
  const failed = (): boolean => state.failure !== undefined;
  const worker = async (): Promise<void> => {
    while (!failed() && state.next < items.length) {
      const index = state.next++;
      try {
        await work(items[index] as T, index);
      } catch (err) {
        // Only the first failure counts; what fails after it (withdrawn work) does not replace it.
        if (!failed()) {
          state.failure = { error: err };
          onFailure();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (state.failure) throw state.failure.error;
}
