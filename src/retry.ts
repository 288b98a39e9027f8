// The one retry policy: transient failures only, exponential backoff with jitter, bounded by an
// attempt count and by the step's deadline; Retry-After wins when the server sends one.
import type { Clock } from './clock.js';
import { ActionError } from './errors.js';

export interface RetryBudget {
  readonly maxAttempts: number;
  /** Epoch ms after which no new attempt or wait may start. */
  readonly deadline: number;
  /** First backoff; doubles each attempt. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export function isTransient(err: unknown): boolean {
  return err instanceof ActionError && err.transient;
}

/** Backoff before attempt `attempt + 1`: base * 2^(attempt-1), "equal jitter" (half fixed, half random). */
export function backoffMs(attempt: number, budget: RetryBudget, random: number): number {
  const base = budget.baseDelayMs ?? 1000;
  const ceiling = Math.min(budget.maxDelayMs ?? 30_000, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export async function withRetry<T>(
  what: string,
  operation: (attempt: number) => Promise<T>,
  budget: RetryBudget,
  clock: Clock,
  log: (message: string) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (err) {
      if (!isTransient(err)) throw err;
      const failure = err as ActionError;
      if (attempt >= budget.maxAttempts)
        throw exhausted(failure, `after ${attempt} attempt${attempt === 1 ? '' : 's'} (max-attempts)`);
      const wait = failure.retryAfterMs ?? backoffMs(attempt, budget, clock.random());
      const remaining = budget.deadline - clock.now();
      if (wait >= remaining) {
        throw exhausted(
          failure,
          `after ${attempt} attempt${attempt === 1 ? '' : 's'}: waiting ${seconds(wait)} more would pass timeout-seconds`,
        );
      }
      const reason = failure.message.split('\n')[0] ?? failure.code;
      log(
        `Attempt ${attempt} of ${budget.maxAttempts} to ${what} failed: ${reason}. Retrying in ${seconds(wait)}${failure.retryAfterMs !== undefined ? ' (as the server asked)' : ''}.`,
      );
      await clock.sleep(wait);
    }
  }
}

function exhausted(err: ActionError, why: string): ActionError {
  return new ActionError(`${err.message}\nGave up ${why}.`, {
    code: err.code,
    stage: err.stage,
    hint: err.hint,
    transient: false,
    cause: err,
  });
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
