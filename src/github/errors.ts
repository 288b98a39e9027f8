// What went wrong with a GitHub API read, from octokit's RequestError: the status and the rate-limit
// headers decide, never the message text. Transient failures (5xx, a dropped connection, a timeout,
// a rate limit with a `retry-after`) go to the retry policy; a read that still fails is reported, and
// the mail goes out without what it would have shown.
import { ActionError, describeCause } from '../errors.js';

/** Why a read failed, in the words the one warning uses (problems.ts). */
export type GithubFailure =
  'bad-credentials' | 'forbidden' | 'not-found' | 'rate-limited' | 'unavailable' | 'timeout' | 'refused';

export class GithubReadError extends ActionError {
  readonly failure: GithubFailure;
  readonly status: number;

  constructor(
    message: string,
    failure: GithubFailure,
    status: number,
    options: { transient?: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    // Stage `message`: these reads feed the message; they never fail the step.
    super(message, {
      code: `GITHUB_${failure.toUpperCase().replace('-', '_')}`,
      stage: 'message',
      ...options,
    });
    this.name = 'GithubReadError';
    this.failure = failure;
    this.status = status;
  }
}

interface RequestErrorLike {
  readonly status?: unknown;
  readonly message?: unknown;
  readonly response?: { readonly headers?: Readonly<Record<string, unknown>>; readonly data?: unknown };
  readonly cause?: unknown;
}

/** Secondary limits without `retry-after`: GitHub asks for at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

export function toGithubReadError(err: unknown, what: string): GithubReadError {
  if (err instanceof GithubReadError) return err;
  // The retry policy's "gave up" error: the same failure, with the reason it stopped trying.
  if (err instanceof ActionError && err.cause instanceof GithubReadError) {
    return new GithubReadError(err.message, err.cause.failure, err.cause.status, { cause: err });
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : 0;
  const headers = e.response?.headers ?? {};
  const header = (name: string): string => {
    const value = headers[name];
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  };
  const reply = apiMessage(e.response?.data);
  const said = (text: string) => `GitHub answered ${status}${reply ? ` "${reply}"` : ''} to ${what}${text}`;

  if (e.response === undefined) {
    // No answer: octokit reports a network error or an abort as status 500 without a response.
    const cause = describeCause(e.cause) ?? (err instanceof Error ? err.message : String(err));
    const timedOut = isTimeout(e.cause) || isTimeout(err);
    return new GithubReadError(
      timedOut ? `GitHub did not answer in time to ${what}` : `Could not reach GitHub to ${what}: ${cause}`,
      timedOut ? 'timeout' : 'unavailable',
      0,
      { transient: true, cause: err },
    );
  }
  const retryAfter = Number(header('retry-after'));
  if ((status === 403 || status === 429) && header('retry-after') !== '' && Number.isFinite(retryAfter)) {
    return new GithubReadError(said(' (a secondary rate limit)'), 'rate-limited', status, {
      transient: true,
      retryAfterMs: Math.max(0, retryAfter) * 1000,
      cause: err,
    });
  }
  if ((status === 403 || status === 429) && header('x-ratelimit-remaining') === '0') {
    // The primary limit resets at most an hour later: not worth waiting for in a mail step.
    const reset = Number(header('x-ratelimit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return new GithubReadError(said(` (the token's rate limit is used up${when})`), 'rate-limited', status, {
      cause: err,
    });
  }
  if (status === 429) {
    return new GithubReadError(said(''), 'rate-limited', status, {
      transient: true,
      retryAfterMs: SECONDARY_LIMIT_WAIT_MS,
      cause: err,
    });
  }
  if (status === 401) return new GithubReadError(said(''), 'bad-credentials', status, { cause: err });
  if (status === 403) return new GithubReadError(said(''), 'forbidden', status, { cause: err });
  if (status === 404) return new GithubReadError(said(''), 'not-found', status, { cause: err });
  if (status >= 500)
    return new GithubReadError(said(''), 'unavailable', status, { transient: true, cause: err });
  return new GithubReadError(said(''), 'refused', status, { cause: err });
}

/** GitHub's JSON error `message`, one line and short; '' for an HTML or empty body. */
function apiMessage(data: unknown): string {
  const message =
    typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
}

function isTimeout(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}
