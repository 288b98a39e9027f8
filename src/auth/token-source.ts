// The one owner of the access token's life, for both transports. It asks the provider for a token
// (retried within the step's budget), hands the same token to every sign-in until it nears its end,
// renews it once for everyone, and when the server refused a token that had expired or was within
// the clock skew servers allow, it gives one fresh token. Nothing else decides when a token is renewed.
import type { Clock } from '../clock.js';
import { withRetry, type RetryBudget } from '../retry.js';
import type { AccessToken, TokenProvider } from './token.js';

/** Exchange Online and Graph accept a token up to five minutes past its `exp` (clock skew), and may not. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * How close to its end a token is renewed before it signs in again: two minutes for Entra's usual
 * 60-90 minute tokens, a tenth of the lifetime for shorter ones. Servers check a token when a session
 * signs in (SMTP) or per request (Graph), not afterwards.
 */
export function renewThresholdMs(token: AccessToken): number {
  return Math.min(120_000, (token.expiresOnMs - token.obtainedAtMs) / 10);
}

export interface TokenSourceOptions {
  readonly clock: Clock;
  readonly budget: RetryBudget;
  readonly log: (message: string) => void;
}

export class TokenSource {
  private current: Promise<AccessToken> | undefined;
  private last: AccessToken | undefined;
  private fetching = false;
  private freshGiven = false;

  constructor(
    private readonly provider: TokenProvider,
    private readonly options: TokenSourceOptions,
  ) {}

  /** The token to sign in with: the one held, or a new one when it nears its end (one request, shared). */
  get(): Promise<AccessToken> {
    if (this.current === undefined) return this.fetch();
    if (!this.fetching && this.last && this.isDue(this.last)) return this.fetch();
    return this.current;
  }

  /** The last token handed out: the one a refused sign-in used. */
  get latest(): AccessToken | undefined {
    return this.last;
  }

  /** Until when a transport may sign in again with `token` without asking for it again. */
  renewAt(token: AccessToken): number {
    return token.expiresOnMs - renewThresholdMs(token);
  }

  /**
   * After the server refused the latest token (535, 401): one fresh token when that token had expired or
   * expires within the clock skew, whatever its lifetime; undefined when it had plenty of life left (a
   * new token would be refused the same way) or when one fresh token was already given.
   */
  async freshAfterRejection(): Promise<AccessToken | undefined> {
    const used = this.last;
    if (this.freshGiven || !used || used.expiresOnMs - this.options.clock.now() > CLOCK_SKEW_MS)
      return undefined;
    this.freshGiven = true;
    return this.fetch();
  }

  private isDue(token: AccessToken): boolean {
    return this.options.clock.now() >= this.renewAt(token);
  }

  private fetch(): Promise<AccessToken> {
    this.fetching = true;
    const { clock, budget, log } = this.options;
    const request = withRetry('get an access token', () => this.provider.getToken(), budget, clock, log).then(
      (token) => {
        this.last = token;
        this.fetching = false;
        return token;
      },
      (err: unknown) => {
        this.fetching = false;
        throw err;
      },
    );
    // Observed where it is awaited; never an unhandled rejection in the meantime.
    request.catch(() => undefined);
    this.current = request;
    return request;
  }
}
