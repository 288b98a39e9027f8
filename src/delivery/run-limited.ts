// Runs work over a list that may grow, with a bound on what is in flight and a stop after the first
// failure (used by the delivery stage to hand batches to a transport).

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
